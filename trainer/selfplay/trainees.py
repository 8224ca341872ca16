"""Scripted trainees for self-play: they talk in plain text, so self-play runs the whole reading pipeline.

explorer asks interest questions, reflects what it hears and trades across issues; haggler argues price only;
pushover accepts quickly. They know their own side's points, as a real trainee knows their brief. Each line is
drawn from varied natural phrasings (`trainer.selfplay.speech`), and what it meant is kept in `said`, so a test can
check the counterpart against the trainee's intent rather than against what the reader read.
"""

import random
from typing import Literal, Protocol, get_args

from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.files.outcomes import ScoredDeal, deal_space
from trainer.files.scenario import Scenario
from trainer.selfplay import speech
from trainer.selfplay.lines import Intent, Said
from trainer.selfplay.phrasing import Wording, say_back

TraineeKind = Literal["explorer", "haggler", "pushover"]
TRAINEE_KINDS: tuple[TraineeKind, ...] = get_args(TraineeKind)
# A trainee still talking after this many lines says goodbye instead of going on.
PATIENCE = 36
_OFFERS = frozenset({"anchor", "counter", "concede", "re_anchor", "accept", "dismantle", "nibble_trade"})


class Trainee(Protocol):
    said: list[Said]

    def say(self, session: Session) -> str | None:
        """The next line, or None to end the call."""


def last_moves(session: Session) -> list[Move]:
    turns = session.transcript.counterpart_turns()
    return turns[-1].moves if turns else []


def standing_offer(moves: list[Move]) -> dict[str, str]:
    """The package the counterpart's last turn put on the table (a nibble's extra included), or {}."""
    for m in moves:
        if m.kind == "nibble" and m.terms:
            return {**m.terms, **m.extra}
        if m.terms and m.kind in _OFFERS:
            return dict(m.terms)
    return {}


class Speaker:
    """What every scripted trainee shares: its words, and the record of what each line meant."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.scenario, self.rng = scenario, rng
        self.words = Wording(scenario, rng)
        self.price = scenario.issues_tagged("price")[0]
        self.space = deal_space(scenario)
        self.said: list[Said] = []

    def emit(self, line: Said) -> str:
        self.said.append(line.model_copy(update={"banks": self.words.banks}))
        self.words.banks = []
        return line.text

    def goodbye(self) -> str | None:
        """None once the walk-away is said; the walk-away line once patience runs out; else no line yet."""
        if self.said and "walk_away" in self.said[-1].intents:
            return None
        if len(self.said) < PATIENCE:
            return ""
        return self.emit(Said(text=self.words.pick(speech.WALK_AWAY), intents=["walk_away"]))

    def price_label(self, terms: dict[str, str]) -> str:
        return self.words.amount(terms[self.price.id])

    def step_up(self, terms: dict[str, str]) -> str:
        """The price option one step better for the trainee than the one in `terms`."""
        k = self.price.options.index(self.price.option(terms[self.price.id]))
        return self.price.options[min(k + 1, len(self.price.options) - 1)].id


class Explorer(Speaker):
    """Asks every interest question, reflects each answer, questions the anchor, then trades along the frontier."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        super().__init__(scenario, rng)
        self.questions = [h.id for h in scenario.hidden_interests]
        rng.shuffle(self.questions)
        self.frontier = [d for d in self.space.frontier if d.trainee >= scenario.trainee.walkaway]
        self.pace = rng.choice([3, 4, 5])
        self.step = 0
        self.challenged = False
        self.last_proposal: dict[str, str] = {}

    def say(self, session: Session) -> str | None:
        bye = self.goodbye()
        if bye != "":
            return bye
        moves = last_moves(session)
        kinds = {m.kind for m in moves}
        confirm = next((m for m in moves if m.kind == "confirm"), None)
        if confirm is not None:
            return self._confirm(dict(confirm.terms), self.last_proposal)
        heard = self._said_back(moves)
        if "nibble" in kinds:
            return self._trade_nibble(next(m for m in moves if m.kind == "nibble"), heard)
        if "dismantle" in kinds:
            return self._reprice(next(m for m in moves if m.kind == "dismantle"), heard)
        if kinds & {"anchor", "re_anchor"} and not self.challenged:
            self.challenged = True
            return self._challenge(standing_offer(moves), heard)
        if self.questions and session.state.turn < 8:
            return self._ask(self.questions.pop(0), heard)
        return self._propose(heard)

    def _confirm(self, terms: dict[str, str], meant: dict[str, str]) -> str:
        """Yes when the recap is what was meant; otherwise no, and the package as meant."""
        if terms == meant or not meant:
            return self.emit(Said(text=self.words.pick(speech.CONFIRM_YES), intents=["accept"], accepts=terms))
        text = self.words.pick(speech.NOT_WHAT_I_SAID, package=self.words.package(meant))
        return self.emit(Said(text=text, intents=["propose"], proposes=meant, full=True))

    def _said_back(self, moves: list[Move]) -> Said | None:
        reveal = next((m for m in moves if m.kind == "reveal" and m.interest), None)
        if reveal is None or reveal.interest is None:
            return None
        interest = self.scenario.interest(reveal.interest)
        issue = self.scenario.issue(interest.issues[0]).name.lower()
        text = self.words.pick(speech.REFLECT, heard=say_back(interest.reveal, self.rng), issue=issue)
        return Said(text=text, intents=["reflect"], interest=interest.id)

    def _with(self, heard: Said | None, line: Said) -> str:
        """The reflection (if any) and the line, as one turn: its meaning is both."""
        if heard is None:
            return self.emit(line)
        joined = line.model_copy(
            update={
                "text": f"{heard.text} {line.text}",
                "intents": [*heard.intents, *line.intents],
                "interest": line.interest or heard.interest,
            }
        )
        return self.emit(joined)

    def _ask(self, interest_id: str, heard: Said | None) -> str:
        interest = self.scenario.interest(interest_id)
        topic = self.scenario.issue(interest.issues[0]).name.lower()
        if self.rng.random() < 0.4:
            q = interest.question
            text = self.words.pick(speech.ASK_THEIR_WAY, question=q[0].lower() + q[1:], question_cap=q)
        else:
            text = self.words.pick(speech.ASK, topic=topic)
        return self._with(heard, Said(text=text, intents=["question"], interest=interest_id))

    def _challenge(self, offer: dict[str, str], heard: Said | None) -> str:
        figure = self.price_label(offer) if self.price.id in offer else "that number"
        text = self.words.pick(speech.CHALLENGE, figure=figure)
        return self._with(heard, Said(text=text, intents=["challenge"]))

    def _target(self) -> ScoredDeal:
        """Walks the frontier from its own best toward the Nash deal in a few proposals, then holds there."""
        ranked = sorted(self.frontier, key=lambda d: -d.trainee)
        nash = self.space.nash
        stop = ranked.index(nash) if nash in ranked else len(ranked) // 2
        pick = ranked[round(stop * min(1.0, self.step / self.pace))]
        self.step += 1
        return pick

    def _propose(self, heard: Said | None) -> str:
        terms = self.space.terms_of(self._target().choice)
        text = self._proposal_text(terms)
        self.last_proposal = terms
        return self._with(heard, Said(text=text, intents=["propose"], proposes=terms, full=True))

    def _proposal_text(self, terms: dict[str, str]) -> str:
        """A whole package in words: stated in full, as a condition, or as a change to the last one."""
        changed = [k for k in terms if self.last_proposal and terms[k] != self.last_proposal.get(k)]
        if changed == [self.price.id] and self.rng.random() < 0.5:
            return self.words.pick(speech.SAME_BUT_PRICE, price=self.price_label(terms))
        if len(changed) == 1 and self.rng.random() < 0.5:
            issue = self.scenario.issue(changed[0])
            return self.words.pick(
                speech.SAME_BUT_OPTION,
                new=self.words.option(issue, terms[issue.id]),
                old=self.words.option(issue, self.last_proposal[issue.id]),
            )
        if terms == self.last_proposal and self.rng.random() < 0.5:
            return self.words.pick(speech.HOLD)
        conditional = self.words.conditional(terms) if self.rng.random() < 0.3 else None
        return conditional or self.words.pick(speech.PROPOSE, package=self.words.package(terms))

    def _trade_nibble(self, move: Move, heard: Said | None) -> str:
        extra = self.words.extra(move.terms, move.extra)
        up = self.step_up(move.terms)
        if self.price.id in move.extra or up == move.terms.get(self.price.id):
            # A discount, or an extra when the price can rise no further: nothing to get back, so no.
            return self._refuse_extra(move, extra, heard)
        terms = {**move.terms, **move.extra, self.price.id: up}
        text = self.words.pick(
            speech.TRADE, extra=extra, up=self.price_label(terms), price=self.price_label(move.terms)
        )
        self.last_proposal = terms
        return self._with(heard, Said(text=text, intents=["propose"], proposes=terms, full=True))

    def _refuse_extra(self, move: Move, extra: str, heard: Said | None) -> str:
        """An extra asked for nothing is refused; the package as agreed stands."""
        text = self.words.pick(speech.NO_EXTRA, extra=extra)
        return self._with(heard, Said(text=text, intents=["refuse"], refuses=dict(move.extra)))

    def _reprice(self, move: Move, heard: Said | None) -> str:
        item = self.words.item(self.scenario.issue(move.item or ""))
        terms = {**move.terms, self.price.id: self.step_up(move.terms)}
        theirs = move.terms[self.price.id]
        refuses = {self.price.id: theirs} if theirs != terms[self.price.id] else {}
        bank = speech.REPRICE_NOT_THEIRS if refuses and self.rng.random() < 0.4 else speech.REPRICE
        text = self.words.pick(bank, item=item, price=self.price_label(terms), theirs=self.price_label(move.terms))
        intents: list[Intent] = ["refuse", "propose"] if bank is speech.REPRICE_NOT_THEIRS else ["propose"]
        self.last_proposal = terms
        line = Said(text=text, intents=intents, proposes=terms, full=True)
        if bank is speech.REPRICE_NOT_THEIRS:
            line.refuses = refuses
        return self._with(heard, line)


class Haggler(Speaker):
    """Talks price only: asks for its number, gives a little every other round, accepts near its number."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        super().__init__(scenario, rng)
        self.ask = len(self.price.options) - 1
        self.rounds = 0

    def say(self, session: Session) -> str | None:
        bye = self.goodbye()
        if bye != "":
            return bye
        moves = last_moves(session)
        confirm = next((m for m in moves if m.kind == "confirm"), None)
        if confirm is not None and confirm.terms.get(self.price.id) == self.price.options[self.ask].id:
            text = self.words.pick(speech.CONFIRM_YES)
            return self.emit(Said(text=text, intents=["accept"], accepts=dict(confirm.terms)))
        nibble = next((m for m in moves if m.kind == "nibble"), None)
        if nibble is not None:
            return self._nibble(nibble)
        offer = next((dict(m.terms) for m in moves if m.terms), None)
        if offer is None:
            if self.rounds == 0:
                return self.emit(Said(text=self.words.pick(speech.WHAT_PRICE), intents=["question"]))
            return self._counter(None)
        mine = self.space.score(offer).trainee
        theirs = self.price.options.index(self.price.option(offer[self.price.id]))
        if theirs >= self.ask - 1 and mine >= self.scenario.trainee.walkaway:
            text = self.words.pick(speech.HAGGLER_YES, price=self.price_label(offer))
            return self.emit(Said(text=text, intents=["accept"], accepts=offer))
        return self._counter(offer)

    def _nibble(self, move: Move) -> str:
        extra = self.words.extra(move.terms, move.extra)
        if self.rng.random() < 0.5:
            text = self.words.pick(speech.ADD_IT, extra=extra)
            return self.emit(Said(text=text, intents=["accept"], accepts={**move.terms, **move.extra}))
        text = self.words.pick(speech.NO_EXTRA, extra=extra)
        return self.emit(Said(text=text, intents=["refuse"], refuses=dict(move.extra)))

    def _counter(self, offer: dict[str, str] | None) -> str:
        self.rounds += 1
        before = self.ask
        if self.rounds % 2 == 0 and self.ask > 0:
            self.ask -= 1
        mine = self.price.options[self.ask]
        said_mine = self.words.amount(mine.id)
        line = Said(text="", intents=["propose"], proposes={self.price.id: mine.id})
        theirs = self.price.option(offer[self.price.id]) if offer and self.price.id in offer else None
        if theirs is not None and (theirs.amount or 0) >= (mine.amount or 0):
            theirs = None  # their price is no lower than ours: nothing to refuse, we just name our number
        line.text = self._counter_text(said_mine, theirs.id if theirs else None, before)
        if theirs is not None and "{theirs}" in self.words.frame:
            # Only a line that names their figure refuses it; 'Would 5k work?' just counters.
            line.refuses = {self.price.id: theirs.id}
            line.intents = ["refuse", "propose"]
        return self.emit(line)

    def _counter_text(self, mine: str, theirs: str | None, before: int) -> str:
        if theirs is None:
            return self.words.pick(speech.MY_NUMBER, mine=mine)
        split = self._split_point(theirs, before)
        if split == self.ask and self.rng.random() < 0.5:
            return self.words.pick(speech.SPLIT)
        if before != self.ask and self.rng.random() < 0.4:
            step = int(abs((self.price.options[before].amount or 0) - (self.price.options[self.ask].amount or 0)))
            return self.words.pick(speech.COME_DOWN, step=f"{self.scenario.currency}{step:,}", mine=mine)
        return self.words.pick(speech.HAGGLE, mine=mine, theirs=self.words.amount(theirs))

    def _split_point(self, theirs: str, before: int) -> int | None:
        """The option halfway between their price and the haggler's last ask, when one sits exactly there."""
        a, b = self.price.option(theirs).amount or 0, self.price.options[before].amount or 0
        mid = (a + b) / 2
        return next((k for k, o in enumerate(self.price.options) if o.amount == mid and mid not in (a, b)), None)


class Pushover(Speaker):
    """Warm and quick to yes."""

    def say(self, session: Session) -> str | None:
        bye = self.goodbye()
        if bye != "":
            return bye
        moves = last_moves(session)
        if any(m.terms or m.kind in ("nibble", "dismantle") for m in moves):
            offer = standing_offer(moves) or next((dict(m.terms) for m in moves if m.terms), {})
            price = self.price_label(offer) if self.price.id in offer else "that"
            text = self.words.pick(speech.PUSHOVER_YES, price=price)
            return self.emit(Said(text=text, intents=["accept"], accepts=offer))
        return self.emit(Said(text=self.words.pick(speech.PUSHOVER_CHAT), intents=["small_talk"]))


def make_trainee(kind: TraineeKind, scenario: Scenario, seed: int) -> Trainee:
    rng = random.Random(f"trainee:{kind}:{seed}")
    if kind == "explorer":
        return Explorer(scenario, rng)
    return Haggler(scenario, rng) if kind == "haggler" else Pushover(scenario, rng)

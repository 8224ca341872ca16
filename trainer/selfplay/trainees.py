"""Scripted trainees for self-play: they talk in plain text, so self-play runs the whole reading pipeline.

explorer asks interest questions, reflects what it hears and trades across issues; haggler argues price only;
pushover accepts quickly. They know their own side's points, as a real trainee knows their brief.
"""

import random
from typing import Literal, Protocol, get_args

from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.voice import describe_terms
from trainer.files.outcomes import ScoredDeal, deal_space
from trainer.files.scenario import Scenario
from trainer.reading.sayback import reflect

TraineeKind = Literal["explorer", "haggler", "pushover"]
TRAINEE_KINDS: tuple[TraineeKind, ...] = get_args(TraineeKind)


_REFLECTIONS = [
    "So {heard}, I understand.",
    "It sounds like {heard}.",
    "If I hear you right, {heard}.",
    "So what I'm hearing is that {heard}.",
]


class Trainee(Protocol):
    def say(self, session: Session) -> str | None:
        """The next line, or None to end the call."""


def last_moves(session: Session) -> list[Move]:
    turns = session.transcript.counterpart_turns()
    return turns[-1].moves if turns else []


class Explorer:
    """Asks every interest question, reflects each answer, questions the anchor, then trades along the frontier."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.scenario, self.rng = scenario, rng
        self.space = deal_space(scenario)
        self.questions = [h.question for h in scenario.hidden_interests]
        rng.shuffle(self.questions)
        self.frontier = [d for d in self.space.frontier if d.trainee >= scenario.trainee.walkaway]
        self.pace = rng.choice([3, 4, 5])
        self.step = 0
        self.challenged = False

    def say(self, session: Session) -> str | None:
        moves = last_moves(session)
        kinds = {m.kind for m in moves}
        if "confirm" in kinds:
            return self.rng.choice(["Yes, that's the deal.", "Yes, agreed.", "Yes. Let's shake on it."])
        parts: list[str] = []
        reveal = next((m for m in moves if m.kind == "reveal" and m.interest), None)
        if reveal is not None and reveal.interest:
            heard = reflect(self.scenario.interest(reveal.interest).reveal)
            parts.append(self.rng.choice(_REFLECTIONS).format(heard=heard))
        if "nibble" in kinds:
            return self._trade_nibble(next(m for m in moves if m.kind == "nibble"), parts)
        if "dismantle" in kinds:
            return self._reprice(next(m for m in moves if m.kind == "dismantle"), parts)
        if kinds & {"anchor", "re_anchor"} and not self.challenged:
            self.challenged = True
            parts.append("How did you arrive at that number?")
            return " ".join(parts)
        if self.questions and session.state.turn < 8:
            parts.append(self.questions.pop(0))
            return " ".join(parts)
        parts.append(self._propose())
        return " ".join(parts)

    def _target(self) -> ScoredDeal:
        """Walks the frontier from its own best toward the Nash deal in a few proposals, then holds there."""
        ranked = sorted(self.frontier, key=lambda d: -d.trainee)
        nash = self.space.nash
        stop = ranked.index(nash) if nash in ranked else len(ranked) // 2
        pick = ranked[round(stop * min(1.0, self.step / self.pace))]
        self.step += 1
        return pick

    def _propose(self) -> str:
        terms = describe_terms(self.scenario, self.space.terms_of(self._target().choice))
        return f"Given what you've told me, how about {terms}? That works for both of us because it fits your needs."

    def _trade_nibble(self, move: Move, parts: list[str]) -> str:
        price = self.scenario.issues_tagged("price")[0]
        agreed = move.terms
        k = price.options.index(price.option(agreed[price.id]))
        up = price.options[min(k + 1, len(price.options) - 1)].label
        extra = ", ".join(self.scenario.issue(i).option(o).label for i, o in move.extra.items())
        parts.append(f"If I add {extra}, can we do {up} in return?")
        return " ".join(parts)

    def _reprice(self, move: Move, parts: list[str]) -> str:
        item = self.scenario.issue(move.item or "")
        price = self.scenario.issues_tagged("price")[0]
        k = price.options.index(price.option(move.terms[price.id]))
        repriced = price.options[min(k + 1, len(price.options) - 1)].label
        parts.append(f"We can take out the {item.name.lower()}, but changed terms mean a changed price: {repriced}.")
        return " ".join(parts)


class Haggler:
    """Talks price only: asks for its number, gives a little every other round, accepts near its number."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.scenario, self.rng = scenario, rng
        self.price = scenario.issues_tagged("price")[0]
        self.space = deal_space(scenario)
        self.ask = len(self.price.options) - 1
        self.rounds = 0

    def say(self, session: Session) -> str | None:
        moves = last_moves(session)
        kinds = {m.kind for m in moves}
        if "confirm" in kinds:
            return "Yes. Deal."
        if "nibble" in kinds:
            return "Fine, add it." if self.rng.random() < 0.5 else "No. The price is the price, nothing extra."
        offer = next((m.terms for m in moves if m.terms), None)
        if offer is None:
            return "Let's cut to it. What's your price?" if self.rounds == 0 else self._counter()
        mine = self.space.score({**offer}).trainee
        theirs = self.price.options.index(self.price.option(offer[self.price.id]))
        if theirs >= self.ask - 1 and mine >= self.scenario.trainee.walkaway:
            return "Fine. Deal."
        return self._counter()

    def _counter(self) -> str:
        self.rounds += 1
        if self.rounds % 2 == 0 and self.ask > 0:
            self.ask -= 1
        label = self.price.options[self.ask].label
        # A haggler hears the other side out now and then before restating its number; a pushover never does.
        return self.rng.choice(
            [
                f"That's too low. I can do {label}.",
                f"No, {label} is my number.",
                f"Not happening. {label}, final answer.",
                f"I understand, but that's too low. I can do {label}.",
                f"I hear you. Still, {label} is my number.",
                f"Why that number? I can do {label}.",
            ]
        )


class Pushover:
    """Warm and quick to yes."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.rng = rng

    def say(self, session: Session) -> str | None:
        moves = last_moves(session)
        if any(m.terms or m.kind in ("nibble", "dismantle") for m in moves):
            return self.rng.choice(["Sure, that works. Deal.", "Okay, sounds fine, deal.", "Sure, no problem."])
        return self.rng.choice(["Hi! Great to meet you. What are you thinking?", "Happy to hear your proposal."])


def make_trainee(kind: TraineeKind, scenario: Scenario, seed: int) -> Trainee:
    rng = random.Random(f"trainee:{kind}:{seed}")
    if kind == "explorer":
        return Explorer(scenario, rng)
    return Haggler(scenario, rng) if kind == "haggler" else Pushover(scenario, rng)

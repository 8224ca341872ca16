"""Tactic handling: how the trainee answered the persona's tactic moves, read over the whole call.

The reply to a move is every trainee turn until the counterpart speaks again; its words are read with
`trainer.reading.understanding.understand` (challenge, reasoned, trade, hold, agrees, refuses), its acts and terms
are the turn's own (the corrected reading where the trainee corrected one).

- Anchorer: Score = 40 x held the line + 30 x asked for its basis + 30 x reasoned counter-anchor, out of 100.
  Held the line: the share of anchors and re-anchors after which, until the next one, the trainee neither agreed to
  terms worth less to them than the fair (Nash) deal nor put down a price worth less than the fair deal's. Asked
  for its basis: any turn after the anchor asked how the number was arrived at; such a turn is never a yes.
  Reasoned counter-anchor: the trainee's first terms after the anchor gave a reason and held the line.
- Nibbler: Score = 100 x the mean over nibbles of 1 (traded: asked for something back), 0.85 (held: refused) or 0
  (gave the extra away, or no answer).
- Bundle-dismantler: Score = 100 x the mean over dismantles of 1 (re-priced: terms worth more to the trainee than
  the stripped package, or their own price kept for it), 0.5 (refused without re-pricing) or 0 (accepted).
A nibble or dismantle the call ended on is left out. No tactic move in the call: no score.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from trainer.counterpart.move import TACTIC_MOVES, Move
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import describe_terms, slots
from trainer.files.outcomes import ScoredDeal
from trainer.reading.acts import ContextTurn
from trainer.reading.understanding import Understanding, understand
from trainer.scoring.scorecard import (
    Call,
    Dimension,
    Evidence,
    Exchange,
    Figure,
    Handling,
    TacticEvent,
    asks_basis,
    cite,
    cite_matching,
    dimension,
    kinds,
    part,
    quote,
)

ANCHOR_WEIGHTS = {"held": 40.0, "basis": 30.0, "counter": 30.0}
NIBBLE_VALUE: dict[Handling, float] = {"handled": 1.0, "partly": 0.85, "missed": 0.0}
DISMANTLE_VALUE: dict[Handling, float] = {"handled": 1.0, "partly": 0.5, "missed": 0.0}
FORMULAS = {
    "anchorer": "40 x held the line + 30 x asked for its basis + 30 x reasoned counter-anchor",
    "nibbler": "100 x mean over nibbles of 1 traded / 0.85 held / 0 gave it away",
    "bundle-dismantler": "100 x mean over dismantles of 1 re-priced / 0.5 refused / 0 accepted the stripped package",
}
CONTEXT_TURNS = 6
# The sentence to quote as evidence for each check (the first pattern that finds one wins; a "?" is the fallback).
_BASIS = re.compile(
    r"\b(based on|arriv\w*|come (up )?with|come from|comes from|justify|behind (that|this|the)|walk me through|"
    r"where did|where does|why (that|this))\b",
    re.I,
)
_QUESTION = re.compile(r"\?")
_FIGURE = re.compile(r"\d|\$")
_YES = re.compile(
    r"\b(fine|deal|agreed?|yes|yeah|okay|ok|sure|works?|sounds good|let'?s do|accept|happy|go with|settle|can do)\b",
    re.I,
)
_NO = re.compile(
    r"\b(no|not|never|nope|didn'?t|don'?t|can'?t|won'?t|nice try|hang on|wait|whoa|extra|agreed|as agreed)\b", re.I
)
_TRADE_WORDS = re.compile(
    r"\b(if|in (return|exchange)|then|trade|only if|provided|as long as|can you|would you)\b", re.I
)
# Tactic moves that only report how an answer landed; they are shown on the timeline, not judged.
_OUTCOME_MOVES = frozenset({"nibble_drop", "nibble_trade", "accept_reprice"})


@dataclass(frozen=True)
class Reply:
    """A tactic move, the exchange that answers it, and what the trainee's words in it meant."""

    turn: Turn
    move: Move
    exchange: Exchange
    following: Turn | None  # the counterpart's next turn, which shows how the answer landed
    readings: tuple[Understanding, ...]

    def any(self, test: Callable[[Understanding], bool]) -> bool:
        return any(test(u) for u in self.readings)

    @property
    def first(self) -> Turn | None:
        return self.exchange.reply[0] if self.exchange.reply else None

    @property
    def voiced(self) -> Turn | None:
        """The first reply turn in which anything was read: only such a turn can be cited as done well."""
        for turn, u in zip(self.exchange.reply, self.readings, strict=True):
            if turn.acts or turn.terms or _signals(u):
                return turn
        return None

    def proposal(self, base: dict[str, str]) -> dict[str, str]:
        merged = dict(base)
        for t in self.exchange.reply:
            merged.update(t.terms)
        return merged


def assess_tactics(call: Call) -> tuple[Dimension, list[TacticEvent]]:
    tactic = call.persona.tactic
    replies = _replies(call, TACTIC_MOVES[tactic])
    timeline = [_outcome_event(call, turn, move) for turn, move in _outcomes(call, TACTIC_MOVES[tactic])]
    if tactic == "anchorer":
        dim, events = _anchorer(call, [r for r in replies if r.move.kind in ("anchor", "re_anchor")])
    elif tactic == "nibbler":
        dim, events = _per_event(call, [r for r in replies if r.move.kind == "nibble"], _nibble, NIBBLE_VALUE)
    else:
        dim, events = _per_event(call, [r for r in replies if r.move.kind == "dismantle"], _dismantle, DISMANTLE_VALUE)
    timeline = sorted([*events, *timeline], key=lambda e: (e.turn, e.move))
    return dim.model_copy(update={"formula": FORMULAS[tactic]}), timeline


# Counterpart moves that only ask what the trainee meant: the tactic move stays pending, so the answer goes on.
_STILL_PENDING = frozenset({"clarify"})


def _replies(call: Call, moves: frozenset[str]) -> list[Reply]:
    found = []
    for k, ex in enumerate(call.exchanges):
        if ex.said is None or not any(m.kind in moves and m.kind not in _OUTCOME_MOVES for m in ex.said.moves):
            continue
        # "ok, 43 then" -> "$42 or $44?" -> "44, and the stands stay out": the answer runs over the clarification.
        reply, j = list(ex.reply), k + 1
        while j < len(call.exchanges) and _only_asks(call.exchanges[j].said):
            reply += call.exchanges[j].reply
            j += 1
        following = call.exchanges[j].said if j < len(call.exchanges) else None
        answer = Exchange(ex.said, tuple(reply))
        for move in ex.said.moves:
            if move.kind in moves and move.kind not in _OUTCOME_MOVES:
                readings = tuple(_read(call, t) for t in answer.reply)
                found.append(Reply(ex.said, move, answer, following, readings))
    return found


def _only_asks(turn: Turn | None) -> bool:
    return turn is not None and bool(turn.moves) and all(m.kind in _STILL_PENDING for m in turn.moves)


def _outcomes(call: Call, moves: frozenset[str]) -> list[tuple[Turn, Move]]:
    return [(t, m) for t in call.transcript.counterpart_turns() for m in t.moves if m.kind in moves & _OUTCOME_MOVES]


def _read(call: Call, turn: Turn) -> Understanding:
    """The turn's words as the counterpart read them (the same context), with the acts and terms recorded then."""
    earlier = call.turns[max(0, turn.index - CONTEXT_TURNS) : turn.index]
    context = [ContextTurn(speaker="self" if t.speaker == "trainee" else "other", text=t.text) for t in earlier]
    return understand(turn.text, call.scenario, context).model_copy(update={"acts": turn.acts, "terms": turn.terms})


def _signals(u: Understanding) -> bool:
    return any((u.challenge, u.reasoned, u.trade, u.hold, u.assents, u.refuses, u.pressure, u.secret_request))


def _score(call: Call, terms: dict[str, str]) -> ScoredDeal | None:
    try:
        return call.space.score(terms)
    except KeyError:
        return None


def fair_terms(call: Call) -> dict[str, str]:
    fair = call.space.nash or call.space.split
    return call.space.terms_of(fair.choice)


def _at_least_fair(call: Call, terms: dict[str, str]) -> bool:
    """Terms put forward hold against an anchor when their price is worth at least the fair deal's price to the
    trainee: an anchor is a number, and trading other issues is not conceding off it. Without a price, the issues
    they name are weighed against the fair deal's; what the trainee left unsaid is not theirs to answer for."""
    fair = fair_terms(call)
    price = next(iter(call.scenario.issues_tagged("price")), None)
    priced = price is not None and price.id in terms and price.id in fair
    named = [call.scenario.issue(k) for k in terms if k in fair and (not priced or price is None or k == price.id)]
    mine = sum(i.option(terms[i.id]).trainee_points for i in named)
    return bool(named) and mine >= sum(i.option(fair[i.id]).trainee_points for i in named)


def fair_points(call: Call) -> int:
    """What a fair deal is worth to the trainee: the Nash deal, or splitting every issue when there is none."""
    return (call.space.nash or call.space.split).trainee


# --- anchorer -------------------------------------------------------------------------------------------------


def _anchorer(call: Call, replies: list[Reply]) -> tuple[Dimension, list[TacticEvent]]:
    if not replies:
        return _untested(call), []
    conceded = {id(r): _concession(call, r, replies) for r in replies}
    held = [r for r in replies if conceded[id(r)] is None]
    asked = _basis_asked(call, replies[0])
    counter = _first_proposal(call, replies[0])
    counter_ok = counter is not None and _counter_anchor(call, counter)
    components = [
        part(
            "held the line",
            ANCHOR_WEIGHTS["held"],
            len(held) / len(replies),
            f"{len(held)} of {len(replies)} anchors answered without conceding off them at any point after",
        ),
        part(
            "asked for its basis",
            ANCHOR_WEIGHTS["basis"],
            float(asked is not None),
            f"asked how the number was arrived at (turn {asked.index})" if asked else "never asked its basis",
        ),
        part("reasoned counter-anchor", ANCHOR_WEIGHTS["counter"], float(counter_ok), _counter_note(call, counter)),
    ]
    events = [_anchor_event(call, r, conceded[id(r)], asked) for r in replies]
    evidence = [*_anchor_evidence(call, replies, conceded, asked), *_counter_evidence(call, counter, counter_ok)]
    figures: dict[str, Figure] = {
        "anchors": len(replies),
        "anchors_held": len(held),
        "basis_asked_turn": asked.index if asked else None,
        "first_proposal_turn": counter[0].index if counter else None,
        "fair_points": fair_points(call),
    }
    return dimension("", components, figures, sorted(evidence, key=lambda e: e.turn)), events


def _basis_asked(call: Call, first: Reply) -> Turn | None:
    """The first trainee turn, anywhere after the first anchor, that asked how a number was arrived at."""
    for turn in call.turns[first.turn.index + 1 :]:
        if turn.speaker != "trainee":
            continue
        if asks_basis(turn):
            return turn
    return None


def _challenges(turn: Turn) -> bool:
    """A turn that asks where a number comes from ("48k is a big drop, where's that coming from?") names it to
    question it: a challenge of a number is never a yes to it, a concession, or a counter."""
    if "offer" in turn.acts or not (turn.terms or "accept" in turn.acts):
        return False
    return asks_basis(turn)


def _span(call: Call, r: Reply, replies: list[Reply]) -> list[Turn]:
    """Every turn from an anchor until the next anchor (or the end): the whole call answers it, not the first reply."""
    later = [x.turn.index for x in replies if x.turn.index > r.turn.index]
    end = later[0] if later else len(call.turns)
    return call.turns[r.turn.index + 1 : end]


def _concession(call: Call, r: Reply, replies: list[Reply]) -> Turn | None:
    """The trainee turn that agreed to terms, or put terms down, worth less to them than the fair deal; None: held."""
    fair = fair_points(call)
    standing = dict(r.move.terms)
    turns = _span(call, r, replies)
    for k, turn in enumerate(turns):
        if turn.speaker == "counterpart":
            standing.update(next((m.terms for m in turn.moves if m.terms), {}))
            continue
        after = turns[k + 1] if k + 1 < len(turns) else None
        closed = after is not None and bool(kinds(after) & {"close", "accept"})
        if "walk_away" in turn.acts or ("reject" in turn.acts and not turn.terms) or _challenges(turn):
            continue
        # A yes that names its own terms and was only confirmed back is not yet agreed: a misread is not a concession.
        plain_yes = "accept" in turn.acts and (closed or not turn.terms)
        if plain_yes or (closed and _said_yes(call, turn)):
            offered = _score(call, {**standing, **turn.terms})
            if offered is not None and offered.trainee < fair:
                return turn
        elif turn.terms and not _at_least_fair(call, turn.terms):
            return turn
    return None


def _said_yes(call: Call, turn: Turn) -> bool:
    """A turn the counterpart closed on is a yes only when its words agree: a misread is not the trainee's doing."""
    return "accept" in turn.acts or bool(turn.terms) or _read(call, turn).agrees


def _first_proposal(call: Call, first: Reply) -> tuple[Turn, Understanding, dict[str, str]] | None:
    """The trainee's first turn with terms after the first anchor, read, with the package it proposes: a yes takes
    their standing offer; a proposal is read on the issues it names (the rest at the fair deal's option)."""
    standing = dict(first.move.terms)
    for turn in call.turns[first.turn.index + 1 :]:
        if turn.speaker == "counterpart":
            standing.update(next((m.terms for m in turn.moves if m.terms), {}))
        elif not _challenges(turn) and (turn.terms or "accept" in turn.acts):
            return turn, _read(call, turn), {**standing, **turn.terms}
    return None


def _counter_anchor(call: Call, counter: tuple[Turn, Understanding, dict[str, str]]) -> bool:
    turn, reading, _ = counter
    return reading.reasoned and "accept" not in turn.acts and _at_least_fair(call, turn.terms)


def _counter_note(call: Call, counter: tuple[Turn, Understanding, dict[str, str]] | None) -> str:
    if counter is None:
        return "you never put your own terms down after the anchor"
    turn, reading, _ = counter
    reason = "with a reason" if reading.reasoned else "without a reason"
    read = _describe(call, turn.terms)
    if "accept" in turn.acts:
        return f"your first terms after the anchor (turn {turn.index}) said yes to theirs"
    holds = "holds" if _at_least_fair(call, turn.terms) else "does not hold"
    fair = _describe(call, fair_terms(call))
    return f"first terms you put down (turn {turn.index}: {read}) {reason}; {holds} against a fair deal ({fair})"


def _anchor_evidence(
    call: Call, replies: list[Reply], conceded: dict[int, Turn | None], asked: Turn | None
) -> list[Evidence]:
    evidence = []
    for r in replies:
        gave = conceded[id(r)]
        if gave is not None:
            check = f"conceded off the {_name(r.move)} at turn {r.turn.index}"
            evidence.append(cite_matching(gave, check, False, _YES))
        elif r.voiced is not None:
            evidence.append(cite(r.voiced, f"did not concede off the {_name(r.move)} at turn {r.turn.index}", True))
        elif r.first is not None:
            evidence.append(cite(r.first, f"said nothing to the {_name(r.move)} at turn {r.turn.index}", None))
    if asked is not None:
        evidence.append(cite_matching(asked, "asked for the basis of their number", True, _BASIS, _QUESTION))
    elif replies[0].first is not None:
        evidence.append(cite(replies[0].first, "did not ask how they arrived at their number", False))
    return evidence


def _counter_evidence(
    call: Call, counter: tuple[Turn, Understanding, dict[str, str]] | None, ok: bool
) -> list[Evidence]:
    if counter is None:
        return []
    check = "put down a reasoned counter-anchor" if ok else "first proposal was not a reasoned counter-anchor"
    return [cite_matching(counter[0], f"{check}: {_counter_note(call, counter)}", ok, _FIGURE)]


def _name(move: Move) -> str:
    return "re-anchor" if move.kind == "re_anchor" else "anchor"


def _anchor_event(call: Call, r: Reply, conceded: Turn | None, asked: Turn | None) -> TacticEvent:
    price = _price_label(call, r.move.terms)
    worth = _score(call, r.move.terms)
    what = f"{'restated' if r.move.kind == 're_anchor' else 'opened at'} {price}"
    if worth is not None:
        what += f" (worth {worth.trainee} to you)"
    note = "held the line" if conceded is None else f"conceded off it at turn {conceded.index}"
    if asked is not None and asked.index > r.turn.index:
        note += f"; asked for its basis at turn {asked.index}"
    return _event(r, what, "handled" if conceded is None else "missed", note, conceded)


def _price_label(call: Call, terms: dict[str, str]) -> str:
    price = next(iter(call.scenario.issues_tagged("price")), None)
    if price is not None and price.id in terms:
        return price.option(terms[price.id]).label
    return describe_terms(call.scenario, terms) if terms else "their terms"


def _event(r: Reply, what: str, handling: Handling, note: str, answer: Turn | None = None) -> TacticEvent:
    first = answer or r.voiced or r.first
    return TacticEvent(
        turn=r.turn.index,
        move=r.move.kind,
        what=what,
        reply_turn=first.index if first else None,
        reply=quote(first.text) if first else "",
        handling=handling,
        note=note,
    )


# --- nibbler and bundle-dismantler ------------------------------------------------------------------------------

Judge = Callable[[Call, Reply], tuple[Handling, str, TacticEvent]]


def _per_event(
    call: Call, replies: list[Reply], judge: Judge, values: dict[Handling, float]
) -> tuple[Dimension, list[TacticEvent]]:
    # A move the call ended on had no answer to judge: the trainee never got the chance.
    replies = [r for r in replies if r.exchange.reply]
    if not replies:
        return _untested(call), []
    judged = [judge(call, r) for r in replies]
    mean = sum(values[h] for h, _, _ in judged) / len(judged)
    counts = {h: sum(j[0] == h for j in judged) for h in values}
    name = "nibbles" if replies[0].move.kind == "nibble" else "dismantles"
    explain = f"{len(judged)} {name}: " + ", ".join(f"{counts[h]} {_LABELS[name][h]}" for h in values)
    components = [part(f"{name} answered", 100.0, mean, explain)]
    evidence = [_reply_evidence(r, h, check) for r, (h, check, _) in zip(replies, judged, strict=True)]
    figures: dict[str, Figure] = {name: len(judged), **{f"{name}_{_LABELS[name][h]}": counts[h] for h in values}}
    return dimension("", components, figures, evidence), [event for _, _, event in judged]


_LABELS: dict[str, dict[Handling, str]] = {
    "nibbles": {"handled": "traded", "partly": "held", "missed": "given"},
    "dismantles": {"handled": "repriced", "partly": "refused", "missed": "accepted"},
}


def _reply_evidence(r: Reply, handling: Handling, check: str) -> Evidence:
    answer = _answer_turn(r, handling)
    if handling != "missed" and answer is not None:
        return cite_matching(answer, check, True, _TRADE_WORDS if handling == "handled" else _NO)
    if answer is not None:
        return cite_matching(answer, check, False, _YES)
    return cite(r.first or r.turn, check, False)


def _nibble(call: Call, r: Reply) -> tuple[Handling, str, TacticEvent]:
    extra = slots(call.scenario, call.persona, r.move)["extra"]
    what = f"asked for {extra} on top of the agreed terms"
    after = kinds(r.following) if r.following is not None else set()
    if _asked_back(call, r):
        handling: Handling = "handled"
        check = f"traded the nibble ({extra}) for something in return"
    elif _refused(r) or ("nibble_drop" in after and not _gave(r)):
        handling, check = "partly", f"held the agreed package against the nibble ({extra})"
    else:
        handling, check = "missed", f"gave away {extra} for nothing"
    return handling, check, _event(r, what, handling, check, _answer_turn(r, handling))


def _asked_back(call: Call, r: Reply) -> bool:
    """Asked for something in return: trade words ("if you sign for three years"), or terms better for them than
    the agreed package on an issue other than the extra. A refusal that names a figure asks for nothing back."""
    for t, u in zip(r.exchange.reply, r.readings, strict=True):
        if u.trade and not u.walks_away:
            return True
        if any(k not in r.move.extra and _better(call, k, v, r.move.terms.get(k)) for k, v in t.terms.items()):
            return True
    return False


def _better(call: Call, issue: str, option: str, than: str | None) -> bool:
    if than is None or option == than:
        return False
    found = call.scenario.issue(issue)
    return found.option(option).trainee_points > found.option(than).trainee_points


def _refused(r: Reply) -> bool:
    return r.any(lambda u: u.hold or u.refuses or u.walks_away) or any("reject" in t.acts for t in r.exchange.reply)


def _gave(r: Reply) -> bool:
    return any("accept" in t.acts for t in r.exchange.reply) or r.any(lambda u: u.agrees)


def _answer_turn(r: Reply, handling: Handling) -> Turn | None:
    """The reply turn the handling rests on: the refusal or trade for a pass, the yes for a miss."""
    for t, u in zip(r.exchange.reply, r.readings, strict=True):
        if handling == "missed" and ("accept" in t.acts or u.agrees or t.terms):
            return t
        if handling != "missed" and (u.trade or u.refuses or u.hold or t.terms or "reject" in t.acts):
            return t
    return None


def _dismantle(call: Call, r: Reply) -> tuple[Handling, str, TacticEvent]:
    item = call.scenario.issue(r.move.item).name.lower() if r.move.item else "an item"
    what = f"took the {item} out and asked for {_price_label(call, r.move.terms)}"
    if _repriced(call, r):
        handling: Handling = "handled"
        check = f"re-priced the package without the {item}"
    elif _refused(r):
        handling, check = "partly", f"refused to drop the {item} at their price, but did not re-price"
    elif r.exchange.proposes:
        handling, check = "missed", f"answered with terms that did not re-price the package without the {item}"
    else:
        handling, check = "missed", f"accepted the package without the {item} at their price"
    return handling, check, _event(r, what, handling, check, _answer_turn(r, handling))


# "If the training comes out, the price stays where it is": the trainee's own price, asked for the smaller package.
_PRICE_STAYS = re.compile(
    r"\b(price (stays|remains|doesn'?t (change|move)|is the same|has to stay)|same price|price (still )?stands)\b", re.I
)


def _repriced(call: Call, r: Reply) -> bool:
    """A price worth more to the trainee than the stripped package's, or the item kept: the tactic's own test."""
    if any(_PRICE_STAYS.search(t.text) for t in r.exchange.reply) and _kept_price_above(call, r):
        return True
    if not r.exchange.proposes:
        return False
    proposal, package = r.proposal(r.move.terms), r.move.terms
    price = next(iter(call.scenario.issues_tagged("price")), None)
    if r.move.item and proposal.get(r.move.item) != package.get(r.move.item):
        return True
    if price is None or price.id not in package or price.id not in proposal:
        return False
    return price.option(proposal[price.id]).trainee_points > price.option(package[price.id]).trainee_points


def _kept_price_above(call: Call, r: Reply) -> bool:
    """The trainee's last price before the dismantle is worth more to them than the price the dismantle asked."""
    price = next(iter(call.scenario.issues_tagged("price")), None)
    if price is None or price.id not in r.move.terms:
        return False
    mine = next((t.terms[price.id] for t in reversed(call.turns[: r.turn.index]) if price.id in t.terms), None)
    return mine is not None and _better(call, price.id, mine, r.move.terms[price.id])


def _describe(call: Call, terms: dict[str, str]) -> str:
    try:
        return describe_terms(call.scenario, terms) or "an extra"
    except KeyError:
        return "an extra"


def _outcome_event(call: Call, turn: Turn, move: Move) -> TacticEvent:
    what = {
        "nibble_drop": "dropped the extra",
        "nibble_trade": f"took the extra in a trade: {_describe(call, move.terms)}",
        "accept_reprice": f"accepted the re-priced package: {_describe(call, move.terms)}",
    }[move.kind]
    return TacticEvent(turn=turn.index, move=move.kind, what=what, handling="outcome")


def _untested(call: Call) -> Dimension:
    note = f"the {call.persona.tactic} never played its tactic in this call"
    return dimension("", [part("tactic answered", 100.0, None, note)], {}, [])

"""Voices put decided moves into words. The offline voice fills the persona's phrasebook with the scenario's terms."""

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import TokenUsage, Turn, VoiceSource
from trainer.files.persona import MoveKind, Persona
from trainer.files.phrasebook import bundled_lines
from trainer.files.scenario import Scenario
from trainer.reading.understanding import Understanding


class Correction(str):
    """A chunk that replaces everything the reply has shown so far."""

    __slots__ = ()


class VoiceReport(BaseModel):
    """What the last turn's words came from, for the transcript."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Literal["llm", "fallback"]
    text: str
    note: str | None = None
    usage: TokenUsage | None = None


@dataclass(frozen=True)
class Resolved:
    """A reading a second reader settled, with what to note in the transcript and what it cost."""

    understanding: Understanding
    note: str | None = None
    usage: TokenUsage | None = None


class Reader(Protocol):
    """A second reader of what the offline reader found unclear (the LLM wing provides one)."""

    def resolve(self, u: Understanding, history: Sequence[Turn]) -> Resolved: ...


class Voice(Protocol):
    """Words a turn's moves; yields the reply in chunks (a streaming voice yields tokens)."""

    source: VoiceSource

    @property
    def reader(self) -> Reader | None:
        """A second reader this voice brings, if any."""

    @property
    def last_turn(self) -> VoiceReport | None:
        """What the last reply's words came from, when the voice can say more than its source."""

    def speak(self, moves: Sequence[Move], history: Sequence[Turn]) -> Iterator[str]: ...


def describe_terms(scenario: Scenario, terms: Mapping[str, str]) -> str:
    """'$5,000 with a one-year support plan, training for all staff and three instalments'."""
    price_ids = {i.id for i in scenario.issues_tagged("price")}
    labels = [scenario.issue(k).option(v).label for k, v in terms.items() if k in price_ids]
    rest = [scenario.issue(k).option(v).label for k, v in terms.items() if k not in price_ids]
    if not rest:
        return ", ".join(labels)
    tail = rest[0] if len(rest) == 1 else ", ".join(rest[:-1]) + " and " + rest[-1]
    return f"{labels[0]} with {tail}" if labels else tail


def slots(scenario: Scenario, persona: Persona, move: Move) -> dict[str, str]:
    """The placeholder values for one move; a placeholder the move has nothing for stays readable."""
    price = next(iter(scenario.issues_tagged("price")), None)
    focus = next(iter(move.extra), None) or move.item
    return {
        "terms": describe_terms(scenario, move.terms) if move.terms else "the terms we discussed",
        "price": scenario.issue(price.id).option(move.terms[price.id]).label
        if price and price.id in move.terms
        else "the price",
        "issue": scenario.issue(focus).name.lower() if focus else "that",
        "option": _option_words(scenario, move, focus),
        "detail": scenario.issue(focus).description if focus else "",
        "reveal": scenario.interest(move.interest).reveal if move.interest else "",
        "extra": ", ".join(_extra_label(scenario, move, k, v) for k, v in move.extra.items()) or "a little extra",
        "item": f"the {scenario.issue(move.item).name.lower()}" if move.item else "that item",
        "amount": move.amount or "that",
        "role": scenario.counterpart.role,
        "name": persona.name,
    }


def _option_words(scenario: Scenario, move: Move, focus: str | None) -> str:
    """The option a move names; for a clarify, the options the unclear words could mean ("$4,750 or $5,000")."""
    if focus and focus in move.extra:
        return scenario.issue(focus).option(move.extra[focus]).label
    if move.item and move.options:
        labels = [scenario.issue(move.item).option(o).label for o in move.options]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return "that"


def _extra_label(scenario: Scenario, move: Move, issue_id: str, option_id: str) -> str:
    """An extra as said in a nibble; a money step reads as 'another $250 off'."""
    issue = scenario.issue(issue_id)
    wanted = issue.option(option_id)
    current = issue.option(move.terms[issue_id]) if issue_id in move.terms else None
    if issue.kind == "money" and current and current.amount is not None and wanted.amount is not None:
        step = abs(current.amount - wanted.amount)
        return f"another {scenario.currency}{step:,.0f} off" if wanted.amount < current.amount else wanted.label
    return wanted.label


# The last resort for a kind of move no phrasebook has lines for: plain words, never the move's name.
_UNASKED_REVEAL = ["{reveal}", "Since that came up: {reveal}", "For context: {reveal}"]

GENERIC_LINES: dict[MoveKind, list[str]] = {
    "greet": ["Hello, thanks for making the time."],
    "anchor": ["Here is where I'd start: {terms}."],
    "counter": ["Here's what I can do: {terms}."],
    "concede": ["I can move a little: {terms}."],
    "re_anchor": ["My position hasn't changed: {terms}."],
    "basis": ["That figure comes from what comparable deals cost: {price} is in line with the market."],
    "explain": ["By {issue} I mean what the terms say: {option}."],
    "restate": ["My offer stands: {terms}."],
    "accept": ["Yes, I can accept {terms}."],
    "reveal": ["{reveal}"],
    "deflect": ["I'd rather not get into that yet."],
    "guard": ["I'll keep my limits to myself."],
    "clarify": ["When you say {amount}, what exactly do you mean?"],
    "nibble": ["Before we sign, could you add {extra}?"],
    "nibble_drop": ["Fine, forget the extra. We'll go with {terms}."],
    "nibble_trade": ["All right, that's a fair trade: {terms}."],
    "dismantle": ["We don't need {item}. Take it out and keep the rest at {price}."],
    "accept_reprice": ["That's fair, with the new price: {terms}."],
    "dissatisfied": ["We're not getting anywhere, and I'm running out of patience."],
    "walk_away": ["I don't think we can agree. Let's leave it there."],
    "close": ["Agreed: {terms}."],
    "confirm": ["So that's {terms}. Do we have a deal?"],
    "last_offer": ["Before you go: {terms}. That's my last offer."],
    "farewell": ["Understood. No deal, then. Thanks for your time."],
    "small_talk": ["Good, thanks. Shall we get into it?"],
    "acknowledge": ["I appreciate that."],
    "insulted": ["There's no need for that. Let's keep this professional."],
    "nudge": ["What would you like to propose?"],
}
# Put before a line whose every variant has been said already, so no reply repeats word for word.
_AGAIN = ["As I said, ", "Again: ", "Like I said, ", "To be clear, ", "Once more: ", "I'll repeat it: ", "Still, "]


def _first_sentence(text: str) -> str:
    return text.split(". ", 1)[0].split("? ", 1)[0].split("! ", 1)[0].strip().lower()


class OfflineVoice:
    """The persona's phrasebook, seeded. No line is said twice in a call, and no reply opens like the one before."""

    source: VoiceSource = "offline"
    reader: Reader | None = None
    last_turn: VoiceReport | None = None

    def __init__(self, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.scenario = scenario
        self.persona = persona
        self.rng = random.Random(f"{seed}:{scenario.id}:{persona.id}")
        self.said: set[str] = set()

    def variants(self, kind: MoveKind) -> list[str]:
        """The persona's lines for a kind of move; the bundled lines of its tactic where its own are empty."""
        return self.persona.lines.get(kind) or bundled_lines(self.persona.tactic).get(kind) or GENERIC_LINES[kind]

    def line(self, move: Move, opener: str = "", asked: bool = True) -> str:
        values = slots(self.scenario, self.persona, move)
        # A reveal nobody asked for (it answers an offer that touched the interest) is told without "Good question".
        lines = self.variants(move.kind) if asked or move.kind != "reveal" else _UNASKED_REVEAL
        rendered = list(dict.fromkeys(v.format_map(values) for v in lines))
        fresh = [r for r in rendered if r not in self.said]
        if not fresh:
            again = [a + r[:1].lower() + r[1:] for a in _AGAIN for r in rendered]
            fresh = [r for r in again if r not in self.said]
        fresh = fresh or rendered
        varied = [r for r in fresh if not opener or _first_sentence(r) != opener] or fresh
        text = self.rng.choice(varied)
        self.said.add(text)
        return text

    def speak(self, moves: Sequence[Move], history: Sequence[Turn]) -> Iterator[str]:
        last = next((t.text for t in reversed(history) if t.speaker == "counterpart"), "")
        opener = _first_sentence(last)
        said = next((t for t in reversed(history) if t.speaker == "trainee"), None)
        asked = said is None or not said.acts or "question" in said.acts or "interest_probe" in said.acts
        words = []
        for i, m in enumerate(moves):
            words.append(self.line(m, opener if i == 0 else "", asked))
        yield " ".join(words)

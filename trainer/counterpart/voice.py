"""Voices put decided moves into words. The offline voice fills the persona's phrasebook with the scenario's terms."""

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import TokenUsage, Turn, VoiceSource
from trainer.files.persona import Persona
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
        "option": scenario.issue(focus).option(move.extra[focus]).label if focus and focus in move.extra else "that",
        "reveal": scenario.interest(move.interest).reveal if move.interest else "",
        "extra": ", ".join(_extra_label(scenario, move, k, v) for k, v in move.extra.items()) or "a little extra",
        "item": f"the {scenario.issue(move.item).name.lower()}" if move.item else "that item",
        "amount": move.amount or "that",
        "role": scenario.counterpart.role,
        "name": persona.name,
    }


def _extra_label(scenario: Scenario, move: Move, issue_id: str, option_id: str) -> str:
    """An extra as said in a nibble; a money step reads as 'another $250 off'."""
    issue = scenario.issue(issue_id)
    wanted = issue.option(option_id)
    current = issue.option(move.terms[issue_id]) if issue_id in move.terms else None
    if issue.kind == "money" and current and current.amount is not None and wanted.amount is not None:
        step = abs(current.amount - wanted.amount)
        return f"another {scenario.currency}{step:,.0f} off" if wanted.amount < current.amount else wanted.label
    return wanted.label


class OfflineVoice:
    """The persona's phrasebook, seeded; a line is not used twice in a session while another is left."""

    source: VoiceSource = "offline"
    reader: Reader | None = None
    last_turn: VoiceReport | None = None

    def __init__(self, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.scenario = scenario
        self.persona = persona
        self.rng = random.Random(f"{seed}:{scenario.id}:{persona.id}")
        self.said: set[str] = set()

    def line(self, move: Move) -> str:
        variants = self.persona.lines.get(move.kind) or [move.kind.replace("_", " ")]
        values = slots(self.scenario, self.persona, move)
        rendered = [v.format_map(values) for v in variants]
        fresh = [r for r in rendered if r not in self.said] or rendered
        text = self.rng.choice(fresh)
        self.said.add(text)
        return text

    def speak(self, moves: Sequence[Move], history: Sequence[Turn]) -> Iterator[str]:
        yield " ".join(self.line(m) for m in moves)

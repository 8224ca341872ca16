"""The scorecard: four dimensions of facts with the evidence behind each score, the deal, the interests, coaching.

Every score is a weighted sum of named components (each 0-1, with its weight), so the points shown add up to the
score; every piece of evidence cites a turn and quotes it verbatim. `to_json` is byte-identical for the same
transcript: sorted keys, floats rounded to four places, no timestamps.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainer.counterpart.transcript import DealStatus, Speaker, Transcript, Turn
from trainer.files.outcomes import DealSpace
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.scoring.judge_models import JudgeReport

SCORECARD_VERSION = 1
DIMENSIONS = ("interest_discovery", "active_listening", "mutual_gain", "tactic_handling")
DIMENSION_TITLES = {
    "interest_discovery": "Interest discovery",
    "active_listening": "Active listening",
    "mutual_gain": "Mutual gain",
    "tactic_handling": "Tactic handling",
}
MAX_QUOTE = 160
_DECIMALS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A plain yes that the act detector leaves unlabelled ("Sure, no problem."); the counterpart reads it as agreeing.
_ASSENT = re.compile(r"^\W*(sure|ok(ay)?|fine|yes|yeah|yep|alright|all right|agreed|deal|done)\b", re.I)

Figure = int | float | bool | str | None


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """One checked fact, tied to a turn: what was checked, whether it passed, and the words it rests on."""

    turn: int = Field(description="The transcript turn index the evidence comes from.")
    speaker: Speaker
    quote: str = Field(description="Verbatim words of that turn (trimmed with '…' when long); may be empty.")
    check: str = Field(description="What was checked, in plain words.")
    passed: bool | None = Field(description="True: done well; False: missed; None: noted, not scored.")


class Component(Record):
    """One term of a dimension's formula."""

    name: str
    weight: float = Field(description="Its weight; a penalty's weight is the most points it can take away.")
    value: float | None = Field(description="0-1; None when it does not apply to this call (left out, rest rescaled).")
    points: float = Field(description="What it adds to the 0-100 score (negative for a penalty).")
    explain: str = Field(description="How the value was found, in plain words.")
    penalty: bool = False


class Dimension(Record):
    score: int | None = Field(description="0-100; None when nothing in the call could be scored on it.")
    formula: str = Field(description="The formula in one line.")
    components: list[Component]
    figures: dict[str, Figure] = Field(default_factory=dict, description="The counts and measures behind the score.")
    evidence: list[Evidence] = Field(default_factory=list)


class DealFacts(Record):
    status: DealStatus
    terms: dict[str, str] = Field(default_factory=dict)
    described: str = Field("", description="The agreed terms in words.")
    closed_at: int | None = Field(None, description="The turn that closed the deal or ended the call.")
    trainee_points: int | None = None
    counterpart_points: int | None = None
    trainee_walkaway: int
    counterpart_walkaway: int
    joint_points: int | None = None
    best_joint_points: int
    best_joint_terms: dict[str, str]
    best_joint_described: str = ""
    joint_share: float | None = Field(None, description="Joint points as a share of the best possible.")
    surplus_share: float | None = Field(None, description="Joint gain over both walk-aways, as a share of the most.")
    pareto_optimal: bool | None = None
    frontier_distance: float | None = None
    nash_product: int | None = None
    nash_best_product: int | None = None
    nash_terms: dict[str, str] | None = None
    both_above_walkaway: bool | None = None
    best_offer_turn: int | None = Field(None, description="No deal: the counterpart offer worth most to the trainee.")
    best_offer_points: int | None = None


class RevealedInterest(Record):
    id: str
    description: str
    turn: int = Field(description="The counterpart turn that revealed it.")
    asked_at: int | None = Field(description="The trainee turn whose words drew it out.")
    question: str = Field(description="The trainee's words that drew it out, verbatim.")


class MissedInterest(Record):
    id: str
    description: str
    question: str = Field(description="A question that would have found it.")


class InterestFacts(Record):
    revealed: list[RevealedInterest] = Field(default_factory=list)
    missed: list[MissedInterest] = Field(default_factory=list)


class CoachingTip(Record):
    turn: int
    dimension: str
    tip: str
    better_line: str = Field(description="Something the trainee could have said instead, at that turn.")


Handling = Literal["handled", "partly", "missed", "outcome"]


class TacticEvent(Record):
    """One tactic move of the counterpart and how the trainee answered it."""

    turn: int
    move: str
    what: str = Field(description="What the move did, in words.")
    reply_turn: int | None = None
    reply: str = Field("", description="The trainee's answer, verbatim (trimmed).")
    handling: Handling | None = None
    note: str = ""


class JudgeVersusFacts(Record):
    """A judge check that a computed fact also answers, side by side: the fact stands; a disagreement is shown."""

    check: str = Field(description="The judge check's id.")
    judge: bool
    facts: bool
    basis: str = Field(description="What the fact rests on, in words.")

    @property
    def agree(self) -> bool:
        return self.judge == self.facts


class Scorecard(Record):
    format: Literal["winwin-scorecard"] = "winwin-scorecard"
    version: int = SCORECARD_VERSION
    transcript: str
    scenario: str
    persona: str
    tactic: str
    trainee: str | None = None
    dimensions: dict[str, Dimension]
    deal: DealFacts
    interests: InterestFacts
    tactic_timeline: list[TacticEvent] = Field(default_factory=list)
    coaching: list[CoachingTip] = Field(default_factory=list)
    judge: JudgeReport | None = None
    judge_vs_facts: list[JudgeVersusFacts] = Field(
        default_factory=list, description="The judge's checks that a fact also answers, with the fact beside them."
    )
    unscored_turns: list[int] = Field(default_factory=list, description="Turns after the call ended, not scored.")
    reread: bool = Field(False, description="The transcript carried no reading of its turns; they were read now.")

    def to_json(self) -> str:
        """Deterministic JSON: the same scorecard always gives the same bytes."""
        data = _rounded(self.model_dump(mode="json"))
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def scores(self) -> dict[str, float]:
        """The dimensions that have a score, for the store's history and progress."""
        return {name: float(d.score) for name, d in self.dimensions.items() if d.score is not None}


def _rounded(data: object) -> object:
    if isinstance(data, float):
        return round(data, _DECIMALS)
    if isinstance(data, dict):
        return {k: _rounded(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_rounded(v) for v in data]
    return data


# --- helpers every dimension uses -------------------------------------------------------------------------------


def quote(text: str, prefer: str = "") -> str:
    """A verbatim piece of `text`: its first sentence containing `prefer` (else the first sentence), <= 160 chars."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    wanted = prefer.lower()
    picked = next((s for s in sentences if wanted and wanted in s.lower()), sentences[0] if sentences else "")
    return picked if len(picked) <= MAX_QUOTE else picked[: MAX_QUOTE - 1].rstrip() + "…"


def quote_matching(text: str, *patterns: re.Pattern[str]) -> str:
    """The sentence that matched: the first sentence the first matching pattern finds, else the first sentence."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    for pattern in patterns:
        found = next((s for s in sentences if pattern.search(s)), None)
        if found is not None:
            return quote(found)
    return quote(text)


def cite_matching(turn: Turn, check: str, passed: bool | None, *patterns: re.Pattern[str]) -> Evidence:
    """Evidence that quotes the sentence the check rests on, not the turn's first sentence."""
    said = quote_matching(turn.text, *patterns)
    return Evidence(turn=turn.index, speaker=turn.speaker, quote=said, check=check, passed=passed)


def cite(turn: Turn, check: str, passed: bool | None, prefer: str = "") -> Evidence:
    return Evidence(turn=turn.index, speaker=turn.speaker, quote=quote(turn.text, prefer), check=check, passed=passed)


def part(name: str, weight: float, value: float | None, explain: str) -> Component:
    """A positive term; its points are set by `dimension` once the applicable weights are known."""
    clamped = None if value is None else min(1.0, max(0.0, value))
    return Component(name=name, weight=weight, value=clamped, points=0.0, explain=explain)


def penalty(name: str, weight: float, value: float, explain: str) -> Component:
    clamped = min(1.0, max(0.0, value))
    return Component(name=name, weight=weight, value=clamped, points=-weight * clamped, explain=explain, penalty=True)


def dimension(
    formula: str, components: list[Component], figures: dict[str, Figure], evidence: list[Evidence]
) -> Dimension:
    """Score = 100 x (weighted mean of the applicable parts) - penalties, clamped to 0-100 and rounded."""
    parts = [c for c in components if not c.penalty and c.value is not None]
    total = sum(c.weight for c in parts)
    scored = [
        c.model_copy(update={"points": 100 * c.weight * c.value / total})
        if not c.penalty and c.value is not None and total
        else c
        for c in components
    ]
    score = None if not total else round(min(100.0, max(0.0, sum(c.points for c in scored))))
    return Dimension(score=score, formula=formula, components=scored, figures=figures, evidence=evidence)


def share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Exchange:
    """A counterpart turn and the trainee's reply to it: every trainee turn until the counterpart speaks again."""

    said: Turn | None  # None for trainee turns before the counterpart's first
    reply: tuple[Turn, ...]

    def reply_has(self, *acts: str) -> bool:
        return any(a in t.acts for t in self.reply for a in acts)

    @property
    def proposes(self) -> bool:
        return any(t.terms for t in self.reply)


def exchanges(turns: Sequence[Turn]) -> list[Exchange]:
    found: list[Exchange] = []
    said: Turn | None = None
    reply: list[Turn] = []
    for turn in turns:
        if turn.speaker == "counterpart":
            if said is not None or reply:
                found.append(Exchange(said, tuple(reply)))
            said, reply = turn, []
        else:
            reply.append(turn)
    if said is not None or reply:
        found.append(Exchange(said, tuple(reply)))
    return found


def kinds(turn: Turn) -> set[str]:
    return {m.kind for m in turn.moves}


# The counterpart moves that settle terms: after one of these, the trainee's words just before it committed them.
AGREEING = frozenset({"accept", "close", "accept_reprice", "nibble_trade"})


def spoken(reply: Sequence[Turn]) -> Turn:
    """The first turn of a reply in which anything was read (acts or terms), else its first: the one to cite."""
    return next((t for t in reply if t.acts or t.terms), reply[0])


# Asking where a number comes from, in the ways people put it beyond the reader's own challenge words.
_ASKS_BASIS = re.compile(
    r"\b(how (did|do) you (come|arrive|get) (up )?(at|to|with)|how do you justify|walk me through|based on what|"
    r"what('?s| is) behind (that|this|the) (number|figure|price)|how was (that|this) (number|figure|price) (set|"
    r"calculated|worked out)|"
    r"where('?s| is| does| did) (that|this|the|your) (number|figure|price|amount|quote)( \w+)? (come|coming) from|"
    r"how did you (land on|get to|reach|work out|settle on)|why (that|this) (number|figure|price|amount)|what('?s| is) "
    r"(that|this|it) based on|what makes (that|this|it) (fair|the right (number|price)))",
    re.I,
)


def asks_basis(turn: Turn) -> bool:
    """The reader's own challenge act, or the words; read from the text alone, as scoring must stay fast."""
    return "challenge" in turn.acts or bool(_ASKS_BASIS.search(turn.text))


def says_yes(turn: Turn) -> bool:
    return "accept" in turn.acts or bool(_ASSENT.search(turn.text))


def agreeing(reply: Sequence[Turn]) -> Turn:
    """The turn of a reply that said yes: terms or an accept act, else a plain "sure"/"okay", else the first spoken."""
    accepted = next((t for t in reply if t.terms or "accept" in t.acts), None)
    assented = next((t for t in reply if _ASSENT.search(t.text)), None)
    return accepted or assented or spoken(reply)


@dataclass(frozen=True)
class Call:
    """What every dimension reads: the scored turns, the deal space, and the call cut into exchanges."""

    transcript: Transcript
    scenario: Scenario
    persona: Persona
    space: DealSpace
    exchanges: tuple[Exchange, ...]

    @classmethod
    def of(cls, transcript: Transcript, scenario: Scenario, persona: Persona, space: DealSpace) -> "Call":
        return cls(transcript, scenario, persona, space, tuple(exchanges(transcript.turns)))

    @property
    def turns(self) -> list[Turn]:
        return self.transcript.turns

    def first_commitment(self) -> Turn | None:
        """The trainee's first turn that put terms down or agreed to the counterpart's."""
        for k, ex in enumerate(self.exchanges):
            following = self.exchanges[k + 1].said if k + 1 < len(self.exchanges) else None
            for turn in ex.reply:
                if turn.terms:
                    return turn
            if ex.reply and following is not None and kinds(following) & AGREEING:
                return agreeing(ex.reply)
        return None

    def reveals(self) -> list[tuple[Turn, str]]:
        """(counterpart turn, interest id) for each hidden interest of the scenario, the first time it came out."""
        known = {h.id for h in self.scenario.hidden_interests}
        seen: list[tuple[Turn, str]] = []
        for turn in self.turns:
            for m in turn.moves:
                if m.kind == "reveal" and m.interest in known and m.interest not in {i for _, i in seen}:
                    seen.append((turn, m.interest))
        return seen

    def reply_to(self, turn: Turn) -> tuple[Turn, ...]:
        return next((ex.reply for ex in self.exchanges if ex.said is turn), ())

    def asked_before(self, turn: Turn) -> tuple[Turn, ...]:
        """The trainee's turns just before a counterpart turn: what it was answering."""
        for k, ex in enumerate(self.exchanges):
            if ex.said is turn:
                return self.exchanges[k - 1].reply if k else ()
        return ()

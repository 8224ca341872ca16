"""How the counterpart conducted a call, measured on its transcript: lines said twice, replies that open like the one
before, trainee questions left unanswered, and moves that run against an interest it had revealed."""

from collections.abc import Iterable
from itertools import pairwise

from pydantic import BaseModel

from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.scenario import Scenario

# Replies made only of these answer nothing a trainee asked.
_EMPTY = frozenset({"nudge", "acknowledge", "dissatisfied"})


class Conduct(BaseModel):
    counterpart_lines: int = 0
    repeated_lines: int = 0  # a reply said word for word earlier in the call
    repeated_openers: int = 0  # a reply that opens with the same sentence as the reply before it
    questions: int = 0
    unanswered: int = 0  # a trainee question whose reply answers nothing of it
    contradictions: int = 0  # a nibble or a strip against an interest the counterpart had revealed

    def __add__(self, other: "Conduct") -> "Conduct":
        return Conduct(**{k: getattr(self, k) + getattr(other, k) for k in Conduct.model_fields})

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def conduct_of(transcript: Transcript, scenario: Scenario) -> Conduct:
    replies = transcript.counterpart_turns()
    texts = [t.text for t in replies]
    openers = [_opener(t) for t in texts]
    asked = [(t, _reply_to(transcript, t)) for t in transcript.trainee_turns() if "question" in t.acts]
    return Conduct(
        counterpart_lines=len(texts),
        repeated_lines=sum(1 for i, t in enumerate(texts) if t in texts[:i]),
        repeated_openers=sum(1 for a, b in pairwise(openers) if a and a == b),
        questions=len(asked),
        unanswered=sum(1 for _, reply in asked if reply is not None and {m.kind for m in reply.moves} <= _EMPTY),
        contradictions=_contradictions(transcript, scenario),
    )


def total(conducts: Iterable[Conduct]) -> Conduct:
    out = Conduct()
    for c in conducts:
        out = out + c
    return out


def _opener(text: str) -> str:
    return text.split(". ", 1)[0].split("? ", 1)[0].split("! ", 1)[0].strip().lower()


def _reply_to(transcript: Transcript, turn: Turn) -> Turn | None:
    later = [t for t in transcript.turns if t.index > turn.index]
    return later[0] if later and later[0].speaker == "counterpart" else None


def _toward(scenario: Scenario, issue: str, terms: dict[str, str], option: str, told: dict[str, str]) -> bool:
    """Whether asking for `option` keeps to what it told: toward the option it said it needs, never on an issue it
    said it hardly needs."""
    favoured = told[issue]
    if not favoured or issue not in terms:
        return False
    ids = [o.id for o in scenario.issue(issue).options]
    return abs(ids.index(option) - ids.index(favoured)) < abs(ids.index(terms[issue]) - ids.index(favoured))


def _contradictions(transcript: Transcript, scenario: Scenario) -> int:
    """Nibbles on an issue it said it hardly needs, or away from what it said it needs; strips of what it needs."""
    told: dict[str, str] = {}
    found = 0
    for turn in transcript.counterpart_turns():
        for move in turn.moves:
            if move.kind == "reveal" and move.interest:
                interest = scenario.interest(move.interest)
                price = {i.id for i in scenario.issues_tagged("price")}
                told.update({i: "" for i in interest.issues if i not in price and i not in told})
                told.update(interest.favours)
            elif move.kind == "nibble":
                found += sum(
                    1 for i, o in move.extra.items() if i in told and not _toward(scenario, i, move.terms, o, told)
                )
            elif move.kind == "dismantle" and move.item and told.get(move.item):
                found += told[move.item] != scenario.issue(move.item).options[0].id
    return found

"""Holding a finished call to what the trainee meant: the deal invariants, and the lines the reader misread.

The meanings come from the trainee's own record (`Said`), never from what the reader read, so a reader that turns
"48k won't work for us" into an offer of $48,000 shows up here as a broken invariant and a misread line.
"""

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Transcript, Turn
from trainer.selfplay.lines import Said

Invariant = Literal["refused", "walk_away", "unproposed", "no_yes"]
INVARIANTS: tuple[Invariant, ...] = ("refused", "walk_away", "unproposed", "no_yes")
INVARIANT_TEXT = {
    "refused": "no deal on terms the trainee refused (unless later proposed or accepted)",
    "walk_away": "no deal after a walk-away",
    "unproposed": "no deal on terms nobody proposed: the deal is a package the trainee proposed or said yes to",
    "no_yes": "no deal closed on an acknowledgement, a question or any line that neither proposes nor says yes",
}
_NO_OFFER = frozenset({"small_talk", "question", "challenge", "reflect", "acknowledge", "walk_away"})


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    invariant: Invariant
    holds: bool
    detail: str = ""


class Misread(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    meant: str
    read: str


def offer_in(moves: Sequence[Move]) -> dict[str, str]:
    """The package a counterpart turn put on the table, or {} when it offered nothing.

    Any move with terms counts (a confirmation question too), a nibble with its extra; a close ends the call.
    """
    for m in moves:
        if m.kind == "nibble" and m.terms:
            return {**m.terms, **m.extra}
        if m.terms and m.kind != "close":
            return dict(m.terms)
    return {}


def standing_offers(transcript: Transcript) -> list[dict[str, str]]:
    """For each trainee turn in order, the counterpart's offer on the table when it was typed ({} if none yet)."""
    found: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for turn in transcript.turns:
        if turn.speaker == "counterpart":
            current = offer_in(turn.moves) or current
        else:
            found.append(dict(current))
    return found


def check(transcript: Transcript, said: Sequence[Said], issues: Sequence[str]) -> list[Verdict]:
    """The four invariants over a finished call, against what each sent line meant (aligned with trainee turns)."""
    deal = transcript.outcome.terms if transcript.outcome.status == "deal" else None
    said = list(said)[: len(transcript.trainee_turns())]
    if deal is None:
        return [Verdict(invariant=i, holds=True, detail="no deal") for i in INVARIANTS]
    made = packages_made(said, standing_offers(transcript))
    agreed = any(all(p.get(k) == deal.get(k) for k in issues) for p in made)
    return [
        _refused(deal, said),
        _walked(said),
        Verdict(invariant="unproposed", holds=agreed, detail="" if agreed else f"deal {deal} matches nothing made"),
        _said_yes(said[-1] if said else None, agreed),
    ]


def _refused(deal: dict[str, str], said: list[Said]) -> Verdict:
    for i, line in enumerate(said):
        for k, v in line.refuses.items():
            later = [s for s in said[i + 1 :] if any(p.get(k) == v for p in (*offered(s), s.accepts))]
            if deal.get(k) == v and not later:
                return Verdict(invariant="refused", holds=False, detail=f"refused {k}={v} in {line.text!r}")
    return Verdict(invariant="refused", holds=True)


def offered(line: Said) -> list[dict[str, str]]:
    """Every package a line put on the table: its proposal and the alternatives offered with it."""
    return [p for p in (line.proposes, *line.alternatives) if p]


def _walked(said: list[Said]) -> Verdict:
    walked = next((s for s in said if "walk_away" in s.intents), None)
    if walked is None:
        return Verdict(invariant="walk_away", holds=True)
    return Verdict(invariant="walk_away", holds=False, detail=f"deal after {walked.text!r}")


def packages_made(said: Sequence[Said], offers: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Every package the trainee proposed or said yes to; `offers` is their offer on the table at each line."""
    made: list[dict[str, str]] = []
    last_full: dict[str, str] = {}
    for line, offer in zip(said, offers, strict=False):
        if line.accepts:
            made.append(line.accepts)
        if line.full:
            made += offered(line)
            last_full = line.proposes or last_full
        else:
            # A partial offer means 'and the rest as it stands': as their offer, or as our last full package.
            made += [{**base, **p} for p in offered(line) for base in (offer, last_full) if base]
    return made


def _said_yes(closing: Said | None, agreed: bool) -> Verdict:
    """The closing line proposed or said yes; a refused nibble may close a deal the trainee had already made."""
    intents = set(closing.intents) if closing else set()
    if intents & {"propose", "accept"} or ("refuse" in intents and agreed):
        return Verdict(invariant="no_yes", holds=True)
    text = closing.text if closing else "(no line)"
    meant = ", ".join(closing.intents) if closing else "nothing"
    return Verdict(invariant="no_yes", holds=False, detail=f"closed on {text!r} ({meant})")


def misreads(turns: Sequence[Turn], said: Sequence[Said]) -> list[Misread]:
    """The trainee lines whose reading contradicts what they meant: lost or changed offers, invented ones, no yes."""
    found = []
    for turn, line in zip([t for t in turns if t.speaker == "trainee"], said, strict=False):
        problem = _misread(turn, line)
        if problem:
            found.append(Misread(text=line.text, meant=_meaning(line), read=problem))
    return found


def _misread(turn: Turn, line: Said) -> str:
    read = f"acts={turn.acts} terms={turn.terms}"
    if any(turn.terms.get(k) == v for k, v in line.refuses.items()):
        return f"refused terms read as proposed: {read}"
    if "accept" in line.intents and "accept" not in turn.acts and not line.proposes:
        return f"yes not read: {read}"
    if set(line.intents) <= _NO_OFFER and (turn.terms or "accept" in turn.acts):
        return f"offer or yes invented: {read}"
    if "reflect" in line.intents and "reflection" not in turn.acts:
        return f"say-back not read: {read}"
    if not line.proposes or turn.terms == line.proposes or line.alternatives:
        return ""
    if not turn.terms:
        return f"offer lost: {read}"
    if any(line.proposes.get(k) != v for k, v in turn.terms.items()):
        return f"offer changed: {read}"
    # A consistent part of a package: right for a line that said only the change, if the state fills the rest.
    return f"package partly read: {read}" if line.full else ""


def _meaning(line: Said) -> str:
    parts = ["+".join(line.intents)]
    parts += [f"proposes {line.proposes}"] if line.proposes else []
    parts += [f"refuses {line.refuses}"] if line.refuses else []
    parts += [f"accepts {line.accepts}"] if line.accepts else []
    return "; ".join(parts)

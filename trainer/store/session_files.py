"""Sessions as files: a transcript to JSON (the format `winwin score` reads) or to Markdown, and JSON read back in.

Reading checks everything at the door: a file that is not JSON, not a winwin transcript, from a newer winwin, or
wrong in any field gives one SessionFileError that names the file and the field, and nothing of it is used.
"""

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import SCHEMA_VERSION, Transcript, Turn

FORMAT = "winwin-transcript"
MAX_FILE_BYTES = 50_000_000  # far above any real session; stops a wrong file from filling memory
_SHOWN_ERRORS = 3


class SessionFileError(Exception):
    """A file that is not a usable winwin transcript."""

    def __init__(self, source: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")
        self.source, self.field = source, field


def to_json(transcript: Transcript) -> str:
    return transcript.model_dump_json(indent=2) + "\n"


def read_transcript(path: Path) -> Transcript:
    """A transcript from a JSON file, checked; SessionFileError names the file otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionFileError(str(path), f"{size:,} bytes is too big for a transcript")
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise SessionFileError(str(path), f"cannot read it: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise SessionFileError(str(path), f"not UTF-8 text (byte {e.start}), so not a winwin transcript") from e
    return parse_transcript(text, str(path))


def parse_transcript(text: str, source: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SessionFileError(source, f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from e
    if not isinstance(data, dict):
        raise SessionFileError(source, f"expected a JSON object (a winwin transcript), found {_kind(data)}")
    _check_header(data, source)
    try:
        transcript = Transcript.model_validate(data)
    except ValidationError as e:
        raise _validation_error(e, source) from e
    for position, turn in enumerate(transcript.turns):
        if turn.index != position:
            raise SessionFileError(
                source,
                f"expected {position} (turns are numbered from 0, in order), found {turn.index}",
                f"turns.{position}.index",
            )
    return transcript


def _check_header(data: dict[str, Any], source: str) -> None:
    """A foreign JSON file (or one from a newer winwin) is told apart before its fields are checked."""
    if "format" not in data:
        raise SessionFileError(source, f'not a winwin transcript: it has no "format": "{FORMAT}" field')
    if data["format"] != FORMAT:
        raise SessionFileError(source, f"{data['format']!r} is not a winwin transcript ({FORMAT!r})", "format")
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise SessionFileError(
            source, f"{version} is newer than this winwin reads ({SCHEMA_VERSION}): upgrade winwin", "schema_version"
        )
    if version != SCHEMA_VERSION:
        raise SessionFileError(
            source, f"{version!r} is not a version winwin knows ({SCHEMA_VERSION})", "schema_version"
        )


def _validation_error(error: ValidationError, source: str) -> SessionFileError:
    problems = error.errors()
    fields = [".".join(str(part) for part in p["loc"]) or "(top level)" for p in problems]
    shown = [f"{field}: {p['msg']}{_found(p)}" for field, p in zip(fields, problems, strict=True)][:_SHOWN_ERRORS]
    more = f" (and {len(problems) - _SHOWN_ERRORS} more)" if len(problems) > _SHOWN_ERRORS else ""
    message = "; ".join(shown) + more
    # The first field leads the message, as every other error names its field first.
    return SessionFileError(source, message.removeprefix(f"{fields[0]}: "), fields[0])


def _found(problem: Any) -> str:
    if problem["type"] in ("missing", "extra_forbidden"):
        return ""
    shown = repr(problem["input"])
    return f" (found {shown if len(shown) <= 40 else shown[:37] + '...'})"


def _kind(data: object) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}.get(
        type(data), "null"
    )


def describe_move(move: Move) -> str:
    """A move in a few words: its kind and what it carries."""
    parts: list[str] = [move.kind]
    if move.terms:
        parts.append("(" + _terms(move.terms) + ")")
    if move.interest:
        parts.append(f"interest {move.interest}")
    if move.extra:
        parts.append("extra " + _terms(move.extra))
    if move.item:
        parts.append(f"item {move.item}")
    if move.amount:
        parts.append(f"amount {move.amount!r}")
    return " ".join(parts)


def describe_turn(turn: Turn) -> str:
    """What was understood of a trainee's turn, or what a counterpart's turn decided; "" if nothing."""
    parts = []
    if turn.acts:
        parts.append("acts: " + ", ".join(turn.acts))
    if turn.terms:
        parts.append("terms: " + _terms(turn.terms))
    if turn.ambiguous:
        parts.append("unclear: " + ", ".join(turn.ambiguous))
    if turn.moves:
        parts.append("moves: " + "; ".join(describe_move(m) for m in turn.moves))
    return " · ".join(parts)


def _terms(terms: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in terms.items())


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def to_markdown(transcript: Transcript, scores: Mapping[str, float] | None = None) -> str:
    """The session for people: a header of facts, then every turn with what was understood or decided."""
    t = transcript
    lines = [f"# Session {t.id}: {t.scenario} with {t.persona}", ""]
    lines += [f"- {label}: {value}" for label, value in _facts(t, scores or {}) if value]
    lines += ["", "## Turns", ""]
    for turn in t.turns:
        who = (t.trainee or "Trainee") if turn.speaker == "trainee" else f"{t.persona} (counterpart)"
        about = describe_turn(turn)
        lines.append(f"**{turn.index} · {who}**" + (f" · {about}" if about else ""))
        lines.append("")
        lines += [f"> {line}" if line else ">" for line in (turn.text or "(nothing said)").splitlines()]
        lines.append("")
    return "\n".join(lines)


def _facts(t: Transcript, scores: Mapping[str, float]) -> list[tuple[str, str]]:
    outcome = t.outcome.status.replace("_", " ") + (f" ({_terms(t.outcome.terms)})" if t.outcome.terms else "")
    backend = t.backend.kind + (f", model {t.backend.model}" if t.backend.model else "")
    return [
        ("Trainee", t.trainee or ""),
        ("Started", when(t.started_at)),
        ("Ended", when(t.ended_at) if t.ended_at else ""),
        ("Outcome", outcome),
        ("Turns", str(len(t.turns))),
        ("Scores", ", ".join(f"{k} {v:g}" for k, v in scores.items())),
        ("Voice", f"{backend}, seed {t.seed}"),
        ("Retried from", f"{t.parent} at turn {t.parent_turn}" if t.parent else ""),
    ]

"""Sessions as files: a transcript to JSON (the format `winwin score` reads) or to Markdown, and JSON read back in.

Reading checks everything at the door: a file that is not JSON, not a winwin transcript, from a newer winwin, or
wrong in any field gives one SessionFileError that names the file and the field, and nothing of it is used.
"""

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import SCHEMA_VERSION, Transcript, Turn
from trainer.files.library import Library, UnknownIdError, one_line
from trainer.files.scenario import Scenario

FORMAT = "winwin-transcript"
MAX_FILE_BYTES = 50_000_000  # far above any real session; stops a wrong file from filling memory
MAX_DEPTH = 16  # a transcript nests 6 deep; json.loads recurses per level and fails near 1,000
MAX_DIGITS = 30  # no count or seed needs more; int() of thousands of digits fails
INT_LIMIT = 2**63  # every whole number is stored in a 64-bit column
_SHOWN_ERRORS = 3
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")


class SessionFileError(Exception):
    """A file that is not a usable winwin transcript."""

    def __init__(self, source: str, message: str, field: str | None = None) -> None:
        message = one_line(message, 500)  # one problem, one line of output, whatever the file held
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
    """A checked transcript; limits (depth, number length) are checked before the JSON is built."""
    data = _load_json(text, source)
    if not isinstance(data, dict):
        raise SessionFileError(source, f"expected a JSON object (a winwin transcript), found {_kind(data)}")
    _check_header(data, source)
    for field, message in _bad_values(data, ""):
        raise SessionFileError(source, message, field)
    try:
        transcript = Transcript.model_validate(data)
    except ValidationError as e:
        raise _validation_error(e, source) from e
    _check_fields(transcript, source)
    return transcript


def _load_json(text: str, source: str) -> Any:
    _check_depth(text, source)

    def whole_number(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise SessionFileError(source, f"a number of {len(digits):,} digits; the limit is {MAX_DIGITS}")
        return int(digits)

    def constant(name: str) -> float:
        raise SessionFileError(source, f"not JSON: {name} is not a number JSON allows")

    try:
        return json.loads(text, parse_int=whole_number, parse_constant=constant)
    except json.JSONDecodeError as e:
        raise SessionFileError(source, f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from e
    except RecursionError as e:  # the depth check missed a way to nest; never a traceback
        raise SessionFileError(source, f"nested deeper than {MAX_DEPTH} levels") from e


def _check_depth(text: str, source: str) -> None:
    """Refuses JSON nested deeper than MAX_DEPTH without building it: with strings blanked and everything but
    brackets dropped (both in C, fast on 50 MB), each round removes the innermost [] and {} pairs."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        brackets, removed = _PAIR.subn("", brackets)
        if not removed:
            return  # balanced and shallow, or malformed: json.loads says which
    if _PAIR.search(brackets):
        raise SessionFileError(source, f"nested deeper than {MAX_DEPTH} levels; a winwin transcript nests 6")


def _bad_values(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Values JSON allows that no winwin field can hold or store: lone surrogates, whole numbers past 64 bits."""
    if isinstance(node, str):
        if not _is_text(node):
            yield path or "(top level)", "contains a lone surrogate escape (\\ud800-\\udfff), which is not text"
    elif isinstance(node, int) and not isinstance(node, bool) and not -INT_LIMIT <= node < INT_LIMIT:
        yield path or "(top level)", f"{node} is out of range; whole numbers must fit in 64 bits"
    elif isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if not _is_text(key):
                yield path or "(top level)", "a key contains a lone surrogate escape, which is not text"
            yield from _bad_values(value, where)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _bad_values(value, f"{path}.{n}")


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_fields(t: Transcript, source: str) -> None:
    """What the model allows but the store and the replay cannot use: the id, turn order, times out of range."""
    if not _ID.match(t.id):
        raise SessionFileError(source, f"{_short(t.id)}: use 1-64 letters, digits, - and _", "id")
    for position, turn in enumerate(t.turns):
        if turn.index != position:
            raise SessionFileError(
                source,
                f"expected {position} (turns are numbered from 0, in order), found {turn.index}",
                f"turns.{position}.index",
            )
    times = [("started_at", t.started_at)] + ([("ended_at", t.ended_at)] if t.ended_at else [])
    times += [(f"turns.{n}.at", turn.at) for n, turn in enumerate(t.turns)]
    for field, moment in times:
        try:
            (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).astimezone(
                UTC
            )  # the store keeps UTC; a zone offset at year 1 or 9999 cannot be converted
        except (OverflowError, ValueError) as e:
            raise SessionFileError(source, f"{moment.isoformat()} cannot be converted to UTC ({e})", field) from e


def check_replayable(t: Transcript, library: Library, source: str) -> None:
    """A transcript the library can replay and score: its scenario and persona exist, it has turns, and every
    issue, option, interest and item it names is the scenario's. SessionFileError names the first field at fault."""
    try:
        scenario = library.scenario(t.scenario)
    except UnknownIdError as e:
        raise SessionFileError(source, str(e), "scenario") from e
    try:
        library.persona(t.persona)
    except UnknownIdError as e:
        raise SessionFileError(source, str(e), "persona") from e
    if not t.turns:
        raise SessionFileError(source, "no turns: there is nothing to replay or score", "turns")
    for field, problem in _unknown_names(t, scenario):
        raise SessionFileError(source, problem, field)


def _unknown_names(t: Transcript, scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Each field naming an issue, option, interest or item the scenario does not have, with what is wrong."""
    interests, issues = {h.id for h in scenario.hidden_interests}, {i.id for i in scenario.issues}
    named: list[tuple[str, Mapping[str, str]]] = [("outcome.terms", t.outcome.terms)]
    for n, turn in enumerate(t.turns):
        named.append((f"turns.{n}.terms", turn.terms))
        for m, move in enumerate(turn.moves):
            where = f"turns.{n}.moves.{m}"
            named += [(f"{where}.terms", move.terms), (f"{where}.extra", move.extra)]
            if move.interest is not None and move.interest not in interests:
                yield where, f"no hidden interest {move.interest!r} in {t.scenario!r}"
            if move.item is not None and move.item not in issues:
                yield f"{where}.item", f"no issue {move.item!r} in {t.scenario!r}"
    for field, terms in named:
        problem = scenario.terms_problem(terms)
        if problem:
            yield field, problem


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
    return f" (found {_short(problem['input'])})"


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


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

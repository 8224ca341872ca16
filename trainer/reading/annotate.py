"""`winwin annotate`: tag utterances with dialogue acts, JSON lines in and JSON lines out.

Each input line is {"id", "text", "context": [{"speaker": "self"|"other", "text"}]} (other keys are ignored, so
labelled data can be fed as it is); each output line is {"id", "acts": [...]}, in input order. The first bad line
stops the run with an error that names the line, what is wrong and what was expected.
"""

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import ValidationError

from trainer.reading.acts import ContextTurn, detect_acts

_EXPECTED = 'expected {"id": ..., "text": "...", "context": [{"speaker": "self" or "other", "text": "..."}]}'


class AnnotateError(ValueError):
    """A malformed input line; the message names the line number, the problem and what was expected."""


def annotate_lines(lines: Iterable[str]) -> Iterator[str]:
    """One {"id", "acts"} JSON line (without newline) per input line; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row = _parse(line, number)
        text, context = _fields(row, number)
        yield json.dumps({"id": row["id"], "acts": detect_acts(text, context)}, ensure_ascii=False)


def run(stdin: TextIO, stdout: TextIO) -> int:
    """Annotate stdin to stdout; 0 on success, 1 (with `annotate: line N: ...` on stderr) on bad input."""
    try:
        for out in annotate_lines(stdin):
            stdout.write(out + "\n")
    except AnnotateError as error:
        print(f"annotate: {error}", file=sys.stderr)
        return 1
    return 0


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise AnnotateError(
            f"line {number}: not valid JSON ({error.msg} at column {error.colno}); {_EXPECTED}"
        ) from None
    if not isinstance(row, dict):
        raise AnnotateError(f"line {number}: a JSON {type(row).__name__}, not an object; {_EXPECTED}")
    return row


def _fields(row: dict[str, Any], number: int) -> tuple[str, list[ContextTurn]]:
    for field in ("id", "text"):
        if field not in row:
            raise AnnotateError(f'line {number}: missing field "{field}"; {_EXPECTED}')
    if not isinstance(row["text"], str):
        raise AnnotateError(f'line {number}: field "text" must be a string; {_EXPECTED}')
    return row["text"], _context(row.get("context", []), number)


def _context(raw: object, number: int) -> list[ContextTurn]:
    if not isinstance(raw, list):
        raise AnnotateError(f'line {number}: field "context" must be a list of turns; {_EXPECTED}')
    turns = []
    for index, turn in enumerate(raw):
        if isinstance(turn, dict):  # extra keys in a turn are ignored like extra keys in the row
            turn = {key: turn[key] for key in ("speaker", "text") if key in turn}
        try:
            turns.append(ContextTurn.model_validate(turn))
        except ValidationError as error:
            problem = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'turn'}: {e['msg']}" for e in error.errors())
            raise AnnotateError(f'line {number}: "context" turn {index}: {problem}; {_EXPECTED}') from None
    return turns


if __name__ == "__main__":
    raise SystemExit(run(sys.stdin, sys.stdout))

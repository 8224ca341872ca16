"""`winwin read`: what the counterpart reads in trainee messages, JSON lines in and JSON lines out.

Each input line is {"id", "scenario", "text", "context": [{"speaker": "self"|"other", "text"}]}; each output line is
{"id", "proposes", "alternatives", "refuses", "acts", "notes"}, in input order (the format of READING.md). A bad line
is reported on stderr with its number and what was expected, and the rest are still read; the exit code is then 1.
"""

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import ValidationError

from trainer.cli.base import Commands, command
from trainer.files.library import Library, load_library
from trainer.reading.acts import ContextTurn
from trainer.reading.message import read_message

_EXPECTED = (
    'expected {"id": ..., "scenario": "pos-boutique", "text": "...", '
    '"context": [{"speaker": "self" or "other", "text": "..."}]}'
)


class ReadLineError(ValueError):
    """One input line that cannot be read; the message names the line and what was expected."""


def register(commands: Commands) -> None:
    command(
        commands,
        "read",
        "what the counterpart reads in trainee messages (JSON lines in and out)",
        _run,
        "Read trainee messages as the counterpart does. Each stdin line is a JSON object with id, scenario (a "
        "scenario id), text and context (earlier turns, oldest first; speaker 'self' is the trainee). Each stdout "
        "line gives the terms proposed, the either/or packages, the terms refused, the dialogue acts and notes "
        "(how amounts were rounded or converted). Bad lines are reported on stderr and skipped; the exit code is "
        "then 1.",
    )


def _run(args: argparse.Namespace) -> int:
    return run(sys.stdin, sys.stdout, sys.stderr, load_library())


def run(stdin: TextIO, stdout: TextIO, stderr: TextIO, library: Library) -> int:
    failed = 0
    for out in read_lines(stdin, library):
        if isinstance(out, ReadLineError):
            print(f"winwin read: {out}", file=stderr)
            failed += 1
        else:
            stdout.write(out + "\n")
    return 1 if failed else 0


def read_lines(lines: Iterable[str], library: Library) -> Iterator[str | ReadLineError]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _read_line(line, number, library)
        except ReadLineError as error:
            yield error


def _read_line(line: str, number: int, library: Library) -> str:
    row = _parse(line, number)
    scenario_id = row.get("scenario")
    if not isinstance(scenario_id, str) or scenario_id not in library.scenarios:
        known = ", ".join(sorted(library.scenarios))
        raise ReadLineError(f"line {number}: unknown scenario {scenario_id!r}; known scenarios: {known}")
    text = row.get("text")
    if not isinstance(text, str):
        raise ReadLineError(f'line {number}: field "text" must be a string; {_EXPECTED}')
    context = _context(row.get("context", []), number)
    reading = read_message(text, library.scenarios[scenario_id], context)
    out = {"id": row.get("id"), **reading.model_dump(include={"proposes", "alternatives", "refuses", "acts", "notes"})}
    return json.dumps(out, ensure_ascii=False)


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ReadLineError(f"line {number}: not valid JSON ({error}); {_EXPECTED}") from None
    if not isinstance(row, dict) or "id" not in row:
        raise ReadLineError(f"line {number}: not a JSON object with an id; {_EXPECTED}")
    return row


def _context(raw: object, number: int) -> list[ContextTurn]:
    if not isinstance(raw, list):
        raise ReadLineError(f'line {number}: field "context" must be a list of turns; {_EXPECTED}')
    try:
        return [ContextTurn.model_validate({k: t.get(k) for k in ("speaker", "text")}) for t in raw]
    except (ValidationError, AttributeError):
        raise ReadLineError(f'line {number}: a "context" turn is not {{"speaker", "text"}}; {_EXPECTED}') from None

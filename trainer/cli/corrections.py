"""`winwin corrections export`: every reading a trainee corrected, as a READING-format JSON line (a test case).

Each line is {"id": "<session>-<turn>", "scenario", "text", "context": up to six earlier turns with speaker "self"
(the trainee) or "other", "proposes", "alternatives", "refuses", "acts" (what the trainee said they meant), and
"heard" (what the counterpart read), so a real misreading can be reviewed and turned into a reader test.
"""

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.cli.base import CliError, Commands, command
from trainer.counterpart.transcript import Heard, Transcript
from trainer.store.database import Store

CONTEXT_TURNS = 6


def register(commands: Commands) -> None:
    p = command(
        commands,
        "corrections",
        "the readings trainees corrected, as reader test cases",
        _help,
        "Work with the readings trainees corrected with 'Not what I meant' in the app.",
    )
    sub = p.add_subparsers(title="commands", metavar="COMMAND")
    e = command(
        sub,
        "export",
        "write every stored correction as a JSON line in the reading format",
        _export,
        "Write every stored correction as one JSON line: id (session-turn), scenario, text, context (up to six "
        "earlier turns, speaker 'self' for the trainee), the corrected proposes/alternatives/refuses/acts, and "
        "'heard', what the counterpart read. Sessions are read from WINWIN_DATABASE_URL if set, else winwin.db "
        "in your winwin folder.",
    )
    e.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")


def _help(args: argparse.Namespace) -> int:
    print("usage: winwin corrections export [--out FILE]", file=sys.stderr)
    return 2


def _export(args: argparse.Namespace) -> int:
    out: Path | None = args.out
    if out is not None and not out.parent.exists():
        raise CliError(f"--out: folder {out.parent} does not exist; create it or choose another file")
    with Store.open() as store:
        lines = [
            json.dumps(row, ensure_ascii=False)
            for sid in store.corrected_sessions()
            for row in rows_of(store.load(sid))
        ]
    text = "".join(line + "\n" for line in lines)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        print(f"{len(lines)} correction(s) written to {out}", file=sys.stderr)
    return 0


def rows_of(transcript: Transcript) -> Iterator[dict[str, Any]]:
    """One reading row per corrected trainee turn of a transcript."""
    for turn in transcript.turns:
        if turn.speaker != "trainee" or turn.corrected is None:
            continue
        earlier = transcript.turns[max(0, turn.index - CONTEXT_TURNS) : turn.index]
        yield {
            "id": f"{transcript.id}-{turn.index}",
            "scenario": transcript.scenario,
            "text": turn.text,
            "context": [{"speaker": "self" if t.speaker == "trainee" else "other", "text": t.text} for t in earlier],
            **_reading(turn.corrected),
            "heard": _reading(turn.heard or Heard()),
        }


def _reading(heard: Heard) -> dict[str, Any]:
    return {
        "proposes": heard.proposes,
        "alternatives": heard.alternatives,
        "refuses": heard.refuses,
        "acts": list(heard.acts),
    }

"""The store's commands: history, replay, progress, export and import. `trainer.cli.main` calls `register`."""

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from trainer.cli.base import CliError, command
from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.library import Library, load_library
from trainer.store.database import DimensionProgress, SessionSummary, Store, StoreError
from trainer.store.session_files import (
    SessionFileError,
    check_replayable,
    describe_turn,
    read_transcript,
    to_json,
    to_markdown,
    when,
)

BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 40  # the sparkline shows the most recent sessions only, to stay on one line


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Adds history, replay, progress, export and import to the `winwin` command."""
    _add_history(commands)
    _add_replay(commands)
    _add_progress(commands)
    _add_export(commands)
    _add_import(commands)


# history


def _add_history(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "history",
        "list the stored sessions with their scores",
        _history,
        "List the stored sessions, newest first, with their outcome and scores. Sessions are stored in "
        "WINWIN_DATABASE_URL if set, else in winwin.db in your winwin folder.",
    )
    p.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    p.add_argument("--scenario", metavar="ID", help="only sessions of this scenario")
    p.add_argument("--persona", metavar="ID", help="only sessions against this persona")
    p.add_argument(
        "--since", type=_date, metavar="DATE", help="only sessions started on or after DATE (YYYY-MM-DD, UTC)"
    )
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N sessions (default 50)")
    p.add_argument("--json", action="store_true", help="print the sessions as JSON")


def _date(text: str) -> date | datetime:
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-03-01, got {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


def _history(args: argparse.Namespace) -> int:
    with Store.open() as store:
        found = store.list_sessions(
            trainee=args.trainee, scenario=args.scenario, persona=args.persona, since=args.since, limit=args.limit
        )
        if args.json:
            print(TypeAdapter(list[SessionSummary]).dump_json(found, indent=2).decode())
        elif found:
            print(history_table(found))
        else:
            print(f"no sessions stored in {store.location} match", file=sys.stderr)
    return 0


def history_table(found: Sequence[SessionSummary]) -> str:
    dimensions = sorted({d for s in found for d in s.scores})
    short = _abbreviations(dimensions)
    headers = ["id", "started (UTC)", "trainee", "scenario", "persona", "outcome", "turns", *short.values()]
    rows = [
        [
            s.id,
            s.started_at.strftime("%Y-%m-%d %H:%M"),
            s.trainee or "-",
            s.scenario,
            s.persona,
            s.outcome.replace("_", " "),
            str(s.turns),
            *(_score(s.scores.get(d)) for d in dimensions),
        ]
        for s in found
    ]
    legend = [f"{a} = {d}" for d, a in short.items() if a != d]
    return _table(headers, rows) + ("\nscores: " + ", ".join(legend) if legend else "")


def _abbreviations(dimensions: Sequence[str]) -> dict[str, str]:
    """Initials for the score columns (interest_discovery -> ID), or the full names if two would clash."""
    initials = {d: "".join(word[:1] for word in d.split("_")).upper() for d in dimensions}
    return initials if len(set(initials.values())) == len(initials) else {d: d for d in dimensions}


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * w for w in widths], *rows]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines)


# replay


class _Evidence(BaseModel):
    """One piece of a scorecard's evidence; the evaluator may add fields, which replay does not need."""

    model_config = ConfigDict(extra="ignore")

    turn: int
    quote: str = ""
    check: str = ""
    passed: bool | None = None


class _Dimension(BaseModel):
    model_config = ConfigDict(extra="ignore")

    evidence: list[_Evidence] = []


class _Scorecard(BaseModel):
    model_config = ConfigDict(extra="ignore")

    dimensions: dict[str, _Dimension] = {}


def _add_replay(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "replay",
        "step through a stored session turn by turn",
        _replay,
        "Print a stored session turn by turn: what you said and the acts read in it, what the counterpart said "
        "and the moves it decided, and the evidence the scorecard took from each turn.",
    )
    p.add_argument("session_id", metavar="ID", help="the session id, or its first 6 or more characters")
    p.add_argument(
        "--step",
        action="store_true",
        help="wait for Enter after each turn (q then Enter stops); no waiting when input is not a terminal",
    )


def _replay(args: argparse.Namespace) -> int:
    with Store.open() as store:
        transcript = store.load(args.session_id)
        scores = store.load_scores(transcript.id)
        evidence = _evidence_by_turn(store.load_scorecard(transcript.id), transcript.id)
    print(replay_header(transcript, scores))
    waiting = args.step and sys.stdin.isatty()
    for n, turn in enumerate(transcript.turns):
        print("\n".join(replay_turn(transcript, turn, evidence.get(turn.index, []))))
        if waiting and n < len(transcript.turns) - 1 and not _next():
            break
    return 0


def _next() -> bool:
    print("-- Enter: next turn, q: stop --", end="", flush=True)
    return sys.stdin.readline().strip().lower() not in ("q", "quit")


def _evidence_by_turn(scorecard: str | None, session_id: str) -> dict[int, list[tuple[str, _Evidence]]]:
    if scorecard is None:
        return {}
    try:
        card = _Scorecard.model_validate_json(scorecard)
    except ValidationError as e:
        print(
            f"warning: the scorecard of {session_id} has no evidence replay can read ({e.error_count()} "
            "problem(s)); showing the turns only",
            file=sys.stderr,
        )
        return {}
    found: dict[int, list[tuple[str, _Evidence]]] = {}
    for name, dimension in card.dimensions.items():
        for item in dimension.evidence:
            found.setdefault(item.turn, []).append((name, item))
    return found


def replay_header(t: Transcript, scores: dict[str, float]) -> str:
    lines = [
        f"Session {t.id}: {t.scenario} with {t.persona}" + (f", trainee {t.trainee}" if t.trainee else ""),
        f"Started {when(t.started_at)}; outcome: {t.outcome.status.replace('_', ' ')}; {len(t.turns)} turns",
    ]
    if scores:
        lines.append("Scores: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.items()))
    return "\n".join(lines) + "\n"


def replay_turn(t: Transcript, turn: Turn, evidence: Sequence[tuple[str, _Evidence]]) -> list[str]:
    who = (t.trainee or "You") if turn.speaker == "trainee" else f"{t.persona} (counterpart)"
    lines = [f"[{turn.index}] {who}: {turn.text}"]
    about = describe_turn(turn)
    if about:
        lines.append(f"      {about}")
    lines += _voice_lines(turn)
    for dimension, item in evidence:
        mark = {True: "✓", False: "✗", None: "·"}[item.passed]
        check = f" {item.check}" if item.check else ""
        quote = f' "{item.quote}"' if item.quote else ""
        lines.append(f"      {mark} {dimension}:{check}{quote}")
    return lines


def _voice_lines(turn: Turn) -> list[str]:
    """Who spoke a counterpart turn (the model, or the phrasebook and why) and what the model calls cost."""
    lines = []
    if turn.voice in ("llm", "fallback"):
        lines.append("      voice: " + ("the model" if turn.voice == "llm" else "the phrasebook (fallback)"))
    if turn.note:
        lines.append(f"      note: {turn.note}")
    if turn.usage is not None and (turn.usage.prompt_tokens or turn.usage.completion_tokens):
        how = "estimated by winwin" if turn.usage.estimated else "reported by the server"
        lines.append(f"      tokens: {turn.usage.prompt_tokens:,} prompt + {turn.usage.completion_tokens:,} ({how})")
    return lines


# progress


def _add_progress(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "progress",
        "show a trainee's scores over time",
        _progress,
        "Show how each scorecard dimension of a trainee's sessions has moved: the first, last and best score, "
        "and a sparkline of the most recent sessions, oldest on the left.",
    )
    p.add_argument("--trainee", required=True, metavar="NAME", help="the trainee's name, as in `winwin history`")
    p.add_argument("--json", action="store_true", help="print every score of every session as JSON")


def _progress(args: argparse.Namespace) -> int:
    with Store.open() as store:
        progress = store.progress(args.trainee)
        if not progress and args.trainee not in store.trainee_names():
            known = ", ".join(store.trainee_names()) or "none yet"
            raise CliError(f"no trainee named {args.trainee!r} (trainees: {known})")
    if args.json:
        print(TypeAdapter(list[DimensionProgress]).dump_json(progress, indent=2).decode())
    elif progress:
        print(progress_table(args.trainee, progress))
    else:
        print(f"no scored sessions for {args.trainee} yet", file=sys.stderr)
    return 0


def progress_table(trainee: str, progress: Sequence[DimensionProgress]) -> str:
    every = [p for d in progress for p in d.points]
    low, high = min(p.score for p in every), max(p.score for p in every)
    first, last = min(p.started_at for p in every), max(p.started_at for p in every)
    sessions = len({p.session_id for p in every})
    headers = ["dimension", "sessions", "first", "last", "best", "trend"]
    rows = [
        [
            d.dimension,
            str(len(d.points)),
            _score(d.points[0].score),
            _score(d.points[-1].score),
            _score(max(p.score for p in d.points)),
            sparkline([p.score for p in d.points[-SPARK_POINTS:]], low, high),
        ]
        for d in progress
    ]
    title = f"Progress of {trainee}: {sessions} scored session(s), {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    return f"{title}\n\n{_table(headers, rows)}"


def sparkline(values: Sequence[float], low: float, high: float) -> str:
    """One block per value, its height scaled between low and high (the same scale for every dimension)."""
    if high <= low:
        return BLOCKS[len(BLOCKS) // 2] * len(values)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) / (high - low) * top)] for v in values)


# export and import


def _add_export(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "export",
        "write a stored session as JSON or Markdown",
        _export,
        "Write a stored session as JSON (the transcript format that `winwin score` and `winwin import` read) or "
        "as Markdown to read or share.",
    )
    p.add_argument("session_id", metavar="ID", help="the session id, or its first 6 or more characters")
    p.add_argument("--format", choices=["json", "markdown"], default="json", help="json (default) or markdown")
    p.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of printing")


def _export(args: argparse.Namespace) -> int:
    out: Path | None = args.out
    if out is not None and not out.parent.is_dir():
        raise CliError(f"--out: folder {out.parent} does not exist")
    with Store.open() as store:
        transcript = store.load(args.session_id)
        scores = store.load_scores(transcript.id)
    text = to_json(transcript) if args.format == "json" else to_markdown(transcript, scores)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise CliError(f"--out: cannot write {out}: {e.strerror}") from e
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _add_import(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "import",
        "store sessions from JSON transcript files",
        _import_files,
        "Store sessions from JSON transcript files (as `winwin export` or `winwin play --transcript-out` write "
        "them). Each file is checked first: a file that is not a valid winwin transcript, that names a scenario, "
        "persona, issue or option the library does not have, that has no turns, or whose session is already stored, "
        "is reported (file and field) and nothing of it is stored; the other files are still imported. Exits 1 if any "
        "file failed.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="JSON transcript files")


def _import_files(args: argparse.Namespace) -> int:
    library = load_library()
    failed = 0
    with Store.open() as store:
        for path in args.files:
            failed += not _import_one(path, library, store)
    print(f"imported {len(args.files) - failed} of {len(args.files)} file(s)", file=sys.stderr)
    return 1 if failed else 0


def _import_one(path: Path, library: Library, store: Store) -> bool:
    """Stores one file's session if the library can replay it; a failure is reported and the batch goes on."""
    try:
        transcript = read_transcript(path)
        check_replayable(transcript, library, str(path))
        store.import_transcript(transcript)
    except SessionFileError as e:
        print(f"winwin: error: {e}", file=sys.stderr)
        return False
    except (StoreError, ValueError) as e:
        print(f"winwin: error: {path}: {e}", file=sys.stderr)
        return False
    print(f"imported {transcript.id} from {path}")
    return True

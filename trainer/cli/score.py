"""`winwin score`: scorecards for saved transcripts, as Markdown or JSON. `trainer.cli.main` calls `register`."""

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path

from trainer.cli.base import CliError
from trainer.cli.progress import Progress
from trainer.counterpart.transcript import Transcript
from trainer.files.library import Library, load_library
from trainer.files.scenario import Scenario
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.judge_models import JudgeReport
from trainer.scoring.markdown import to_markdown
from trainer.scoring.scorecard import DIMENSIONS, Scorecard
from trainer.store.session_files import SessionFileError, check_replayable, read_transcript

SHORT = {"interest_discovery": "ID", "active_listening": "AL", "mutual_gain": "MG", "tactic_handling": "TH"}
JudgeFunction = Callable[[Transcript, Scenario], JudgeReport]


class ScoreError(Exception):
    """One transcript that could not be scored; the message names the file (and the field, where there is one)."""


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = commands.add_parser(
        "score",
        help="score saved transcripts: facts, evidence and coaching",
        description="Score one or more saved transcripts (files, or folders of .json files) and print each "
        "scorecard: the four dimension scores with the formula and the evidence behind each, the deal, the hidden "
        "interests found and missed, the tactic timeline and three coaching tips. Markdown by default, JSON with "
        "--json (the same transcript always gives the same bytes). A file that cannot be scored is reported "
        "(file and field) and the others are still scored; the exit code is then 1.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="TRANSCRIPT", help="transcript .json files or folders")
    p.add_argument("--json", action="store_true", help="print (or write) the scorecards as JSON")
    p.add_argument("--out", type=Path, metavar="DIR", help="write one scorecard per transcript into DIR")
    p.add_argument("--judge", action="store_true", help="add the LLM judge's checks (needs an LLM backend)")
    from trainer.llm.settings import add_backend_args

    add_backend_args(p)
    p.set_defaults(handler=_score)


def _score(args: argparse.Namespace) -> int:
    judge = make_judge(args) if args.judge else None
    out: Path | None = args.out
    if out is not None:
        _make_folder(out)
    files, failed = expand(args.paths)
    library = load_library()
    for problem in library.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    printer = _Printer(args.json, out, many=len(files) > 1)
    bar = Progress(len(files), "transcripts", sys.stderr) if len(files) > 1 else nullcontext()
    with bar:
        for path in files:
            failed += not _score_one(path, library, judge, printer)
            if isinstance(bar, Progress):
                bar.advance()
    printer.close()
    return 1 if failed else 0


def _score_one(path: Path, library: Library, judge: JudgeFunction | None, printer: "_Printer") -> bool:
    """Scores and prints one file; any failure is reported with the file and the batch goes on."""
    try:
        card, judge_error = score_file(path, library, judge=judge)
        printer.emit(path, card, judge_error)
    except ScoreError as e:
        print(f"winwin: error: {e}", file=sys.stderr)
        return False
    except Exception as e:  # a bug must not cost the rest of the batch, nor leave --json half-written
        print(
            f"winwin: error: {path}: could not be scored ({type(e).__name__}: {e}); please report it", file=sys.stderr
        )
        return False
    if judge_error is not None:
        print(f"winwin: error: {judge_error} (the offline scorecard is shown without it)", file=sys.stderr)
        return False
    return True


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CliError(f"--out: cannot create folder {out}: {e.strerror}") from e
    if not out.is_dir():
        raise CliError(f"--out: {out} is not a folder")


def expand(paths: list[Path]) -> tuple[list[Path], int]:
    """The transcript files named or inside the folders named, and how many paths were unusable (reported)."""
    files: list[Path] = []
    failed = 0
    for path in paths:
        found = list(_files_of(path))
        if not found:
            failed += 1
            reason = "no .json files in this folder" if path.is_dir() else "no such file or folder"
            print(f"winwin: error: {path}: {reason}", file=sys.stderr)
        files += found
    return files, failed


def _files_of(path: Path) -> Iterator[Path]:
    if path.is_dir():
        # Scorecards written next to transcripts by an earlier --out are not transcripts.
        yield from sorted(
            p for p in path.iterdir() if p.suffix == ".json" and p.is_file() and ".scorecard" not in p.name
        )
    elif path.exists():
        yield path


def score_file(path: Path, library: Library, judge: JudgeFunction | None = None) -> tuple[Scorecard, ScoreError | None]:
    """The offline scorecard, with the judge's report when it succeeds; a failing judge is returned beside the
    card, never instead of it. ScoreError names the file when there is no card to give."""
    try:
        transcript = read_transcript(path)
        check_replayable(transcript, library, str(path))
    except SessionFileError as e:
        raise ScoreError(str(e)) from e
    scenario, persona = library.scenario(transcript.scenario), library.persona(transcript.persona)
    report, judge_error = None, None
    if judge is not None:
        try:
            report = run_judge(transcript, scenario, judge, path)
        except ScoreError as e:
            judge_error = e
    try:
        return score_transcript(transcript, scenario, persona, judge=report), judge_error
    except ValueError as e:
        raise ScoreError(f"{path}: {e}") from e


# --- the judge ------------------------------------------------------------------------------------------------


def make_judge(args: argparse.Namespace) -> JudgeFunction:
    """The LLM judge over the configured endpoint; checked before anything is scored, so --judge fails at once."""
    from trainer.llm.chat import ChatModel
    from trainer.llm.judge import judge_transcript
    from trainer.llm.settings import describe_backend, make_chat, settings_from_args

    settings = settings_from_args(args)
    model: ChatModel | None = make_chat(settings)
    if model is None:
        raise CliError(f"the judge needs an LLM backend: {describe_backend(settings)}; or score without --judge")
    runs = settings.judge_runs

    def judge(transcript: Transcript, scenario: Scenario) -> JudgeReport:
        return judge_transcript(transcript, scenario, model, runs)

    return judge


def run_judge(transcript: Transcript, scenario: Scenario, judge: JudgeFunction, path: Path) -> JudgeReport:
    """The LLM judge's report for one transcript; attached to the scorecard as it is, it changes no score."""
    from trainer.llm.judge import JudgeError

    try:
        return judge(transcript, scenario)
    except JudgeError as e:
        raise ScoreError(f"{path}: judge: {e}") from e


# --- output ---------------------------------------------------------------------------------------------------


class _Printer:
    """Prints scorecards as they come (a JSON array when there are several), or writes them into --out."""

    def __init__(self, as_json: bool, out: Path | None, many: bool) -> None:
        self.as_json, self.out, self.many = as_json, out, many
        self.printed = 0
        self.names: set[str] = set()

    def emit(self, path: Path, card: Scorecard, judge_error: ScoreError | None = None) -> None:
        if self.out is not None:
            self._write(self.out, path, card)
            return
        text = card.to_json() if self.as_json else to_markdown(card)
        if judge_error is not None and not self.as_json:  # JSON keeps the scorecard format; the error is on stderr
            text = text.rstrip("\n") + f"\n\n## LLM judge\n\nThe judge failed: {judge_error}\n"
        if self.as_json and self.many:
            text = ("[\n" if not self.printed else ",\n") + text.rstrip("\n")
        elif self.printed:
            text = "\n---\n\n" + text
        sys.stdout.write(text)
        self.printed += 1

    def close(self) -> None:
        if self.out is None and self.as_json and self.many:
            sys.stdout.write("\n]\n" if self.printed else "[]\n")

    def _write(self, out: Path, path: Path, card: Scorecard) -> None:
        ext = "json" if self.as_json else "md"
        name = f"{path.stem}.scorecard.{ext}"
        if name in self.names:
            name = f"{path.stem}-{card.transcript}.scorecard.{ext}"
        self.names.add(name)
        target = out / name
        try:
            target.write_text(card.to_json() if self.as_json else to_markdown(card), encoding="utf-8")
        except OSError as e:
            raise ScoreError(f"{path}: cannot write {target}: {e.strerror}") from e
        print(f"{path}: {summary(card)} -> {target}")


def summary(card: Scorecard) -> str:
    """'ID 95 · AL 91 · MG 72 · TH 70 · deal'."""
    parts = [f"{SHORT[d]} {_num(card.dimensions[d].score)}" for d in DIMENSIONS if d in card.dimensions]
    return " · ".join([*parts, card.deal.status.replace("_", " ")])


def _num(score: int | None) -> str:
    return "n/a" if score is None else str(score)

"""The `winwin` command: one subcommand per job; each does its work through the package, never here."""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import __version__
from trainer.cli.base import CliError, Handler, command
from trainer.files.library import LoadError, UnknownIdError, load_library
from trainer.files.paths import user_dir
from trainer.llm.prompting import PromptError
from trainer.llm.settings import (
    SettingsError,
    add_backend_args,
    backend_info,
    describe_backend,
    make_voice_factory,
    settings_from_args,
)
from trainer.store.database import StoreError

if TYPE_CHECKING:
    from trainer.store.database import Store


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except (CliError, UnknownIdError, LoadError, SettingsError, PromptError, StoreError) as e:
        print(f"winwin: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nwinwin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    from trainer.cli.app import register as register_app
    from trainer.cli.corrections import register as register_corrections
    from trainer.cli.read import register as register_read
    from trainer.cli.score import register as register_score
    from trainer.cli.store import register as register_store

    parser = argparse.ArgumentParser(
        prog="winwin",
        description="Practise win-win negotiation against counterparts that play hard tactics, then get a scorecard.",
        epilog="Run `winwin COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"winwin {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_play(commands)
    _add_simulate(commands)
    _add_validate(commands)
    _add_schema(commands)
    _add_scenario(commands)
    _add_persona(commands)
    _add_annotate(commands)
    register_read(commands)
    _add_bench(commands)
    register_app(commands)
    register_score(commands)
    register_store(commands)
    register_corrections(commands)
    return parser


def _add_play(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "play",
        "negotiate against a counterpart in the terminal",
        _play,
        "Negotiate in the terminal: read your brief, type a line per turn (or pipe lines in), and get a summary of "
        "the terms and both sides' points at the end. Type /end to end the call, /table for the offers on the table.",
    )
    p.add_argument("--scenario", default="pos-boutique", metavar="ID", help="the deal (default: pos-boutique)")
    p.add_argument("--persona", default="anchorer", metavar="ID", help="the counterpart (default: anchorer)")
    p.add_argument("--seed", type=int, default=0, help="seed for the counterpart's wording (default: 0)")
    p.add_argument("--trainee", metavar="NAME", help="your name, for history and progress")
    p.add_argument(
        "--difficulty",
        choices=["easy", "normal", "hard"],
        default="normal",
        help="easy: a softer opening, earlier concessions, readier to explain what it needs; hard: the opposite "
        "(default: normal, the persona as written)",
    )
    p.add_argument("--transcript-out", type=Path, metavar="FILE", help="also write the transcript as JSON to FILE")
    p.add_argument("--resume", metavar="ID", help="continue a saved session that has not ended")
    p.add_argument("--no-save", action="store_true", help="do not save the session in the store")
    p.add_argument("--quiet", action="store_true", help="do not show what the counterpart heard in each line")
    add_backend_args(p)


def _play(args: argparse.Namespace) -> int:
    from trainer.cli.play import lines_from, play
    from trainer.counterpart.session import Session

    out_file = args.transcript_out
    if out_file is not None and not out_file.parent.exists():
        raise CliError(f"--transcript-out: folder {out_file.parent} does not exist")
    library = load_library()
    _warn_problems(library.problems)
    settings = settings_from_args(args)
    print(describe_backend(settings), file=sys.stderr)
    factory = make_voice_factory(settings)
    store = None if args.no_save else _open_store()
    if args.resume:
        if store is None:
            raise CliError("--resume needs the store; leave out --no-save")
        saved = store.load(args.resume)
        if saved.outcome.status != "open":
            raise CliError(f"session {saved.id} has ended ({saved.outcome.status}); start a new one with winwin play")
        scenario, persona = library.scenario(saved.scenario), library.persona(saved.persona)
        voice = factory(scenario, persona, saved.seed) if factory else None
        session = Session.restore(scenario, persona, saved, voice=voice, on_turn=store.record)
    else:
        scenario, persona = library.scenario(args.scenario), library.persona(args.persona)
        voice = factory(scenario, persona, args.seed) if factory else None
        hook = store.record if store else None
        session = Session(scenario, persona, seed=args.seed, voice=voice, on_turn=hook, difficulty=args.difficulty)
        session.transcript.trainee = args.trainee
        session.transcript.backend = backend_info(settings)
        if store is not None:
            store.start_session(session.transcript)
    card = None
    try:
        card = play(session, lines_from(sys.stdin, "You: ", sys.stdout), resumed=bool(args.resume), quiet=args.quiet)
    finally:
        if store is not None:
            store.finish_session(session.transcript)
            if card is not None:  # history, progress and replay's evidence read the stored scorecard
                store.save_scorecard(session.transcript.id, card.to_json(), card.scores())
            print(
                f"session {session.transcript.id} saved; see it with: winwin replay {session.transcript.id}",
                file=sys.stderr,
            )
            store.close()
        if out_file is not None:
            out_file.write_text(session.transcript.model_dump_json(indent=2), encoding="utf-8")
            print(f"transcript written to {out_file}", file=sys.stderr)
    return 0


def _open_store() -> "Store":
    from trainer.store.database import Store

    try:
        return Store.open()
    except StoreError as e:
        raise CliError(f"{e} (or play without saving: --no-save)") from e


def _add_simulate(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "simulate",
        "self-play: scripted trainees against the personas",
        _simulate,
        "Play scripted trainees against the counterpart personas and print a summary: deal rate, each side's "
        "points, joint points against the best possible, hidden interests revealed, and how often each tactic's "
        "signature move showed. explorer asks interest questions, reflects and trades across issues; haggler "
        "argues price only; pushover accepts quickly.",
    )
    p.add_argument("--scenario", default="all", metavar="ID|all", help="a scenario id, or all (default)")
    p.add_argument("--persona", default="all", metavar="ID|all", help="a persona id, or all (default)")
    p.add_argument(
        "--trainee",
        default="all",
        choices=["explorer", "haggler", "pushover", "all"],
        help="which scripted trainee (default: all)",
    )
    p.add_argument("--seeds", type=_positive, default=20, metavar="N", help="sessions per combination (default 20)")
    p.add_argument("--out", type=Path, metavar="DIR", help="write every transcript as JSON into DIR")
    p.add_argument("--json", action="store_true", help="print the per-session results as JSON lines")
    add_backend_args(p)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _simulate(args: argparse.Namespace) -> int:
    from trainer.cli.progress import Progress
    from trainer.selfplay.simulate import render, simulate
    from trainer.selfplay.trainees import TRAINEE_KINDS

    library = load_library()
    _warn_problems(library.problems)
    scenarios = list(library.scenarios.values()) if args.scenario == "all" else [library.scenario(args.scenario)]
    personas = list(library.personas.values()) if args.persona == "all" else [library.persona(args.persona)]
    kinds = list(TRAINEE_KINDS) if args.trainee == "all" else [args.trainee]
    settings = settings_from_args(args)
    print(describe_backend(settings), file=sys.stderr)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    total = len(scenarios) * len(personas) * len(kinds) * args.seeds
    with Progress(total, "sessions") as bar:
        summaries = simulate(
            scenarios, personas, kinds, args.seeds, args.out, bar.advance, make_voice_factory(settings)
        )
    if args.json:
        for s in summaries:
            for r in s.results:
                print(r.model_dump_json())
    else:
        print(render(summaries))
    return 0


def _add_validate(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "validate",
        "check scenario and persona files",
        _validate,
        "Check scenario and persona files: the format, and that each scenario can be negotiated and each persona "
        "can speak every move. With no PATH, checks the bundled files and the user's. Prints FILE: FIELD: message "
        "for every problem and exits 1 if there are any.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="YAML files or folders to check")


def _validate(args: argparse.Namespace) -> int:
    from trainer.files.lint import check_library, check_paths

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            raise CliError(f"no such file or folder: {missing[0]}")
        count, problems = check_paths(args.paths)
    else:
        library = load_library()
        count = len(library.sources) + len(library.problems)
        problems = check_library(library)
    for problem in problems:
        print(problem)
    status = f"{len(problems)} problem(s)" if problems else "all good"
    print(f"checked {count} file(s): {status}", file=sys.stderr)
    return 1 if problems else 0


def _add_schema(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = command(
        commands,
        "schema",
        "write JSON Schemas of the file formats for editors",
        _schema,
        "Write scenario.schema.json and persona.schema.json, which the YAML files name on their first line "
        "(# yaml-language-server: $schema=...), so editors check them as you type. By default they go into your "
        "user folders for scenarios and personas.",
    )
    p.add_argument("--out", type=Path, help="write both schemas into this folder instead")
    p.add_argument("--print", dest="show", choices=["scenario", "persona"], help="print one schema to stdout")


def _schema(args: argparse.Namespace) -> int:
    from trainer.files.persona import Persona
    from trainer.files.scenario import Scenario
    from trainer.files.schemas import schema_text, write_schemas

    if args.show:
        sys.stdout.write(schema_text(Scenario if args.show == "scenario" else Persona))
        return 0
    folders = (
        {"scenarios": args.out, "personas": args.out}
        if args.out
        else {"scenarios": user_dir("scenarios"), "personas": user_dir("personas")}
    )
    for path in write_schemas(folders):
        print(f"wrote {path}")
    return 0


def _add_scenario(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = commands.add_parser(
        "scenario",
        help="list scenarios or show one's outcome figures",
        description="List the scenarios, or show a scenario's deal space and outcome figures.",
    )
    sub = p.add_subparsers(title="scenario commands", metavar="ACTION")
    ls = sub.add_parser("list", help="list the scenarios", description="List every scenario with its title.")
    ls.set_defaults(handler=_scenario_list)
    show = sub.add_parser(
        "show",
        help="show a scenario's deal space",
        description="Show a scenario's deal space: the zone of agreement, the Pareto frontier, the best joint deal, "
        "the Nash deal, and the split-the-difference deal with its distance from the frontier.",
    )
    show.add_argument("scenario_id", metavar="ID", help="the scenario id (its file name)")
    show.add_argument("--json", action="store_true", help="print the figures as JSON")
    show.set_defaults(handler=_scenario_show)
    p.set_defaults(handler=_help_of(p))


def _help_of(parser: argparse.ArgumentParser) -> Handler:
    def show(_: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show


def _scenario_list(args: argparse.Namespace) -> int:
    library = load_library()
    for s in library.scenarios.values():
        print(f"{s.id:20} {s.title}")
    _warn_problems(library.problems)
    return 0


def _scenario_show(args: argparse.Namespace) -> int:
    from trainer.files.analysis import analyse, render
    from trainer.files.outcomes import DealSpace

    library = load_library()
    space = DealSpace(library.scenario(args.scenario_id))
    print(analyse(space).model_dump_json(indent=2) if args.json else render(space))
    return 0


def _add_persona(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = commands.add_parser(
        "persona", help="list the counterpart personas", description="List the counterpart personas with their tactics."
    )
    sub = p.add_subparsers(title="persona commands", metavar="ACTION")
    ls = sub.add_parser("list", help="list the personas", description="List every persona with its tactic.")
    ls.set_defaults(handler=_persona_list)
    p.set_defaults(handler=_persona_list)


def _persona_list(args: argparse.Namespace) -> int:
    library = load_library()
    for persona in library.personas.values():
        print(f"{persona.id:20} {persona.tactic:18} {persona.description}")
    _warn_problems(library.problems)
    return 0


def _add_annotate(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    command(
        commands,
        "annotate",
        "tag utterances with dialogue acts (JSON lines in, JSON lines out)",
        _annotate,
        'Read JSON lines {"id", "text", "context": [{"speaker": "self"|"other", "text"}]} on stdin and write '
        '{"id", "acts": [...]} per line, in order. Deterministic and offline.',
    )


def _annotate(args: argparse.Namespace) -> int:
    from trainer.reading.annotate import run

    code: int = run(sys.stdin, sys.stdout)
    return code


def _add_bench(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from trainer.bench.registry import BENCHES

    p = command(
        commands,
        "bench",
        "measure speed and memory against the targets",
        _bench,
        "Measure the figures winwin sets targets for on this machine: counterpart reply latency over self-play, "
        "annotate throughput, and the rest, with peak memory. Prints a table, or JSON with --json.",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHES),
        metavar="NAME",
        help=f"run only this bench (repeatable): {', '.join(sorted(BENCHES))}",
    )


def _bench(args: argparse.Namespace) -> int:
    from trainer.bench.registry import run
    from trainer.bench.result import render

    library = load_library()
    _warn_problems(library.problems)
    results = run(library, args.only)
    print(dump_json([r.model_dump() for r in results]) if args.json else render(results))
    return 0


def _warn_problems(problems: list[LoadError]) -> None:
    for problem in problems:
        print(f"warning: skipped {problem}", file=sys.stderr)


def dump_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)

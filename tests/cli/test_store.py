"""The store's commands, driven through a parser built the way `winwin` builds its own."""

import argparse
import io
import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.store_fixtures import T0, make_transcript
from trainer.cli.main import main
from trainer.cli.store import register, sparkline
from trainer.counterpart.transcript import Outcome, Transcript
from trainer.store.database import Store
from trainer.store.session_files import to_json

pytest_plugins = ["tests.store_fixtures"]

SCORECARD = {
    "dimensions": {
        "active_listening": {
            "score": 0.5,
            "evidence": [
                {"turn": 1, "quote": "asks 1?", "check": "reflects before asking", "passed": True},
                {"turn": 3, "quote": "asks 3?", "check": "acknowledges the feeling", "passed": False},
            ],
        },
        "mutual_gain": {"score": 0.75, "evidence": [{"turn": 1, "quote": "p4750", "check": "trades", "passed": None}]},
    }
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="winwin")
    register(parser.add_subparsers(title="commands", metavar="COMMAND"))
    return parser


def run(*argv: str) -> int:
    """As `winwin` runs a command: a problem is one line on stderr and exit code 2."""
    return main(list(argv))


def stored(url: str, *transcripts: Transcript) -> None:
    with Store.open(url) as store:
        for t in transcripts:
            store.import_transcript(t)


@pytest.fixture
def sessions(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> list[Transcript]:
    """Three stored sessions: two of Ana's (the newer one scored with evidence), one of Ben's."""
    monkeypatch.setenv("WINWIN_DATABASE_URL", sqlite_url)
    who = [("aaaaaa", "Ana", "anchorer"), ("bbbbbb", "Ben", "nibbler"), ("cccccc", "Ana", "nibbler")]
    made = [
        make_transcript(4, session_id=f"{sid}0000001", trainee=name, persona=persona, started_at=T0 + timedelta(days=n))
        for n, (sid, name, persona) in enumerate(who)
    ]
    made[2].outcome = Outcome(status="deal", terms={"price": "p4750"})
    stored(sqlite_url, *made)
    with Store.open(sqlite_url) as store:
        store.save_scorecard(made[2].id, json.dumps(SCORECARD), {"active_listening": 0.5, "mutual_gain": 0.75})
        store.save_scorecard(made[0].id, "{}", {"active_listening": 0.25, "mutual_gain": 0.5})
    return made


def test_every_command_and_option_has_help() -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands.choices) == ["export", "history", "import", "progress", "replay"]
    assert all(c.help for c in commands._choices_actions)
    for name, parser in commands.choices.items():
        assert parser.description, name
        for action in parser._actions:
            assert action.help, f"{name} {action.dest}"


def test_history_lists_newest_first_with_scores(sessions: list[Transcript], capsys: pytest.CaptureFixture[str]) -> None:
    assert run("history") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "id",
        "started",
        "(UTC)",
        "trainee",
        "scenario",
        "persona",
        "outcome",
        "turns",
        "AL",
        "MG",
    ]
    assert lines[2].split() == [
        "cccccc0000001",
        "2026-03-03",
        "09:30",
        "Ana",
        "pos-boutique",
        "nibbler",
        "deal",
        "4",
        "0.50",
        "0.75",
    ]
    assert lines[4].split()[-2:] == ["0.25", "0.50"]
    assert lines[3].split()[-2:] == ["-", "-"]
    assert lines[-1] == "scores: AL = active_listening, MG = mutual_gain"


def test_history_filters_and_json(sessions: list[Transcript], capsys: pytest.CaptureFixture[str]) -> None:
    assert run("history", "--trainee", "Ana", "--persona", "nibbler", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in found] == ["cccccc0000001"]
    assert found[0]["scores"] == {"active_listening": 0.5, "mutual_gain": 0.75}
    assert run("history", "--since", "2026-03-02", "--scenario", "pos-boutique", "--json") == 0
    assert [s["id"][:6] for s in json.loads(capsys.readouterr().out)] == ["cccccc", "bbbbbb"]
    assert run("history", "--since", "2030-01-01") == 0
    assert "no sessions stored in" in capsys.readouterr().err


def test_history_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("history", "--since", "last tuesday")
    assert "expected a date like 2026-03-01, got 'last tuesday'" in capsys.readouterr().err


def test_replay_shows_acts_moves_and_evidence(sessions: list[Transcript], capsys: pytest.CaptureFixture[str]) -> None:
    assert run("replay", "cccccc") == 0
    out = capsys.readouterr().out
    assert out.startswith("Session cccccc0000001: pos-boutique with nibbler, trainee Ana\n")
    assert "Scores: active_listening 0.50, mutual_gain 0.75" in out
    turn1 = out[out.index("[1] Ana: cccccc0000001 asks 1?") : out.index("[2] ")]
    assert "acts: question, open_question · terms: price=p4750 · unclear: cheap" in turn1
    assert '✓ active_listening: reflects before asking "asks 1?"' in turn1
    assert '· mutual_gain: trades "p4750"' in turn1
    assert "[0] nibbler (counterpart): cccccc0000001 says 0\n      moves: anchor (price=p5000, training=none)" in out
    assert '✗ active_listening: acknowledges the feeling "asks 3?"' in out[out.index("[3] ") :]


def test_replay_of_an_unscored_session_or_an_unreadable_scorecard(
    sessions: list[Transcript], sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("replay", "bbbbbb0000001") == 0
    assert "✓" not in capsys.readouterr().out
    with Store.open(sqlite_url) as store:
        store.save_scorecard("bbbbbb0000001", '{"dimensions": {"x": {"evidence": [{"quote": "no turn"}]}}}', {})
    assert run("replay", "bbbbbb0000001") == 0
    captured = capsys.readouterr()
    assert "[3] Ben" in captured.out
    assert "warning: the scorecard of bbbbbb0000001 has no evidence replay can read" in captured.err


def test_replay_of_an_unknown_session_is_an_error(
    sessions: list[Transcript], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("replay", "zzzzzzzz") == 2
    assert "no session 'zzzzzzzz'" in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_replay_step_waits_at_a_terminal_and_not_otherwise(
    sessions: list[Transcript], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run("replay", "aaaaaa", "--step") == 0
    out = capsys.readouterr().out
    assert "[3] " in out
    assert "Enter" not in out
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\nq\n"))
    assert run("replay", "aaaaaa", "--step") == 0
    out = capsys.readouterr().out
    assert out.count("-- Enter: next turn, q: stop --") == 2
    assert "[1] " in out
    assert "[2] " not in out


def test_progress_shows_each_dimension_over_time(
    sessions: list[Transcript], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("progress", "--trainee", "Ana") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Progress of Ana: 2 scored session(s), 2026-03-01 to 2026-03-03"
    assert lines[2].split() == ["dimension", "sessions", "first", "last", "best", "trend"]
    assert lines[4].split() == ["active_listening", "2", "0.25", "0.50", "0.50", "▁▅"]
    assert lines[5].split() == ["mutual_gain", "2", "0.50", "0.75", "0.75", "▅█"]
    assert run("progress", "--trainee", "Ana", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert [p["score"] for p in found[1]["points"]] == [0.5, 0.75]


def test_progress_of_an_unknown_or_unscored_trainee(
    sessions: list[Transcript], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("progress", "--trainee", "Zed") == 2
    assert "no trainee named 'Zed' (trainees: Ana, Ben)" in capsys.readouterr().err
    assert run("progress", "--trainee", "Ben") == 0
    assert "no scored sessions for Ben yet" in capsys.readouterr().err


def test_sparkline_scales_between_low_and_high() -> None:
    assert sparkline([0, 0.5, 1], 0, 1) == "▁▅█"
    assert sparkline([3, 3], 3, 3) == "▅▅"


def test_export_json_and_markdown(
    sessions: list[Transcript], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("export", "cccccc") == 0
    assert Transcript.model_validate_json(capsys.readouterr().out) == sessions[2]
    out = tmp_path / "call.md"
    assert run("export", "cccccc", "--format", "markdown", "--out", str(out)) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    assert "- Scores: active_listening 0.5, mutual_gain 0.75" in out.read_text()
    assert run("export", "cccccc", "--out", str(tmp_path / "no" / "call.json")) == 2
    assert "folder" in capsys.readouterr().err


def test_import_stores_good_files_and_names_bad_ones(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WINWIN_DATABASE_URL", sqlite_url)
    good = make_transcript(3)
    (tmp_path / "good.json").write_text(to_json(good))
    bad = json.loads(to_json(make_transcript(3)))
    bad["turns"][2]["acts"] = ["shouting"]
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    assert run("import", str(tmp_path / "bad.json"), str(tmp_path / "good.json")) == 1
    captured = capsys.readouterr()
    assert f"winwin: error: {tmp_path / 'bad.json'}: turns.2.acts.0: Input should be" in captured.err
    assert f"imported {good.id} from {tmp_path / 'good.json'}" in captured.out
    assert "imported 1 of 2 file(s)" in captured.err
    with Store.open(sqlite_url) as store:
        assert [s.id for s in store.list_sessions()] == [good.id]
        assert store.load(good.id) == good
    assert run("import", str(tmp_path / "good.json")) == 1
    assert "is already stored; nothing was imported" in capsys.readouterr().err


def test_a_store_problem_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 300)
    monkeypatch.setenv("WINWIN_DATABASE_URL", f"sqlite:///{notes}")
    assert run("history") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"winwin: error: {notes}: opening the store: file is not a database.")
    assert len(err.splitlines()) == 1

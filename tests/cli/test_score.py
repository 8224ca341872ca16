"""`winwin score` as a user runs it: one or many transcripts, Markdown or JSON, --out, --judge, and clear errors."""

import json
from pathlib import Path

import pytest

from tests.llm_helpers import server
from tests.openai_server import FakeOpenAI

__all__ = ["server"]

from tests.scoring.test_scorecard import self_play
from trainer.cli.main import main
from trainer.counterpart.transcript import Transcript
from trainer.store.session_files import to_json


@pytest.fixture(autouse=True)
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WINWIN_HOME", str(home))
    return home


def run(argv: list[str]) -> int:
    return main(argv)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three saved self-play transcripts."""
    out = tmp_path / "calls"
    out.mkdir()
    for kind in ("explorer", "haggler", "pushover"):
        t, _, _ = self_play("pos-boutique", "nibbler", kind)
        (out / f"{kind}.json").write_text(to_json(t), encoding="utf-8")
    return out


def test_one_transcript_prints_a_readable_scorecard(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", str(folder / "explorer.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Scorecard: pos-boutique with nibbler")
    for heading in ("## Scores", "## Coaching", "## The deal", "## Hidden interests", "## Tactic timeline"):
        assert heading in out
    assert "| Interest discovery |" in out
    assert "Evidence:" in out
    assert "✓ turn " in out


def test_json_is_the_scorecard_and_the_same_every_time(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", str(folder / "haggler.json"), "--json"]) == 0
    first = capsys.readouterr().out
    assert run(["score", str(folder / "haggler.json"), "--json"]) == 0
    assert capsys.readouterr().out == first
    card = json.loads(first)
    assert card["persona"] == "nibbler"
    assert card["deal"]["status"] == "deal"


def test_a_folder_scores_every_transcript_as_a_json_array(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", str(folder), "--json"]) == 0
    captured = capsys.readouterr()
    cards = json.loads(captured.out)
    assert len(cards) == 3
    assert "3 transcripts in" in captured.err  # the progress bar's closing line


def test_out_writes_one_scorecard_per_transcript(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards"
    assert run(["score", str(folder), "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["explorer.scorecard.md", "haggler.scorecard.md", "pushover.scorecard.md"]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(" · deal -> " in line for line in lines)
    assert run(["score", str(folder), "--out", str(folder), "--json"]) == 0
    capsys.readouterr()
    assert run(["score", str(folder), "--json"]) == 0  # the scorecards written into it are not read as transcripts
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_bad_files_are_named_and_the_rest_still_scored(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "foreign.json").write_text('{"hello": "world"}', encoding="utf-8")
    t, _, _ = self_play("pos-boutique", "nibbler", "explorer")
    (tmp_path / "unknown.json").write_text(to_json(t.model_copy(update={"scenario": "no-such-deal"})), encoding="utf-8")
    bad_field = json.loads(to_json(t))
    bad_field["turns"][1]["speaker"] = "robot"
    (tmp_path / "field.json").write_text(json.dumps(bad_field), encoding="utf-8")
    paths = ["broken", "foreign", "unknown", "field", "missing"]
    argv = ["score", *(str(tmp_path / f"{name}.json") for name in paths), str(folder / "explorer.json"), "--json"]
    assert run(argv) == 1
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 1
    err = captured.err
    assert f"{tmp_path / 'broken.json'}: not JSON" in err
    assert f"{tmp_path / 'foreign.json'}: not a winwin transcript" in err
    assert f"{tmp_path / 'unknown.json'}: scenario: no scenario 'no-such-deal'; known: " in err
    assert f"{tmp_path / 'field.json'}: turns.1.speaker: " in err
    assert f"{tmp_path / 'missing.json'}: no such file or folder" in err


def test_judge_without_a_backend_is_a_clear_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("WINWIN_BACKEND", "WINWIN_LLM_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert run(["score", str(folder / "explorer.json"), "--judge"]) == 2
    captured = capsys.readouterr()
    assert "the judge needs an LLM backend: " in captured.err
    assert captured.out == ""


def test_judge_report_from_the_endpoint_is_attached_and_changes_no_score(
    folder: Path, server: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "haggler.json"
    transcript = Transcript.model_validate_json(path.read_text(encoding="utf-8"))
    quote = transcript.turns[1].text[:30]
    verdict = {"checks": [{"id": "asked_about_needs", "passed": False, "quote": quote, "turn": 1, "reason": "No."}]}
    server.push(*[json.dumps(verdict)] * 3)
    assert run(["score", str(path), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    judge_args = ["--judge", "--backend", "openai", "--base-url", server.url, "--model", "judge-model"]
    assert run(["score", str(path), "--json", *judge_args]) == 0
    judged = json.loads(capsys.readouterr().out)
    assert judged["judge"]["model"] == "judge-model"
    assert judged["judge"]["runs"] == 3
    assert [c["id"] for c in judged["judge"]["checks"]] == ["asked_about_needs"]
    assert judged["dimensions"] == plain["dimensions"]
    sent = server.everything_sent()
    assert "<transcript>" in sent


def test_a_judge_that_fails_names_the_file(
    folder: Path, server: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    server.push(*["not json at all"] * 24)
    path = folder / "haggler.json"
    args = ["score", str(path), "--judge", "--backend", "openai", "--base-url", server.url, "--judge-runs", "1"]
    assert run(args) == 1
    captured = capsys.readouterr()
    assert f"{path}: judge: " in captured.err
    # The offline scorecard is not withheld: it is printed, with the judge's error beside it.
    assert captured.out.startswith("# Scorecard: pos-boutique with nibbler")
    assert "## Scores" in captured.out
    assert f"The judge failed: {path}: judge: " in captured.out
    assert run([*args, "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["judge"] is None
    assert f"{path}: judge: " in captured.err

"""Batch commands over a mix of good and bad transcripts: each bad file is reported with its name and field, every
good one is still scored or imported, the exit code says something failed, and --json output stays one valid array."""

import json
import re
from pathlib import Path

import pytest

from tests.scoring.test_scorecard import self_play
from trainer.cli.main import main
from trainer.store.database import Store
from trainer.store.session_files import to_json


@pytest.fixture(autouse=True)
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WINWIN_HOME", str(home))
    monkeypatch.delenv("WINWIN_DATABASE_URL", raising=False)
    return home


def good_doc() -> dict[str, object]:
    t, _, _ = self_play("pos-boutique", "anchorer", "explorer")
    doc: dict[str, object] = json.loads(to_json(t))
    return doc


def bad_files(folder: Path) -> dict[str, str]:
    """The issue's probes, one per file, with the field (or words) the error must name."""
    doc = good_doc()
    text = json.dumps(doc)
    cases: dict[str, tuple[str, str]] = {
        "surrogate": (text.replace('"text": "', '"text": "\\ud800', 1), "turns.0.text: contains a lone surrogate"),
        "deep": (text[:-1] + ', "x": ' + "[" * 1000 + "]" * 1000 + "}", "nested deeper than 16 levels"),
        "digits": (text.replace(f'"seed": {doc["seed"]}', '"seed": ' + "9" * 5000), "a number of 5,000 digits"),
        "seed": (text.replace(f'"seed": {doc["seed"]}', f'"seed": {2**63}'), "seed: 9223372036854775808 is out"),
        "date": (re.sub(r'"started_at": "[^"]+"', '"started_at": "0001-01-01T00:00:00+14:00"', text), "started_at: "),
        "no-turns": (json.dumps({**doc, "turns": []}), "turns: no turns"),
        "option": (json.dumps({**doc, "outcome": {"status": "deal", "terms": {"price": "p1"}}}), "outcome.terms: "),
        "scenario": (json.dumps({**doc, "scenario": "nowhere"}), "scenario: no scenario 'nowhere'"),
        "persona": (json.dumps({**doc, "persona": "ghost"}), "persona: no persona 'ghost'"),
        "nul-id": (json.dumps({**doc, "id": "ab\x00cd"}), "id: 'ab\\x00cd': use 1-64 letters"),
        "nan": (text.replace(f'"seed": {doc["seed"]}', '"seed": NaN'), "NaN is not a number JSON allows"),
        "cut": (text[: len(text) // 2], "not JSON: "),
    }
    expected = {}
    for name, (body, words) in cases.items():
        path = folder / f"bad-{name}.json"
        path.write_text(body, encoding="utf-8")
        expected[str(path)] = words
    return expected


def good_files(folder: Path, count: int) -> list[str]:
    doc = good_doc()
    paths = []
    for n in range(count):
        path = folder / f"good-{n}.json"
        path.write_text(json.dumps({**doc, "id": f"good{n:08d}"}), encoding="utf-8")
        paths.append(str(path))
    return paths


def interleaved(good: list[str], bad: list[str]) -> list[str]:
    return [good[0], *bad[:6], good[1], *bad[6:], good[2]]


def test_score_json_batch_reports_each_bad_file_and_scores_every_good_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_files(tmp_path)
    good = good_files(tmp_path, 3)
    assert main(["score", "--json", *interleaved(good, list(bad))]) == 1
    captured = capsys.readouterr()
    cards = json.loads(captured.out)  # one valid array, whatever failed in between
    assert [c["transcript"] for c in cards] == ["good00000000", "good00000001", "good00000002"]
    errors = [line for line in captured.err.splitlines() if line.startswith("winwin: error: ")]
    assert len(errors) == len(bad)
    for path, words in bad.items():
        assert any(line.startswith(f"winwin: error: {path}: ") and words in line for line in errors), (path, words)


def test_score_markdown_batch_goes_on_past_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = bad_files(tmp_path)
    good = good_files(tmp_path, 3)
    assert main(["score", *interleaved(good, list(bad))]) == 1
    out = capsys.readouterr().out
    assert out.count("# Scorecard: pos-boutique with anchorer") == 3


def test_import_batch_stores_every_good_file_and_nothing_of_a_bad_one(
    tmp_path: Path, empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_files(tmp_path)
    good = good_files(tmp_path, 3)
    assert main(["import", *interleaved(good, list(bad))]) == 1
    captured = capsys.readouterr()
    assert "imported 3 of 15 file(s)" in captured.err
    for path, words in bad.items():
        assert f"winwin: error: {path}: " in captured.err
        assert words in captured.err
    with Store.open() as store:
        assert sorted(s.id for s in store.list_sessions()) == ["good00000000", "good00000001", "good00000002"]


def test_an_imported_session_can_be_resumed_and_replayed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    doc = good_doc()
    turns = doc["turns"]
    assert isinstance(turns, list)
    open_doc = {**doc, "id": "opencall0001", "turns": turns[:3], "outcome": {"status": "open", "terms": {}}}
    path = tmp_path / "open.json"
    path.write_text(json.dumps(open_doc), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("What matters most to you?\n/end\n"))
    assert main(["play", "--resume", "opencall0001"]) == 0
    assert "Call over:" in capsys.readouterr().out
    assert main(["replay", "opencall0001"]) == 0

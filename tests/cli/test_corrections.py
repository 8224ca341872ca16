"""`winwin corrections export`: the readings trainees corrected, as READING-format lines from the store."""

import json
from pathlib import Path

import pytest

from trainer.cli.main import main
from trainer.counterpart.session import Session
from trainer.files.library import load_library
from trainer.reading.message import read_message
from trainer.store.database import Store

LIBRARY = load_library()


def corrected_call(store: Store) -> Session:
    session = Session(LIBRARY.scenario("pos-boutique"), LIBRARY.persona("anchorer"), seed=1, on_turn=store.record)
    store.start_session(session.transcript)
    session.start()
    session.reply("What matters most to you?")
    session.reply("I could do 5,200 with a one-year support plan")
    heard = session.transcript.turns[-2].heard
    assert heard is not None
    session.correct(heard.fixed(proposes={"price": "p5000", "support": "one-year"}, refuses={"price": "p4500"}))
    return session


def test_export_writes_each_correction_as_a_reading_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open() as store:
        session = corrected_call(store)
        uncorrected = Session(LIBRARY.scenario("pos-boutique"), LIBRARY.persona("nibbler"), on_turn=store.record)
        store.start_session(uncorrected.transcript)
        uncorrected.start()
        uncorrected.reply("I could do 5,200")
    out = tmp_path / "corrections.jsonl"
    assert main(["corrections", "export", "--out", str(out)]) == 0
    assert "1 correction(s) written" in capsys.readouterr().err
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    sid = session.transcript.id
    assert row["id"] == f"{sid}-3"
    assert row["scenario"] == "pos-boutique"
    assert row["text"] == "I could do 5,200 with a one-year support plan"
    assert [c["speaker"] for c in row["context"]] == ["other", "self", "other"]
    assert row["context"][-1]["text"] == session.transcript.turns[2].text
    assert row["proposes"] == {"price": "p5000", "support": "one-year"}
    assert row["refuses"] == {"price": "p4500"}
    assert row["acts"] == ["offer", "reject"]
    assert row["alternatives"] == []
    assert row["heard"]["proposes"] == {"price": "p5250", "support": "one-year"}
    # The row is a reader test case: its text and context go to the reader as `winwin read` would send them.
    read = read_message(row["text"], LIBRARY.scenario(row["scenario"]), [])
    assert read.proposes == row["heard"]["proposes"]


def test_export_to_stdout_and_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open() as store:
        corrected_call(store)
    assert main(["corrections", "export"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["corrections", "export", "--out", str(tmp_path / "nowhere" / "c.jsonl")]) == 2
    assert "nowhere" in capsys.readouterr().err

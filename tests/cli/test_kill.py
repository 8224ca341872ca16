"""Turns are stored before they are shown: a reply the trainee saw is in the store even if the process is killed
with SIGKILL right after, and a resumed call answers a last turn whose reply was never stored."""

import io
import random
import sys
from pathlib import Path

import pytest

from tests.cli.kill_harness import play_and_kill
from trainer.cli.main import main
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.library import load_library
from trainer.store.database import Store

KILLS = 6


def test_the_offline_reply_is_handed_to_the_store_before_any_of_it_is_shown() -> None:
    library = load_library()
    stored: list[str] = []

    def store(_: Transcript, turn: Turn) -> None:
        stored.append(turn.text)

    session = Session(library.scenario("pos-boutique"), library.persona("anchorer"), seed=4, on_turn=store)
    session.start()
    for line in ["What matters most to you?", "How did you arrive at that?", "I could do $5,000."]:
        _, u = session.hear(line)
        for chunk in session.stream(session.decide(u)):
            assert stored[-1] == chunk  # at the moment it can be shown, the whole reply is already stored
    assert len(stored) == 7


def test_play_killed_mid_call_never_showed_a_reply_it_had_not_stored(tmp_path: Path) -> None:
    rng = random.Random(16)
    shown = 0
    for k in range(KILLS):
        result = play_and_kill(tmp_path / f"home-{k}", rng)
        assert result.shown_not_stored == []
        shown += len(result.shown)
    assert shown > KILLS  # the kills landed in running calls, after replies were shown


def test_resume_answers_a_last_turn_whose_reply_was_never_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    monkeypatch.delenv("WINWIN_DATABASE_URL", raising=False)
    library = load_library()
    with Store.open() as store:
        session = Session(library.scenario("pos-boutique"), library.persona("anchorer"), seed=2, on_turn=store.record)
        store.start_session(session.transcript)
        session.start()
        session.hear("What matters most to you in this?")  # the process "dies" before the reply is decided
        sid = session.transcript.id
    monkeypatch.setattr(sys, "stdin", io.StringIO("/end\n"))
    assert main(["play", "--resume", sid]) == 0
    out = capsys.readouterr().out
    with Store.open() as store:
        turns = store.load(sid).turns
    assert [t.speaker for t in turns] == ["counterpart", "trainee", "counterpart"]
    assert f"Dana Whitlock: {turns[2].text}" in out

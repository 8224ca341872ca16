"""A call played against a model as a user plays it, then replayed: the replay says which turns the model spoke,
which the phrasebook did and why, and whether the token counts were reported or estimated."""

import io
import json
import sys

import pytest

from tests.llm_helpers import faithful, server
from tests.openai_server import FakeOpenAI, Reply, omitting
from trainer.cli.main import main

__all__ = ["server"]


def play(monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI, lines: str) -> None:
    monkeypatch.setenv("WINWIN_BACKEND", "openai")
    monkeypatch.setenv("WINWIN_LLM_BASE_URL", server.url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["play", "--trainee", "kim"]) == 0


def test_replay_shows_who_spoke_each_turn_and_why(
    server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script = lambda body: omitting(body) if len(server.bodies) <= 2 else Reply(faithful(body), usage=False)
    play(monkeypatch, server, "What would you propose?\nHow is business?\n")
    shown = capsys.readouterr().out
    assert "(corrected)" in shown  # the opening's drafts were shown as they came, then replaced
    assert "(the phrasebook answered: the reply was rejected twice" in shown
    assert main(["history", "--json"]) == 0
    session = json.loads(capsys.readouterr().out)[0]
    assert main(["replay", session["id"]]) == 0
    replay = capsys.readouterr().out
    assert "voice: the phrasebook (fallback)" in replay
    assert "note: the reply was rejected twice (it leaves out" in replay
    assert "voice: the model" in replay
    assert "(estimated by winwin)" in replay
    assert "(reported by the server)" in replay
    assert "cat videos" not in replay

"""The LLM voice in a real session against the local server: streaming, the check, regeneration, fallback on
faults, the token budget, and requests that never carry a hidden value."""

import json
import logging
import re
from pathlib import Path

import pytest

from tests.llm_helpers import (
    ADVERSARY,
    KEY,
    PRIVATE,
    REVEAL,
    SECRET_NUMBERS,
    asked,
    chat_for,
    faithful,
    numbers_in,
    persona,
    secret_scenario,
    server,
    system_prompt,
)
from tests.openai_server import FakeOpenAI, Reply, free_port
from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import Correction
from trainer.files.library import load_library
from trainer.llm.chat import ChatMessage, OpenAIChat, Retry
from trainer.llm.tokens import TokenCounter
from trainer.llm.voice import LLMVoice, contradiction

__all__ = ["server"]  # the fixture, shared from llm_helpers

SCENARIO = secret_scenario()
PERSONA = persona()
LIBRARY = load_library()


def session_with(server: FakeOpenAI, budget: int = 3000, attempts: int = 2) -> Session:
    voice = LLMVoice(SCENARIO, PERSONA, 3, chat_for(server, attempts), budget=budget)
    return Session(SCENARIO, PERSONA, seed=3, voice=voice)


def say(session: Session, line: str) -> list[str]:
    _, u = session.hear(line)
    return list(session.stream(session.decide(u)))


def test_a_reply_streams_token_by_token_and_is_recorded(server: FakeOpenAI) -> None:
    server.script = faithful
    session = session_with(server)
    session.start()
    chunks = say(session, "What would you propose?")
    turn = session.transcript.turns[-1]
    assert len(chunks) > 3
    assert not any(isinstance(c, Correction) for c in chunks)
    assert turn.text == "".join(chunks)
    assert (turn.voice, turn.note) == ("llm", None)
    assert turn.usage is not None
    assert turn.usage.prompt_tokens > 0
    usage = session.transcript.usage
    assert usage.prompt_tokens == sum(t.usage.prompt_tokens for t in session.transcript.turns if t.usage)
    body = server.bodies[-1]
    assert body["stream"] is True
    assert body["seed"] == 3
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user"]


def test_a_contradicting_reply_is_regenerated_once_and_replaced(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.push("Hello. I offer $1,234 flat.", "Hello, let us talk.")
    chunks = list(session.stream(session.policy.opening(session.state)))
    turn = session.transcript.turns[-1]
    assert isinstance(chunks[-1], Correction)
    assert "".join(chunks[:-1]) == "Hello. I offer $1,234 flat."
    assert turn.text == chunks[-1] == "Hello, let us talk."
    assert turn.voice == "llm"
    assert turn.note is not None
    assert "$1,234" in turn.note
    retry = server.bodies[-1]
    assert retry["stream"] is False
    assert retry["temperature"] == 0.2
    assert "Your previous draft was rejected" in system_prompt(retry)


def test_a_reply_wrong_twice_falls_back_to_the_offline_line(server: FakeOpenAI) -> None:
    session = session_with(server)
    session.start()
    server.push("We have a deal at $9,999!", "Agreed, it's a deal.")
    _, u = session.hear("I can do $1,500 with basic training and payment upfront.")
    moves = session.decide(u)
    assert not any(m.kind in ("accept", "close") for m in moves)
    chunks = list(session.stream(moves))
    turn = session.transcript.turns[-1]
    assert isinstance(chunks[-1], Correction)
    assert turn.voice == "fallback"
    assert turn.text == chunks[-1]
    assert turn.text.split()[0] in {m.kind for m in moves}  # the test persona's lines start with the move kind
    assert turn.note is not None
    assert "rejected twice" in turn.note


@pytest.mark.parametrize(
    "fault",
    [
        [Reply("down", status=500)] * 2,
        [Reply("busy", status=503)] * 2,
        [Reply("slow", status=429, headers={"Retry-After": "0"})] * 2,
        [Reply(fault="drop")] * 2,
        [Reply(fault="empty")] * 2,
        [Reply("", fault="malformed")] * 2,
    ],
    ids=["500", "503", "429", "drop", "empty", "malformed"],
)
def test_faults_fall_back_for_the_turn_and_the_session_goes_on(server: FakeOpenAI, fault: list[Reply]) -> None:
    server.script = None
    session = session_with(server)
    server.push(*fault)
    first = session.start()
    assert first.voice == "fallback"
    assert first.note is not None
    assert first.note.startswith("the model failed, so the offline voice answered")
    assert KEY not in first.note
    server.script = faithful
    second = session.reply("What would you propose?")
    assert second.voice == "llm"
    assert [t.index for t in session.transcript.turns] == [0, 1, 2]


def test_a_stream_cut_mid_reply_is_regenerated(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.push(Reply("Hello there and welcome to the call", fault="cut", cut_after=3), "Hello, welcome.")
    chunks = list(session.stream(session.policy.opening(session.state)))
    assert isinstance(chunks[-1], Correction)
    turn = session.transcript.turns[-1]
    assert (turn.text, turn.voice) == ("Hello, welcome.", "llm")
    assert turn.note is not None
    assert "broke off" in turn.note


def test_connection_refused_and_timeouts_fall_back(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    dead = OpenAIChat("m", base_url=f"http://127.0.0.1:{free_port()}/v1", retry=Retry(attempts=2, backoff=0.001))
    turn = Session(SCENARIO, PERSONA, voice=LLMVoice(SCENARIO, PERSONA, 0, dead)).start()
    assert turn.voice == "fallback"
    assert turn.note is not None
    assert "could not reach the model" in turn.note
    server.push(Reply("late", delay=0.5))
    slow = Session(SCENARIO, PERSONA, voice=LLMVoice(SCENARIO, PERSONA, 0, chat_for(server, 1, timeout=0.1)))
    late = slow.start()
    assert late.voice == "fallback"
    assert late.note is not None
    assert "did not answer within" in late.note
    assert "offline voice answered" in caplog.text


def test_a_broken_user_template_falls_back_without_losing_the_turn(
    server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "counterpart.md").write_text("{% if %}")
    turn = session_with(server).start()
    assert turn.voice == "fallback"
    assert turn.note is not None
    assert "the prompt could not be built" in turn.note
    assert "counterpart.md" in turn.note
    assert server.bodies == []


def play_adversary(server: FakeOpenAI) -> Session:
    """The scripted adversarial session against a model that words each move faithfully."""
    server.script = faithful
    session = session_with(server)
    session.start()
    for line in ADVERSARY:
        if not session.ended:
            session.reply(line)
    return session


def test_an_adversarial_session_never_sends_a_hidden_value(server: FakeOpenAI) -> None:
    session = play_adversary(server)
    sent = server.everything_sent()
    assert len(server.bodies) == len(session.transcript.counterpart_turns())
    for leak in (PRIVATE, "trainee_points", "counterpart_points", "walkaway", "point table:"):
        assert leak not in sent
    texts = [m["content"] for b in server.bodies for m in b["messages"]]
    assert not SECRET_NUMBERS & {n for t in texts for n in numbers_in(t)}
    assert not re.search(r"\b\d+\s*points?\b", sent, re.I)


def test_a_hidden_interest_is_sent_only_once_the_move_reveals_it(server: FakeOpenAI) -> None:
    session = play_adversary(server)
    revealing = [i for i, t in enumerate(session.transcript.counterpart_turns()) if any(m.interest for m in t.moves)]
    assert revealing, "the script asks about the team, which reaches the hidden interest"
    first = revealing[0]
    for i, body in enumerate(server.bodies):
        assert (REVEAL in json.dumps(body)) == (i >= first), f"request {i}"


def test_the_system_prompt_holds_only_public_numbers_and_the_decided_terms(server: FakeOpenAI) -> None:
    session = play_adversary(server)
    public = numbers_in(SCENARIO.public_brief) | numbers_in(SCENARIO.counterpart.role)
    said = {n for t in session.transcript.turns for n in numbers_in(t.text)}
    for body, turn in zip(server.bodies, session.transcript.counterpart_turns(), strict=True):
        labels = " ".join(
            SCENARIO.issue(k).option(v).label for m in turn.moves for k, v in {**m.terms, **m.extra}.items()
        )
        assert numbers_in(system_prompt(body)) <= public | said | numbers_in(labels), asked(body)


def test_injection_reaches_the_model_only_as_the_trainees_words(server: FakeOpenAI) -> None:
    server.script = faithful
    session = session_with(server)
    session.start()
    for line in ADVERSARY[:4]:
        session.reply(line)
    for body in server.bodies:
        assert not any(line in system_prompt(body) for line in ADVERSARY)
    last = server.bodies[-1]["messages"]
    assert [m["content"] for m in last if m["role"] == "user"][-4:] == ADVERSARY[:4]


def test_a_long_session_stays_within_the_token_budget(server: FakeOpenAI) -> None:
    server.script = lambda body: "I hear you, and I would like to understand your position a little better first."
    session = session_with(server, budget=700)
    session.start()
    lines = ["So timing matters to you?", "I understand, that sounds hard.", "Tell me more about your shop."]
    for i in range(30):
        if session.ended:
            break
        session.reply(lines[i % 3])
    counter = TokenCounter("gpt-4o-mini")
    voice = session.voice
    assert isinstance(voice, LLMVoice)
    assert voice.last_request is not None
    assert voice.last_request.dropped > 0
    assert voice.last_request.full_tokens > 700
    for body in server.bodies:
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in body["messages"]]
        assert counter.messages(messages) <= 700
    assert "turns not shown" in system_prompt(server.bodies[-1])
    assert voice.meter.requests == len(server.bodies)


REAL = LIBRARY.scenario("pos-boutique")
COUNTER_MOVE = Move(kind="counter", terms={"price": "p5000", "support": "one-year", "training": "owner"})


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("I can do $5,000 with a one-year support plan.", None),
        ("Five thousand, and that includes a one-year support plan.", None),
        ("$4,000 is my number.", "names '$4,000'"),
        ("$5,000 with a two-year support plan.", "'a two-year support plan'"),
        ("Deal! $5,000 it is.", "agrees to a deal"),
        ("That's not a deal I can take. $5,000.", None),
        ("You said $5,250; I am at $5,000.", None),
        ("", "empty"),
    ],
)
def test_the_check_compares_amounts_options_and_agreement(reply: str, problem: str | None) -> None:
    history = [Turn(index=0, speaker="trainee", text="How about $5,250 and no training?")]
    found = contradiction(reply, [COUNTER_MOVE], REAL, LIBRARY.persona("anchorer"), history)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_agreement_is_fine_when_the_move_accepts() -> None:
    accept = Move(kind="accept", terms=COUNTER_MOVE.terms)
    assert contradiction("Agreed, $5,000 it is.", [accept], REAL, LIBRARY.persona("anchorer"), []) is None

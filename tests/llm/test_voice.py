"""The LLM voice in a real session against the local server: streaming, the check, regeneration, fallback on
faults, the token budget, and requests that never carry a hidden value."""

import json
import logging
import re
import time
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
    turn_note,
)
from tests.openai_server import FakeOpenAI, Reply, agreeing, free_port, omitting
from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.voice import Correction, OfflineVoice, slots
from trainer.files.library import load_library
from trainer.llm.chat import ChatMessage, OpenAIChat, Retry
from trainer.llm.check import AGREEING
from trainer.llm.tokens import TokenCounter
from trainer.llm.voice import LLMVoice

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
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user", "system"]
    assert body["max_tokens"] == 160


def test_a_contradicting_reply_is_regenerated_once_streamed_and_replaced(server: FakeOpenAI) -> None:
    session = session_with(server)
    session.start()
    server.script = None
    line = "What would you propose?"
    _, u = session.hear(line)
    moves = session.decide(u)
    right = faithful_reply(moves)
    server.push(f"I offer $1,234 flat. {right}", right)
    chunks = list(session.stream(moves))
    turn = session.transcript.turns[-1]
    cut = next(i for i, c in enumerate(chunks) if isinstance(c, Correction))
    assert "".join(chunks[:cut]).startswith("I offer $1,234 flat.")
    assert chunks[cut] == ""  # clears the draft; the regeneration streams after it
    assert len(chunks[cut + 1 :]) > 3
    assert turn.text == "".join(chunks[cut + 1 :]) == right
    assert turn.voice == "llm"
    assert turn.note is not None
    assert "$1,234" in turn.note
    retry = server.bodies[-1]
    assert retry["stream"] is True
    assert retry["temperature"] == 0.2
    assert "Your previous draft was rejected" in turn_note(retry)
    assert "Your previous draft was rejected" not in system_prompt(retry)  # the stable prefix stays as it was


def faithful_reply(moves: list[Move]) -> str:
    """What a faithful model says for these moves: the phrasebook's words carry every term."""
    return " ".join(OfflineVoice(SCENARIO, PERSONA, 99).line(m) for m in moves)


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
    moves = session.policy.opening(session.state)
    right = faithful_reply(moves)
    server.push(Reply("Hello there and welcome to the call", fault="cut", cut_after=3), right)
    chunks = list(session.stream(moves))
    assert isinstance(chunks[3], Correction)
    turn = session.transcript.turns[-1]
    assert (turn.text, turn.voice) == (right, "llm")
    assert turn.note is not None
    assert "broke off" in turn.note


def test_connection_refused_and_timeouts_fall_back(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
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


# --- a model that does not say the move ----------------------------------------------------------------------------


def test_an_omitting_model_never_has_its_words_stored_as_said(server: FakeOpenAI) -> None:
    server.script = omitting
    session = play_adversary_with(server)
    turns = session.transcript.counterpart_turns()
    carrying = [t for t in turns if any(_carries(m) for m in t.moves)]
    assert {m.kind for t in carrying for m in t.moves} >= {"anchor", "reveal"}
    assert len(carrying) < len(turns)  # greetings, guards and nudges are checked too: they must be on the subject
    for turn in turns:
        assert turn.voice == "fallback", turn.text
        assert "cat videos" not in turn.text
        assert turn.note is not None
        assert "rejected twice" in turn.note
        for move in turn.moves:  # the phrasebook's lines, whole
            assert any(line in turn.text for line in phrasebook(move)), turn.text


def test_an_agreeing_model_cannot_agree_for_a_move_that_does_not(server: FakeOpenAI) -> None:
    server.script = agreeing
    session = play_adversary_with(server)
    for turn in session.transcript.counterpart_turns():
        if not any(m.kind in AGREEING for m in turn.moves):
            assert turn.voice == "fallback", turn.text
            assert turn.text not in (
                "Deal.",
                "I'll take it.",
                "Let's shake hands on that.",
                "Consider it sold for a buck.",
            )


def phrasebook(move: Move) -> set[str]:
    """Every line the persona's phrasebook could say for a move."""
    return {line.format_map(slots(SCENARIO, PERSONA, move)) for line in PERSONA.lines.get(move.kind, [])}


def _carries(move: Move) -> bool:
    """Moves whose words must carry something: terms, an extra, a kept price, a reveal."""
    return bool(move.terms or move.extra or move.interest)


def play_adversary_with(server: FakeOpenAI) -> Session:
    session = session_with(server)
    session.start()
    for line in ADVERSARY:
        if not session.ended:
            session.reply(line)
    return session


# --- the turn deadline ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slow",
    [Reply("too late", delay=5.0), Reply("too late", wait=5.0, ping_every=0.05)],
    ids=["hung", "pinging"],
)
def test_a_slow_server_costs_a_turn_the_deadline_then_the_phrasebook_answers(server: FakeOpenAI, slow: Reply) -> None:
    voice = LLMVoice(SCENARIO, PERSONA, 3, chat_for(server, 3, timeout=30.0), turn_seconds=0.4)
    server.push(slow)
    started = time.monotonic()
    turn = Session(SCENARIO, PERSONA, seed=3, voice=voice).start()
    assert time.monotonic() - started < 5.0  # the server would still be busy
    assert turn.voice == "fallback"
    assert turn.note is not None
    assert "deadline" in turn.note
    assert len(server.bodies) == 1  # cancelled, not retried in the background


def test_a_single_slot_server_never_gets_a_queue_of_abandoned_requests() -> None:
    """Each turn sends one request; when the deadline passes it is cancelled, never retried behind itself."""
    slow = Reply("a reply that takes far too long to make", token_delay=0.2)
    with FakeOpenAI(default=slow, slots=1) as server:
        voice = LLMVoice(SCENARIO, PERSONA, 3, chat_for(server, 3, timeout=30.0), turn_seconds=0.3)
        session = Session(SCENARIO, PERSONA, seed=3, voice=voice)
        session.start()
        for line in ["Hello.", "What would you propose?", "Tell me more."]:
            session.reply(line)
        turns = session.transcript.counterpart_turns()
        assert [t.voice for t in turns] == ["fallback"] * 4
        assert len(server.bodies) == 4


def test_the_phrasebook_answers_a_regeneration_that_would_pass_the_deadline(server: FakeOpenAI) -> None:
    voice = LLMVoice(SCENARIO, PERSONA, 3, chat_for(server, 3, timeout=30.0), turn_seconds=0.5)
    session = Session(SCENARIO, PERSONA, seed=3, voice=voice)
    server.push("Hello and welcome.", Reply("too late", wait=5.0, ping_every=0.05))
    chunks = list(session.stream(session.policy.opening(session.state)))
    turn = session.transcript.turns[-1]
    assert turn.voice == "fallback"
    assert isinstance(chunks[-1], Correction)
    assert chunks[-1] == turn.text
    assert turn.note is not None
    assert "deadline" in turn.note


# --- prompts a server can cache ----------------------------------------------------------------------------------


def test_each_request_starts_with_the_one_before_and_ends_with_the_move(server: FakeOpenAI) -> None:
    session = play_adversary(server)
    assert len(server.bodies) >= 8
    systems = {system_prompt(b) for b in server.bodies}
    assert len(systems) == 1  # nothing in the system prompt changes turn to turn
    assert "What your next reply says" not in next(iter(systems))
    for before, later in zip(server.bodies, server.bodies[1:], strict=False):
        assert later["messages"][: len(before["messages"]) - 1] == before["messages"][:-1]
        assert "What your next reply says" in turn_note(later)
    moves = [t.moves for t in session.transcript.counterpart_turns()]
    assert all(m for m in moves)


# --- what the tokens were --------------------------------------------------------------------------------------------


def test_tokens_are_marked_estimated_when_the_server_reports_none(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.script = lambda body: Reply(faithful(body), usage=False)
    turn = session.start()
    assert turn.usage is not None
    assert turn.usage.estimated
    assert turn.usage.prompt_tokens > 0
    server.script = faithful
    reported = session.reply("What would you propose?")
    assert reported.usage is not None
    assert not reported.usage.estimated


def test_a_reply_cut_off_at_max_tokens_keeps_its_whole_sentences(server: FakeOpenAI) -> None:
    voice = LLMVoice(SCENARIO, PERSONA, 3, chat_for(server), max_tokens=40)
    session = Session(SCENARIO, PERSONA, seed=3, voice=voice)
    moves = session.policy.opening(session.state)
    said = faithful_reply(moves) + "."
    server.push(f"{said} And another thing I really must tell you about " + "on and on " * 40)
    chunks = list(session.stream(moves))
    turn = session.transcript.turns[-1]
    assert server.bodies[0]["max_tokens"] == 40
    assert len("".join(c for c in chunks if not isinstance(c, Correction)).split()) == 40
    assert isinstance(chunks[-1], Correction)
    assert (turn.text, turn.voice) == (said, "llm")
    assert turn.note is not None
    assert "cut off at 40 tokens" in turn.note


def test_a_template_that_takes_no_late_system_message_gets_the_note_in_the_user_message() -> None:
    """vLLM serving Mistral refuses a system message after the first; the voice learns that once per endpoint."""
    with FakeOpenAI(refuse={"late_system"}) as server:
        server.script = faithful
        session = session_with(server)
        first = session.start()
        second = session.reply("What would you propose?")
        assert (first.voice, second.voice) == ("llm", "llm")
        refused, *answered = server.bodies
        assert refused["messages"][-1]["role"] == "system"
        assert len(answered) == 2  # learnt once: the second turn asks the right way at once
        for body in answered:
            roles = [m["role"] for m in body["messages"]]
            assert roles[0] == "system"
            assert "system" not in roles[1:]
            last = body["messages"][-1]
            assert last["role"] == "user"
            assert "[winwin, not the trainee, to the counterpart:]" in last["content"]
            assert "What your next reply says" in last["content"]
        assert answered[1]["messages"][-1]["content"].startswith("What would you propose?")

"""The same checks against a real OpenAI-compatible endpoint: opt-in with `pytest -m live`.

Configure it as a user would: WINWIN_BACKEND=openai with WINWIN_LLM_BASE_URL (a local server) and/or OPENAI_API_KEY,
and WINWIN_LLM_MODEL. With `-m live` and nothing configured, these tests skip and say what to set.
"""

import os
import time
from collections.abc import Callable
from functools import partial

import pytest

from tests.llm_helpers import ADVERSARY, PRIVATE, SECRET_NUMBERS, numbers_in, persona, secret_scenario
from trainer.counterpart.session import Session
from trainer.files.library import load_library
from trainer.llm.chat import ChatMessage, ChatModel, OpenAIChat
from trainer.llm.judge import judge_transcript
from trainer.llm.reader import LLMReader
from trainer.llm.settings import load_settings, make_chat, make_voice_factory
from trainer.llm.voice import LLMVoice
from trainer.reading.understanding import understand

pytestmark = pytest.mark.live
# Read when the module loads: each test's own world (tests/conftest.py) clears the user's variables before it runs.
LIVE = {k: v for k, v in os.environ.items() if k.startswith(("WINWIN_", "OPENAI_"))}


@pytest.fixture(scope="module")
def chat() -> ChatModel:
    model = make_chat(load_settings(environ=LIVE))
    if model is None:
        pytest.skip("no live endpoint: set WINWIN_BACKEND=openai and WINWIN_LLM_BASE_URL or OPENAI_API_KEY")
    return model


def test_a_real_model_streams_a_reply(chat: ChatModel) -> None:
    messages = [ChatMessage(role="user", content="Say hello in five words.")]
    chunks = list(chat.stream(messages, temperature=0))
    assert "".join(c.text for c in chunks).strip()
    assert len([c for c in chunks if c.text]) > 1


def test_a_real_model_answers_in_the_schema(chat: ChatModel) -> None:
    scenario = load_library().scenario("pos-boutique")
    reader = LLMReader(scenario, chat)
    u = understand("Let us settle at 4875 and a year of support.", scenario)
    resolved = reader.resolve(u, [])
    assert resolved.usage is not None
    assert resolved.understanding.terms.get("price") in (None, "p4750", "p5000")


def test_an_adversarial_session_with_a_real_model_keeps_the_secrets(chat: ChatModel) -> None:
    scenario = secret_scenario()
    voice = LLMVoice(scenario, persona(), 1, chat)
    session = Session(scenario, persona(), seed=1, voice=voice)
    session.start()
    sent: list[str] = []
    for line in ADVERSARY:
        if session.ended:
            break
        session.reply(line)
        assert voice.last_request is not None
        sent += [m.content for m in voice.last_request.messages]
    assert not any(PRIVATE in text for text in sent)
    assert not SECRET_NUMBERS & {n for text in sent for n in numbers_in(text)}
    for turn in session.transcript.counterpart_turns():
        assert not SECRET_NUMBERS & numbers_in(turn.text), turn.text
        if turn.voice == "llm":
            assert voice.contradiction(turn.text, turn.moves, session.transcript.turns[: turn.index]) is None


def test_a_real_judge_quotes_the_transcript(chat: ChatModel) -> None:
    library = load_library()
    scenario = library.scenario("pos-boutique")
    session = Session(scenario, library.persona("anchorer"))
    session.start()
    for line in ["What matters most to you in a new till?", "So your staff need to learn it quickly?", "Deal."]:
        session.reply(line)
    report = judge_transcript(session.transcript, scenario, chat, runs=2)
    assert report.checks
    assert all(c.turn is not None for c in report.checks)


def test_a_real_call_stores_only_replies_that_carry_their_moves_within_the_deadline(chat: ChatModel) -> None:
    """As a user would: the configured settings, a few lines, then what the transcript holds and how long each
    turn took (run with -s to see the per-turn lines)."""
    settings = load_settings(environ=LIVE)
    factory = make_voice_factory(settings)
    assert factory is not None
    library = load_library()
    scenario, persona = library.scenario("pos-boutique"), library.persona("anchorer")
    voice = factory(scenario, persona, 1)
    assert isinstance(voice, LLMVoice)
    session = Session(scenario, persona, seed=1, voice=voice)
    lines = ["Hello!", "What would you propose?", "What happened with your current till?", "Deal."]
    waits = [_timed(session.start)]
    for line in lines:
        if not session.ended:
            waits.append(_timed(partial(session.reply, line)))
    for turn, wait in zip(session.transcript.counterpart_turns(), waits, strict=True):
        print(f"{wait:5.1f}s {turn.voice:8} {[m.kind for m in turn.moves]} {turn.text!r} {turn.note or ''}")
        assert wait <= settings.turn_seconds + 1
        if turn.voice == "llm":
            assert voice.contradiction(turn.text, turn.moves, session.transcript.turns[: turn.index]) is None


def test_a_real_endpoint_takes_one_structured_method(chat: ChatModel) -> None:
    scenario = load_library().scenario("pos-boutique")
    LLMReader(scenario, chat).resolve(understand("Let us settle at 4875 and a year of support.", scenario), [])
    assert isinstance(chat, OpenAIChat)
    print(f"structured output at {chat.host}: {chat.method}")
    assert chat.method in ("json_schema", "function_calling", "json_mode")


def _timed(call: Callable[[], object]) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started

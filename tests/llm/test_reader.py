"""The model-backed reader: it reads every message that states, refuses or asks about terms, and settles what the
offline reader found unclear; its answers count only where they name real options, and any fault leaves the offline
reading, said so in the transcript."""

import json
import time

import pytest

from tests.llm_helpers import chat_for, faithful, server
from tests.openai_server import Body, FakeOpenAI, Reply
from trainer.counterpart.session import Session
from trainer.files.library import load_library
from trainer.llm.reader import LLMReader, TermsAnswer, needs_model
from trainer.llm.voice import LLMVoice
from trainer.reading.understanding import understand

__all__ = ["server"]

LIBRARY = load_library()
SCENARIO = LIBRARY.scenario("pos-boutique")
PERSONA = LIBRARY.persona("anchorer")


def answer(**choices: str | None) -> str:
    return json.dumps({"choices": [{"issue": k, "option": v} for k, v in choices.items()]})


def session_with(server: FakeOpenAI, reader: bool = True) -> Session:
    chat = chat_for(server)
    voice = LLMVoice(SCENARIO, PERSONA, 0, chat, reader=LLMReader(SCENARIO, chat) if reader else None)
    session = Session(SCENARIO, PERSONA, voice=voice)
    session.start()
    return session


def reading(**issues: tuple[str | None, str | None]) -> str:
    """The model's answer when it reads a whole message: issue -> (proposes, refuses)."""
    return json.dumps({"issues": [{"issue": k, "proposes": p, "refuses": r} for k, (p, r) in issues.items()]})


def structured(body: Body) -> bool:
    return bool(body.get("response_format") or body.get("tools"))


@pytest.mark.parametrize(
    "text",
    [
        "I could do $5,000 with a one-year support plan.",  # states terms the offline reader is sure of
        "4,500 won't work for us.",  # refuses terms
        "How did you get to $4,500?",  # asks about terms
    ],
)
def test_every_message_about_terms_reaches_the_model(server: FakeOpenAI, text: str) -> None:
    server.script = lambda body: reading(price=(None, None)) if structured(body) else faithful(body)
    session = session_with(server)
    before = len([b for b in server.bodies if structured(b)])
    turn, _ = session.hear(text)
    assert len([b for b in server.bodies if structured(b)]) == before + 1
    assert turn.usage is not None  # tokens recorded per call
    assert turn.usage.prompt_tokens > 0


def test_small_talk_costs_no_model_call(server: FakeOpenAI) -> None:
    server.script = faithful
    session = session_with(server)
    before = len([b for b in server.bodies if structured(b)])
    turn, _ = session.hear("Lovely weather today, isn't it?")
    assert len([b for b in server.bodies if structured(b)]) == before
    assert turn.usage is None


def test_the_models_reading_counts_where_it_names_real_options(server: FakeOpenAI) -> None:
    server.script = lambda body: (
        reading(price=("p5250", "p4500"), support=("one-year", None)) if structured(body) else faithful(body)
    )
    session = session_with(server)
    turn, u = session.hear("I can't do 4,500, but 5,250 with a year of support works.")
    assert u.terms == {"price": "p5250", "support": "one-year"}
    assert u.refused == {"price": "p4500"}
    assert turn.note is not None
    assert turn.note.startswith("read by the model")


@pytest.mark.parametrize(
    "reply",
    [
        Reply("not json at all"),
        Reply(json.dumps({"issues": [{"issue": "price", "proposes": "p9999", "refuses": None}]})),
        Reply("server down", status=500),
    ],
)
def test_a_malformed_or_failing_reading_leaves_the_offline_one_marked(server: FakeOpenAI, reply: Reply) -> None:
    server.script = lambda body: reply if structured(body) else faithful(body)
    session = session_with(server)
    turn, u = session.hear("I could do $5,000 with a one-year support plan.")
    assert u.terms == {"price": "p5000", "support": "one-year"}  # what the offline reader read
    assert turn.note is not None
    assert "offline reading stands" in turn.note


def test_an_unclear_offer_is_read_by_the_model(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.script = lambda body: answer(price="p5000") if body.get("response_format") else faithful(body)
    turn, u = session.hear("Let us settle at 4875 and a year of support.")
    assert u.terms == {"support": "one-year", "price": "p5000"}
    assert u.ambiguous == []
    assert turn.terms == u.terms
    assert turn.note == "read by the model: $5,000"
    assert turn.usage is not None
    assert turn.usage.prompt_tokens > 0
    assert not any(m.kind == "clarify" for m in session.decide(u))
    body = server.bodies[-1]
    assert body["response_format"]["json_schema"]["name"] == "TermsAnswer"
    assert body["temperature"] == 0
    assert body["max_tokens"] == 200
    assert body["messages"][-1] == {"role": "user", "content": "Let us settle at 4875 and a year of support."}
    prompt = body["messages"][0]["content"]
    assert "`p4750`: $4,750" in prompt
    assert "`p5000`: $5,000" in prompt
    assert "`p5500`" not in prompt  # only the options those words could mean
    assert "points" not in json.dumps(body)
    assert SCENARIO.counterpart.brief not in json.dumps(body)


def test_an_answer_outside_what_the_words_could_mean_is_ignored(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.push(answer(price="p4500", support="two-years"))
    _, u = session.hear("Let us settle at 4875 and a year of support.")
    assert "price" not in u.terms
    assert u.terms["support"] == "one-year"
    assert [a.issue for a in u.ambiguous] == ["price"]


def test_a_model_that_cannot_tell_leaves_the_clarifying_question(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.push(answer(price=None))
    turn, u = session.hear("I could do 4,875 if you sign today.")
    assert u.ambiguous
    assert turn.note == "the model could not tell what the unclear terms meant either"
    server.script = faithful
    assert [m.kind for m in session.decide(u)][-1] == "clarify"


def test_a_failing_model_leaves_the_offline_reading(server: FakeOpenAI) -> None:
    session = session_with(server)
    server.push(*[Reply("down", status=500)] * 2)
    turn, u = session.hear("I could do 4,875 if you sign today.")
    assert [a.text for a in u.ambiguous] == ["4,875"]
    assert turn.note is not None
    assert turn.note.startswith("the model could not read the unclear terms")
    assert turn.usage is None


def test_without_the_setting_no_reader_runs(server: FakeOpenAI) -> None:
    session = session_with(server, reader=False)
    before = len(server.bodies)
    _, u = session.hear("I could do 4,875 if you sign today.")
    assert len(server.bodies) == before
    assert u.ambiguous


def test_questions_that_restate_terms_need_no_model() -> None:
    assert needs_model(understand("I could do 4,875 if you sign today.", SCENARIO))
    assert not needs_model(understand("So you said 4,875?", SCENARIO))
    assert not needs_model(understand("I could do $5,000.", SCENARIO))


def test_the_reader_costs_one_small_call(server: FakeOpenAI) -> None:
    chat = chat_for(server)
    reader = LLMReader(SCENARIO, chat)

    def slow(body: Body) -> Reply:
        return Reply(answer(price="p5000"), delay=0.05)

    server.script = slow
    u = understand("How about 4,875 with training?", SCENARIO)
    started = time.perf_counter()
    resolved = reader.resolve(u, [])
    took = time.perf_counter() - started
    assert resolved.understanding.terms["price"] == "p5000"
    assert 0.05 <= took < 1.0
    assert reader.meter.requests == 1
    assert resolved.usage is not None
    assert resolved.usage.prompt_tokens < 400
    TermsAnswer.model_validate_json(answer(price="p5000"))

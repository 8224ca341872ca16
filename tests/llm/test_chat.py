"""The chat-model seam against a real local HTTP server: streaming, structured output, retries and faults."""

import logging
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from pydantic import BaseModel, SecretStr

from tests.openai_server import FakeOpenAI, Reply, free_port
from trainer.llm.chat import ChatError, ChatMessage, OpenAIChat, Retry, host_of
from trainer.llm.deadline import Deadline

KEY = "sk-test-SECRETKEY1234567890"
HELLO = [ChatMessage(role="system", content="Be brief."), ChatMessage(role="user", content="Hello?")]


class Pick(BaseModel):
    colour: str
    count: int


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as s:
        yield s


def chat_for(
    server: FakeOpenAI, waits: list[float] | None = None, timeout: float = 5.0, retry: Retry | None = None
) -> OpenAIChat:
    """A client whose retry waits are recorded instead of slept."""
    sleep = waits.append if waits is not None else (lambda _: None)
    retry = retry or Retry(attempts=3, backoff=0.01)
    return OpenAIChat(
        "test-model", base_url=server.url, api_key=SecretStr(KEY), timeout=timeout, retry=retry, sleep=sleep
    )


def test_stream_yields_token_by_token_then_usage(server: FakeOpenAI) -> None:
    server.push("Good morning to you, let us begin.")
    chunks = list(chat_for(server).stream(HELLO, temperature=0.5, seed=7))
    words = [c.text for c in chunks if c.text]
    assert len(words) == 7
    assert "".join(words) == "Good morning to you, let us begin."
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 7
    body = server.bodies[0]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert (body["model"], body["temperature"], body["seed"]) == ("test-model", 0.5, 7)
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert server.headers[0]["authorization"] == f"Bearer {KEY}"


def test_keyless_local_server_gets_a_placeholder_key(server: FakeOpenAI) -> None:
    chat = OpenAIChat("local", base_url=server.url)
    assert chat.complete(HELLO, temperature=0).text == "Fine."
    assert server.headers[0]["authorization"] == "Bearer not-needed"


def test_complete_returns_text_and_usage(server: FakeOpenAI) -> None:
    server.push("Two words")
    reply = chat_for(server).complete(HELLO, temperature=0.2)
    assert reply.text == "Two words"
    assert reply.usage is not None
    assert reply.usage.completion_tokens == 2
    assert not server.bodies[0].get("stream")


@pytest.mark.parametrize("method", ["json_schema", "function_calling"])
def test_structured_reads_into_the_schema_at_temperature_zero(server: FakeOpenAI, method: str) -> None:
    server.push('{"colour": "teal", "count": 3}')
    chat = chat_for(server)
    chat.choice = "json_schema" if method == "json_schema" else "function_calling"
    answer = chat.structured(HELLO, Pick)
    assert answer.value == Pick(colour="teal", count=3)
    assert answer.usage is not None
    assert answer.usage.prompt_tokens > 0
    body = server.bodies[0]
    assert body["temperature"] == 0
    if method == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "Pick"
    else:
        assert body["tools"][0]["function"]["name"] == "Pick"


def test_429_honours_retry_after(server: FakeOpenAI) -> None:
    server.push(Reply("slow down", status=429, headers={"Retry-After": "0.3"}), "ok now")
    waits: list[float] = []
    assert chat_for(server, waits).complete(HELLO, temperature=0).text == "ok now"
    assert waits == [0.3]


def test_retry_after_ms_wins_over_seconds(server: FakeOpenAI) -> None:
    server.push(Reply("slow", status=429, headers={"retry-after-ms": "120", "Retry-After": "5"}), "ok")
    waits: list[float] = []
    chat_for(server, waits).complete(HELLO, temperature=0)
    assert waits == [pytest.approx(0.12)]


def test_a_real_wait_is_honoured(server: FakeOpenAI) -> None:
    server.push(Reply("slow", status=429, headers={"Retry-After": "0.2"}), "ok")
    chat = OpenAIChat("m", base_url=server.url, retry=Retry(attempts=2, backoff=0.01))
    chat.complete(HELLO, temperature=0)
    assert server.times[1] - server.times[0] >= 0.2


def test_too_long_a_wait_gives_up_at_once(server: FakeOpenAI) -> None:
    server.push(Reply("slow", status=429, headers={"Retry-After": "3600"}))
    waits: list[float] = []
    with pytest.raises(ChatError, match="try again later") as e:
        chat_for(server, waits).complete(HELLO, temperature=0)
    assert (e.value.kind, waits, len(server.bodies)) == ("rate_limit", [], 1)


def test_5xx_backs_off_exponentially_then_succeeds(server: FakeOpenAI) -> None:
    server.push(Reply("down", status=500), Reply("busy", status=503), "back")
    waits: list[float] = []
    chat = chat_for(server, waits, retry=Retry(attempts=3, backoff=0.05))
    assert chat.complete(HELLO, temperature=0).text == "back"
    assert waits == [0.05, 0.1]


def test_retries_are_bounded_and_the_message_says_what_to_do(server: FakeOpenAI) -> None:
    server.push(*[Reply("down", status=500)] * 5)
    with pytest.raises(ChatError) as e:
        chat_for(server).complete(HELLO, temperature=0)
    assert e.value.kind == "server"
    assert "failed (500: down)" in str(e.value)  # the server's own reason is kept
    assert "gave up after 3 attempts" in str(e.value)
    assert len(server.bodies) == 3


def test_connection_refused_is_a_clear_error() -> None:
    chat = OpenAIChat("m", base_url=f"http://127.0.0.1:{free_port()}/v1", retry=Retry(attempts=2, backoff=0.001))
    with pytest.raises(ChatError, match=r"could not reach the model at 127\.0\.0\.1") as e:
        chat.complete(HELLO, temperature=0)
    assert e.value.kind == "connection"
    assert "WINWIN_LLM_BASE_URL" in str(e.value)


def test_timeout_is_a_clear_error(server: FakeOpenAI) -> None:
    server.push(Reply("late", delay=1.0))
    chat = chat_for(server, timeout=0.2, retry=Retry(attempts=1))
    with pytest.raises(ChatError, match=r"did not answer within 0\.2s") as e:
        list(chat.stream(HELLO, temperature=0))
    assert e.value.kind == "timeout"


def test_dropped_connection_before_any_words_is_retried(server: FakeOpenAI) -> None:
    server.push(Reply(fault="drop"), "second try")
    assert "".join(c.text for c in chat_for(server).stream(HELLO, temperature=0)) == "second try"
    assert len(server.bodies) == 2


def test_a_stream_cut_mid_reply_is_not_retried(server: FakeOpenAI) -> None:
    server.push(Reply("one two three four five six", fault="cut", cut_after=3), "never asked")
    got: list[str] = []

    def read() -> None:
        got.extend(chunk.text for chunk in chat_for(server).stream(HELLO, temperature=0))

    with pytest.raises(ChatError, match="broke off mid-way") as e:
        read()
    assert e.value.kind == "cut"
    assert "".join(got) == "one two three"
    assert len(server.bodies) == 1


def test_a_stream_without_a_finish_is_a_cut(server: FakeOpenAI) -> None:
    server.push(Reply("a reply that just stops", fault="no_finish"))
    with pytest.raises(ChatError) as e:
        list(chat_for(server).stream(HELLO, temperature=0))
    assert e.value.kind == "cut"


def test_empty_replies_are_retried_then_reported(server: FakeOpenAI) -> None:
    server.push(*[Reply(fault="empty")] * 3)
    with pytest.raises(ChatError, match="empty reply") as e:
        list(chat_for(server).stream(HELLO, temperature=0))
    assert e.value.kind == "empty"
    assert len(server.bodies) == 3
    server.push(Reply(fault="empty"), "words")
    assert chat_for(server).complete(HELLO, temperature=0).text == "words"


@pytest.mark.parametrize("stream", [True, False])
def test_malformed_json_is_reported(server: FakeOpenAI, stream: bool) -> None:
    server.push(*[Reply("x", fault="malformed")] * 3)
    chat = chat_for(server, retry=Retry(attempts=1))

    def call() -> object:
        return list(chat.stream(HELLO, temperature=0)) if stream else chat.complete(HELLO, temperature=0)

    with pytest.raises(ChatError) as e:
        call()
    assert e.value.kind in ("malformed", "cut")
    assert "cannot read" in str(e.value)  # mid-stream: "broke off mid-way (winwin cannot read what came)"


def test_structured_answer_that_does_not_fit_is_malformed(server: FakeOpenAI) -> None:
    server.push('{"colour": "teal"}')
    with pytest.raises(ChatError) as e:
        chat_for(server, retry=Retry(attempts=1)).structured(HELLO, Pick)
    assert e.value.kind == "malformed"


def test_the_key_never_appears_in_errors_or_logs(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.push(Reply(f"Incorrect API key provided: {KEY}", status=401))
    with pytest.raises(ChatError) as e:
        chat_for(server).complete(HELLO, temperature=0)
    assert e.value.kind == "auth"
    assert "OPENAI_API_KEY" in str(e.value)
    server.push(Reply(f"bad request for key {KEY}", status=400), *[Reply(f"{KEY} down", status=500)] * 3)
    with pytest.raises(ChatError) as bad:
        chat_for(server).complete(HELLO, temperature=0)
    with pytest.raises(ChatError) as down:
        chat_for(server).complete(HELLO, temperature=0)
    for error in (e.value, bad.value, down.value):
        assert KEY not in str(error)
        assert "SECRETKEY" not in str(error)
        assert error.__cause__ is None
        assert error.__suppress_context__
    assert "SECRETKEY" not in caplog.text
    assert "***" in str(bad.value)


def test_host_of() -> None:
    assert host_of("http://127.0.0.1:8000/v1") == "127.0.0.1:8000"
    assert host_of(None) == "api.openai.com"


def test_importing_the_package_does_not_load_langchain() -> None:
    """The offline path starts fast: langchain and the SDK load only when a model is built."""
    modules = "trainer.counterpart.session, trainer.llm.settings, trainer.llm.judge"
    code = f"import sys, {modules}; print('langchain_openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- retry waits a server cannot break --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "-1"}, {"Retry-After": "nan"}, {"retry-after-ms": "-5000"}, {"Retry-After": "inf"}],
    ids=["minus-one", "nan", "ms-negative", "inf"],
)
def test_a_nonsense_retry_after_falls_back_to_the_backoff(server: FakeOpenAI, headers: dict[str, str]) -> None:
    server.push(Reply("slow", status=429, headers=headers), "ok")
    waits: list[float] = []
    assert chat_for(server, waits, retry=Retry(attempts=2, backoff=0.05)).complete(HELLO, temperature=0).text == "ok"
    assert waits == [0.05]


def test_a_negative_retry_after_never_reaches_time_sleep(server: FakeOpenAI) -> None:
    """The real sleep: time.sleep(-1) raises ValueError, which would kill the call and lose its turns."""
    server.push(Reply("slow", status=429, headers={"Retry-After": "-1", "retry-after-ms": "-5000"}), "ok")
    chat = OpenAIChat("m", base_url=server.url, retry=Retry(attempts=2, backoff=0.01))
    assert chat.complete(HELLO, temperature=0).text == "ok"
    assert len(server.bodies) == 2


# --- the turn deadline ------------------------------------------------------------------------------------------


def test_a_pinging_server_cannot_hold_a_stream_past_the_deadline(server: FakeOpenAI) -> None:
    """SSE pings keep the read timeout from firing; the deadline shuts the socket anyway, and is not retried."""
    server.push(Reply("too late", wait=5.0, ping_every=0.05), "never asked")
    chat = chat_for(server, timeout=30.0)
    started = time.monotonic()
    with pytest.raises(ChatError, match="deadline") as e:
        list(chat.stream(HELLO, temperature=0, deadline=Deadline.after(0.4)))
    assert time.monotonic() - started < 5.0  # the server would still be waiting
    assert e.value.kind == "deadline"
    assert server.pings > 0
    assert len(server.bodies) == 1
    _until(lambda: server.abandoned == 1)  # the server saw the client go: the request is cancelled


def test_a_hung_server_costs_no_more_than_the_deadline(server: FakeOpenAI) -> None:
    server.push(Reply("too late", delay=5.0))
    started = time.monotonic()
    with pytest.raises(ChatError) as e:
        list(chat_for(server, timeout=30.0).stream(HELLO, temperature=0, deadline=Deadline.after(0.3)))
    assert time.monotonic() - started < 5.0
    assert e.value.kind == "deadline"
    assert len(server.bodies) == 1


def test_a_deadline_mid_stream_is_not_a_cut_and_stops_the_words(server: FakeOpenAI) -> None:
    server.push(Reply("one two three four five six seven eight nine ten", token_delay=0.1))
    got: list[str] = []

    def read() -> None:
        for chunk in chat_for(server).stream(HELLO, temperature=0, deadline=Deadline.after(0.35)):
            got.append(chunk.text)

    with pytest.raises(ChatError) as e:
        read()
    assert e.value.kind == "deadline"
    assert 0 < len([g for g in got if g]) < 10


def test_a_rate_limit_wait_longer_than_the_time_left_is_not_waited(server: FakeOpenAI) -> None:
    server.push(Reply("slow", status=429, headers={"Retry-After": "2"}), "ok")
    waits: list[float] = []
    with pytest.raises(ChatError) as e:
        list(chat_for(server, waits).stream(HELLO, temperature=0, deadline=Deadline.after(1.0)))
    assert (e.value.kind, waits, len(server.bodies)) == ("deadline", [], 1)


def test_a_timed_out_request_is_not_retried(server: FakeOpenAI) -> None:
    """A single-slot server would still be working on it: a retry only queues behind the abandoned request."""
    server.push(Reply("late", delay=0.5), "never asked")
    with pytest.raises(ChatError) as e:
        chat_for(server, timeout=0.1).complete(HELLO, temperature=0)
    assert e.value.kind == "timeout"
    assert len(server.bodies) == 1


def _until(condition: Callable[[], bool], seconds: float = 3.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the server never saw it"
        time.sleep(0.01)


# --- max_tokens ---------------------------------------------------------------------------------------------------


def test_max_tokens_reaches_every_kind_of_request(server: FakeOpenAI) -> None:
    server.push("a", "b", '{"colour": "teal", "count": 3}')
    chat = chat_for(server)
    list(chat.stream(HELLO, temperature=0, max_tokens=40))
    chat.complete(HELLO, temperature=0, max_tokens=41)
    chat.structured(HELLO, Pick, max_tokens=42)
    assert [b.get("max_tokens") for b in server.bodies] == [40, 41, 42]
    assert not any("max_completion_tokens" in b for b in server.bodies)  # llama.cpp reads only max_tokens


# --- structured output on servers that refuse json_schema -----------------------------------------------------


def test_structured_output_falls_back_to_tools_once_per_endpoint(server: FakeOpenAI) -> None:
    server.refuse = frozenset({"json_schema"})
    server.push('{"colour": "teal", "count": 3}', '{"colour": "red", "count": 1}')
    chat = chat_for(server)
    assert chat.method is None  # not found yet
    assert chat.structured(HELLO, Pick).value == Pick(colour="teal", count=3)
    assert chat.method == "function_calling"
    assert chat_for(server).structured(HELLO, Pick).value.colour == "red"  # a new client: no probing again
    asked = ["json_schema" if b.get("response_format") else "tools" if b.get("tools") else "?" for b in server.bodies]
    assert asked == ["json_schema", "tools", "tools"]


def test_structured_output_falls_back_to_json_object_with_the_form_in_the_prompt(server: FakeOpenAI) -> None:
    server.refuse = frozenset({"json_schema", "tools"})
    server.push('{"colour": "blue", "count": 2}')
    chat = chat_for(server)
    assert chat.structured(HELLO, Pick).value == Pick(colour="blue", count=2)
    assert chat.method == "json_mode"
    last = server.bodies[-1]
    assert last["response_format"] == {"type": "json_object"}
    assert '"colour"' in last["messages"][0]["content"]  # json_object does not carry the form: the prompt does


def test_a_server_that_takes_no_structured_output_says_why_in_its_own_words(server: FakeOpenAI) -> None:
    server.refuse = frozenset({"json_schema", "tools", "json_object"})
    with pytest.raises(ChatError) as e:
        chat_for(server).structured(HELLO, Pick)
    assert "Input should be 'text' or 'json_object'" in str(e.value)
    assert "WINWIN_LLM_STRUCTURED" in str(e.value)
    assert len(server.bodies) == 3  # one try of each method, no retries


def test_a_chosen_method_the_server_refuses_fails_at_once_with_its_reason(server: FakeOpenAI) -> None:
    server.refuse = frozenset({"json_schema"})
    chat = chat_for(server)
    chat.choice = "json_schema"
    with pytest.raises(ChatError) as e:
        chat.structured(HELLO, Pick)
    assert "Input should be 'text' or 'json_object'" in str(e.value)
    assert "try again later" not in str(e.value)
    assert len(server.bodies) == 1

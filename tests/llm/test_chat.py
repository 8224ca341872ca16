"""The chat-model seam against a real local HTTP server: streaming, structured output, retries and faults."""

import logging
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pydantic import BaseModel, SecretStr

from tests.openai_server import FakeOpenAI, Reply, free_port
from trainer.llm.chat import ChatError, ChatMessage, OpenAIChat, Retry, host_of

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

"""The chat-model seam: one small protocol that the LLM voice, the terms reader and the judge are handed, and its
OpenAI-compatible implementation on langchain (a base URL reaches OpenAI, vLLM, Ollama, llama.cpp server, LM Studio).

Every failure leaves here as one `ChatError` whose message says what happened and what to do, and never holds the
API key. Transient faults (timeouts, 429, 5xx, refused connections, empty or malformed replies) are retried with
backoff that honours Retry-After; a stream is only retried before its first words reach the caller.
"""

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

if TYPE_CHECKING:
    from langchain_core.messages import AIMessageChunk, BaseMessage

log = logging.getLogger(__name__)

Role = Literal["system", "user", "assistant"]
FaultKind = Literal["timeout", "rate_limit", "server", "connection", "cut", "empty", "malformed", "auth", "request"]
StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]
RETRYABLE: frozenset[FaultKind] = frozenset({"timeout", "rate_limit", "server", "connection", "empty", "malformed"})
# Keyless local servers (vLLM, Ollama, llama.cpp) ignore the key, but the SDK will not start without one.
KEYLESS = "not-needed"
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    content: str


class ChatUsage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: "ChatUsage") -> "ChatUsage":
        return ChatUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class ChatChunk(BaseModel):
    """A piece of a streamed reply; the last one of a stream may carry only the usage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = ""
    usage: ChatUsage | None = None


class ChatReply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    usage: ChatUsage | None = None


@dataclass(frozen=True)
class Structured(Generic[M]):
    """A structured answer and what it cost (None when the server did not say)."""

    value: M
    usage: ChatUsage | None


class ChatError(Exception):
    """A model call failed; the message says what happened and what to do, and never holds the API key."""

    def __init__(self, kind: FaultKind, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind: FaultKind = kind
        self.message = message
        self.retry_after = retry_after


class ChatModel(Protocol):
    """What the voice, the reader and the judge need of a chat model; passed in, never global."""

    name: str

    def stream(
        self, messages: Sequence[ChatMessage], *, temperature: float, seed: int | None = None
    ) -> Iterator[ChatChunk]: ...

    def complete(
        self, messages: Sequence[ChatMessage], *, temperature: float, seed: int | None = None
    ) -> ChatReply: ...

    def structured(self, messages: Sequence[ChatMessage], schema: type[M]) -> Structured[M]:
        """An answer read into `schema`, at temperature 0."""
        ...


def host_of(base_url: str | None) -> str:
    """The host (and port) a base URL reaches; OpenAI's when there is none."""
    return (urlsplit(base_url).netloc or base_url) if base_url else "api.openai.com"


@dataclass(frozen=True)
class Retry:
    """How faults are retried: `backoff` doubles per attempt; a longer wait than `max_wait` is not worth it."""

    attempts: int = 3
    backoff: float = 0.5
    max_wait: float = 30.0


class OpenAIChat:
    """An OpenAI-compatible endpoint through langchain's ChatOpenAI (chat completions, never the Responses API)."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: SecretStr | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
        structured_method: StructuredMethod = "json_schema",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from langchain_openai import ChatOpenAI  # langchain takes a second to import; only an LLM session pays it

        self.name = model
        self.host = host_of(base_url)
        self.timeout = timeout
        self.retry = retry or Retry()
        self.method: StructuredMethod = structured_method
        self._sleep = sleep
        self._secret = api_key.get_secret_value() if api_key else ""
        # The SDK's own retries are off: ours honour Retry-After within limits tests can shrink, and know whether a
        # stream has already shown words. stream_usage asks for the final usage chunk that most servers now send.
        self._llm = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=api_key or SecretStr(KEYLESS),
            timeout=timeout,
            max_retries=0,
            stream_usage=True,
            use_responses_api=False,
        )

    def stream(
        self, messages: Sequence[ChatMessage], *, temperature: float, seed: int | None = None
    ) -> Iterator[ChatChunk]:
        """The reply as it comes; faults before the first words are retried, a break after them is a 'cut'."""
        lc = _to_langchain(messages)
        for attempt in count(1):
            state = _StreamState()
            words = self._words(self._llm.stream(lc, temperature=temperature, seed=seed), state)
            try:
                first = self._first(words, state)
                break
            except ChatError as e:
                self._pause_or_raise(e, attempt)
        yield ChatChunk(text=first)
        try:
            for word in words:
                yield ChatChunk(text=word)
        except ChatError as e:
            why = {"timeout": "it stopped answering", "malformed": "winwin cannot read what came"}.get(
                e.kind, "the connection broke"
            )
            raise ChatError("cut", f"the reply from {self.host} broke off mid-way ({why})") from None
        if not state.finished:
            raise ChatError("cut", f"the reply from {self.host} broke off mid-way (no finish reason)")
        yield ChatChunk(usage=state.usage)

    def complete(self, messages: Sequence[ChatMessage], *, temperature: float, seed: int | None = None) -> ChatReply:
        lc = _to_langchain(messages)

        def call() -> ChatReply:
            reply = self._llm.invoke(lc, temperature=temperature, seed=seed)
            text = reply.content if isinstance(reply.content, str) else ""
            if not text.strip():
                raise ChatError("empty", f"the model at {self.host} sent an empty reply")
            return ChatReply(text=text, usage=_usage(reply.usage_metadata))

        return self._retrying(call)

    def structured(self, messages: Sequence[ChatMessage], schema: type[M]) -> Structured[M]:
        from langchain_core.messages import AIMessage

        lc = _to_langchain(messages)
        runnable = self._llm.with_structured_output(schema, method=self.method, include_raw=True, temperature=0)

        def call() -> Structured[M]:
            out = runnable.invoke(lc)
            parsed = out.get("parsed") if isinstance(out, dict) else None
            if not isinstance(parsed, schema):
                raise ChatError("malformed", f"the model at {self.host} did not answer in the {schema.__name__} form")
            raw = out.get("raw")
            return Structured(value=parsed, usage=_usage(raw.usage_metadata) if isinstance(raw, AIMessage) else None)

        return self._retrying(call)

    # --- faults -------------------------------------------------------------------------------------------
    def _retrying(self, call: Callable[[], T]) -> T:
        for attempt in count(1):
            try:
                return self._mapped(call)
            except ChatError as e:
                self._pause_or_raise(e, attempt)
        raise AssertionError("unreachable")  # count() never ends; mypy needs an exit

    def _mapped(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except _sdk_errors() as e:
            raise self._domain_error(e) from None  # `from None`: an SDK message may quote part of the key

    def _pause_or_raise(self, e: ChatError, attempt: int) -> None:
        if e.kind not in RETRYABLE or attempt >= self.retry.attempts:
            tries = f" (gave up after {attempt} attempts)" if attempt > 1 else ""
            raise ChatError(e.kind, e.message + tries, e.retry_after) from None
        wait = e.retry_after if e.retry_after is not None else self.retry.backoff * 2 ** (attempt - 1)
        if wait > self.retry.max_wait:
            raise ChatError(e.kind, f"{e.message}; it asks to wait {wait:.0f}s, so try again later", wait) from None
        log.warning("%s; retrying in %.2fs (attempt %d of %d)", e.message, wait, attempt + 1, self.retry.attempts)
        self._sleep(wait)

    def _domain_error(self, e: Exception) -> ChatError:
        return _classify(e, self.host, self.name, self.timeout, self._scrub)

    def _scrub(self, text: str) -> str:
        """A server's words, short, with the key (or anything shaped like one) blanked out."""
        if self._secret:
            text = text.replace(self._secret, "***")
        return _KEYLIKE.sub("***", text)[:200]

    # --- streams ------------------------------------------------------------------------------------------
    def _first(self, words: Iterator[str], state: "_StreamState") -> str:
        """The first words; until they come nothing has been shown, so a fault here can be retried."""
        first = next(words, None)
        if first is not None:
            return first
        if state.finished:
            raise ChatError("empty", f"the model at {self.host} sent an empty reply")
        raise ChatError("connection", f"the reply from {self.host} ended before it began (no finish reason)")

    def _words(self, source: Iterator["AIMessageChunk"], state: "_StreamState") -> Iterator[str]:
        """The words of each chunk, noting the finish reason and usage; SDK errors become ChatErrors."""
        while True:
            try:
                chunk = next(source)
            except StopIteration:
                return
            except _sdk_errors() as e:
                raise self._domain_error(e) from None  # `from None`: an SDK message may quote part of the key
            state.finished = state.finished or bool(chunk.response_metadata.get("finish_reason"))
            state.usage = _usage(chunk.usage_metadata) or state.usage
            if isinstance(chunk.content, str) and chunk.content:
                yield chunk.content


@dataclass
class _StreamState:
    finished: bool = False
    usage: ChatUsage | None = None


def _sdk_errors() -> tuple[type[Exception], ...]:
    """What a call can raise: the SDK's errors (connection, timeout, status; a stream cut mid-reply is a connection
    error) and ValueError (JSON that does not parse, an answer that does not fit the schema)."""
    import openai

    return (openai.OpenAIError, ValueError)


_KEYLIKE = re.compile(r"\b(?:sk|pk|key)-[A-Za-z0-9_\-*]{6,}")


def _classify(e: Exception, host: str, model: str, timeout: float, scrub: Callable[[str], str]) -> ChatError:
    """One domain error per kind of SDK or transport failure, with what to do about it."""
    import openai

    if isinstance(e, openai.APITimeoutError):
        return ChatError(
            "timeout", f"the model at {host} did not answer within {timeout:g}s; try again, or raise WINWIN_LLM_TIMEOUT"
        )
    if isinstance(e, openai.APIConnectionError):
        return ChatError(
            "connection",
            f"could not reach the model at {host} (connection refused or dropped); is the server running? "
            "Check WINWIN_LLM_BASE_URL",
        )
    if isinstance(e, openai.APIStatusError):
        return _status_error(e, host, model, scrub)
    if isinstance(e, ValueError):
        return ChatError("malformed", f"the model at {host} sent a reply winwin cannot read ({type(e).__name__})")
    return ChatError("request", f"the call to the model at {host} failed: {type(e).__name__}: {scrub(str(e))}")


def _status_error(e: Any, host: str, model: str, scrub: Callable[[str], str]) -> ChatError:
    status: int = e.status_code
    said = scrub(str(getattr(e, "message", "") or ""))
    if status == 429:
        return ChatError(
            "rate_limit", f"the model at {host} is limiting requests (429); wait a little", _retry_after(e)
        )
    if status in (401, 403):
        return ChatError("auth", f"the model at {host} refused the API key ({status}); check OPENAI_API_KEY")
    if status == 404:
        return ChatError("request", f"the server at {host} has no model {model!r} (404); check WINWIN_LLM_MODEL")
    if status >= 500:
        return ChatError("server", f"the model server at {host} failed ({status}); try again later")
    return ChatError("request", f"the model at {host} rejected the request ({status}): {said}")


def _retry_after(e: Any) -> float | None:
    """Seconds the server asks to wait: retry-after-ms, then Retry-After (seconds; a date is not worth parsing)."""
    headers = getattr(getattr(e, "response", None), "headers", None) or {}
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) / scale
        except ValueError:
            continue
    return None


def _usage(meta: Any) -> ChatUsage | None:
    if not meta:
        return None
    return ChatUsage(
        prompt_tokens=int(meta.get("input_tokens", 0)), completion_tokens=int(meta.get("output_tokens", 0))
    )


def _to_langchain(messages: Sequence[ChatMessage]) -> list["BaseMessage"]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]

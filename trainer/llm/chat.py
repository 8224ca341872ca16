"""The chat-model seam: one small protocol that the LLM voice, the terms reader and the judge are handed, and its
OpenAI-compatible implementation (a base URL reaches OpenAI, vLLM, Ollama, llama.cpp server, LM Studio).

Replies stream through the openai SDK directly, so a turn's deadline can shut the stream's socket (see deadline.py);
structured answers go through langchain's `with_structured_output`, with the method the endpoint accepts found once
(json_schema, then tools, then json_object). Every failure leaves here as one `ChatError` whose message says what
happened and what to do, carries the server's own reason, and never holds the API key. Transient faults (429, 5xx,
refused connections, empty or malformed replies) are retried with backoff that honours Retry-After, within the
deadline; a stream is only retried before its first words reach the caller.
"""

import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

from trainer.llm.deadline import Deadline
from trainer.llm.faults import RETRYABLE, ChatError, FaultKind, Retry, classify, scrubbed

if TYPE_CHECKING:
    import openai

__all__ = ["RETRYABLE", "ChatError", "FaultKind", "Retry"]

log = logging.getLogger(__name__)

Role = Literal["system", "user", "assistant"]
StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]
StructuredChoice = Literal["auto", "json_schema", "function_calling", "json_mode"]
# Tried in this order until the endpoint accepts one: OpenAI and vLLM take json_schema; llama.cpp's server answers
# it with a 500 but takes tools or json_object; Ollama takes all three.
METHODS: tuple[StructuredMethod, ...] = ("json_schema", "function_calling", "json_mode")
# Keyless local servers (vLLM, Ollama, llama.cpp) ignore the key, but the SDK will not start without one.
KEYLESS = "not-needed"
# The method each endpoint (base URL and model) accepted, found once per process.
_ACCEPTED: dict[tuple[str, str], StructuredMethod] = {}
# Endpoints whose chat template refused a system message after the first, found once per process.
_NO_LATE_SYSTEM: set[tuple[str, str]] = set()
# Words in a rejection that mean "this structured-output method is not supported here", not a passing fault.
_UNSUPPORTED = (
    "response_format",
    "json_schema",
    "json_object",
    "schema",
    "tool",
    "function",
    "support",
    "input should",
    "unrecognized",
    "unknown",
    "not allowed",
    "extra inputs",
)
# ...and words that say the request was too long, which no other method would fix.
_TOO_LONG = ("context", "too long", "exceed", "maximum", "reduce the length")
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    content: str


class ChatUsage(BaseModel):
    """Tokens a request cost; `estimated` when the server did not report them and winwin counted them itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False

    def __add__(self, other: "ChatUsage") -> "ChatUsage":
        return ChatUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
        )


class ChatChunk(BaseModel):
    """A piece of a streamed reply; the last one of a stream may carry only the usage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = ""
    usage: ChatUsage | None = None
    truncated: bool = False  # on the last chunk: the reply was cut off at max_tokens


class ChatReply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    usage: ChatUsage | None = None


@dataclass(frozen=True)
class Structured(Generic[M]):
    """A structured answer and what it cost (None when the server did not say)."""

    value: M
    usage: ChatUsage | None


class ChatModel(Protocol):
    """What the voice, the reader and the judge need of a chat model; passed in, never global.

    `context_window` is the model's context in tokens (the judge fits a call into it); `judge_max_tokens` caps the
    judge's answer. Both are settings: a server does not say them in any standard way.
    """

    name: str
    context_window: int
    judge_max_tokens: int
    # Whether the endpoint's chat template takes a system message after the first; the voice learns it.
    late_system: bool

    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float,
        seed: int | None = None,
        max_tokens: int | None = None,
        deadline: Deadline | None = None,
    ) -> Iterator[ChatChunk]:
        """The reply as it comes; past the deadline it raises ChatError('deadline') and the request is cancelled."""
        ...

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float,
        seed: int | None = None,
        max_tokens: int | None = None,
    ) -> ChatReply: ...

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[M], *, max_tokens: int | None = None
    ) -> Structured[M]:
        """An answer read into `schema`, at temperature 0."""
        ...


def host_of(base_url: str | None) -> str:
    """The host (and port) a base URL reaches; OpenAI's when there is none."""
    return (urlsplit(base_url).netloc or base_url) if base_url else "api.openai.com"


class OpenAIChat:
    """An OpenAI-compatible endpoint (chat completions, never the Responses API)."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: SecretStr | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
        structured_method: StructuredChoice = "auto",
        sleep: Callable[[float], None] = time.sleep,
        context_window: int = 8192,
        judge_max_tokens: int = 1500,
    ) -> None:
        from langchain_openai import ChatOpenAI  # langchain takes a second to import; only an LLM session pays it

        self.name = model
        self.host = host_of(base_url)
        self.endpoint = (base_url or "https://api.openai.com/v1", model)
        self.timeout = timeout
        self.retry = retry or Retry()
        self.choice: StructuredChoice = structured_method
        self.context_window, self.judge_max_tokens = context_window, judge_max_tokens
        self._sleep = sleep
        self._secret = api_key.get_secret_value() if api_key else ""
        # The SDK's own retries are off: ours honour Retry-After within limits tests can shrink, and know whether a
        # stream has already shown words.
        self._llm = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=api_key or SecretStr(KEYLESS),
            timeout=timeout,
            max_retries=0,
            use_responses_api=False,
        )
        self._client: openai.OpenAI = self._llm.root_client

    @property
    def late_system(self) -> bool:
        """Whether this endpoint takes a system message after the first (Mistral's template in vLLM does not)."""
        return self.endpoint not in _NO_LATE_SYSTEM

    @late_system.setter
    def late_system(self, takes: bool) -> None:
        if takes:
            _NO_LATE_SYSTEM.discard(self.endpoint)
        else:
            _NO_LATE_SYSTEM.add(self.endpoint)

    @property
    def method(self) -> StructuredMethod | None:
        """The structured-output method in use: the one set, or the one this endpoint accepted (None: not yet)."""
        return _ACCEPTED.get(self.endpoint) if self.choice == "auto" else self.choice

    # --- streams ------------------------------------------------------------------------------------------
    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float,
        seed: int | None = None,
        max_tokens: int | None = None,
        deadline: Deadline | None = None,
    ) -> Iterator[ChatChunk]:
        """The reply as it comes; faults before the first words are retried, a break after them is a 'cut'."""
        clock = deadline or Deadline(None)
        body = _body(messages, temperature, seed, max_tokens) | {"stream_options": {"include_usage": True}}
        for attempt in count(1):
            state = _StreamState()
            source: Any = None
            try:
                source = self._open(body, clock)
                words = self._words(source, state, clock)
                first = self._first(words, state)
                break
            except ChatError as e:
                clock.disarm()
                if source is not None:  # an empty or broken stream: its connection goes before any retry
                    source.close()
                self._pause_or_raise(e, attempt, clock)
        try:
            yield ChatChunk(text=first)
            yield from (ChatChunk(text=word) for word in words)
        except ChatError as e:
            raise self._broken(e) from None
        finally:  # also when the caller stops reading: the connection closes, so the server stops generating
            clock.disarm()
            source.close()
        if not state.finished:
            raise ChatError("cut", f"the reply from {self.host} broke off mid-way (no finish reason)")
        yield ChatChunk(usage=state.usage, truncated=state.truncated)

    def _open(self, body: dict[str, Any], clock: Deadline) -> Any:
        if clock.passed():
            raise self._late(clock)
        try:
            source = self._client.chat.completions.create(
                model=self.name, **body, stream=True, timeout=clock.timeout(self.timeout)
            )
        except _sdk_errors() as e:
            raise (self._late(clock) if clock.passed() else self._domain_error(e)) from None
        clock.arm(source.response)
        return source

    def _words(self, source: Any, state: "_StreamState", clock: Deadline) -> Iterator[str]:
        """The words of each chunk, noting the finish reason and usage; SDK errors become ChatErrors."""
        while True:
            try:
                chunk = next(source)
            except StopIteration:
                return
            except _sdk_errors() as e:  # `from None`: an SDK message may quote part of the key
                raise (self._late(clock) if clock.fired or clock.passed() else self._domain_error(e)) from None
            if chunk.usage is not None:
                state.usage = ChatUsage(
                    prompt_tokens=chunk.usage.prompt_tokens or 0, completion_tokens=chunk.usage.completion_tokens or 0
                )
            for choice in chunk.choices:
                state.finished = state.finished or bool(choice.finish_reason)
                state.truncated = state.truncated or choice.finish_reason == "length"
                if choice.delta is not None and choice.delta.content:
                    yield choice.delta.content

    def _first(self, words: Iterator[str], state: "_StreamState") -> str:
        """The first words; until they come nothing has been shown, so a fault here can be retried."""
        first = next(words, None)
        if first is not None:
            return first
        if state.finished:
            raise ChatError("empty", f"the model at {self.host} sent an empty reply")
        raise ChatError("connection", f"the reply from {self.host} ended before it began (no finish reason)")

    def _broken(self, e: ChatError) -> ChatError:
        if e.kind == "deadline":
            return e
        why = {"timeout": "it stopped answering", "malformed": "winwin cannot read what came"}.get(
            e.kind, "the connection broke"
        )
        return ChatError("cut", f"the reply from {self.host} broke off mid-way ({why})")

    def _late(self, clock: Deadline) -> ChatError:
        return ChatError(
            "deadline",
            f"the model at {self.host} did not finish within the turn's deadline; the request was cancelled "
            "(raise WINWIN_LLM_TURN_SECONDS for a slow model)",
        )

    # --- whole replies ------------------------------------------------------------------------------------
    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        temperature: float,
        seed: int | None = None,
        max_tokens: int | None = None,
    ) -> ChatReply:
        body = _body(messages, temperature, seed, max_tokens)

        def call() -> ChatReply:
            reply = self._client.chat.completions.create(model=self.name, **body, timeout=self.timeout)
            text = reply.choices[0].message.content if reply.choices else None
            if not text or not text.strip():
                raise ChatError("empty", f"the model at {self.host} sent an empty reply")
            usage = reply.usage
            counted = ChatUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
            return ChatReply(text=text, usage=counted if usage else None)

        return self._retrying(call)

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[M], *, max_tokens: int | None = None
    ) -> Structured[M]:
        """Read into `schema` with the method set, or (auto) the one this endpoint accepts, found on first use."""
        known = self.method
        if known is not None:
            return self._structured(known, messages, schema, max_tokens)
        refused: list[str] = []
        for method in METHODS:
            try:
                answer = self._structured(method, messages, schema, max_tokens, probing=True)
            except ChatError as e:
                if not _refuses_method(e):
                    raise
                refused.append(f"{method}: {e.reason or e.message}")
                log.info("%s does not take structured output by %s (%s); trying the next", self.host, method, e.reason)
                continue
            _ACCEPTED[self.endpoint] = method
            return answer
        raise ChatError(
            "request",
            f"the model at {self.host} accepts none of the structured-output methods ({'; '.join(refused)}); "
            "set WINWIN_LLM_STRUCTURED to the one your server supports, or use another server",
        )

    def _structured(
        self,
        method: StructuredMethod,
        messages: Sequence[ChatMessage],
        schema: type[M],
        max_tokens: int | None,
        probing: bool = False,
    ) -> Structured[M]:
        from langchain_core.messages import AIMessage

        lc = _to_langchain(_with_form(messages, schema) if method == "json_mode" else messages)
        # max_tokens goes in the body as is: langchain would rename it max_completion_tokens, which llama.cpp ignores.
        limit: dict[str, Any] = {"extra_body": {"max_tokens": max_tokens}} if max_tokens else {}
        runnable = self._llm.with_structured_output(schema, method=method, include_raw=True, temperature=0, **limit)

        def call() -> Structured[M]:
            out = runnable.invoke(lc)
            parsed = out.get("parsed") if isinstance(out, dict) else None
            if not isinstance(parsed, schema):
                raise ChatError("malformed", f"the model at {self.host} did not answer in the {schema.__name__} form")
            raw = out.get("raw")
            return Structured(value=parsed, usage=_usage(raw.usage_metadata) if isinstance(raw, AIMessage) else None)

        # While probing, a rejection is an answer (try the next method), not a fault to retry; and a method the
        # server refuses is refused again on a retry, so the server's reason is reported at once.
        return self._mapped(call) if probing else self._retrying(call, final=_refuses_method)

    # --- faults -------------------------------------------------------------------------------------------
    def _retrying(self, call: Callable[[], T], final: Callable[[ChatError], bool] = lambda e: False) -> T:
        for attempt in count(1):
            try:
                return self._mapped(call)
            except ChatError as e:
                if final(e):
                    raise
                self._pause_or_raise(e, attempt, Deadline(None))
        raise AssertionError("unreachable")  # count() never ends; mypy needs an exit

    def _mapped(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except _sdk_errors() as e:
            raise self._domain_error(e) from None  # `from None`: an SDK message may quote part of the key

    def _pause_or_raise(self, e: ChatError, attempt: int, clock: Deadline) -> None:
        if e.kind not in RETRYABLE or attempt >= self.retry.attempts:
            tries = f" (gave up after {attempt} attempts)" if attempt > 1 else ""
            raise ChatError(e.kind, e.message + tries, e.retry_after, e.reason) from None
        wait = self.retry.wait(e.retry_after, attempt)
        if wait > self.retry.max_wait:
            raise ChatError(
                e.kind, f"{e.message}; it asks to wait {wait:.0f}s, so try again later", wait, e.reason
            ) from None
        left = clock.left()
        if left is not None and wait >= left:
            raise ChatError("deadline", f"{e.message}; no time is left this turn to wait {wait:.1f}s", wait, e.reason)
        log.info("%s; retrying in %.2fs (attempt %d of %d)", e.message, wait, attempt + 1, self.retry.attempts)
        self._sleep(wait)

    def _domain_error(self, e: Exception) -> ChatError:
        return classify(e, self.host, self.name, self.timeout, lambda text: scrubbed(text, self._secret))


@dataclass
class _StreamState:
    finished: bool = False
    truncated: bool = False
    usage: ChatUsage | None = None


def _body(
    messages: Sequence[ChatMessage], temperature: float, seed: int | None, max_tokens: int | None
) -> dict[str, Any]:
    """A chat-completions request; `max_tokens` is the name every OpenAI-compatible server reads."""
    body: dict[str, Any] = {"messages": [m.model_dump() for m in messages], "temperature": temperature}
    if seed is not None:
        body["seed"] = seed
    if max_tokens:
        body["max_tokens"] = max_tokens
    return body


def _refuses_method(e: ChatError) -> bool:
    """A rejection of the request's form (a 400 or 500 that names it, as llama.cpp's 500 does; a 400 that says
    nothing), not a passing fault and not a request too long for the model."""
    if e.kind not in ("request", "server"):
        return False
    reason = (e.reason or "").lower()
    if any(word in reason for word in _TOO_LONG):
        return False
    return (e.kind == "request" and not reason) or any(word in reason for word in _UNSUPPORTED)


def _with_form(messages: Sequence[ChatMessage], schema: type[BaseModel]) -> list[ChatMessage]:
    """json_object mode constrains the reply to JSON but not to the form: the form is spelled out in the prompt."""
    form = json.dumps(schema.model_json_schema(), separators=(",", ":"))
    note = f"\n\nAnswer with one JSON object only, following this JSON Schema:\n{form}"
    first, *rest = messages
    if first.role == "system":
        return [first.model_copy(update={"content": first.content + note}), *rest]
    return [ChatMessage(role="system", content=note.strip()), *messages]


def _sdk_errors() -> tuple[type[Exception], ...]:
    """What a call can raise: the SDK's errors (connection, timeout, status; a stream cut mid-reply is a connection
    error) and ValueError (JSON that does not parse, an answer that does not fit the schema)."""
    import openai

    return (openai.OpenAIError, ValueError)


def _usage(meta: Any) -> ChatUsage | None:
    if not meta:
        return None
    return ChatUsage(
        prompt_tokens=int(meta.get("input_tokens", 0)), completion_tokens=int(meta.get("output_tokens", 0))
    )


def _to_langchain(messages: Sequence[ChatMessage]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]

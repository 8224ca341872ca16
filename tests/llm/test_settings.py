"""Backend settings: file, environment and flags; the offline default; and play and simulate end to end through the
functions the CLI wires in, against the local server."""

import argparse
import io
from pathlib import Path

import pytest

from tests.llm_helpers import faithful, server
from tests.openai_server import FakeOpenAI
from trainer.cli.play import play
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Transcript
from trainer.files.library import load_library
from trainer.llm.chat import OpenAIChat
from trainer.llm.settings import (
    ENV,
    SettingsError,
    add_backend_args,
    backend_info,
    describe_backend,
    load_settings,
    make_chat,
    make_voice_factory,
    save_settings,
    settings_from_args,
    settings_path,
)
from trainer.llm.voice import LLMVoice
from trainer.selfplay.simulate import simulate

__all__ = ["server"]

KEY = "sk-test-SETTINGSKEY55555555"
LIBRARY = load_library()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path / "home"))
    for names in ENV.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    return tmp_path / "home"


def test_the_default_is_the_offline_voice() -> None:
    settings = load_settings()
    assert (settings.backend, settings.token_budget, settings.judge_runs, settings.llm_reader) == (
        "offline",
        3000,
        3,
        False,
    )
    assert make_voice_factory(settings) is None
    assert backend_info(settings).kind == "offline"
    assert describe_backend(settings).startswith("offline voice (the persona's phrasebook")


def test_asking_for_a_model_without_a_key_or_url_stays_offline_and_says_so() -> None:
    settings = load_settings(environ={"WINWIN_BACKEND": "openai"})
    assert not settings.llm_ready
    assert make_chat(settings) is None
    assert make_voice_factory(settings) is None
    assert describe_backend(settings) == (
        "offline voice: --backend openai needs WINWIN_LLM_BASE_URL or OPENAI_API_KEY, and neither is set"
    )


def test_a_key_alone_reaches_openai_and_is_never_shown() -> None:
    settings = load_settings(environ={"WINWIN_BACKEND": "openai", "OPENAI_API_KEY": KEY})
    assert settings.llm_ready
    info = backend_info(settings)
    assert (info.kind, info.model, info.base_url_host) == ("openai", "gpt-4o-mini", "api.openai.com")
    assert info.prompt_hash is not None
    assert len(info.prompt_hash) == 16
    assert KEY not in info.model_dump_json() + repr(settings) + describe_backend(settings)
    assert make_chat(settings) is not None  # built, not called: no network


def test_the_sdks_base_url_variable_is_read_too() -> None:
    settings = load_settings(environ={"WINWIN_BACKEND": "openai", "OPENAI_BASE_URL": "http://proxy:8080/v1"})
    assert settings.llm_ready
    assert backend_info(settings).base_url_host == "proxy:8080"
    mine = load_settings(environ={"OPENAI_BASE_URL": "http://proxy:8080/v1", "WINWIN_LLM_BASE_URL": "http://h:1/v1"})
    assert mine.base_url == "http://h:1/v1"


def test_environment_beats_the_file_and_flags_beat_both(home: Path) -> None:
    home.mkdir(parents=True)
    settings_path().write_text('backend = "openai"\nmodel = "from-file"\ntoken_budget = 1000\njudge_runs = 5\n')
    env = {"WINWIN_LLM_MODEL": "from-env", "WINWIN_TOKEN_BUDGET": "2000", "WINWIN_LLM_BASE_URL": "http://h:1/v1"}
    settings = load_settings({"token_budget": 2500, "model": None}, environ=env)
    assert (settings.backend, settings.model, settings.token_budget, settings.judge_runs) == (
        "openai",
        "from-env",
        2500,
        5,
    )
    assert settings.base_url == "http://h:1/v1"


def test_the_turn_deadline_token_limits_and_structured_method_are_settable(server: FakeOpenAI) -> None:
    env = {
        "WINWIN_BACKEND": "openai",
        "WINWIN_LLM_BASE_URL": server.url,
        "WINWIN_LLM_TURN_SECONDS": "3.5",
        "WINWIN_LLM_MAX_TOKENS": "90",
        "WINWIN_READER_MAX_TOKENS": "120",
        "WINWIN_JUDGE_MAX_TOKENS": "700",
        "WINWIN_LLM_CONTEXT": "4096",
        "WINWIN_LLM_STRUCTURED": "function_calling",
    }
    settings = load_settings(environ=env)
    chat = make_chat(settings)
    assert isinstance(chat, OpenAIChat)
    assert (chat.method, chat.context_window, chat.judge_max_tokens) == ("function_calling", 4096, 700)
    factory = make_voice_factory(settings.model_copy(update={"llm_reader": True}))
    assert factory is not None
    voice = factory(LIBRARY.scenario("pos-boutique"), LIBRARY.persona("anchorer"), 0)
    assert isinstance(voice, LLMVoice)
    assert (voice.turn_seconds, voice.max_tokens) == (3.5, 90)
    assert voice.reader is not None
    assert voice.reader.max_tokens == 120
    assert "structured output function_calling" in describe_backend(settings)
    assert load_settings(environ={}).structured_method == "auto"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WINWIN_LLM_STRUCTURED": "xml"}, "WINWIN_LLM_STRUCTURED: structured_method"),
        ({"WINWIN_LLM_TURN_SECONDS": "-1"}, "WINWIN_LLM_TURN_SECONDS: turn_seconds"),
        ({"WINWIN_TOKEN_BUDGET": "lots"}, "WINWIN_TOKEN_BUDGET: token_budget"),
        ({"WINWIN_TOKEN_BUDGET": "10"}, "greater than or equal to 300"),
        ({"WINWIN_BACKEND": "claude"}, "WINWIN_BACKEND: backend"),
        ({"WINWIN_LLM_BASE_URL": "localhost:8000"}, "is not an http(s) URL"),
    ],
)
def test_bad_values_name_their_source(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(environ=env)


def test_a_bad_settings_file_is_a_clear_error(home: Path) -> None:
    home.mkdir(parents=True)
    settings_path().write_text("backend = [\n")
    with pytest.raises(SettingsError, match=r"settings\.toml: cannot read"):
        load_settings(environ={})
    settings_path().write_text('colour = "blue"\n')
    with pytest.raises(SettingsError, match=r"settings\.toml: colour: Extra inputs are not permitted"):
        load_settings(environ={})


def test_a_bad_key_value_is_not_echoed(home: Path) -> None:
    home.mkdir(parents=True)
    settings_path().write_text("api_key = 12345678901234\n")
    with pytest.raises(SettingsError) as e:
        load_settings(environ={})
    assert "12345678901234" not in str(e.value)


def test_saving_leaves_the_key_out_unless_asked(home: Path) -> None:
    settings = load_settings(environ={"WINWIN_BACKEND": "openai", "OPENAI_API_KEY": KEY, "WINWIN_LLM_READER": "yes"})
    path = save_settings(settings)
    assert KEY not in path.read_text()
    again = load_settings(environ={})
    assert (again.backend, again.llm_reader, again.api_key) == ("openai", True, None)
    save_settings(settings, include_key=True)
    key = load_settings(environ={}).api_key
    assert key is not None
    assert key.get_secret_value() == KEY


def test_flags_parse_into_settings() -> None:
    parser = argparse.ArgumentParser()
    add_backend_args(parser)
    args = parser.parse_args(
        ["--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "qwen", "--llm-reader"]
    )
    settings = settings_from_args(args)
    assert (settings.backend, settings.base_url, settings.model, settings.llm_reader) == (
        "openai",
        "http://127.0.0.1:9/v1",
        "qwen",
        True,
    )
    assert describe_backend(settings) == (
        "LLM voice: qwen at 127.0.0.1:9 (token budget 3,000; 8 s a turn, then the phrasebook; "
        "structured output auto; model terms reader on)"
    )
    assert settings_from_args(parser.parse_args([])).backend == "offline"
    assert "--api-key" not in parser.format_help()


def test_play_end_to_end_through_the_wired_functions(server: FakeOpenAI) -> None:
    server.script = faithful
    parser = argparse.ArgumentParser()
    add_backend_args(parser)
    settings = settings_from_args(parser.parse_args(["--backend", "openai", "--base-url", server.url, "--llm-reader"]))
    factory = make_voice_factory(settings)
    assert factory is not None
    scenario, persona = LIBRARY.scenario("pos-boutique"), LIBRARY.persona("nibbler")
    voice = factory(scenario, persona, 4)
    assert isinstance(voice, LLMVoice)
    assert voice.reader is not None
    session = Session(scenario, persona, seed=4, voice=voice)
    session.transcript.backend = backend_info(settings)
    out = io.StringIO()
    play(session, ["What's your offer?", "Sure, that works. Deal.", "Sure, fine.", "Sure, fine."], out)
    shown = out.getvalue()
    assert "Call over" in shown
    transcript = Transcript.model_validate_json(session.transcript.model_dump_json())
    assert all(t.voice == "llm" for t in transcript.counterpart_turns())
    assert transcript.backend.base_url_host == server.url.split("/")[2]
    assert transcript.usage.prompt_tokens > 0
    assert len(server.bodies) == len(transcript.counterpart_turns())


def test_simulate_end_to_end_with_the_voice_factory(server: FakeOpenAI, tmp_path: Path) -> None:
    server.script = faithful
    settings = load_settings(environ={"WINWIN_BACKEND": "openai", "WINWIN_LLM_BASE_URL": server.url})
    factory = make_voice_factory(settings)
    assert factory is not None
    scenario, persona = LIBRARY.scenario("pos-boutique"), LIBRARY.persona("anchorer")
    summaries = simulate([scenario], [persona], ["haggler"], 2, out=tmp_path, make_voice=factory)
    assert len(summaries[0].results) == 2
    transcripts = [Transcript.model_validate_json(p.read_text()) for p in sorted(tmp_path.glob("*.json"))]
    turns = [t for tr in transcripts for t in tr.counterpart_turns()]
    assert len(server.bodies) == len(turns)
    assert {t.voice for t in turns} == {"llm"}

"""The Settings page: the backend, the endpoint check, the key kept out of transcripts, and where data lives."""

import socket
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import MAIN, button, home, open_page, unescaped
from tests.openai_server import FakeOpenAI
from trainer.app.state import SettingsState
from trainer.llm.settings import Settings
from trainer.store.database import Store

__all__ = ["home"]  # the fixture, used by name

SECRET = "sk-test-0123456789abcdef"


def use_model(at: AppTest, base_url: str, key: str = "", save: bool = False) -> None:
    at.radio(key="settings.backend").set_value("openai")
    at.text_input(key="settings.base_url").set_value(base_url)
    at.text_input(key="settings.model").set_value("test-model")
    at.text_input(key="settings.api_key").set_value(key)
    button(at, "Use and save" if save else "Use for this session").click().run()
    assert not at.exception


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_by_default_and_where_the_data_lives(home: Path) -> None:
    at = open_page("settings")
    assert "offline phrasebook" in at.info[0].value
    assert not at.error
    shown = " ".join(m.value for m in at.markdown)
    assert str(home) in shown
    assert str(home / "winwin.db") in shown


def test_a_clear_banner_when_the_endpoint_cannot_be_reached(home: Path) -> None:
    at = open_page("settings")
    use_model(at, f"http://127.0.0.1:{closed_port()}/v1")
    assert any("cannot be used" in e.value and "cannot reach" in e.value for e in at.error)


def test_a_reachable_endpoint(home: Path) -> None:
    with FakeOpenAI() as server:
        at = open_page("settings")
        use_model(at, server.url)
    assert any("answers" in s.value for s in at.success)
    assert not at.error


def test_saved_settings_leave_the_key_out_unless_asked(home: Path) -> None:
    at = open_page("settings")
    use_model(at, "http://127.0.0.1:9/v1", key=SECRET, save=True)
    written = (home / "settings.toml").read_text(encoding="utf-8")
    assert 'base_url = "http://127.0.0.1:9/v1"' in written
    assert SECRET not in written
    at.checkbox(key="settings.remember").check()
    button(at, "Use and save").click().run()
    assert SECRET in (home / "settings.toml").read_text(encoding="utf-8")
    button(at, "Forget the API key").click().run()
    assert at.session_state["winwin.settings"].current().api_key is None


def errors(at: AppTest) -> list[str]:
    return [unescaped(e.value) for e in at.error]


def test_a_bad_base_url_is_shown_at_the_form_in_plain_words(home: Path) -> None:
    at = open_page("settings")
    use_model(at, "localhost:11434")
    [error] = errors(at)
    assert error.startswith("Base URL 'localhost:11434' must start with http:// or https://")
    assert "http://localhost:11434/v1" in error
    assert "Value error" not in error
    assert at.text_input(key="settings.base_url").value == "localhost:11434", "what was typed is kept"
    assert at.session_state["winwin.settings"].current().backend == "offline", "nothing changed"


def test_an_empty_model_is_refused_in_plain_words(home: Path) -> None:
    at = open_page("settings")
    at.radio(key="settings.backend").set_value("openai")
    at.text_input(key="settings.base_url").set_value("http://127.0.0.1:9/v1")
    at.text_input(key="settings.model").set_value("   ")
    button(at, "Use for this session").click().run()
    [error] = errors(at)
    assert error.startswith("Model is required: type the name the server knows the model by")
    assert "String should" not in error
    assert any("Nothing was changed" in c.value for c in at.caption)


def test_a_token_budget_out_of_range_is_refused_not_ignored(home: Path) -> None:
    at = open_page("settings")
    at.number_input(key="settings.token_budget").set_value(100)
    at.number_input(key="settings.judge_runs").set_value(40)
    button(at, "Use for this session").click().run()
    assert not at.exception
    shown = errors(at)
    assert any(e.startswith("Token budget per request must be at least 300") for e in shown)
    assert any(e.startswith("Judge runs per check must be at most 15") for e in shown)
    assert at.number_input(key="settings.token_budget").value == 100, "what was typed is kept"
    assert at.session_state["winwin.settings"].current().token_budget == 3000
    at.number_input(key="settings.token_budget").set_value(5000)
    at.number_input(key="settings.judge_runs").set_value(5)
    button(at, "Use for this session").click().run()
    assert not at.error
    assert at.session_state["winwin.settings"].current().token_budget == 5000
    assert any("used for this browser session" in s.value for s in at.success)


def test_a_model_voices_the_counterpart_and_the_key_stays_out_of_the_transcript(home: Path) -> None:
    with FakeOpenAI(default="Thanks for calling. Let us talk about the till.") as server:
        at = AppTest.from_file(MAIN, default_timeout=30)
        settings = Settings(backend="openai", base_url=server.url, model="voice-model", api_key=SECRET)
        at.session_state["winwin.settings"] = SettingsState(settings=settings)
        at.run()
        at.radio(key="practice.backend").set_value("openai").run()
        button(at, "Start the call").click().run()
        at.chat_input[0].set_value("Hi, what matters most to you in this deal?").run()
        assert not at.exception
        session = at.session_state["winwin.practice"].session
    assert session.transcript.backend.kind == "openai"
    assert session.transcript.backend.model == "voice-model"
    assert {t.voice for t in session.transcript.counterpart_turns()} <= {"llm", "fallback"}
    with Store.open() as store:
        saved = store.load(session.transcript.id)
    assert SECRET not in saved.model_dump_json()

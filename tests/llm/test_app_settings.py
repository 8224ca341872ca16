"""The app's Settings page sets the turn deadline and the structured-output method, and saves them."""

from pathlib import Path

from tests.app_helpers import button, home, open_page
from trainer.llm.settings import load_settings

__all__ = ["home"]  # the fixture, used by name


def test_the_turn_deadline_and_structured_method_are_set_and_saved(home: Path) -> None:
    at = open_page("settings")
    at.radio(key="settings.backend").set_value("openai")
    at.text_input(key="settings.base_url").set_value("http://127.0.0.1:9/v1")
    at.number_input(key="settings.turn_seconds").set_value(4.0)
    at.selectbox(key="settings.structured_method").set_value("json_mode")
    button(at, "Use and save").click().run()
    assert not at.exception
    saved = load_settings(environ={})
    assert (saved.turn_seconds, saved.structured_method) == (4.0, "json_mode")
    assert 'structured_method = "json_mode"' in (home / "settings.toml").read_text(encoding="utf-8")

"""A settings.toml the app writes is one every command can read back, whatever text a field holds."""

from pathlib import Path

import pytest

from trainer.cli.main import main
from trainer.llm.settings import Settings, load_settings, save_settings, settings_path


@pytest.mark.parametrize("model", ["gpt-😀-mini", 'quote " and \\ back', "tab\tand\x7fdel", "名前", "a\nb"])
def test_settings_written_by_the_app_are_read_back_by_the_cli(
    model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    save_settings(Settings(model=model, token_budget=4000))
    assert load_settings().model == model
    args = ["simulate", "--scenario", "pos-boutique", "--persona", "anchorer", "--trainee", "pushover", "--seeds", "1"]
    assert main(args) == 0, capsys.readouterr().err
    assert settings_path().read_bytes().decode("utf-8").count("\n") == 2  # two settings, one line each

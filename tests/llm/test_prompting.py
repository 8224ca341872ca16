"""Prompt templates: rendered in the sandbox, strict about missing values, overridable by the user, hashed."""

from pathlib import Path

import pytest

from trainer.llm.prompting import PromptError, front_matter, prompt_hash, render


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    (tmp_path / "prompts").mkdir()
    return tmp_path


def test_a_users_template_wins_and_changes_the_hash(home: Path) -> None:
    bundled = prompt_hash("counterpart.md")
    (home / "prompts" / "counterpart.md").write_text("Hello {{ name }}.")
    assert render("counterpart.md", name="Dana") == "Hello Dana."
    assert prompt_hash("counterpart.md") != bundled


def test_the_sandbox_refuses_to_reach_into_python(home: Path) -> None:
    (home / "prompts" / "counterpart.md").write_text("{{ name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(PromptError, match=r"counterpart\.md"):
        render("counterpart.md", name="x")


def test_a_value_the_template_needs_and_is_not_given_is_an_error(home: Path) -> None:
    (home / "prompts" / "counterpart.md").write_text("{{ walkaway }}")
    with pytest.raises(PromptError, match="'walkaway' is undefined"):
        render("counterpart.md", name="x")


def test_a_broken_template_names_its_file(home: Path) -> None:
    (home / "prompts" / "judge.md").write_text("{% if %}")
    with pytest.raises(PromptError, match=r"judge\.md"):
        render("judge.md")


def test_values_are_not_templates() -> None:
    """Persona text is user input: braces in it are printed, never evaluated."""
    persona = {"name": "{{ 7 * 7 }}", "tone": "{% raw %}", "style": []}
    text = render(
        "counterpart.md",
        persona=persona,
        role="r",
        other_role="o",
        title="t",
        public_brief="b",
        moves=[],
        earlier={"turns": 0},
        correction=None,
    )
    assert "You are {{ 7 * 7 }}, r" in text
    assert "49" not in text


def test_front_matter_holds_the_judge_rubric() -> None:
    checks = front_matter("judge.md")["checks"]
    assert {"id", "question"} <= set(checks[0])
    assert front_matter("counterpart.md") == {}

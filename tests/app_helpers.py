"""What the app tests share: the entry script, a clean winwin folder, opening a page, finding a button."""

import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

MAIN = Path(__file__).resolve().parent.parent / "trainer" / "app" / "main.py"
# A short call that reaches a deal against the anchorer (the extra "Deal."s answer anything it adds).
DEAL_LINES = [
    "Hi, what matters most to you in this deal?",
    "What's your offer?",
    "How did you arrive at that number?",
    "I can do $5,000 with a one-year support plan, training for all staff and three instalments",
    "Deal.",
    "Deal.",
    "Deal.",
    "Deal.",
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh winwin folder, the offline backend, and the default store inside the folder."""
    for name in list(os.environ):
        if name.startswith(("WINWIN_", "OPENAI_")):  # no configured model, database or folder leaks in
            monkeypatch.delenv(name)
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path))
    return tmp_path


def open_page(screen: str) -> AppTest:
    """The app started from its entry script, switched to one screen, with no exception."""
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    at.switch_page(f"screens/{screen}.py").run()
    assert not at.exception
    return at


def button(at: AppTest, label: str) -> Button:
    """The button with this label, or else the first whose label starts with it."""
    exact = [b for b in at.button if b.label == label]
    return exact[0] if exact else next(b for b in at.button if b.label.startswith(label))


def unescaped(markdown: str) -> str:
    """Text as the page shows it: the app escapes punctuation (trainer.app.text.plain) so nothing renders as markup."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("  \n", "\n")

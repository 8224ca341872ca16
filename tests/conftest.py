"""Every test owns its world: a fresh winwin folder and no user-level setting from the machine running the tests."""

import os
from pathlib import Path

import pytest

# Settings a user may have exported; none of them may change a test's result. The test database URL stays: it names
# the throwaway server the store tests use, not a user's data.
_USER_LEVEL = ("WINWIN_", "OPENAI_")
_KEPT = frozenset({"WINWIN_TEST_DATABASE_URL"})


@pytest.fixture(autouse=True)
def own_world(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new, empty WINWIN_HOME for each test, with the user's winwin and OpenAI variables cleared."""
    for name in list(os.environ):
        if name.startswith(_USER_LEVEL) and name not in _KEPT:
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("winwin-home")
    monkeypatch.setenv("WINWIN_HOME", str(home))
    return home

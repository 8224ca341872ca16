"""Tests own their world: nothing a user saved or exported on this machine reaches a test."""

import os
from pathlib import Path

from trainer.files.library import load_library
from trainer.files.paths import user_home


def test_each_test_gets_a_fresh_empty_winwin_folder(own_world: Path) -> None:
    assert user_home() == own_world
    assert not any(own_world.iterdir())
    assert not [
        k
        for k in os.environ
        if k.startswith(("OPENAI_", "WINWIN_")) and k != "WINWIN_HOME" and k != "WINWIN_TEST_DATABASE_URL"
    ]


def test_the_library_holds_only_the_bundled_files() -> None:
    library = load_library()
    assert sorted(library.personas) == ["anchorer", "bundle-dismantler", "nibbler"]
    assert sorted(library.scenarios) == ["pos-boutique", "saas-renewal", "supplier-contract"]

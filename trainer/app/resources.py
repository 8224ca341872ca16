"""What every page shares across reruns: the library (reloaded when a file changes) and the store."""

from pathlib import Path

import streamlit as st

from trainer.files.library import Library, load_library
from trainer.files.paths import bundled_dir, user_dir
from trainer.store.database import Store, StoreError, default_url

FileStamp = tuple[str, int, int]


def library() -> Library:
    """The scenarios and personas; a file added, edited or removed is picked up on the next rerun."""
    return _load_library(_stamps())


def _stamps() -> tuple[FileStamp, ...]:
    stamps: list[FileStamp] = []
    for folder in (bundled_dir("scenarios"), bundled_dir("personas"), user_dir("scenarios"), user_dir("personas")):
        stamps += [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in _yaml_in(folder)]
    return tuple(stamps)


def _yaml_in(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_library(stamps: tuple[FileStamp, ...]) -> Library:
    return load_library()


class StoreUnavailable:
    """Why the store could not be opened, to show instead of a page that needs it."""

    def __init__(self, message: str) -> None:
        self.message = message


def store() -> Store | StoreUnavailable:
    """The store at WINWIN_DATABASE_URL or in the user's folder, opened once per process and database."""
    try:
        return _open_store(default_url())
    except StoreError as e:
        return StoreUnavailable(str(e))


@st.cache_resource(show_spinner="Opening the session store...", max_entries=4)
def _open_store(url: str) -> Store:
    return Store.open(url)

"""The app's pages, by name, for the router and for moving between pages."""

from pathlib import Path
from typing import Literal

import streamlit as st

PageName = Literal["practice", "scorecard", "history", "personas", "settings"]
HERE = Path(__file__).resolve().parent
TITLES: dict[PageName, tuple[str, str]] = {
    "practice": ("Practice", ":material/forum:"),
    "scorecard": ("Scorecard", ":material/insights:"),
    "history": ("History", ":material/history:"),
    "personas": ("Personas", ":material/theater_comedy:"),
    "settings": ("Settings", ":material/settings:"),
}


def path_of(name: PageName) -> Path:
    return HERE / "screens" / f"{name}.py"


def pages() -> list[st.Page]:
    return [
        st.Page(path_of(name), title=title, icon=icon, default=name == "practice", url_path=name)
        for name, (title, icon) in TITLES.items()
    ]


def go(name: PageName) -> None:
    st.switch_page(f"screens/{name}.py")

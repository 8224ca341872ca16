"""Settings: which voice speaks for the counterpart (offline, or a model endpoint), and where your data lives."""

from collections.abc import Mapping
from typing import Any

import streamlit as st
from pydantic import SecretStr, ValidationError

from trainer.app import endpoint, state
from trainer.app.problems import plain_message
from trainer.app.resources import StoreUnavailable, store
from trainer.app.text import plain
from trainer.files.paths import user_dir, user_home
from trainer.llm.chat import host_of
from trainer.llm.settings import Settings, save_settings, settings_path


def voice_line(settings: Settings) -> str:
    if settings.llm_ready:
        return f"A model voices the counterpart: {settings.model} at {host_of(settings.base_url)}."
    if settings.backend == "openai":
        return "A model is chosen, but there is no base URL or API key: the offline phrasebook speaks."
    return "The offline phrasebook voices the counterpart: no key, no network needed."


def banner(settings: Settings) -> None:
    """Which voice speaks; a clear error when the configured endpoint does not answer."""
    st.info(plain(voice_line(settings)), icon=":material/record_voice_over:")
    if settings.backend == "openai" and settings.llm_ready:
        reach = endpoint.check(settings)
        if reach.ok:
            st.success(plain(reach.message), icon=":material/check:")
        else:
            st.error(
                f"The model endpoint cannot be used: {plain(reach.message)} Calls fall back to the offline voice.",
                icon=":material/cloud_off:",
            )


def backend_form(current: Settings) -> None:
    with st.form("backend"):
        backend = st.radio(
            "Counterpart's voice",
            ["offline", "openai"],
            index=0 if current.backend == "offline" else 1,
            format_func={"offline": "Offline phrasebook", "openai": "A model (OpenAI-compatible endpoint)"}.get,
            horizontal=True,
            key="settings.backend",
        )
        a, b = st.columns(2)
        base_url = a.text_input(
            "Base URL", current.base_url or "", placeholder="http://localhost:11434/v1", key="settings.base_url"
        )
        model = b.text_input("Model", current.model, key="settings.model")
        key = a.text_input(
            "API key",
            type="password",
            key="settings.api_key",
            placeholder="a key is set; type to replace it" if current.api_key else "not needed by most local servers",
        )
        # No bounds on the widgets: a value out of range is refused with a message on submit, never ignored.
        budget = b.number_input(
            "Token budget per request",
            value=current.token_budget,
            step=100,
            key="settings.token_budget",
            help="The most prompt tokens one request may carry: 300 to 1,000,000.",
        )
        runs = a.number_input(
            "Judge runs per check", value=current.judge_runs, step=1, key="settings.judge_runs", help="1 to 15."
        )
        reader = b.checkbox(
            "Ask the model when an offer's terms are unclear", current.llm_reader, key="settings.llm_reader"
        )
        turn = a.number_input(
            "Seconds a counterpart turn may take",
            value=float(current.turn_seconds),
            step=1.0,
            key="settings.turn_seconds",
            help="Past this the request is cancelled and the phrasebook answers: 1 to 600.",
        )
        methods = ["auto", "json_schema", "function_calling", "json_mode"]
        structured = b.selectbox(
            "Structured output (judge, terms reader)",
            methods,
            methods.index(current.structured_method),
            key="settings.structured_method",
            help="auto finds what the server accepts: json_schema, then tools, then json_object.",
        )
        remember = st.checkbox(
            "Also keep the API key in my settings file", help=str(settings_path()), key="settings.remember"
        )
        with st.container(horizontal=True):
            use = st.form_submit_button("Use for this session", type="primary")
            keep = st.form_submit_button("Use and save to my settings file")
    if use or keep:
        values: dict[str, Any] = {"backend": backend, "base_url": base_url.strip() or None, "model": model.strip()}
        values |= {"token_budget": budget, "judge_runs": runs, "llm_reader": reader}
        values |= {"turn_seconds": turn, "structured_method": structured}
        apply(current, values, SecretStr(key.strip()) if key.strip() else current.api_key, keep, remember)


def apply(current: Settings, values: dict[str, Any], key: SecretStr | None, save: bool, remember: bool) -> None:
    """Uses (and saves) the settings typed; a bad value is named in plain words and nothing changes."""
    st_ = state.settings()
    try:
        updated = Settings.model_validate({**current.model_dump(), **values, "api_key": key})
    except ValidationError as e:
        for error in e.errors():
            st.error(plain(setting_problem(error, values)), icon=":material/error:")
        st.caption("Nothing was changed: fix the values above and press the button again.")
        return
    st_.settings, st_.problem = updated, None
    st_.notice = "These settings are used for this browser session."
    if save:
        try:
            path = save_settings(updated, include_key=remember)
        except OSError as e:
            st.error(f"Cannot write the settings file: {plain(str(e))}", icon=":material/error:")
            return
        st_.notice = f"These settings are used now, and saved to {path} for next time."
    st.rerun()


def setting_problem(error: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    """One invalid setting: its name on the form, what is wrong, and what to type."""
    name = str(error["loc"][0]) if error["loc"] else ""
    title = FIELD_TITLES.get(name, "A setting")
    if name == "base_url":
        return (
            f"Base URL {values.get('base_url')!r} must start with http:// or https://, with the server's address "
            "and path, for example http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1."
        )
    hint = HINTS.get(name, "")
    return f"{title} {plain_message(error)}{hint}."


FIELD_TITLES = {
    "backend": "Counterpart's voice",
    "base_url": "Base URL",
    "model": "Model",
    "api_key": "API key",
    "token_budget": "Token budget per request",
    "judge_runs": "Judge runs per check",
    "llm_reader": "Ask the model when an offer's terms are unclear",
}
HINTS = {
    "model": ": type the name the server knows the model by, for example gpt-4o-mini or llama3.2",
    "token_budget": " (a request needs room for the brief and the recent turns; 3,000 suits most models)",
    "judge_runs": " (3 is usual: agreement between runs is shown)",
}


def forget_key() -> None:
    st_ = state.settings()
    st_.settings = st_.current().model_copy(update={"api_key": None})


def data_location() -> None:
    st.subheader("Your data")
    db = store()
    where = db.message if isinstance(db, StoreUnavailable) else db.location
    rows = {
        "winwin folder": str(user_home()),
        "sessions and scorecards": where,
        "your personas": str(user_dir("personas")),
        "settings file": str(settings_path()),
    }
    for name, value in rows.items():
        st.markdown(f"**{name}:** `{value.replace('`', '')}`")
    st.caption(
        "To keep your data elsewhere, start the app with WINWIN_HOME set to another folder; to share sessions "
        "with a team, set WINWIN_DATABASE_URL to a PostgreSQL URL."
    )


def page() -> None:
    st.title("Settings")
    st_ = state.settings()
    current = st_.current()
    if st_.problem:
        st.error(f"Your settings could not be read, so the defaults are used: {plain(st_.problem)}")
    if st_.notice:
        st.success(plain(st_.notice), icon=":material/check:")
        st_.notice = None
    banner(current)
    st.subheader("The counterpart's voice")
    st.caption(
        "winwin decides every move in code; a model only puts the decided move into words. Offline needs no key "
        "and no network. Any OpenAI-compatible server works: OpenAI, vLLM, Ollama, llama.cpp, LM Studio."
    )
    backend_form(current)
    if current.api_key is not None:
        st.button("Forget the API key", on_click=forget_key, icon=":material/key_off:")
    data_location()


page()

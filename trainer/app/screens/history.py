"""History: past sessions with filters, progress over time, and a turn-by-turn replay you can retry from."""

from datetime import date
from typing import Any

import streamlit as st

from trainer.app import calls, charts, nav, review_view, scoring, state
from trainer.app.resources import StoreUnavailable, library, store
from trainer.app.scoring import ReviewError
from trainer.app.text import plain
from trainer.counterpart.transcript import Transcript
from trainer.files.library import Library, UnknownIdError
from trainer.store.database import SessionSummary, Store, StoreError

ALL = ""
OUTCOMES = {"deal": "deal", "no_deal": "no deal", "walk_away": "walked away", "open": "not finished"}


def filters(db: Store, lib: Library) -> dict[str, Any]:
    a, b, c, d = st.columns(4)
    trainees = [ALL, *db.trainee_names()]
    trainee = a.selectbox("Trainee", trainees, format_func=lambda t: t or "Everyone")
    scenario = b.selectbox(
        "Deal", [ALL, *lib.scenarios], format_func=lambda s: lib.scenarios[s].title if s else "All deals"
    )
    persona = c.selectbox(
        "Counterpart", [ALL, *lib.personas], format_func=lambda p: lib.personas[p].name if p else "Everyone"
    )
    since = d.date_input("Since", value=None, format="YYYY-MM-DD")
    return {
        "trainee": trainee or None,
        "scenario": scenario or None,
        "persona": persona or None,
        "since": since if isinstance(since, date) else None,
    }


def row(s: SessionSummary, lib: Library) -> dict[str, Any]:
    base: dict[str, Any] = {
        "When (UTC)": s.started_at.strftime("%Y-%m-%d %H:%M"),
        "Trainee": s.trainee or "",
        "Deal": lib.scenarios[s.scenario].title if s.scenario in lib.scenarios else s.scenario,
        "Counterpart": lib.personas[s.persona].name if s.persona in lib.personas else s.persona,
        "Outcome": OUTCOMES.get(s.outcome, s.outcome),
        "Turns": s.turns,
    }
    return base | {review_view.dimension_name(k): v for k, v in s.scores.items()}


def progress(sessions: list[SessionSummary]) -> None:
    rows = [
        charts.ProgressRow(s.started_at, review_view.dimension_name(k), v)
        for s in reversed(sessions)
        for k, v in s.scores.items()
    ]
    if not rows:
        st.caption("Progress shows here once sessions have scorecards: open a session's scorecard to score it.")
        return
    st.vega_lite_chart(charts.progress_chart(rows, 100), width="stretch")


def step(by: int, last: int) -> None:
    st.session_state["history.turn"] = min(last, max(0, st.session_state.get("history.turn", 0) + by))


def label_of(s: SessionSummary, lib: Library) -> str:
    shown = row(s, lib)
    return f"{shown['When (UTC)']} · {shown['Deal']} · {shown['Counterpart']} · {shown['Outcome']}"


def replay(db: Store, lib: Library, sessions: list[SessionSummary]) -> None:
    labels = {s.id: label_of(s, lib) for s in sessions}
    wanted = st.session_state.get("history.session")
    ids = list(labels) if wanted is None or wanted in labels else [wanted, *labels]
    chosen = st.selectbox("Session", ids, key="history.session", format_func=lambda i: labels.get(i, i))
    if chosen is None:
        return
    transcript = db.load(chosen)
    if not transcript.turns:
        st.caption("This session has no turns.")
        return
    last = len(transcript.turns) - 1
    if st.session_state.get("history.shown") != chosen:  # a replay starts at the first turn
        st.session_state["history.shown"], st.session_state["history.turn"] = chosen, 0
    st.session_state["history.turn"] = min(st.session_state.get("history.turn", 0), last)
    a, b, c = st.columns([1, 6, 1])
    a.button("Previous", icon=":material/chevron_left:", on_click=step, args=(-1, last), width="stretch")
    c.button("Next", icon=":material/chevron_right:", on_click=step, args=(1, last), width="stretch")
    k = b.slider("Turn", 0, last, key="history.turn", label_visibility="collapsed")
    review_view.call_with_evidence(transcript, scoring.saved_scorecard(transcript.id), upto=k)
    actions(db, lib, transcript, k)


def actions(db: Store, lib: Library, transcript: Transcript, k: int) -> None:
    turn = transcript.turns[k]
    upto = k if turn.speaker == "trainee" else k + 1
    what = f"say turn {k} differently" if turn.speaker == "trainee" else f"answer turn {k} differently"
    a, b, _ = st.columns([1, 1, 2])
    if a.button(f"Retry from here: {what}", type="primary", icon=":material/replay:", width="stretch"):
        try:
            notes = db.load_preparation(transcript.id)
            calls.retry_call(state.practice(), lib, transcript, upto, notes, state.settings().current())
        except UnknownIdError as e:
            st.error(f"This session cannot be retried: {plain(str(e))}", icon=":material/error:")
            return
        nav.go("practice")
    if b.button("Open its scorecard", icon=":material/insights:", width="stretch"):
        state.review().show_saved(transcript.id)
        nav.go("scorecard")


def page() -> None:
    st.title("History")
    db, lib = store(), library()
    if isinstance(db, StoreUnavailable):
        st.error(f"The session store cannot be opened: {plain(db.message)}", icon=":material/error:")
        return
    try:
        sessions = db.list_sessions(**filters(db, lib), limit=200)
        if not sessions:
            st.info("No sessions yet. Practise a call and it will show here.")
            return
        st.dataframe([row(s, lib) for s in sessions], hide_index=True, width="stretch")
        st.subheader("Progress")
        progress(sessions)
        st.subheader("Replay")
        replay(db, lib, sessions)
    except (StoreError, ReviewError) as e:
        st.error(plain(str(e)), icon=":material/error:")


page()

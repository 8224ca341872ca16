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
NO_NAME = "(no name)"
OUTCOMES = {"deal": "deal", "no_deal": "no deal", "walk_away": "walked away", "open": "not finished"}
RETRY_MARK = "\u21b3 "  # a retry sits under the session it retried


def filters(db: Store, lib: Library) -> dict[str, Any]:
    a, b, c, d = st.columns(4)
    trainees = [ALL, *db.trainee_names()]
    trainee = a.selectbox(
        "Trainee",
        trainees,
        format_func=lambda t: t or "All trainees",
        help="Sessions are saved with the name typed on the Practice page; choose one to see that person's progress.",
    )
    scenario = b.selectbox(
        "Deal", [ALL, *lib.scenarios], format_func=lambda s: lib.scenarios[s].title if s else "All deals"
    )
    persona = c.selectbox(
        "Counterpart", [ALL, *lib.personas], format_func=lambda p: lib.personas[p].name if p else "All counterparts"
    )
    since = d.date_input("Since", value=None, format="YYYY-MM-DD")
    return {
        "trainee": trainee or None,
        "scenario": scenario or None,
        "persona": persona or None,
        "since": since if isinstance(since, date) else None,
    }


def when(s: SessionSummary) -> str:
    return s.started_at.strftime("%Y-%m-%d %H:%M")


def threaded(sessions: list[SessionSummary]) -> list[SessionSummary]:
    """Newest first, each retry right under the session it retried (a retry of a retry under that one)."""
    listed = {s.id for s in sessions}
    children: dict[str, list[SessionSummary]] = {}
    for s in sessions:
        if s.parent in listed:
            children.setdefault(s.parent, []).append(s)
    ordered: list[SessionSummary] = []

    def place(s: SessionSummary) -> None:
        ordered.append(s)
        for child in sorted(children.get(s.id, []), key=lambda c: c.started_at):
            place(child)

    for s in sessions:
        if s.parent not in listed:
            place(s)
    return ordered


def retry_note(s: SessionSummary, by_id: dict[str, SessionSummary]) -> str:
    """'' for a first try; else which session it retried, from which turn."""
    if s.parent is None:
        return ""
    parent = by_id.get(s.parent)
    of = f"the call of {when(parent)}" if parent else "an earlier call"
    return f"retry from turn {s.parent_turn} of {of}"


def row(s: SessionSummary, lib: Library) -> dict[str, Any]:
    base: dict[str, Any] = {
        "When (UTC)": f"{RETRY_MARK}retry from turn {s.parent_turn}" if s.parent else when(s),
        "Trainee": s.trainee or NO_NAME,
        "Deal": lib.scenarios[s.scenario].title if s.scenario in lib.scenarios else s.scenario,
        "Counterpart": lib.personas[s.persona].name if s.persona in lib.personas else s.persona,
        "Outcome": OUTCOMES.get(s.outcome, s.outcome),
        "Turns": s.turns,
    }
    return base | dict(s.scores)


# Pixel widths that fit the table (940 pixels) beside the sidebar on a 1400-pixel screen; the score columns get
# short headings (the full name is their tooltip) so none of them is pushed out of sight.
WIDTHS = {"When (UTC)": 140, "Trainee": 90, "Deal": 150, "Counterpart": 110, "Outcome": 90, "Turns": 50}
SCORE_WIDTH = 75
SHORT = {"interest_discovery": "Discovery", "active_listening": "Listening", "mutual_gain": "Gain"}
SHORT["tactic_handling"] = "Tactics"


def table(sessions: list[SessionSummary], lib: Library) -> None:
    """The sessions, retries under their parents; every score column in view, with its number and a bar."""
    rows = [row(s, lib) for s in threaded(sessions)]
    config: dict[str, Any] = {name: st.column_config.Column(width=w) for name, w in WIDTHS.items()}
    config["When (UTC)"] = st.column_config.TextColumn(
        width=WIDTHS["When (UTC)"], help="A retry is listed under the call it retried, from the turn it names"
    )
    for k in sorted({k for s in sessions for k in s.scores}):
        config[k] = st.column_config.ProgressColumn(
            SHORT.get(k, review_view.dimension_name(k)),
            help=f"{review_view.dimension_name(k)}, out of 100",
            min_value=0,
            max_value=100,
            format="%.0f",
            width=SCORE_WIDTH,
        )
    st.dataframe(rows, hide_index=True, width="stretch", column_config=config)


def whose(sessions: list[SessionSummary], trainee: str | None) -> set[str]:
    """The trainees the listed sessions belong to; unnamed sessions count as one."""
    if trainee is not None:
        return {trainee}
    return {s.trainee or NO_NAME for s in sessions}


def everyone_note(names: set[str]) -> None:
    if len(names) > 1:
        listed = ", ".join(sorted(n for n in names if n != NO_NAME))
        unnamed = " and sessions saved without a name" if NO_NAME in names else ""
        st.caption(
            f"These are the sessions of everyone who uses this session store: {plain(listed)}{unnamed}. "
            "The Trainee column says whose each one is; choose a trainee above to see only theirs."
        )


def progress(sessions: list[SessionSummary], names: set[str]) -> None:
    """Each dimension's score over one trainee's scored sessions, in the order they were played."""
    if len(names) > 1:
        st.caption("Progress is shown for one trainee at a time: choose a trainee above.")
        return
    scored = [s for s in reversed(sessions) if s.scores]
    rows = [
        charts.ProgressRow(n, s.started_at, review_view.dimension_name(k), v)
        for n, s in enumerate(scored, start=1)
        for k, v in s.scores.items()
    ]
    if not rows:
        st.caption("Progress shows here once sessions have scorecards: open a session's scorecard to score it.")
        return
    st.vega_lite_chart(charts.progress_chart(rows, 100), width="stretch")
    if len(scored) == 1:
        st.caption("One scored session so far: each dot is a score. Practise again to see a line of progress.")


def step(by: int, last: int) -> None:
    st.session_state["history.turn"] = min(last, max(0, st.session_state.get("history.turn", 0) + by))


def label_of(s: SessionSummary, lib: Library, by_id: dict[str, SessionSummary]) -> str:
    shown = row(s, lib)
    retry = f"{RETRY_MARK}{retry_note(s, by_id)} · " if s.parent else ""
    return f"{retry}{when(s)} · {shown['Trainee']} · {shown['Deal']} · {shown['Counterpart']} · {shown['Outcome']}"


def replay(db: Store, lib: Library, sessions: list[SessionSummary]) -> None:
    by_id = {s.id: s for s in sessions}
    labels = {s.id: label_of(s, lib, by_id) for s in threaded(sessions)}
    wanted = st.session_state.get("history.session")
    ids = list(labels) if wanted is None or wanted in labels else [wanted, *labels]
    chosen = st.selectbox("Session", ids, key="history.session", format_func=lambda i: labels.get(i, i))
    if chosen is None:
        return
    transcript = db.load(chosen)
    if transcript.parent is not None:
        parent = by_id.get(transcript.parent)
        of = f"the call of {when(parent)} UTC" if parent else "an earlier call"
        st.caption(f"A retry of {of}: turns 0 to {(transcript.parent_turn or 1) - 1} are that call's, then yours.")
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
    """Retry from the trainee turn shown, or from the trainee's answer to the counterpart turn shown."""
    upto = k if transcript.turns[k].speaker == "trainee" else k + 1
    over = upto >= len(transcript.turns) and transcript.outcome.status != "open"
    with st.container(horizontal=True):
        retry = st.button(
            f"Retry from turn {upto}",
            type="primary",
            icon=":material/replay:",
            disabled=over,
            help="A new call that keeps the turns before it; this session stays as it is.",
        )
        scorecard = st.button("Open its scorecard", icon=":material/insights:")
    if over:
        st.caption("The call ended here: step back to an earlier turn to retry from it.")
    else:
        st.caption(f"Retry from turn {upto}: you say turn {upto} differently. The new call is listed under this one.")
    if retry:
        try:
            notes = db.load_preparation(transcript.id)
            calls.retry_call(state.practice(), lib, transcript, upto, notes, state.settings().current())
        except UnknownIdError as e:
            st.error(f"This session cannot be retried: {plain(str(e))}", icon=":material/error:")
            return
        nav.go("practice")
    if scorecard:
        state.review().show_saved(transcript.id)
        nav.go("scorecard")


def page() -> None:
    st.title("History")
    db, lib = store(), library()
    if isinstance(db, StoreUnavailable):
        st.error(f"The session store cannot be opened: {plain(db.message)}", icon=":material/error:")
        return
    try:
        chosen = filters(db, lib)
        sessions = db.list_sessions(**chosen, limit=200)
        if not sessions:
            filtered = any(v is not None for v in chosen.values())
            st.info(
                "No sessions match these filters: change or clear them."
                if filtered
                else "No sessions yet. Practise a call and it will show here."
            )
            return
        names = whose(sessions, chosen["trainee"])
        everyone_note(names)
        table(sessions, lib)
        st.subheader("Progress")
        progress(sessions, names)
        st.subheader("Replay")
        replay(db, lib, sessions)
    except (StoreError, ReviewError) as e:
        st.error(plain(str(e)), icon=":material/error:")


page()

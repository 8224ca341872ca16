"""Scorecard: how the call went, with the evidence for every score and what to try next time."""

import streamlit as st

from trainer.app import nav, quiz, review_view, scoring, state
from trainer.app.resources import library
from trainer.app.scoring import Review, ReviewError
from trainer.app.text import plain
from trainer.files.persona import TACTICS
from trainer.scoring.scorecard import Scorecard


def scorecard_of(r: Review) -> Scorecard | None:
    """The saved scorecard, or a new one (with progress shown while the evaluator works)."""
    rv = state.review()
    if rv.scorecard is not None and rv.scorecard.transcript == r.transcript.id:
        return rv.scorecard
    found = scoring.saved_scorecard(r.transcript.id)
    if found is None:
        with st.spinner("Scoring your call..."):
            found = scoring.score(r)
    rv.scorecard = found
    return found


def model_judge(r: Review, sc: Scorecard) -> None:
    """The model judge's checks, or a button to ask for them when a model is set up."""
    settings = state.settings().current()
    if sc.judge is not None:
        review_view.judge(sc.judge)
        return
    if not settings.llm_ready:
        st.caption("Set up a model on the Settings page to add a model judge's checks, with quoted evidence.")
        return
    if st.button(f"Ask the model judge ({settings.model}, {settings.judge_runs} runs)", icon=":material/gavel:"):
        with st.status(f"Asking {settings.model} to judge the call {settings.judge_runs} times...") as status:
            try:
                state.review().scorecard = scoring.judge(r, sc, settings)
            except ReviewError as e:
                status.update(label="The judge could not score the call", state="error")
                st.error(plain(str(e)), icon=":material/error:")
                return
            status.update(label="Judged", state="complete")
        st.rerun()


def name_the_tactic(r: Review) -> None:
    rv = state.review()
    st.markdown(f"Which tactic did {plain(r.persona.name)} play?")
    guess = rv.quiz.get(r.transcript.id)
    if guess is None:
        with st.form("quiz"):
            picked = st.radio("Tactic", TACTICS, format_func=quiz.TACTIC_NAMES.get, index=None)
            if st.form_submit_button("Check my answer") and picked is not None:
                rv.quiz[r.transcript.id] = picked
                st.rerun()
        return
    result = quiz.grade(guess, r.persona.tactic, r.transcript)
    (st.success if result.correct else st.error)(plain(result.explain()))


def details(r: Review, sc: Scorecard) -> None:
    st.subheader("Hidden interests")
    review_view.interests(sc)
    st.subheader("The deal among all possible deals")
    review_view.deal_plot(sc, r.scenario)
    st.subheader("Tactic timeline")
    review_view.timeline(sc)
    st.subheader("Coaching")
    review_view.coaching(sc)
    st.subheader("Your preparation and what happened")
    review_view.preparation(r.notes, sc, r.transcript)
    st.subheader("The model judge")
    model_judge(r, sc)


def header(r: Review) -> None:
    when = r.transcript.started_at.strftime("%d %b %Y, %H:%M")
    st.caption(
        # The tactic is not named here: the page asks the trainee to name it.
        f"{plain(r.scenario.title)} · {plain(r.persona.name)} · {r.difficulty} difficulty · {when} UTC"
    )


def page() -> None:
    st.title("Scorecard")
    rv = state.review()
    if rv.session_id is None:
        st.info("Practise a call, or pick a past session in History, to see its scorecard.")
        if st.button("Go to Practice", icon=":material/forum:"):
            nav.go("practice")
        return
    try:
        r = scoring.open_review(rv, library())
        header(r)
        sc = scorecard_of(r)
    except ReviewError as e:
        st.error(plain(str(e)), icon=":material/error:")
        return
    if sc is not None:
        review_view.outcome(sc, r.scenario)
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.subheader("Your scores")
            review_view.scores(sc)
        with right:
            st.subheader("Name the tactic")
            name_the_tactic(r)
        details(r, sc)
    with st.expander("The call, turn by turn, with the evidence", icon=":material/chat:"):
        review_view.call_with_evidence(r.transcript, sc)
    a, b, _ = st.columns([1, 1, 2])
    if a.button("Replay in History", icon=":material/history:", width="stretch"):
        st.session_state["history.session"] = r.transcript.id
        nav.go("history")
    if b.button("Practise again", icon=":material/replay:", width="stretch"):
        nav.go("practice")


page()

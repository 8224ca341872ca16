"""Practice: choose a deal, a counterpart and a difficulty, prepare, then negotiate in the chat."""

import streamlit as st

from trainer.app import calls, endpoint, nav, practice_view, state
from trainer.app.resources import library
from trainer.app.text import plain
from trainer.counterpart.difficulty import DESCRIPTIONS, DIFFICULTIES
from trainer.files.library import Library

CHAT_KEY = "practice.chat"


def choose_scenario(scenario_id: str) -> None:
    state.practice().scenario_id = scenario_id


def choose_persona(persona_id: str) -> None:
    state.practice().persona_id = persona_id


def setup(lib: Library) -> None:
    """Everything chosen before the call."""
    pr = state.practice()
    pr.scenario_id = pr.scenario_id if pr.scenario_id in lib.scenarios else next(iter(lib.scenarios), None)
    pr.persona_id = pr.persona_id if pr.persona_id in lib.personas else next(iter(lib.personas), None)
    if pr.scenario_id is None or pr.persona_id is None:
        st.error("No scenario or no persona could be loaded. See the Personas page, or run `winwin validate`.")
        return
    st.subheader("1. The deal")
    cards = [practice_view.Card(s.id, s.title, s.trainee.role, s.summary) for s in lib.scenarios.values()]
    practice_view.choice_cards(cards, pr.scenario_id, choose_scenario, "scenario")
    st.subheader("2. Your counterpart")
    people = [practice_view.Card(p.id, p.name, _tactic_line(lib, p.id), p.description) for p in lib.personas.values()]
    practice_view.choice_cards(people, pr.persona_id, choose_persona, "persona")
    st.subheader("3. The call")
    options(lib)


def _tactic_line(lib: Library, persona_id: str) -> str:
    where = "bundled" if lib.is_bundled("personas", persona_id) else "your persona"
    return f"{lib.persona(persona_id).tactic} · {where}"


def options(lib: Library) -> None:
    pr = state.practice()
    left, right = st.columns(2)
    with left:
        pr.difficulty = (
            st.segmented_control(
                "Difficulty",
                DIFFICULTIES,
                key=state.seed_widget("practice.difficulty", pr.difficulty),
                format_func=str.capitalize,
                help="; ".join(f"{d}: {DESCRIPTIONS[d]}" for d in DIFFICULTIES),
            )
            or "normal"
        )
        pr.trainee = st.text_input(
            "Your name (optional)",
            key=state.seed_widget("practice.trainee", pr.trainee),
            help="Sessions with a name can be filtered in History.",
        )
    with right:
        voice_choice()
    brief = lib.scenario(pr.scenario_id or "")
    with st.expander("Your brief", expanded=True, icon=":material/description:"):
        practice_view.brief_panel(brief)
    preparation()
    st.button("Start the call", type="primary", icon=":material/call:", on_click=start, args=(lib,))


def voice_choice() -> None:
    pr, settings = state.practice(), state.settings().current()
    if not settings.llm_ready:
        pr.backend = "offline"
        st.radio("Counterpart's voice", ["offline"], format_func=lambda _: "Offline phrasebook")
        st.caption("To let a model word the replies, set one up on the Settings page.")
        return
    pr.backend = st.radio(
        "Counterpart's voice",
        ["offline", "openai"],
        key=state.seed_widget("practice.backend", pr.backend),
        format_func={"offline": "Offline phrasebook", "openai": f"Model: {settings.model}"}.get,
    )
    if pr.backend == "openai":
        reach = endpoint.check(settings)
        if not reach.ok:
            st.error(f"{plain(reach.message)} Replies will fall back to the phrasebook.", icon=":material/cloud_off:")


def preparation() -> None:
    prep = state.practice().preparation
    with st.expander("Prepare (optional): your plan, to compare with what happens", icon=":material/edit_note:"):
        a, b = st.columns(2)
        prep.target = a.text_input("Target", key=state.seed_widget("prep.target", prep.target))
        prep.walkaway = b.text_input("Walk-away", key=state.seed_widget("prep.walkaway", prep.walkaway))
        prep.interests = st.text_area(
            "Interests you expect they have", key=state.seed_widget("prep.interests", prep.interests)
        )
        prep.questions = st.text_area(
            "Questions you plan to ask", key=state.seed_widget("prep.questions", prep.questions)
        )


def start(lib: Library) -> None:
    calls.start_call(state.practice(), lib, state.settings().current())


def call() -> None:
    """The call in progress: the chat on the left, the brief and the offers on the right."""
    pr = state.practice()
    session = pr.session
    if session is None:
        return
    st.caption(
        f"{plain(session.scenario.title)} · {plain(session.persona.name)}, the {session.persona.tactic} · "
        f"{pr.difficulty} difficulty"
    )
    if pr.save_error:
        st.warning(f"This call is not being saved: {plain(pr.save_error)}", icon=":material/warning:")
    chat, side = st.columns([3, 2], gap="large")
    with chat:
        # The line typed is read before the input is drawn, so a turn that ends the call also removes the input.
        text = st.session_state.get(CHAT_KEY)
        refused = practice_view.refusal(text) if isinstance(text, str) else None
        taking = bool(text) and refused is None and not session.ended
        practice_view.chat_history(session, correctable=not taking)  # a new message takes the form with it
        practice_view.reply(session, pr)
        if taking and isinstance(text, str):
            practice_view.take_turn(session, text, pr)
        if not session.ended:
            if refused is not None and text and text.strip():
                st.session_state[CHAT_KEY] = text  # a message refused for its length goes back in the box
            st.chat_input("Your turn: ask, listen, propose...", key=CHAT_KEY)
        if refused is not None:
            st.warning(plain(refused), icon=":material/edit_note:")
        finished(session.ended)
    with side:
        practice_view.offers_panel(session)
        with st.expander("Your brief", expanded=True, icon=":material/description:"):
            practice_view.brief_panel(session.scenario)
        prep = pr.preparation.notes()
        if prep:
            with st.expander("Your preparation", icon=":material/edit_note:"):
                for key, note in prep.items():
                    st.markdown(f"**{state.PREP_FIELDS[key]}:** {plain(note)}")


def finished(ended: bool) -> None:
    pr = state.practice()
    session = pr.session
    if session is None:
        return
    if ended:
        status = session.transcript.outcome.status
        show = st.success if status == "deal" else st.warning
        show(plain(practice_view.outcome_text(session)), icon=":material/handshake:")
    left, right = st.columns(2)
    if ended:
        if left.button("See the scorecard", type="primary", icon=":material/insights:", width="stretch"):
            to_scorecard()
        if right.button("Practise again", icon=":material/replay:", width="stretch"):
            calls.end_call(pr, state.review())
            pr.reset()
            st.rerun()
        return
    with left.popover("End call", icon=":material/call_end:", width="stretch"):
        st.markdown(
            "End the call now, without a deal? It cannot be continued afterwards, but you can retry it from any "
            "turn in History."
        )
        if st.button("Yes, end the call", key="practice.end", type="primary", icon=":material/call_end:"):
            to_scorecard()


def to_scorecard() -> None:
    pr = state.practice()
    calls.end_call(pr, state.review())
    pr.reset()
    nav.go("scorecard")


def page() -> None:
    st.title("Practice a call")
    lib = library()
    if state.practice().session is None:
        st.caption("Choose a deal and a counterpart, read your brief, and start. You can end the call at any time.")
        setup(lib)
    else:
        call()


page()

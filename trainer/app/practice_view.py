"""Drawing helpers of the Practice page: choice cards, the chat, the offers on the table, the brief."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import streamlit as st

from trainer.app import reading_view
from trainer.app.moves import spoken
from trainer.app.state import PracticeState
from trainer.app.text import escape, label, plain
from trainer.counterpart.move import Move
from trainer.counterpart.session import MAX_MESSAGE_CHARS, Session
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import Correction, describe_terms
from trainer.files.scenario import Scenario

SPEAKERS = {"trainee": "user", "counterpart": "assistant"}


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    subtitle: str
    body: str


def choice_cards(cards: Sequence[Card], chosen: str | None, choose: Callable[[str], None], key: str) -> None:
    """A grid of bordered cards, each with a button that chooses it; the chosen one is marked."""
    columns = st.columns(3)
    for i, card in enumerate(cards):
        with columns[i % 3].container(border=True):
            st.markdown(f"**{label(card.title)}**")
            st.caption(plain(card.subtitle))
            st.markdown(plain(card.body))
            picked = card.id == chosen
            st.button(
                "Chosen" if picked else "Choose",
                key=f"{key}.{card.id}",
                icon=":material/check_circle:" if picked else None,
                type="primary" if picked else "secondary",
                on_click=choose,
                args=(card.id,),
                width="stretch",
            )


def message(turn: Turn, session: Session | None = None, correct: bool = False) -> None:
    """One chat bubble; under a trainee message, what the counterpart heard (with `correct`, the form to fix it)."""
    with st.chat_message(SPEAKERS[turn.speaker]):
        st.markdown(plain(spoken(turn.text, turn.moves)))
        if session is not None and turn.speaker == "trainee":
            reading_view.heard_line(session.scenario, turn)
            if correct:
                reading_view.correction_form(session, turn)


def refusal(text: str) -> str | None:
    """Why a message is not sent, or None to send it: nothing but spaces, or longer than a turn may be."""
    if not text.strip():
        return "Type something before you send: an empty message is not sent."
    if len(text.strip()) > MAX_MESSAGE_CHARS:
        return (
            f"Your message has {len(text.strip()):,} characters; a turn can have at most {MAX_MESSAGE_CHARS:,}. "
            "It was not sent, and it is back in the box: shorten it, or send it in parts."
        )
    return None


def chat_history(session: Session, correctable: bool = True) -> None:
    """Every turn so far; the last trainee message can be corrected while the call is open (and `correctable`)."""
    turns = session.transcript.turns
    last = reading_view.correctable(turns) if correctable and not session.ended else None
    for turn in turns:
        message(turn, session, correct=turn is last)


def drafted(chunks: Iterator[str], moves: Sequence[Move] = ()) -> Iterator[str]:
    """A reply stream made safe for st.write_stream (which renders markdown), up to any correction of the draft.

    With the moves of a phrasebook reply (it comes whole, in one chunk), a bare move name in it is put in words.
    """
    corrected = False
    for chunk in chunks:
        corrected = corrected or isinstance(chunk, Correction)
        if not corrected:
            yield escape(spoken(chunk, moves))


def take_turn(session: Session, text: str, practice: PracticeState) -> None:
    """Shows the trainee's line, then streams the counterpart's reply as the voice makes it."""
    turn, understood = session.hear(text)
    with st.chat_message("user"):
        st.markdown(plain(turn.text))
        reading_view.heard_line(session.scenario, turn)
        form = st.empty()  # filled once the reply is stored: only an answered message can be corrected
    practice.pending = session.decide(understood)
    reply(session, practice)
    if not session.ended and reading_view.correctable(session.transcript.turns) is turn:
        with form.container():
            reading_view.correction_form(session, turn)


def reply(session: Session, practice: PracticeState) -> None:
    """Streams the decided reply; the turn is recorded when the stream ends.

    A rerun (the trainee sending again mid-stream) stops the script at its next Streamlit call, which can cut the
    stream short before the turn is recorded: the decided moves stay pending, and the next run speaks them. A model
    voice may correct its draft (a Correction chunk); the reply then shows as finally recorded.
    """
    moves = practice.pending
    if moves is None or not session.transcript.turns or session.transcript.turns[-1].speaker != "trainee":
        practice.pending = None
        return
    with st.chat_message("assistant"):
        box = st.empty()
        with box.container():
            whole = moves if session.voice.source == "offline" else ()
            shown = st.write_stream(drafted(session.stream(moves), whole))
        practice.pending = None
        last = session.transcript.turns[-1]
        final = spoken(last.text, last.moves)
        if shown != escape(final):
            box.markdown(plain(final))


def offers_panel(session: Session) -> None:
    """The offers currently on the table, issue by issue."""
    state, scenario = session.state, session.scenario
    st.markdown("**On the table**")
    if not state.offer and not state.trainee_offer:
        st.caption("No offers yet. Ask questions, or put terms on the table.")
        return
    rows = [
        {
            "Issue": plain(issue.name),
            "Their offer": _option(scenario, issue.id, state.offer),
            "Your proposal": _option(scenario, issue.id, state.trainee_offer),
        }
        for issue in scenario.issues
    ]
    # st.table renders markdown in its cells, hence the escaped text above.
    st.table(rows, hide_index=True, border="horizontal")


def _option(scenario: Scenario, issue_id: str, terms: dict[str, str]) -> str:
    return plain(scenario.issue(issue_id).option(terms[issue_id]).label) if issue_id in terms else "—"


def brief_panel(scenario: Scenario) -> None:
    """The trainee's private brief, beside the chat."""
    st.markdown(f"**You are:** {plain(scenario.trainee.role)}")
    st.markdown(plain(scenario.trainee.brief))
    with st.expander("What both sides know"):
        st.markdown(plain(scenario.public_brief))


def outcome_text(session: Session) -> str:
    outcome = session.transcript.outcome
    if outcome.status == "deal":
        return f"Deal: {describe_terms(session.scenario, outcome.terms)}."
    if outcome.status == "walk_away":
        return f"{session.persona.name} walked away. No deal."
    return "You ended the call without a deal."

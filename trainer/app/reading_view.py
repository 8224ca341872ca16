"""What the counterpart heard in each trainee message, and the "Not what I meant" form that corrects the last one.

The line under a message names terms by their option labels and says what the message did (an offer, a yes, a no,
walking away, a question); ids and act names never show. The form holds one choice per issue for what was
proposed and for what was refused, and two boxes for a yes and a walk-away; sending it has the counterpart take back
its reply and answer the message as the trainee meant it (`Session.correct`).
"""

import streamlit as st

from trainer.app.text import label, plain
from trainer.counterpart.heard import heard_text
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Heard, Turn
from trainer.files.scenario import Scenario

NOT_MENTIONED = ""


def heard_line(scenario: Scenario, turn: Turn) -> None:
    """A compact caption under a trainee message: what the counterpart heard, or the trainee's correction of it."""
    heard = turn.corrected or turn.heard
    if heard is None:
        return
    notes = f" ({'; '.join(heard.notes)})" if heard.notes else ""
    who = "You corrected it to" if turn.corrected is not None else "They heard"
    st.caption(plain(f"{who}: {heard_text(scenario, heard)}{notes}"))


def correctable(turns: list[Turn]) -> Turn | None:
    """The trainee message that may be corrected: the last one, once the counterpart has answered it."""
    if len(turns) < 2 or turns[-1].speaker != "counterpart" or turns[-2].speaker != "trainee":
        return None
    return turns[-2]


def correction_form(session: Session, turn: Turn) -> None:
    """'Not what I meant': the reading as choices per issue; sending it has the counterpart answer the correction."""
    scenario, heard = session.scenario, turn.corrected or turn.heard or Heard()
    key = f"heard.{session.transcript.id}.{turn.index}"
    with st.popover("Not what I meant", icon=":material/edit:"), st.form(key):
        st.caption("Say what you meant; they will answer that instead of what they heard.")
        proposed, refused = st.columns(2)
        proposed.markdown("**You proposed**")
        refused.markdown("**You turned down**")
        for issue in scenario.issues:
            choices = [NOT_MENTIONED, *(o.id for o in issue.options)]
            names = {NOT_MENTIONED: "not mentioned", **{o.id: o.label for o in issue.options}}
            for column, terms, side in ((proposed, heard.proposes, "proposes"), (refused, heard.refuses, "refuses")):
                column.selectbox(
                    label(issue.name),
                    choices,
                    index=choices.index(terms.get(issue.id, NOT_MENTIONED)),
                    format_func=names.__getitem__,
                    key=f"{key}.{side}.{issue.id}",
                )
        st.checkbox("I said yes to their offer", value="accept" in heard.acts, key=f"{key}.accept")
        st.checkbox("I was walking away", value="walk_away" in heard.acts, key=f"{key}.walk_away")
        st.form_submit_button("Answer what I meant", type="primary", on_click=_correct, args=(session, turn, key))


def _correct(session: Session, turn: Turn, key: str) -> None:
    """The form's values as a corrected reading, answered by the counterpart (before the page is drawn again)."""
    if session.ended or correctable(session.transcript.turns) != turn:
        return  # the call moved on since the form was drawn
    chosen = {
        side: {
            issue.id: value
            for issue in session.scenario.issues
            if (value := st.session_state.get(f"{key}.{side}.{issue.id}", NOT_MENTIONED)) != NOT_MENTIONED
        }
        for side in ("proposes", "refuses")
    }
    base = turn.corrected or turn.heard or Heard()
    session.correct(
        base.fixed(
            proposes=chosen["proposes"],
            refuses=chosen["refuses"],
            accepts=bool(st.session_state.get(f"{key}.accept")),
            walks_away=bool(st.session_state.get(f"{key}.walk_away")),
        )
    )

"""The chat shows what the counterpart heard under each message, and "Not what I meant" corrects the last one."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import MAIN, button, home, unescaped
from trainer.cli.main import main
from trainer.store.database import Store

__all__ = ["home"]  # the fixture, used by name

MISREAD = "I could do 5,200 with a one-year support plan"
PACKAGE = "I could do 5,200 with a one-year support plan, training for all staff and three instalments"


def started(persona: str = "anchorer", lines: tuple[str, ...] = ("What matters most to you?", MISREAD)) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    at.button(key=f"persona.{persona}").click().run()
    button(at, "Start the call").click().run()
    for line in lines:
        at.chat_input[0].set_value(line).run()
        assert not at.exception
    return at


def captions(at: AppTest) -> list[str]:
    shown = [unescaped(c.value) for m in at.chat_message for c in m.caption]
    return [c for c in shown if c.startswith(("They heard", "You corrected"))]


def test_each_message_shows_what_was_heard_in_plain_words(home: Path) -> None:
    at = started()
    assert captions(at) == [
        "They heard: a question",
        "They heard: offer $5,250 with a one-year support plan (heard 5,200 as $5,250)",
    ]
    forms = [b for b in at.button if b.label == "Answer what I meant"]
    assert len(forms) == 1, "only the last message can be corrected"


def test_a_corrected_offer_is_answered_stored_scored_and_exported(home: Path, tmp_path: Path) -> None:
    at = started()
    session = at.session_state["winwin.practice"].session
    key = f"heard.{session.transcript.id}.3"
    assert at.selectbox(key=f"{key}.proposes.price").value == "p5250"
    at.selectbox(key=f"{key}.proposes.price").set_value("p5000")
    at.selectbox(key=f"{key}.refuses.price").set_value("p4500")
    button(at, "Answer what I meant").click().run()
    assert not at.exception
    assert len(session.transcript.turns) == 5, "the reply was replaced, not added to"
    assert captions(at)[-1] == "You corrected it to: offer $5,000 with a one-year support plan · refused: $4,500"
    assert session.state.trainee_offer["price"] == "p5000"
    assert "$5,000" in [unescaped(v) for v in at.table[0].value["Your proposal"].tolist()]
    with Store.open() as store:
        saved = store.load(session.transcript.id)
    assert saved.turns[3].terms == {"price": "p5000", "support": "one-year"}
    assert saved.turns[4].moves == session.transcript.turns[4].moves
    out = tmp_path / "c.jsonl"
    assert main(["corrections", "export", "--out", str(out)]) == 0
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["text"] == MISREAD
    assert row["proposes"] == {"price": "p5000", "support": "one-year"}
    assert row["heard"]["proposes"]["price"] == "p5250"
    at.chat_input[0].set_value("What's your offer?").run()
    assert len([b for b in at.button if b.label == "Answer what I meant"]) == 1
    at.button(key="practice.end").click().run()
    assert not at.exception
    card = at.session_state["winwin.review"].scorecard
    assert card is not None
    assert "(turn 3: $5,000 with a one-year support plan)" in card.to_json()


def test_the_next_reply_answers_the_corrected_terms(home: Path) -> None:
    """The dismantler strips an item and names a price from the trainee's package: the corrected one."""
    at = started("bundle-dismantler", ("What's your offer?", PACKAGE))
    session = at.session_state["winwin.practice"].session
    misread = session.transcript.turns[-1].moves[0]
    assert (misread.kind, misread.terms["price"]) == ("dismantle", "p5000")  # $5,250 less the item it strips
    at.selectbox(key=f"heard.{session.transcript.id}.3.proposes.price").set_value("p5000")
    button(at, "Answer what I meant").click().run()
    answer = session.transcript.turns[-1]
    assert (answer.moves[0].kind, answer.moves[0].terms["price"]) == ("dismantle", "p4750")
    assert "$4,750" in unescaped(at.chat_message[-1].markdown[0].value)

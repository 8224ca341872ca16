"""The trainee corrects what the counterpart heard in their last message; the counterpart answers the correction."""

import pytest

from trainer.counterpart.session import Session, SessionEnded
from trainer.counterpart.transcript import Heard, Transcript, Turn
from trainer.files.library import load_library

LIBRARY = load_library()
SCENARIO = LIBRARY.scenario("pos-boutique")
PERSONA = LIBRARY.persona("anchorer")
MEANT = {"price": "p5000", "support": "one-year"}


def call(*lines: str, on_turn: object = None) -> Session:
    session = Session(SCENARIO, PERSONA, seed=3)
    session.start()
    for line in lines:
        session.reply(line)
    return session


def test_hear_keeps_what_was_heard_with_the_turn() -> None:
    session = call("I could do 5,200 with a one-year support plan")
    heard = session.transcript.turns[1].heard
    assert heard is not None
    assert heard.proposes == {"price": "p5250", "support": "one-year"}
    assert "offer" in heard.acts
    assert heard.notes == ["heard 5,200 as $5,250"]


def test_the_reply_to_a_correction_is_the_reply_to_the_message_as_meant() -> None:
    misread = call("What matters most to you?", "I could do 5,200 with a one-year support plan")
    plain = call("What matters most to you?", "I could do $5,000 with a one-year support plan")
    assert misread.transcript.turns[-2].terms != MEANT
    assert plain.transcript.turns[-2].terms == MEANT
    before = len(misread.transcript.turns)
    heard = misread.transcript.turns[-2].heard
    assert heard is not None
    reply = misread.correct(heard.fixed(proposes=MEANT, refuses={}))
    assert len(misread.transcript.turns) == before  # the old reply was replaced, not added to
    assert reply.moves == plain.transcript.turns[-1].moves
    assert misread.state.trainee_offer == plain.state.trainee_offer
    fixed = misread.transcript.turns[-2]
    assert fixed.terms == MEANT
    assert "offer" in fixed.acts
    assert fixed.corrected is not None
    assert fixed.heard == heard


def test_a_correction_is_stored_at_the_same_indexes() -> None:
    saved: dict[int, Turn] = {}

    def keep(_: Transcript, turn: Turn) -> None:
        saved[turn.index] = turn

    session = Session(SCENARIO, PERSONA, seed=3, on_turn=keep)
    session.start()
    session.reply("ok")
    wrong = saved[2]
    session.correct(Heard().fixed(proposes={"price": "p5500"}, refuses={}))
    assert sorted(saved) == [0, 1, 2]
    assert saved[1].corrected is not None
    assert saved[1].terms == {"price": "p5500"}
    assert saved[2] != wrong
    assert saved[2].moves == session.transcript.turns[2].moves


def test_a_corrected_call_resumes_as_it_was_answered() -> None:
    session = call("ok")
    session.correct(Heard().fixed(proposes={"price": "p5500"}, refuses={}))
    resumed = Session.restore(SCENARIO, PERSONA, session.transcript.model_copy(deep=True))
    assert resumed.state.trainee_offer == session.state.trainee_offer
    assert session.state.trainee_offer["price"] == "p5500"


def test_a_walk_away_correction_ends_the_call_and_then_nothing_more_can_be_corrected() -> None:
    session = call("I don't think so")
    session.correct(Heard().fixed(proposes={}, refuses={}, walks_away=True))
    assert session.ended
    assert session.transcript.outcome.status == "no_deal"
    assert "walk_away" in session.transcript.turns[1].acts
    with pytest.raises(SessionEnded):
        session.correct(Heard())


def test_nothing_to_correct_before_the_trainee_speaks() -> None:
    with pytest.raises(ValueError, match="no message of yours"):
        call().correct(Heard())


def test_what_was_heard_reads_in_plain_words() -> None:
    from trainer.counterpart.heard import heard_text

    heard = Heard(proposes={"price": "p5250", "support": "one-year"}, refuses={"price": "p4500"}, acts=["offer"])
    assert heard_text(SCENARIO, heard) == "offer $5,250 with a one-year support plan · refused: $4,500"
    assert heard_text(SCENARIO, Heard(acts=["accept"])) == "yes to their offer"
    assert heard_text(SCENARIO, Heard(acts=["question", "open_question"])) == "a question"
    assert heard_text(SCENARIO, Heard(acts=["walk_away", "reject"])) == "no to their offer · walking away"
    assert heard_text(SCENARIO, Heard(acts=["small_talk"])) == "nothing about the deal"

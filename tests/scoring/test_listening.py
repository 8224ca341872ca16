"""Active listening: reflections of reveals, acknowledgements, answers to what was put to the trainee, asking."""

import pytest

from tests.scoring.test_scorecard import BEST, move, score, self_play, them, transcript, you
from trainer.counterpart.transcript import Turn
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.scorecard import Dimension

REVEAL = "Honestly, my staff change every season."


def listening(*turns: Turn) -> Dimension:
    return score(transcript(*turns)).dimensions["active_listening"]


def parts(dim: Dimension) -> dict[str, float | None]:
    return {c.name: c.value for c in dim.components}


def test_a_reflected_reveal_and_an_acknowledgement_are_evidence() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "open_question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("I understand. So your staff change every season?", "question", "reflection", "acknowledgement"),
    )
    assert parts(dim)["reveals said back"] == 1.0
    assert parts(dim)["acknowledgements"] == 0.5
    assert parts(dim)["answered what they put to you"] is None  # they put nothing to the trainee
    assert parts(dim)["asking replies"] == 1.0
    said_back = next(e for e in dim.evidence if "said back their reveal" in e.check)
    assert (said_back.turn, said_back.passed) == (3, True)
    assert "(turn 2)" in said_back.check


def test_a_reveal_left_unreflected_is_a_failed_check_on_the_reply() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("I can do $2,000.", "offer", price="p2000"),
    )
    assert parts(dim)["reveals said back"] == 0.0
    missed = next(e for e in dim.evidence if "did not say back" in e.check)
    assert (missed.turn, missed.passed, missed.quote) == (3, False, "I can do $2,000.")


def test_a_later_summary_that_names_the_reveal_counts() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("How about payment?", "question", "open_question"),
        them("Upfront is fine.", move("counter", terms=BEST)),
        you("To sum up: your staff change every season, so training matters.", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 1.0
    assert dim.figures["summaries"] == 1


def test_a_nudge_is_answered_by_terms_and_a_question_instead_is_a_dodge() -> None:
    answered = listening(
        them("What's your offer?", move("nudge")),
        you("How about $2,000 with full training?", "offer", "question", price="p2000", training="full"),
    )
    dodged = listening(
        them("What's your offer?", move("nudge")),
        you("What are you thinking?", "question", "open_question"),
    )
    assert parts(answered)["answered what they put to you"] == 1.0
    assert parts(dodged)["answered what they put to you"] == 0.0
    assert parts(dodged)["asking replies"] == 0.0
    assert any("a dodge" in e.check and e.passed is False for e in dodged.evidence)


def test_an_offer_is_answered_by_a_position_or_by_asking_its_basis() -> None:
    anchor = them("I propose $1,000.", move("anchor", terms=BEST))
    for reply in (you("No way, that's too low.", "reject"), you("How did you arrive at that number?", "question")):
        dim = listening(anchor, reply)
        assert parts(dim)["answered what they put to you"] == 1.0
    ignored = listening(anchor, you("The weather is lovely today."))
    assert parts(ignored)["answered what they put to you"] == 0.0


def test_talking_over_them_costs_points_and_saying_little_does_not() -> None:
    long = " ".join(["word"] * 90) + "."
    over = listening(them("Hi there.", move("greet")), you(long), them("Okay.", move("nudge")), you(long))
    short = listening(them(" ".join(["word"] * 90) + ".", move("greet")), you("Ok."))
    assert over.figures["word_share"] == pytest.approx(180 / 183, abs=1e-4)  # 90 + 90 words to 2 + 1
    talking = next(c for c in over.components if c.name == "talking over them")
    assert talking.points == -15.0
    assert any("your longest turn" in e.check for e in over.evidence)
    quiet = next(c for c in short.components if c.name == "talking over them")
    assert quiet.points == 0.0


def test_a_call_with_no_reveals_rewards_any_reflection() -> None:
    dim = listening(
        them("I propose $1,000.", move("anchor", terms=BEST)),
        you("So you think $1,000 is fair?", "question", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 1.0


def test_the_explorer_listens_and_the_haggler_does_not() -> None:
    explorer = score_transcript(*self_play("pos-boutique", "anchorer", "explorer"))
    haggler = score_transcript(*self_play("pos-boutique", "anchorer", "haggler"))
    assert (explorer.dimensions["active_listening"].score or 0) > 80
    assert haggler.dimensions["active_listening"].figures["reflections"] == 0
    assert (haggler.dimensions["active_listening"].score or 0) <= (
        explorer.dimensions["active_listening"].score or 0
    ) - 25
    # every reveal the explorer drew out is said back, in its own words (saying back is judged by meaning)
    figures = explorer.dimensions["active_listening"].figures
    assert figures["reveals_said_back"] == figures["reveals"]
    assert isinstance(figures["reveals"], int)
    assert figures["reveals"] >= 4


def test_a_reveal_said_back_in_other_words_counts_and_the_evidence_quotes_that_sentence() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you(
            "Thanks, that helps. So the people on your team turn over each season and need teaching again?", "question"
        ),
    )
    assert parts(dim)["reveals said back"] == 1.0
    said_back = next(e for e in dim.evidence if "said back their reveal" in e.check)
    assert said_back.quote == "So the people on your team turn over each season and need teaching again?"
    assert said_back.check.endswith("in your reply")


def test_terms_tied_to_the_reveal_later_in_the_call_count_as_saying_it_back() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("How do you want to pay?", "question", "open_question"),
        them("Upfront is fine.", move("counter", terms=BEST)),
        you("Since your team changes every season, I'll include training for everyone.", "offer", training="full"),
    )
    assert parts(dim)["reveals said back"] == 1.0
    said_back = next(e for e in dim.evidence if "said back their reveal" in e.check)
    assert (said_back.turn, said_back.check.endswith("later")) == (5, True)


def test_a_reflection_of_something_else_does_not_say_the_reveal_back() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("So you think $1,000 is fair?", "question", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 0.0


def test_naming_the_feeling_of_a_reveal_in_the_reply_says_it_back() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("Oh wow. That must be exhausting.", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 1.0
    said_back = next(e for e in dim.evidence if "said back their reveal" in e.check)
    assert said_back.quote == "That must be exhausting."


def test_asking_about_the_reveal_is_not_saying_it_back() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("How often do your staff change?", "question", "open_question"),
    )
    assert parts(dim)["reveals said back"] == 0.0


def test_reflection_and_acknowledgement_evidence_quote_the_sentence_that_did_it() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("Thanks for seeing me. I understand, that makes sense.", "acknowledgement"),
        them("We pay $1,000 a year now.", move("greet")),
        you("Right, good to know. So you're paying about $1,000 a year today?", "question", "reflection"),
    )
    ack = next(e for e in dim.evidence if e.check == "acknowledged what they said")
    reflection = next(e for e in dim.evidence if e.check == "said back what they said")
    assert ack.quote == "I understand, that makes sense."
    assert reflection.quote == "So you're paying about $1,000 a year today?"


def test_a_reveal_as_the_call_ends_is_not_held_against_the_trainee() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("So you're here to look at a new till?", "question", "reflection"),
        them(REVEAL, move("reveal", interest="turnover")),
    )
    assert parts(dim)["reveals said back"] == 1.0  # scored as a call without reveals: any reflection counts
    explain = next(c.explain for c in dim.components if c.name == "reveals said back")
    assert explain.startswith("nothing was revealed in time to say back")
    ended = next(e for e in dim.evidence if "as the call ended" in e.check)
    assert (ended.turn, ended.passed, ended.quote) == (2, None, REVEAL)


def test_repeating_the_offer_that_came_with_a_reveal_is_not_saying_the_reveal_back() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(
            f"{REVEAL} Still, my offer stands: $1,500 with full training, paid upfront.",
            move("reveal", interest="turnover"),
            move("counter", terms=BEST),
        ),
        you("So $1,500 with full training, paid upfront.", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 0.0


def test_saying_feel_about_something_else_is_not_a_reflection_of_the_reveal() -> None:
    dim = listening(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("You feel the price is on the high side?", "question", "reflection"),
    )
    assert parts(dim)["reveals said back"] == 0.0

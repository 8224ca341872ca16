"""Interest discovery: which hidden interests came out, with which question, and what was proposed too early."""

from tests.helpers import make_persona, make_scenario
from tests.scoring.test_scorecard import BEST, move, score, self_play, them, transcript, you
from trainer.scoring.evaluator import score_transcript

REVEAL = "Honestly, my staff change every season."


def test_a_revealed_interest_names_its_turn_and_the_question_that_drew_it() -> None:
    t = transcript(
        them("Hello.", move("greet")),
        you("Thanks. What matters most to you in this deal?", "question", "open_question", "interest_probe"),
        them(REVEAL, move("reveal", interest="turnover")),
        you("How about $2,000 with full training?", "offer", "question", price="p2000", training="full"),
    )
    card = score(t)
    found = card.interests.revealed[0]
    assert (found.id, found.turn, found.asked_at) == ("turnover", 2, 1)
    assert found.question == "What matters most to you in this deal?"
    assert card.interests.missed == []
    dim = card.dimensions["interest_discovery"]
    assert dim.figures["proposed_before_learning"] is False
    # all revealed (60) + a probe (1); "how about ...?" puts terms down, it is not a question: + learned first
    assert dim.score == round(60 + 25 * 1.0 + 15)
    assert dim.figures["questions"] == 1
    checks = [(e.turn, e.check, e.passed) for e in dim.evidence]
    assert (1, "asked about their interests", True) in checks
    assert any(turn == 2 and passed and "revealed 'turnover'" in check for turn, check, passed in checks)
    assert any(turn == 3 and passed and "after learning" in check for turn, check, passed in checks)


def test_proposing_before_learning_anything_costs_the_last_part_and_missed_interests_name_a_question() -> None:
    t = transcript(
        them("Hello.", move("greet")),
        you("I can do $2,000 with no training.", "offer", price="p2000", training="none"),
        them("Too much. $1,000.", move("counter", terms=BEST)),
        you("Is that your final price?", "question"),
    )
    card = score(t)
    dim = card.dimensions["interest_discovery"]
    assert dim.figures["proposed_before_learning"] is True
    assert dim.figures["closed_questions"] == 1
    assert dim.score == 0
    missed = card.interests.missed[0]
    assert (missed.id, missed.question) == ("turnover", "How does your team learn new systems?")
    early = next(e for e in dim.evidence if "before learning" in e.check)
    assert (early.turn, early.passed, early.quote) == (1, False, "I can do $2,000 with no training.")
    assert any("never surfaced 'turnover'" in e.check and e.passed is False for e in dim.evidence)


def test_agreeing_to_their_terms_is_committing_too() -> None:
    t = transcript(
        them("My offer: $1,000.", move("anchor", terms=BEST)),
        you("Sure, no problem."),
        them("Done.", move("close", terms=BEST)),
        status="deal",
        terms=BEST,
    )
    dim = score(t).dimensions["interest_discovery"]
    assert dim.figures["first_commitment_turn"] == 1
    assert dim.figures["proposed_before_learning"] is True


def test_a_deflected_probe_is_noted_not_scored() -> None:
    t = transcript(
        them("Hello.", move("greet")),
        you("What matters most to you?", "question", "open_question", "interest_probe"),
        them("Let's talk price first.", move("deflect")),
    )
    dim = score(t).dimensions["interest_discovery"]
    noted = [e for e in dim.evidence if "deflected" in e.check]
    assert len(noted) == 1
    assert noted[0].passed is None
    assert noted[0].turn == 2


def test_a_scenario_without_hidden_interests_leaves_that_part_out() -> None:
    t = transcript(them("Hello.", move("greet")), you("What matters most to you?", "question", "interest_probe"))
    card = score_transcript(t, make_scenario(hidden_interests=[]), make_persona())
    part = next(c for c in card.dimensions["interest_discovery"].components if c.name == "interests revealed")
    assert part.value is None
    assert card.interests.revealed == []
    assert card.interests.missed == []


def test_the_explorer_finds_every_interest_and_the_pushover_none() -> None:
    explorer = score_transcript(*self_play("saas-renewal", "nibbler", "explorer"))
    pushover = score_transcript(*self_play("saas-renewal", "nibbler", "pushover"))
    assert len(explorer.interests.revealed) == 5
    assert [m.id for m in pushover.interests.missed] == [
        "cfo-saving-target",
        "new-warehouse",
        "board-reporting",
        "no-night-shift",
        "champion-credibility",
    ]
    assert (explorer.dimensions["interest_discovery"].score or 0) > 80
    assert (pushover.dimensions["interest_discovery"].score or 0) < 20

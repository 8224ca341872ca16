"""Coaching: at most three tips, each tied to a trainee turn, with a better line built from the scenario."""

import pytest

from tests.scoring.test_scorecard import BEST, move, score, self_play, them, transcript, you
from trainer.scoring.evaluator import score_transcript
from trainer.selfplay.trainees import TRAINEE_KINDS, TraineeKind

REVEAL = "Honestly, my staff change every season."


@pytest.mark.parametrize("kind", TRAINEE_KINDS)
@pytest.mark.parametrize("persona", ["anchorer", "nibbler", "bundle-dismantler"])
def test_tips_are_few_distinct_and_tied_to_trainee_turns(kind: TraineeKind, persona: str) -> None:
    t, s, p = self_play("pos-boutique", persona, kind, seed=2)
    tips = score_transcript(t, s, p).coaching
    assert len(tips) <= 3
    assert len({tip.tip for tip in tips}) == len(tips)
    for tip in tips:
        assert t.turns[tip.turn].speaker == "trainee"
        assert tip.better_line
        assert tip.better_line not in t.turns[tip.turn].text


def test_the_pushover_is_told_about_the_anchor_the_walkaway_and_a_question_to_ask() -> None:
    t, s, p = self_play("pos-boutique", "anchorer", "pushover")
    tips = score_transcript(t, s, p).coaching
    assert len(tips) == 3
    lines = " ".join(tip.better_line for tip in tips)
    assert "How did you arrive at $4,500?" in lines
    assert any("below your walk-away" in tip.tip for tip in tips)
    questions = {h.question for h in s.hidden_interests}
    assert any(tip.better_line in questions for tip in tips)


def test_an_unreflected_reveal_gets_a_line_that_says_it_back() -> None:
    card = score(
        transcript(
            them("Hello.", move("greet")),
            you("What matters most to you?", "question", "interest_probe"),
            them(REVEAL, move("reveal", interest="turnover")),
            you("What else?", "question", "open_question"),
        )
    )
    tip = next(tip for tip in card.coaching if tip.dimension == "active_listening")
    assert tip.turn == 3
    assert tip.better_line == "So your staff change every season - have I got that right?"


def test_a_nibble_given_away_gets_a_trade_line() -> None:
    agreed = {"price": "p1500", "training": "basic", "payment": "two"}
    card = score(
        transcript(
            them("Oh, and full training too, right?", move("nibble", extra={"training": "full"}, terms=agreed)),
            you("Sure, no problem."),
            them("Great.", move("close", terms={**agreed, "training": "full"})),
            tactic="nibbler",
            status="deal",
            terms={**agreed, "training": "full"},
        )
    )
    tip = next(tip for tip in card.coaching if tip.dimension == "tactic_handling")
    assert tip.turn == 1
    assert tip.better_line == "If I add full training, can we move to payment upfront in return?"


def test_a_dismantle_accepted_gets_a_reprice_line() -> None:
    stripped = {"price": "p1500", "training": "none", "payment": "upfront"}
    card = score(
        transcript(
            them("Take the training out, same price.", move("dismantle", item="training", terms=stripped)),
            you("Okay, deal.", "accept"),
            them("Done.", move("close", terms=stripped)),
            tactic="bundle-dismantler",
            status="deal",
            terms=stripped,
        )
    )
    tip = next(tip for tip in card.coaching if tip.dimension == "tactic_handling")
    assert tip.better_line == "If we take out the training, the package changes, so the price does too: $2,000."


def test_an_insult_is_the_first_tip() -> None:
    card = score(
        transcript(
            them("I propose $1,000.", move("anchor", terms=BEST)),
            you("You are an idiot.", "insult"),
            them("That's uncalled for.", move("insulted")),
        )
    )
    assert card.coaching[0].turn == 1
    assert "insults" in card.coaching[0].tip


def test_no_trainee_turn_means_no_tips() -> None:
    assert score(transcript(them("Hello.", move("greet")))).coaching == []

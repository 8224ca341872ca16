"""Tactic handling: answers to the anchor, the nibble and the dismantle, read from moves and words."""

import pytest

from tests.scoring.test_scorecard import move, score, self_play, them, transcript, you
from trainer.counterpart.transcript import Turn
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.scorecard import Scorecard

ANCHOR = {"price": "p1000", "training": "full", "payment": "three"}
STRIPPED = {"price": "p1500", "training": "none", "payment": "upfront"}


def card(*turns: Turn, tactic: str) -> Scorecard:
    return score(transcript(*turns, tactic=tactic))


def test_the_textbook_answer_to_an_anchor_scores_100() -> None:
    c = card(
        them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
        you("How did you arrive at that number?", "question", "open_question"),
        them("It's the market rate.", move("counter", terms=ANCHOR)),
        you(
            "Because comparable shops pay more, I propose $2,000 with full training and payment upfront.",
            "offer",
            price="p2000",
            payment="upfront",
        ),
        tactic="anchorer",
    )
    dim = c.dimensions["tactic_handling"]
    assert dim.score == 100
    assert dim.figures["basis_asked_turn"] == 1
    assert dim.figures["first_proposal_turn"] == 3
    assert [e.handling for e in c.tactic_timeline] == ["handled"]
    assert c.tactic_timeline[0].what == "opened at $1,000 (worth 6 to you)"


def test_agreeing_to_the_anchor_scores_0() -> None:
    c = card(
        them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
        you("Sure, no problem."),
        them("Done.", move("close", terms=ANCHOR)),
        tactic="anchorer",
    )
    dim = c.dimensions["tactic_handling"]
    assert dim.score == 0
    conceded = next(e for e in dim.evidence if "conceded" in e.check)
    assert (conceded.turn, conceded.passed) == (1, False)
    assert c.tactic_timeline[0].handling == "missed"


def test_a_counter_worth_less_than_the_fair_deal_is_conceding_off_the_anchor() -> None:
    c = card(
        them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
        # on the issues it names: 8 to you; the fair deal has 26 on them
        you("I can do $1,000 with basic training.", "offer", price="p1000", training="basic"),
        tactic="anchorer",
    )
    values = {p.name: p.value for p in c.dimensions["tactic_handling"].components}
    assert values == {"held the line": 0.0, "asked for its basis": 0.0, "reasoned counter-anchor": 0.0}


def test_a_counter_at_the_fair_price_holds_the_line_whatever_it_leaves_unsaid() -> None:
    c = card(
        them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
        you("Because others pay more, I can do $1,500.", "offer", price="p1500"),
        tactic="anchorer",
    )
    values = {p.name: p.value for p in c.dimensions["tactic_handling"].components}
    assert values == {"held the line": 1.0, "asked for its basis": 0.0, "reasoned counter-anchor": 1.0}


@pytest.mark.parametrize(
    ("reply", "handling", "score"),
    [
        (you("If I add full training, can we do payment upfront?", "question"), "handled", 100),
        (you("The price covers what we agreed; training is extra."), "partly", 85),
        (you("Sure, no problem."), "missed", 0),
    ],
)
def test_a_nibble_is_traded_held_or_given(reply: Turn, handling: str, score: int) -> None:
    agreed = {"price": "p1500", "training": "basic", "payment": "upfront"}
    c = card(
        them("Deal. Oh, and full training too, right?", move("nibble", extra={"training": "full"}, terms=agreed)),
        reply,
        tactic="nibbler",
    )
    assert c.dimensions["tactic_handling"].score == score
    event = c.tactic_timeline[0]
    assert (event.move, event.handling, event.reply_turn) == ("nibble", handling, 1)
    assert "full training" in event.what


@pytest.mark.parametrize(
    ("reply", "handling", "score"),
    [
        (you("We can take out the training, but then it's $2,000.", "offer", price="p2000"), "handled", 100),
        (you("No, that doesn't work for me.", "reject"), "partly", 50),
        (you("Okay, deal.", "accept"), "missed", 0),
    ],
)
def test_a_dismantle_is_repriced_refused_or_accepted(reply: Turn, handling: str, score: int) -> None:
    c = card(
        them(
            "We don't need the training. Take it out, same price.", move("dismantle", item="training", terms=STRIPPED)
        ),
        reply,
        tactic="bundle-dismantler",
    )
    assert c.dimensions["tactic_handling"].score == score
    assert c.tactic_timeline[0].handling == handling
    assert "took the training out" in c.tactic_timeline[0].what


def test_a_dismantle_answered_after_a_clarifying_question_is_judged_on_the_answer() -> None:
    """Found playing a call: "ok, 1750 then" drew "$1,500 or $2,000?", and the re-price that followed was scored as
    a miss because only the first answer was read."""
    c = card(
        them(
            "We don't need the training. Take it out, same price.", move("dismantle", item="training", terms=STRIPPED)
        ),
        you("ok, 1750 then, same package", "offer", payment="upfront"),
        them("$1,500 or $2,000?", move("clarify", item="price")),
        you("2000, and the training stays out", "offer", price="p2000", training="none"),
        tactic="bundle-dismantler",
    )
    assert c.tactic_timeline[0].handling == "handled"
    assert c.dimensions["tactic_handling"].score == 100


def test_no_tactic_move_means_no_score() -> None:
    c = card(them("Hello.", move("greet")), you("Hi.", "small_talk"), tactic="nibbler")
    assert c.dimensions["tactic_handling"].score is None
    assert c.tactic_timeline == []


def test_outcome_moves_appear_on_the_timeline() -> None:
    t, s, p = self_play("pos-boutique", "nibbler", "explorer")
    timeline = score_transcript(t, s, p).tactic_timeline
    moves = [e.move for e in timeline]
    assert moves[0] == "nibble"
    assert "nibble_trade" in moves or "nibble_drop" in moves
    assert [e.turn for e in timeline] == sorted(e.turn for e in timeline)


@pytest.mark.parametrize("persona", ["anchorer", "nibbler", "bundle-dismantler"])
def test_the_explorer_handles_every_tactic_and_the_pushover_none(persona: str) -> None:
    """Where the tactic is played against it, the explorer answers it well. (A counterpart that has revealed what it
    needs never strips those items, so a thorough explorer may leave a dismantler nothing to dismantle.)"""
    handled = [
        score_transcript(*self_play(scenario, persona, "explorer", seed=1)).dimensions["tactic_handling"].score
        for scenario in ("supplier-contract", "pos-boutique", "saas-renewal")
    ]
    played = [h for h in handled if h is not None]
    assert played, f"the {persona} never played its tactic against the explorer"
    assert min(played) >= 70
    pushover = score_transcript(*self_play("supplier-contract", persona, "pushover", seed=1))
    assert pushover.dimensions["tactic_handling"].score == 0

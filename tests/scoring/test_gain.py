"""Mutual gain: the deal against the deal space, and whether a no-deal was the right call."""

import pytest

from tests.helpers import make_scenario
from tests.scoring.test_scorecard import BEST, move, score, them, transcript, you
from trainer.files.outcomes import DealSpace
from trainer.scoring.scorecard import Scorecard

LOPSIDED = {"price": "p1000", "training": "full", "payment": "three"}  # 6 to the trainee, 74 to the counterpart


def deal(terms: dict[str, str]) -> Scorecard:
    return score(
        transcript(
            them("Let's talk.", move("counter", terms=terms)),
            you("Deal.", "accept"),
            them("Agreed.", move("close", terms=terms)),
            status="deal",
            terms=terms,
        )
    )


def values(card: Scorecard) -> dict[str, float | None]:
    return {c.name: c.value for c in card.dimensions["mutual_gain"].components}


def test_the_best_joint_and_nash_deal_scores_100() -> None:
    space = DealSpace(make_scenario())
    assert space.terms_of(space.best_joint.choice) == BEST
    assert space.nash is not None
    assert space.terms_of(space.nash.choice) == BEST
    card = deal(BEST)
    assert card.dimensions["mutual_gain"].score == 100
    facts = card.deal
    assert (facts.trainee_points, facts.counterpart_points, facts.joint_points) == (56, 50, 106)
    assert facts.pareto_optimal
    assert facts.both_above_walkaway
    assert facts.nash_product == facts.nash_best_product == 36 * 30
    assert facts.closed_at == 2


def test_a_deal_below_the_walkaway_gets_no_pareto_credit_and_part_of_the_walkaway_part() -> None:
    card = deal(LOPSIDED)
    v = values(card)
    assert card.deal.pareto_optimal is True  # the counterpart's best is on the frontier...
    assert v["Pareto"] == 0.0  # ...but outside the deals both sides can accept
    assert v["Nash"] == 0.0
    assert v["above both walk-aways"] == pytest.approx(6 / 20)
    # value created: (80 - 40) / (106 - 40); traded: training settled best, payment not
    assert v["value created"] == pytest.approx(40 / 66, abs=1e-4)
    assert v["traded across issues"] == 0.5
    below = next(e for e in card.dimensions["mutual_gain"].evidence if "below your walk-away" in e.check)
    assert (below.turn, below.passed) == (1, False)


def test_each_issue_names_the_option_that_would_have_added_joint_points() -> None:
    card = deal(LOPSIDED)
    checks = {e.check: e.passed for e in card.dimensions["mutual_gain"].evidence}
    assert checks["Training: full training, the option worth most to both sides"] is True
    assert checks["Payment: three instalments; payment upfront would add 26 joint points"] is False
    assert card.deal.described == "$1,000 with full training and three instalments"


def test_walking_away_when_nothing_on_the_table_reached_the_walkaway_scores_40() -> None:
    card = score(
        transcript(
            them("$1,000, take it or leave it.", move("anchor", terms=LOPSIDED)),
            you("No.", "reject"),
            them("Then we're done.", move("walk_away")),
            status="walk_away",
        )
    )
    assert card.dimensions["mutual_gain"].score == 40
    assert (card.deal.best_offer_turn, card.deal.best_offer_points) == (0, 6)
    assert card.dimensions["mutual_gain"].figures["no_deal_was_right"] is True


def test_leaving_an_acceptable_offer_on_the_table_scores_0() -> None:
    card = score(
        transcript(
            them("$1,500 with full training and payment upfront.", move("anchor", terms=BEST)),
            you("No.", "reject"),
            status="no_deal",
        )
    )
    assert card.dimensions["mutual_gain"].score == 0
    assert any(
        "taking it beat walking away" in e.check and e.passed is False for e in card.dimensions["mutual_gain"].evidence
    )


def test_an_unfinished_call_or_a_deal_that_does_not_fit_has_no_score() -> None:
    open_call = score(transcript(them("Hi.", move("greet")), status="open"))
    misfit = score(transcript(them("Hi.", move("greet")), status="deal", terms={"price": "p9"}))
    assert open_call.dimensions["mutual_gain"].score is None
    assert misfit.dimensions["mutual_gain"].score is None
    assert "do not fit" in misfit.dimensions["mutual_gain"].formula

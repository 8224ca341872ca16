"""Transcripts no real call produces (hand-made or damaged files) are scored or refused with the turn at fault:
never an IndexError or KeyError from deep inside the evaluator."""

import pytest

from tests.scoring.test_scorecard import BEST, move, score, them, transcript, you


def test_a_deal_with_no_turns_is_scored_without_evidence_to_cite() -> None:
    card = score(transcript(status="deal", terms=BEST))
    gain = card.dimensions["mutual_gain"]
    assert gain.score == 100  # the figures stand on the terms alone
    assert gain.evidence == []
    assert card.deal.closed_at is None


def test_agreed_terms_that_do_not_fit_are_no_deal_and_coaching_still_runs() -> None:
    said = transcript(
        them("Let's talk.", move("counter", terms=BEST)),
        you("Deal.", "accept"),
        them("Agreed.", move("close", terms=BEST)),
        status="deal",
        terms={**BEST, "price": "p999999"},  # a damaged file: the outcome names an option the scenario lacks
    )
    card = score(said)
    assert card.dimensions["mutual_gain"].score is None
    assert "do not fit" in card.dimensions["mutual_gain"].formula
    assert card.coaching  # coaching used to look the unknown option up and fail


@pytest.mark.parametrize(
    ("turns", "words"),
    [
        ((them("Hi.", move("counter", terms={"price": "p9"})),), "turns.0.moves: issue 'price' of scenario 'tiny'"),
        ((them("Hi.", move("greet")), you("Take this.", "offer", ghost="x")), "turns.1.terms: no issue 'ghost'"),
        ((them("Hi.", move("nibble", extra={"training": "gold"})),), "turns.0.moves: issue 'training'"),
        ((them("Hi.", move("reveal", interest="nope")),), "turns.0.moves: 'nope' is not in scenario 'tiny'"),
        ((them("Hi.", move("dismantle", item="nope")),), "turns.0.moves: 'nope' is not in scenario 'tiny'"),
    ],
)  # fmt: skip
def test_unknown_ids_in_turns_are_refused_with_the_turn(turns: tuple[object, ...], words: str) -> None:
    with pytest.raises(ValueError, match="turns") as caught:
        score(transcript(*turns))  # type: ignore[arg-type]
    assert words in str(caught.value)

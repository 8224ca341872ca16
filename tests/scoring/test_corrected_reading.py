"""A turn whose reading the trainee corrected is scored by what they meant, not by what was misread."""

from trainer.counterpart.session import Session
from trainer.files.library import load_library
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.scorecard import Scorecard

LIBRARY = load_library()
SCENARIO, PERSONA = LIBRARY.scenario("pos-boutique"), LIBRARY.persona("anchorer")
LATER = [
    "Why that figure?",
    "I could do $5,000 with a one-year support plan, on-site training for all staff and six monthly instalments",
    "Deal.",
]


def scored(second: str, meant: dict[str, str] | None = None) -> Scorecard:
    session = Session(SCENARIO, PERSONA, seed=3)
    session.start()
    session.reply("What matters most to you?")
    session.reply(second)
    if meant is not None:
        heard = session.transcript.turns[-2].heard
        assert heard is not None
        session.correct(heard.fixed(proposes=meant, refuses={}))
    for line in LATER:
        session.reply(line)
    session.end()
    return score_transcript(session.transcript, SCENARIO, PERSONA)


def test_a_corrected_turn_is_scored_by_its_corrected_terms() -> None:
    misread = scored("I could do 5,200 with a one-year support plan")
    corrected = scored("I could do 5,200 with a one-year support plan", {"price": "p5000", "support": "one-year"})
    said_plainly = scored("I could do $5,000 with a one-year support plan")
    # The first terms put down after the anchor are cited in the tactic check: the corrected ones, as if said plainly.
    assert "(turn 3: $5,250 with a one-year support plan)" in misread.to_json()
    assert "(turn 3: $5,000 with a one-year support plan)" in corrected.to_json()
    assert "(turn 3: $5,250" not in corrected.to_json()
    assert corrected.scores() == said_plainly.scores()

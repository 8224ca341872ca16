"""Every check reads the whole call: a basis asked late, a yes given late, refusals that are not trades, evidence
that quotes the sentence it rests on, and reveals credited to the question that drew them.

The trainee turns carry no reading, so the evaluator reads them now with the same reader the counterpart uses.
"""

from tests.helpers import make_persona, make_scenario
from tests.scoring.test_scorecard import move, score, them, transcript, you
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.judge_models import JudgeCheck, JudgeReport
from trainer.scoring.markdown import to_markdown
from trainer.scoring.scorecard import Scorecard

ANCHOR = {"price": "p1000", "training": "full", "payment": "three"}
AGREED = {"price": "p1500", "training": "basic", "payment": "upfront"}


def values(card: Scorecard, dimension: str) -> dict[str, float | None]:
    return {c.name: c.value for c in card.dimensions[dimension].components}


def test_the_basis_asked_at_a_later_turn_counts_and_the_evidence_quotes_that_sentence() -> None:
    c = score(
        transcript(
            them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
            you("Thanks for that. Tell me about the shop."),
            them("We sell shoes.", move("small_talk")),
            you("Nice. Quick one though. How did you arrive at $1,000?"),
            them("Market rate.", move("basis", terms=ANCHOR)),
        )
    )
    dim = c.dimensions["tactic_handling"]
    assert values(c, "tactic_handling")["asked for its basis"] == 1.0
    assert dim.figures["basis_asked_turn"] == 3
    asked = next(e for e in dim.evidence if "basis" in e.check)
    assert asked.quote == "How did you arrive at $1,000?"


def test_accepting_the_anchor_late_in_the_call_fails_holding_the_line() -> None:
    c = score(
        transcript(
            them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
            you("How did you come up with that number?"),
            them("It's what others pay.", move("basis", terms=ANCHOR)),
            you("Honestly your number is fine with me. Sounds good, let's do it."),
            them("Done.", move("close", terms=ANCHOR)),
        )
    )
    assert values(c, "tactic_handling")["held the line"] == 0.0
    conceded = next(e for e in c.dimensions["tactic_handling"].evidence if "conceded" in e.check)
    assert conceded.turn == 3
    assert conceded.quote == "Honestly your number is fine with me."
    assert c.tactic_timeline[0].handling == "missed"


def nibble_answer(*lines: str) -> tuple[str | None, int | None]:
    c = score(
        transcript(
            them("Great. Oh, and full training too, right?", move("nibble", extra={"training": "full"}, terms=AGREED)),
            *(you(line) for line in lines),
            tactic="nibbler",
        )
    )
    return c.tactic_timeline[0].handling, c.dimensions["tactic_handling"].score


def test_refusing_a_nibble_holds_it_and_is_never_a_trade() -> None:
    assert nibble_answer("Whoa, hang on, I didn't agree to $1,000.") == ("partly", 85)
    assert nibble_answer("Ha, nice try.") == ("partly", 85)


def test_a_nibble_is_traded_only_when_something_is_asked_back_and_given_when_accepted() -> None:
    assert nibble_answer("Only if you pay upfront and we keep $2,000.") == ("handled", 100)
    assert nibble_answer("Sure, happy to include it.") == ("missed", 0)


def test_a_reveal_is_credited_to_the_trainee_turn_just_before_it() -> None:
    c = score(
        transcript(
            them("Hello.", move("greet")),
            you("What's your timeline?"),
            them("Soon.", move("counter", terms=ANCHOR)),
            you("What else should I know about your team?"),
            you("I understand, that makes sense."),
            them("My staff change every season.", move("reveal", interest="turnover")),
        )
    )
    assert [(r.id, r.asked_at) for r in c.interests.revealed] == [("turnover", 4)]
    drew = next(e for e in c.dimensions["interest_discovery"].evidence if "drew out" in e.check)
    assert (drew.turn, drew.quote) == (4, "I understand, that makes sense.")


def judged(check: str, passed: bool) -> JudgeCheck:
    return JudgeCheck(id=check, question=check, passed=passed, quote="x", turn=1, reason="r", agreement=1.0, runs=3)


def test_where_the_judge_and_the_facts_disagree_the_facts_stand_and_the_difference_is_shown() -> None:
    t = transcript(
        them("I propose $1,000 with full training and three instalments.", move("anchor", terms=ANCHOR)),
        you("How did you arrive at that number?"),
        them("It's the market rate.", move("basis", terms=ANCHOR)),
    )
    report = JudgeReport(
        model="fake", runs=3, checks=[judged("questioned_anchor", False), judged("stayed_respectful", True)]
    )
    plain = score_transcript(t, make_scenario(), make_persona("anchorer"))
    card = score_transcript(t, make_scenario(), make_persona("anchorer"), judge=report)
    assert card.dimensions == plain.dimensions
    assert [(v.check, v.judge, v.facts) for v in card.judge_vs_facts] == [
        ("questioned_anchor", False, True),
        ("stayed_respectful", True, True),
    ]
    shown = to_markdown(card)
    assert "### Where the judge and the facts disagree" in shown
    assert "- questioned_anchor: judge no, facts yes (asked the anchor's basis at turn 1)" in shown
    assert "stayed_respectful:" not in shown


def test_asking_where_their_number_comes_from_is_an_answer_never_a_dodge() -> None:
    """Asked to put terms down ("What exactly are you proposing?"), a trainee who asks how their number was reached
    answers the tactic, as the tactic coaching says; it is not a question dodging the request."""
    from trainer.counterpart.move import Move
    from trainer.counterpart.transcript import Transcript, Turn
    from trainer.files.library import load_library
    from trainer.scoring.evaluator import score_transcript

    lib = load_library()
    scenario, persona = lib.scenario("saas-renewal"), lib.persona("anchorer")
    anchor = {"price": "p48000", "contract": "one-year", "analytics": "premium", "onboarding": "on-site"}
    anchor |= {"support": "priority", "casestudy": "none"}
    turns = [
        Turn(
            index=0,
            speaker="counterpart",
            text="Here is my number: $48,000.",
            moves=[Move(kind="anchor", terms=anchor)],
        ),
        Turn(index=1, speaker="trainee", text="Hello.", acts=["small_talk"]),
        Turn(index=2, speaker="counterpart", text="What exactly are you proposing?", moves=[Move(kind="nudge")]),
        Turn(index=3, speaker="trainee", text="Where's that 48k coming from?", acts=["question", "challenge"]),
        Turn(index=4, speaker="counterpart", text="The market rate.", moves=[Move(kind="basis", terms=anchor)]),
    ]
    card = score_transcript(Transcript(scenario=scenario.id, persona=persona.id, turns=turns), scenario, persona)
    checks = [e.check for e in card.dimensions["active_listening"].evidence]
    assert not any("dodge" in c for c in checks), checks

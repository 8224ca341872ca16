"""The reply check, in code: a reply must carry its move (terms, extras, the substance of a reveal) and say nothing
the move does not (other amounts or options, agreement, private figures, extras nobody asked for)."""

import pytest

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import OfflineVoice
from trainer.files.library import load_library
from trainer.llm.check import check_reply, contradiction, omission, says_substance
from trainer.selfplay.simulate import run_session
from trainer.selfplay.trainees import TRAINEE_KINDS

LIBRARY = load_library()
REAL = LIBRARY.scenario("pos-boutique")
DANA = LIBRARY.persona("anchorer")
COUNTER_MOVE = Move(kind="counter", terms={"price": "p5000", "support": "one-year", "training": "owner"})
WHOLE = {"price": "p4500", "support": "two-years", "training": "all-staff", "payment": "six", "terminal": "second"}
ANCHOR = Move(kind="anchor", terms=WHOLE | {"reference": "none"})
REVEAL = Move(kind="reveal", interest="downtime-fear")


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("I can do $5,000 with a one-year support plan.", None),
        ("Five thousand, and that includes a one-year support plan.", None),
        ("$4,000 is my number.", "names '$4,000'"),
        ("$5,000 with a two-year support plan.", "'a two-year support plan'"),
        ("Deal! $5,000 it is.", "agrees to a deal"),
        ("That's not a deal I can take. $5,000.", None),
        ("You said $5,250; I am at $5,000.", None),
    ],
)
def test_the_check_compares_amounts_options_and_agreement(reply: str, problem: str | None) -> None:
    history = [Turn(index=0, speaker="trainee", text="How about $5,250 and no training?")]
    found = contradiction(reply, [COUNTER_MOVE], REAL, DANA, history)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_agreement_is_fine_when_the_move_accepts() -> None:
    accept = Move(kind="accept", terms=COUNTER_MOVE.terms)
    reply = "Agreed: $5,000 with a one-year support plan and a remote training session for the owner."
    assert check_reply(reply, [accept], REAL, DANA, []) is None


@pytest.mark.parametrize(
    ("move", "reply"),
    [
        (ANCHOR, "I have a job interview tomorrow, so I spent the morning watching cat videos."),
        (ANCHOR, "I'm at $4,500 for everything."),
        (ANCHOR, "A two-year support plan, on-site training for all staff, six monthly instalments and a terminal."),
        (REVEAL, "I love watching cat videos on my break."),
        (Move(kind="nibble", terms=COUNTER_MOVE.terms, extra={"price": "p4750"}), "One more thing before we sign."),
        (Move(kind="dismantle", terms={"price": "p5000"}, item="terminal"), "Take the terminal out."),
    ],
    ids=["off-topic", "no-extras", "no-price", "cat-videos", "nibble-without-extra", "dismantle-without-price"],
)
def test_a_reply_that_leaves_out_its_move_fails(move: Move, reply: str) -> None:
    problem = check_reply(reply, [move], REAL, DANA, [])
    assert problem is not None
    assert "leaves out" in problem


@pytest.mark.parametrize(
    "reply",
    [
        "Our old till crashed the Saturday before Christmas and the helpline never picked up, so I lost a day's sales.",
        "Last December the register froze and support didn't answer for two days; I need someone who answers.",
    ],
)
def test_a_reveal_may_be_paraphrased(reply: str) -> None:
    assert omission(reply, [REVEAL], REAL, DANA) is None


def test_substance_needs_more_than_one_shared_word() -> None:
    interest = REAL.interest("downtime-fear")
    assert not says_substance("Things break sometimes.", interest.reveal, interest.description)
    assert says_substance("When the till broke nobody answered the helpline.", interest.reveal, interest.description)


def test_the_whole_package_said_passes() -> None:
    reply = (
        "I'm at $4,500 with a two-year support plan, on-site training for all staff, six monthly instalments, "
        "a second card terminal and no reference."
    )
    assert check_reply(reply, [ANCHOR], REAL, DANA, []) is None


@pytest.mark.parametrize(
    "reply", ["Deal", "I'll take it.", "Let's shake hands on that.", "Consider it sold for a buck."]
)
@pytest.mark.parametrize("kind", ["greet", "deflect", "guard"])
def test_agreement_after_a_move_that_does_not_agree_fails(reply: str, kind: str) -> None:
    problem = check_reply(reply, [Move.model_validate({"kind": kind})], REAL, DANA, [])
    assert problem is not None
    assert "agrees" in problem


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ("My walk-away is 50 points.", "private figure"),
        ("I'd score that at 30 points, honestly.", "private figure"),
        ("My ceiling is $4,800, honestly.", "$4,800"),
        ("Hello! I'd also like a case study from you.", "nobody asked for"),
    ],
)
def test_private_figures_and_unasked_extras_fail(reply: str, said: str) -> None:
    problem = check_reply(reply, [Move(kind="guard")], REAL, DANA, [])
    assert problem is not None
    assert said in problem


def test_a_public_budget_is_not_a_private_figure() -> None:
    """The public brief says the owner's budget is about $5,000: saying so gives nothing away."""
    assert check_reply("You know my budget is about $5,000.", [Move(kind="guard")], REAL, DANA, []) is None


def test_every_phrasebook_line_passes_the_check() -> None:
    """The fallback is the phrasebook: its lines carry their moves, in every scenario and persona (no false alarms)."""
    failures = []
    for scenario in LIBRARY.scenarios.values():
        for persona in LIBRARY.personas.values():
            for kind in TRAINEE_KINDS:
                transcript = run_session(scenario, persona, kind, 1).transcript
                for turn in transcript.counterpart_turns():
                    problem = check_reply(turn.text, turn.moves, scenario, persona, transcript.turns[: turn.index])
                    if problem:
                        failures.append((scenario.id, persona.id, turn.text, problem))
    assert failures == []


def test_offline_lines_for_the_opening_pass() -> None:
    voice = OfflineVoice(REAL, DANA, 0)
    assert check_reply(voice.line(ANCHOR), [ANCHOR], REAL, DANA, []) is None


@pytest.mark.parametrize("kind", ["greet", "nudge", "acknowledge", "deflect", "guard", "small_talk"])
def test_a_reply_off_the_subject_fails_even_when_the_move_carries_no_terms(kind: str) -> None:
    move = Move.model_validate({"kind": kind})
    problem = check_reply("I spent the morning watching cat videos to calm down.", [move], REAL, DANA, [])
    assert problem is not None
    assert "off the subject" in problem


@pytest.mark.parametrize(
    ("kind", "reply"),
    [
        ("greet", "Hi there, nice to meet you. Shall we get started?"),
        ("nudge", "What exactly are you proposing? Give me a figure."),
        ("acknowledge", "Yes."),
        ("small_talk", "Busy week, thanks for asking. Shall we get into it?"),
    ],
)
def test_a_reply_on_the_subject_passes(kind: str, reply: str) -> None:
    assert check_reply(reply, [Move.model_validate({"kind": kind})], REAL, DANA, []) is None


@pytest.mark.parametrize(
    ("move", "carries", "leaves_out"),
    [
        (
            Move(kind="restate", terms=COUNTER_MOVE.terms),
            "My offer hasn't changed: $5,000 with a one-year support plan and a remote training session for the owner.",
            "My offer hasn't changed.",
        ),
        (
            Move(kind="basis", terms=COUNTER_MOVE.terms),
            "I benchmarked it: $5,000 is what comparable shops pay.",
            "I benchmarked it against the market.",
        ),
        (
            Move(kind="explain", item="support", extra={"support": "one-year"}),
            "On support, I mean a one-year support plan: a helpdesk that answers.",
            "On support, I mean what the terms say.",
        ),
    ],
    ids=["restate", "basis", "explain"],
)
def test_the_newer_moves_must_carry_what_they_say(move: Move, carries: str, leaves_out: str) -> None:
    assert check_reply(carries, [move], REAL, DANA, []) is None
    problem = check_reply(leaves_out, [move], REAL, DANA, [])
    assert problem is not None
    assert "leaves out" in problem

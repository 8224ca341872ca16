"""The deal invariants hold the counterpart to what the trainee meant, and they fail when it closes on anything else."""

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Outcome, Transcript, Turn
from trainer.selfplay.intent import check, misreads
from trainer.selfplay.lines import Said

ISSUES = ["price", "contract"]
THEIRS = {"price": "p48000", "contract": "one-year"}
OURS = {"price": "p54000", "contract": "three-years"}


def call(*turns: tuple[str, object], deal: dict[str, str] | None = None) -> Transcript:
    """A transcript of (speaker, text or moves) pairs; counterpart turns are lists of moves."""
    built = []
    for k, (speaker, content) in enumerate(turns):
        if speaker == "counterpart":
            assert isinstance(content, list)
            built.append(Turn(index=k, speaker="counterpart", text="...", moves=content))
        else:
            assert isinstance(content, str)
            built.append(Turn(index=k, speaker="trainee", text=content))
    outcome = Outcome(status="deal", terms=deal) if deal is not None else Outcome(status="no_deal")
    return Transcript(scenario="saas-renewal", persona="anchorer", turns=built, outcome=outcome)


def held(transcript: Transcript, said: list[Said]) -> dict[str, bool]:
    return {v.invariant: v.holds for v in check(transcript, said, ISSUES)}


def test_a_deal_on_refused_terms_closed_on_the_refusal_breaks_three_invariants() -> None:
    t = call(
        ("counterpart", [Move(kind="anchor", terms=THEIRS)]),
        ("trainee", "I'm afraid 48k won't work for us."),
        ("counterpart", [Move(kind="accept", terms=THEIRS), Move(kind="close", terms=THEIRS)]),
        deal=THEIRS,
    )
    said = [Said(text="I'm afraid 48k won't work for us.", intents=["refuse"], refuses={"price": "p48000"})]
    assert held(t, said) == {"refused": False, "walk_away": True, "unproposed": False, "no_yes": False}


def test_a_deal_closed_on_an_acknowledgement_breaks_the_yes_invariant_even_on_an_earlier_package() -> None:
    t = call(
        ("trainee", "54k a year for three years?"),
        ("counterpart", [Move(kind="counter", terms=THEIRS)]),
        ("trainee", "Okay, I hear you."),
        ("counterpart", [Move(kind="accept", terms=OURS), Move(kind="close", terms=OURS)]),
        deal=OURS,
    )
    said = [
        Said(text="54k a year for three years?", intents=["propose"], proposes=OURS, full=True),
        Said(text="Okay, I hear you.", intents=["acknowledge"]),
    ]
    assert held(t, said) == {"refused": True, "walk_away": True, "unproposed": True, "no_yes": False}


def test_a_deal_after_a_walk_away_breaks_the_walk_away_invariant() -> None:
    t = call(
        ("counterpart", [Move(kind="anchor", terms=THEIRS)]),
        ("trainee", "I'll walk away from this one."),
        ("counterpart", [Move(kind="close", terms=THEIRS)]),
        deal=THEIRS,
    )
    assert held(t, [Said(text="I'll walk away from this one.", intents=["walk_away"])])["walk_away"] is False


def test_a_yes_to_their_offer_and_a_package_the_trainee_proposed_both_keep_every_invariant() -> None:
    yes = call(
        ("counterpart", [Move(kind="anchor", terms=THEIRS)]),
        ("trainee", "48k won't work."),
        ("counterpart", [Move(kind="re_anchor", terms=THEIRS)]),
        ("trainee", "Fine, let's shake on it."),
        ("counterpart", [Move(kind="close", terms=THEIRS)]),
        deal=THEIRS,
    )
    said = [
        Said(text="48k won't work.", intents=["refuse"], refuses={"price": "p48000"}),
        Said(text="Fine, let's shake on it.", intents=["accept"], accepts=THEIRS),
    ]
    assert all(held(yes, said).values())
    partial = call(
        ("counterpart", [Move(kind="anchor", terms=THEIRS)]),
        ("trainee", "Would 54k work?"),
        ("counterpart", [Move(kind="accept", terms={**THEIRS, "price": "p54000"})]),
        deal={**THEIRS, "price": "p54000"},
    )
    said = [Said(text="Would 54k work?", intents=["propose"], proposes={"price": "p54000"})]
    assert all(held(partial, said).values())


def test_a_refused_nibble_may_close_the_deal_the_trainee_already_made() -> None:
    t = call(
        ("trainee", "54k, three years."),
        ("counterpart", [Move(kind="nibble", terms=OURS, extra={"contract": "two-years"})]),
        ("trainee", "No, two years doesn't work for us."),
        ("counterpart", [Move(kind="nibble_drop", terms=OURS), Move(kind="close", terms=OURS)]),
        deal=OURS,
    )
    said = [
        Said(text="54k, three years.", intents=["propose"], proposes=OURS, full=True),
        Said(text="No, two years doesn't work for us.", intents=["refuse"], refuses={"contract": "two-years"}),
    ]
    assert all(held(t, said).values())


def test_misreads_name_refused_terms_read_as_offers_and_lost_yeses() -> None:
    turns = [
        Turn(index=0, speaker="trainee", text="48k won't work.", terms={"price": "p48000"}),
        Turn(index=1, speaker="trainee", text="Works for me.", acts=[]),
        Turn(index=2, speaker="trainee", text="How did you get to 48k?", terms={"price": "p48000"}),
        Turn(index=3, speaker="trainee", text="54k for three years", terms=OURS),
    ]
    said = [
        Said(text="48k won't work.", intents=["refuse"], refuses={"price": "p48000"}),
        Said(text="Works for me.", intents=["accept"], accepts=THEIRS),
        Said(text="How did you get to 48k?", intents=["challenge"]),
        Said(text="54k for three years", intents=["propose"], proposes=OURS, full=True),
    ]
    found = [m.read.split(":")[0] for m in misreads(turns, said)]
    assert found == ["refused terms read as proposed", "yes not read", "offer or yes invented"]

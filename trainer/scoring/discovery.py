"""Interest discovery: which hidden interests the trainee surfaced, with which words, and which stayed hidden.

Score = 100 x (60 x share of hidden interests revealed + 25 x question quality + 15 x learned before committing)
/ 100. Question quality is the mean over the trainee's questions of 1 (an interest probe), 0.5 (another open
question) or 0 (a closed question). "Learned before committing" is 1 when the counterpart revealed an interest
before the trainee first put terms down or agreed to terms, else 0: a proposal made before knowing anything about
their needs is the penalty. A scenario without hidden interests leaves the first part out.
"""

from trainer.counterpart.transcript import Turn
from trainer.scoring.scorecard import (
    Call,
    Component,
    Dimension,
    Evidence,
    Figure,
    InterestFacts,
    MissedInterest,
    RevealedInterest,
    asks_basis,
    cite,
    dimension,
    kinds,
    part,
    quote,
    share,
)

WEIGHTS = {"revealed": 60.0, "question_quality": 25.0, "learned_first": 15.0}
FORMULA = "60 x interests revealed + 25 x question quality + 15 x learned before committing"
QUESTION_VALUE = {"probe": 1.0, "open": 0.5, "closed": 0.0}


def assess_discovery(call: Call) -> tuple[Dimension, InterestFacts]:
    interests = interest_facts(call)
    questions = [t for t in call.transcript.trainee_turns() if asks(t)]
    graded = [(t, question_kind(t)) for t in questions]
    first_reveal = call.reveals()[0][0] if call.reveals() else None
    committed = call.first_commitment()
    learned_first = first_reveal is not None and (committed is None or first_reveal.index < committed.index)
    components = _components(call, interests, graded, learned_first, committed is not None)
    evidence = [
        *_reveal_evidence(call, interests),
        *_question_evidence(graded),
        *_deflections(call),
        *_commitment_evidence(call, committed, first_reveal),
        *_missed_evidence(call, interests, committed),
    ]
    evidence.sort(key=lambda e: e.turn)
    figures: dict[str, Figure] = {
        "interests_total": len(call.scenario.hidden_interests),
        "interests_revealed": len(interests.revealed),
        "questions": len(graded),
        "interest_probes": sum(k == "probe" for _, k in graded),
        "open_questions": sum(k == "open" for _, k in graded),
        "closed_questions": sum(k == "closed" for _, k in graded),
        "first_reveal_turn": first_reveal.index if first_reveal else None,
        "first_commitment_turn": committed.index if committed else None,
        "proposed_before_learning": committed is not None and not learned_first,
    }
    return dimension(FORMULA, components, figures, evidence), interests


def asks(turn: Turn) -> bool:
    """A question that asks: "How about $54,000 for three years?" puts terms down, it asks them nothing."""
    if "question" not in turn.acts:
        return False
    proposing = bool(turn.terms) or "offer" in turn.acts
    return not proposing or "interest_probe" in turn.acts or asks_basis(turn)


def question_kind(turn: Turn) -> str:
    if "interest_probe" in turn.acts:
        return "probe"
    # Asking how a number was arrived at is open: it asks them to explain, not to say yes or no.
    return "open" if "open_question" in turn.acts or asks_basis(turn) else "closed"


def interest_facts(call: Call) -> InterestFacts:
    revealed: list[RevealedInterest] = []
    for turn, interest_id in call.reveals():
        interest = call.scenario.interest(interest_id)
        # The reveal answers the trainee's last words before it, whatever was asked earlier in the call; a turn in
        # which nothing was read (an injected "grade this trainee 100") draws nothing out.
        drew = next((t for t in reversed(call.asked_before(turn)) if t.acts or t.terms), None)
        revealed.append(
            RevealedInterest(
                id=interest.id,
                description=interest.description,
                turn=turn.index,
                asked_at=drew.index if drew else None,
                question=quote(drew.text, "?") if drew else "",
            )
        )
    found = {r.id for r in revealed}
    missed = [
        MissedInterest(id=h.id, description=h.description, question=h.question)
        for h in call.scenario.hidden_interests
        if h.id not in found
    ]
    return InterestFacts(revealed=revealed, missed=missed)


def _components(
    call: Call, interests: InterestFacts, graded: list[tuple[Turn, str]], learned_first: bool, committed: bool
) -> list[Component]:
    total = len(call.scenario.hidden_interests)
    quality = sum(QUESTION_VALUE[k] for _, k in graded) / len(graded) if graded else 0.0
    return [
        part(
            "interests revealed",
            WEIGHTS["revealed"],
            share(len(interests.revealed), total),
            f"{len(interests.revealed)} of {total} hidden interests came out"
            if total
            else "the scenario has no hidden interests",
        ),
        part(
            "question quality",
            WEIGHTS["question_quality"],
            quality,
            _quality_note(graded),
        ),
        part(
            "learned before committing",
            WEIGHTS["learned_first"],
            1.0 if learned_first else 0.0,
            _learned_note(learned_first, committed),
        ),
    ]


def _learned_note(learned_first: bool, committed: bool) -> str:
    if learned_first:
        return "an interest came out before you put terms down"
    if committed:
        return "you put terms down (or agreed to theirs) before learning any of their interests"
    return "no interest came out, and no terms were put down"


def _quality_note(graded: list[tuple[Turn, str]]) -> str:
    if not graded:
        return "you asked no questions"
    probes = sum(k == "probe" for _, k in graded)
    opens = sum(k == "open" for _, k in graded)
    closed = len(graded) - probes - opens
    return (
        f"{len(graded)} question(s): {probes} interest probe(s) worth 1 each, {opens} other open question(s) "
        f"worth 0.5, {closed} closed worth 0"
    )


def _reveal_evidence(call: Call, interests: InterestFacts) -> list[Evidence]:
    evidence = []
    for r in interests.revealed:
        turn = call.turns[r.turn]
        if r.asked_at is not None:
            check = f"your question drew out {r.id!r} (revealed at turn {r.turn})"
            evidence.append(cite(call.turns[r.asked_at], check, True, "?"))
        said = first_sentence(call.scenario.interest(r.id).reveal)[:40]
        evidence.append(cite(turn, f"they revealed {r.id!r}: {first_sentence(r.description)}", True, said))
    return evidence


def _question_evidence(graded: list[tuple[Turn, str]]) -> list[Evidence]:
    checks = {
        "probe": ("asked about their interests", True),
        "open": ("asked an open question", True),
        "closed": ("asked a closed (yes/no) question", False),
    }
    return [cite(t, checks[k][0], checks[k][1], "?") for t, k in graded]


def _deflections(call: Call) -> list[Evidence]:
    """A probe the counterpart did not answer yet: it opens up as trust grows, so this is noted, not scored."""
    return [
        cite(t, "they deflected a probe: they open up as trust grows (reflect, acknowledge), then ask again", None)
        for t in call.turns
        if "deflect" in kinds(t)
    ]


def _commitment_evidence(call: Call, committed: Turn | None, first_reveal: Turn | None) -> list[Evidence]:
    if committed is None:
        return []
    if first_reveal is not None and first_reveal.index < committed.index:
        check = f"first terms after learning an interest (turn {first_reveal.index})"
        return [cite(committed, check, True, call.scenario.currency)]
    check = "first terms put down (or agreed) before learning any of their interests"
    return [cite(committed, check, False, call.scenario.currency)]


def _missed_evidence(call: Call, interests: InterestFacts, committed: Turn | None) -> list[Evidence]:
    """Missed interests are tied to the turn where the trainee committed (or their last turn): ask before that."""
    anchor = committed or next(iter(reversed(call.transcript.trainee_turns())), None)
    if anchor is None:
        return []
    return [
        Evidence(
            turn=anchor.index,
            speaker=anchor.speaker,
            quote="",
            check=f"never surfaced {m.id!r}; a question that would have found it: {m.question}",
            passed=False,
        )
        for m in interests.missed
    ]


def first_sentence(text: str) -> str:
    return quote(text)

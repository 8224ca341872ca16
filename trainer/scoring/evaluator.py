"""The evaluator: a finished transcript in, a scorecard of facts out. Offline, deterministic, no model calls.

The facts are read from what the transcript recorded when the call was played: the acts and terms read in each
trainee turn (the reading the counterpart answered) and the moves the counterpart decided. A transcript that
carries no reading at all (typed by hand) is read now with the same detectors. Turns after the counterpart closed
the deal or walked away cannot happen in a real call; they are listed as unscored and count for nothing.

An LLM judge's report, when given, is attached as it is: it never changes a fact or a score.
"""

from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.outcomes import deal_space
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.reading.acts import ContextTurn
from trainer.reading.understanding import understand
from trainer.scoring.coaching import coach
from trainer.scoring.discovery import assess_discovery
from trainer.scoring.gain import assess_gain
from trainer.scoring.judge_facts import judge_versus_facts
from trainer.scoring.judge_models import JudgeReport
from trainer.scoring.listening import assess_listening
from trainer.scoring.scorecard import Call, Dimension, Scorecard, kinds
from trainer.scoring.tactic_handling import assess_tactics

ENDING_MOVES = frozenset({"close", "walk_away"})
CONTEXT_TURNS = 6


def score_transcript(
    transcript: Transcript, scenario: Scenario, persona: Persona, judge: JudgeReport | None = None
) -> Scorecard:
    _check_ids(transcript, scenario, persona)
    scored, unscored = _until_the_end(transcript)
    read, reread = _with_reading(_as_corrected(scored), scenario)
    call = Call.of(read, scenario, persona, deal_space(scenario))
    discovery, interests = assess_discovery(call)
    gain, deal = assess_gain(call)
    tactics, timeline = assess_tactics(call)
    dimensions: dict[str, Dimension] = {
        "interest_discovery": discovery,
        "active_listening": assess_listening(call),
        "mutual_gain": gain,
        "tactic_handling": tactics,
    }
    return Scorecard(
        transcript=transcript.id,
        scenario=scenario.id,
        persona=persona.id,
        tactic=persona.tactic,
        trainee=transcript.trainee,
        dimensions=dimensions,
        deal=deal,
        interests=interests,
        tactic_timeline=timeline,
        coaching=coach(call, dimensions, interests, deal, timeline),
        judge=judge,
        judge_vs_facts=judge_versus_facts(call, dimensions, judge) if judge is not None else [],
        unscored_turns=unscored,
        reread=reread,
    )


def _check_ids(transcript: Transcript, scenario: Scenario, persona: Persona) -> None:
    if transcript.scenario != scenario.id:
        raise ValueError(f"transcript {transcript.id} is of scenario {transcript.scenario!r}, not {scenario.id!r}")
    if transcript.persona != persona.id:
        raise ValueError(f"transcript {transcript.id} is with persona {transcript.persona!r}, not {persona.id!r}")
    misplaced = next((k for k, t in enumerate(transcript.turns) if t.index != k), None)
    if misplaced is not None:
        # Evidence cites turns by index, so an index must be the turn's position.
        raise ValueError(f"transcript {transcript.id}: turn {misplaced} has index {transcript.turns[misplaced].index}")
    _check_names(transcript, scenario)


def _check_names(transcript: Transcript, scenario: Scenario) -> None:
    """Coaching and tactic handling look up every issue, option, interest and item a turn names; an unknown one is
    refused here with the turn. (Agreed terms that do not fit are scored as no deal, and the scorecard says so.)"""
    named: list[tuple[str, dict[str, str]]] = []
    for t in transcript.turns:
        named += [(f"turns.{t.index}.terms", t.terms)]
        named += [(f"turns.{t.index}.moves", terms) for m in t.moves for terms in (m.terms, m.extra)]
    for field, terms in named:
        problem = scenario.terms_problem(terms)
        if problem:
            raise ValueError(f"{field}: {problem}")
    interests, issues = {h.id for h in scenario.hidden_interests}, {i.id for i in scenario.issues}
    for t in transcript.turns:
        for m in t.moves:
            if (m.interest is not None and m.interest not in interests) or (
                m.item is not None and m.item not in issues
            ):
                raise ValueError(f"turns.{t.index}.moves: {m.interest or m.item!r} is not in scenario {scenario.id!r}")


def _until_the_end(transcript: Transcript) -> tuple[Transcript, list[int]]:
    """The turns up to the counterpart's close or walk-away, and the indices of any after it."""
    end = next((t.index for t in transcript.turns if kinds(t) & ENDING_MOVES), None)
    if end is None or end == len(transcript.turns) - 1:
        return transcript, []
    kept, dropped = transcript.turns[: end + 1], transcript.turns[end + 1 :]
    return transcript.model_copy(update={"turns": kept}), [t.index for t in dropped]


def _as_corrected(transcript: Transcript) -> Transcript:
    """Where the trainee corrected how a turn was read, the correction is what they said and what the counterpart
    answered: it replaces the turn's acts and terms, so no check rests on words the trainee did not mean."""
    if not any(t.corrected is not None for t in transcript.turns):
        return transcript
    turns = [
        t.model_copy(update={"acts": list(t.corrected.acts) or t.acts, "terms": dict(t.corrected.proposes)})
        if t.corrected is not None
        else t
        for t in transcript.turns
    ]
    return transcript.model_copy(update={"turns": turns})


def _with_reading(transcript: Transcript, scenario: Scenario) -> tuple[Transcript, bool]:
    trainee = transcript.trainee_turns()
    if not trainee or any(t.acts or t.terms for t in trainee):
        return transcript, False
    turns = [
        _read(t, transcript.turns[max(0, t.index - CONTEXT_TURNS) : t.index], scenario) if t.speaker == "trainee" else t
        for t in transcript.turns
    ]
    return transcript.model_copy(update={"turns": turns}), True


def _read(turn: Turn, earlier: list[Turn], scenario: Scenario) -> Turn:
    context = [
        ContextTurn(speaker="self" if t.speaker == "trainee" else "other", text=t.text)
        for t in earlier[-CONTEXT_TURNS:]
    ]
    u = understand(turn.text, scenario, context)
    return turn.model_copy(update={"acts": u.acts, "terms": u.terms})

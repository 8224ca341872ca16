"""The counterpart's conduct over natural-language self-play: no line said twice in a call, no opener twice running,
trainee questions answered, nothing said against an interest it revealed; and the measure itself catches each fault."""

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.library import load_library
from trainer.selfplay.conduct import conduct_of, total
from trainer.selfplay.simulate import run_session
from trainer.selfplay.trainees import TRAINEE_KINDS

LIBRARY = load_library()


def test_self_play_conduct_meets_the_goals() -> None:
    conducts = [
        conduct_of(run_session(s, LIBRARY.persona(p), kind, seed).transcript, s)
        for s in LIBRARY.scenarios.values()
        for p in s.personas
        for kind in TRAINEE_KINDS
        for seed in range(3)
    ]
    t = total(conducts)
    assert t.counterpart_lines > 500
    assert t.questions > 200
    assert t.repeated_lines == 0
    assert t.repeated_openers == 0
    assert t.contradictions == 0
    assert t.rate(t.unanswered, t.questions) < 0.05


def test_the_measure_catches_repeats_unanswered_questions_and_contradictions() -> None:
    scenario = LIBRARY.scenario("saas-renewal")

    def them(i: int, text: str, *moves: Move) -> Turn:
        return Turn(index=i, speaker="counterpart", text=text, moves=list(moves))

    def you(i: int, text: str) -> Turn:
        return Turn(index=i, speaker="trainee", text=text, acts=["question"])

    turns = [
        them(0, "Hello. Let's begin.", Move(kind="greet")),
        you(1, "What matters to you?"),
        them(2, "Hello. Make me an offer.", Move(kind="nudge")),
        them(3, "We shut the night shift.", Move(kind="reveal", interest="no-night-shift")),
        them(4, "Add 24/7 support.", Move(kind="nibble", extra={"support": "priority"}, terms={"support": "none"})),
        them(5, "We shut the night shift.", Move(kind="reveal", interest="no-night-shift")),
    ]
    c = conduct_of(Transcript(scenario=scenario.id, persona="nibbler", turns=turns), scenario)
    assert (c.repeated_lines, c.repeated_openers, c.unanswered, c.contradictions) == (1, 1, 1, 1)

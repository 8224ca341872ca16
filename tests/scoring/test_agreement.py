"""The scorecard agrees with a careful human reader on natural calls typed as strong, middling and weak trainees.

Each labelled call is played through `Session` (deterministic for its seed and lines) and scored; every component
a human valued is compared with the scorecard's value. Measured: the share within 0.15 of the human value, and the
mean absolute difference per component.
"""

from collections import defaultdict
from functools import cache
from statistics import mean

from tests.scoring.labelled_calls import CALLS, LabelledCall
from trainer.counterpart.session import Session, SessionEnded
from trainer.files.library import load_library
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.scorecard import Scorecard

WITHIN = 0.15
# What the scorecard reaches today (see the report in the closing note); the goal is 0.85.
MIN_SHARE_WITHIN = 0.85
MIN_CALLS = 15

Pair = tuple[str, str, str, float, float | None]  # call, dimension, component, human, scorecard


def played(call: LabelledCall) -> Scorecard:
    lib = load_library()
    scenario, persona = lib.scenario(call.scenario), lib.persona(call.persona)
    session = Session(scenario, persona, seed=call.seed)
    session.start()
    for line in call.lines:
        try:
            session.reply(line)
        except SessionEnded:
            break
    return score_transcript(session.transcript, scenario, persona)


@cache
def pairs() -> tuple[Pair, ...]:
    found: list[Pair] = []
    for call in CALLS:
        card = played(call)
        for dim, wanted in call.human.items():
            values = {c.name: c.value for c in card.dimensions[dim].components}
            found += [(call.name, dim, name, human, values.get(name)) for name, human in wanted.items()]
    return tuple(found)


def agreement() -> tuple[float, dict[str, float]]:
    close = [p for p in pairs() if p[4] is not None and abs(p[4] - p[3]) <= WITHIN]
    by_component: dict[str, list[float]] = defaultdict(list)
    for _, dim, name, human, value in pairs():
        by_component[f"{dim}: {name}"].append(abs((value if value is not None else 0.0) - human))
    return len(close) / len(pairs()), {k: mean(v) for k, v in by_component.items()}


def test_the_labelled_set_has_enough_calls_of_every_kind_of_trainee() -> None:
    assert len(CALLS) >= MIN_CALLS
    kinds = {c.name.rsplit("-", 1)[1] for c in CALLS}
    assert kinds == {"strong", "middling", "weak"}
    assert all(c.human for c in CALLS)


def test_the_scorecard_agrees_with_the_human_reading() -> None:
    share, _ = agreement()
    misses = [p for p in pairs() if p[4] is None or abs(p[4] - p[3]) > WITHIN]
    assert share >= MIN_SHARE_WITHIN, f"{share:.0%} within {WITHIN}; misses: {misses}"


def test_strong_trainees_outscore_weak_ones_on_every_labelled_dimension() -> None:
    by_kind: dict[str, list[Scorecard]] = defaultdict(list)
    for call in CALLS:
        by_kind[call.name.rsplit("-", 1)[1]].append(played(call))
    for dim in ("interest_discovery", "active_listening"):
        strong = mean(c.dimensions[dim].score or 0 for c in by_kind["strong"])
        weak = mean(c.dimensions[dim].score or 0 for c in by_kind["weak"])
        assert strong > weak, dim

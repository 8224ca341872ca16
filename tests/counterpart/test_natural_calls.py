"""Whole calls in natural English: the counterpart never closes a deal the trainee did not make, whatever it says.

The scripts and their meanings are in `natural_calls`; `python -m tests.counterpart.natural_calls` prints the report.
"""

import re

import pytest

from tests.counterpart.natural_calls import SCRIPTS, Played, calls, play_all, report
from trainer.files.library import Library, load_library
from trainer.selfplay.intent import INVARIANTS

LIBRARY: Library = load_library()


@pytest.fixture(scope="module")
def played() -> list[Played]:
    return play_all(LIBRARY)


def test_the_suite_has_at_least_40_calls_over_every_scenario_and_persona() -> None:
    found = calls(LIBRARY)
    assert len(found) >= 40
    pairs = {(c.script.scenario, c.persona) for c in found}
    assert pairs == {(s.id, p) for s in LIBRARY.scenarios.values() for p in s.personas}


def test_every_annotation_names_real_terms() -> None:
    for s in SCRIPTS:
        scenario = LIBRARY.scenario(s.scenario)
        issues = {i.id for i in scenario.issues}
        for line in s.lines:
            for terms in (*line.proposes, line.refuses):
                for issue, option in terms.items():
                    scenario.issue(issue).option(option)  # KeyError names a typo in the annotation
            if line.full:
                assert all(set(p) == issues for p in line.proposes), line.text


def test_the_scripts_say_things_the_ways_people_do() -> None:
    lines = [line for s in SCRIPTS for line in s.lines]

    def count(pick: object) -> int:
        assert callable(pick)
        return sum(bool(pick(line)) for line in lines)

    assert count(lambda x: x.refuses and re.search(r"\d|forty|fifty|six-month", x.text, re.I)) >= 8
    assert count(lambda x: "acknowledge" in x.intents) >= 10
    assert count(lambda x: "walk_away" in x.intents) >= 5
    assert count(lambda x: x.yes) >= 10
    assert count(lambda x: x.split) >= 3
    assert count(lambda x: len(x.proposes) > 1) >= 3  # either/or
    assert count(lambda x: x.proposes and not x.full) >= 5  # partial, conditional or put as a question
    assert count(lambda x: x.intents == ("small_talk",) and re.search(r"\d", x.text)) >= 4  # numbers as facts
    assert count(lambda x: "question" in x.intents and re.search(r"\$\d", x.text)) >= 3  # numbers asked about


def test_the_report_counts_every_invariant_of_every_call(played: list[Played]) -> None:
    text = report(played)
    held = sum(v.holds for p in played for v in p.verdicts)
    assert text.startswith(f"{held} of {len(played) * len(INVARIANTS)} invariants hold over {len(played)} calls")
    assert all(len(p.verdicts) == len(INVARIANTS) for p in played)


def test_no_call_closes_a_deal_the_trainee_did_not_make(played: list[Played]) -> None:
    assert not [p for p in played if p.broken()], report(played)

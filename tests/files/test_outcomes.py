import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import make_scenario, option, scenario_doc
from trainer.files.outcomes import DealSpace
from trainer.files.scenario import Scenario


def test_hand_worked_example() -> None:
    space = DealSpace(make_scenario())
    assert len(space.deals) == 27
    # Best joint: price is zero-sum (40), full training (36) and payment upfront (30) -> 106.
    assert space.best_joint.joint == 106
    assert space.terms_of(space.best_joint.choice)["training"] == "full"
    assert space.terms_of(space.best_joint.choice)["payment"] == "upfront"
    # Split: $1,500, basic training, two instalments -> trainee 20+8+15=43, counterpart 20+15+2=37.
    assert (space.split.trainee, space.split.counterpart) == (43, 37)
    assert space.trading_gain() == (106 - 80) / 80
    # Nash: maximise (t-20)(c-20); $1,500 + full + upfront gives (56, 50) -> 36*30 = 1080.
    nash = space.nash
    assert nash is not None
    assert (nash.trainee, nash.counterpart) == (56, 50)
    assert space.nash_product(nash) == 1080


def test_split_is_off_the_frontier_and_distance_is_to_a_dominating_deal() -> None:
    space = DealSpace(make_scenario())
    assert not space.is_pareto(space.split)
    # Only frontier deals at least as good for both sides count, e.g. (56, 50); not (41, 52), worse for the trainee.
    candidates = [f for f in space.frontier if f.trainee >= 43 and f.counterpart >= 37]
    expected = min(math.dist((f.trainee, f.counterpart), (43, 37)) for f in candidates)
    assert space.frontier_distance(space.split) == expected
    assert space.frontier_distance(space.best_joint) == 0


def brute_frontier(space: DealSpace) -> set[tuple[int, ...]]:
    def dominated(d: tuple[int, int]) -> bool:
        return any(
            (o.trainee >= d[0] and o.counterpart >= d[1]) and (o.trainee > d[0] or o.counterpart > d[1])
            for o in space.deals
        )

    return {d.choice for d in space.deals if not dominated((d.trainee, d.counterpart))}


points = st.integers(min_value=-5, max_value=30)


@st.composite
def random_scenarios(draw: st.DrawFn) -> Scenario:
    doc = scenario_doc()
    issues = []
    for n in range(draw(st.integers(1, 4))):
        k = draw(st.integers(2, 4))
        opts = [option(f"o{j}", f"option {j}", draw(points), draw(points)) for j in range(k)]
        issues.append({"id": f"i{n}", "name": f"Issue {n}", "kind": "choice", "description": "x", "options": opts})
    doc.update(issues=issues, hidden_interests=[])
    doc["trainee"]["walkaway"] = draw(st.integers(-5, 60))
    doc["counterpart"]["walkaway"] = draw(st.integers(-5, 60))
    return Scenario.model_validate({**doc, "id": "random"})


@settings(max_examples=150, deadline=None)
@given(random_scenarios())
def test_frontier_nash_and_zopa_match_brute_force(scenario: Scenario) -> None:
    space = DealSpace(scenario)
    assert {d.choice for d in space.frontier} == brute_frontier(space)
    wt, wc = scenario.trainee.walkaway, scenario.counterpart.walkaway
    zopa = [d for d in space.deals if d.trainee >= wt and d.counterpart >= wc]
    assert len(space.zopa) == len(zopa)
    if zopa:
        assert space.nash is not None
        assert space.nash_product(space.nash) == max((d.trainee - wt) * (d.counterpart - wc) for d in zopa)
    else:
        assert space.nash is None
    assert space.best_joint.joint == max(d.joint for d in space.deals)
    for d in space.deals:
        assert (space.frontier_distance(d) == 0) == (d.choice in brute_frontier(space))


def test_scoring_terms_by_id_matches_enumeration() -> None:
    space = DealSpace(make_scenario())
    for choice in itertools.product(range(3), range(3), range(3)):
        terms = space.terms_of(choice)
        assert space.score(terms) == space.score_choice(choice)

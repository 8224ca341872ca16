"""The outcome math of a scenario: deal space, points, Pareto frontier, Nash deal, zone of agreement."""

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from trainer.files.scenario import MAX_DEALS, Scenario


@dataclass(frozen=True)
class ScoredDeal:
    """A full deal (one option per issue, by index) and what it is worth to each side."""

    choice: tuple[int, ...]
    trainee: int
    counterpart: int

    @property
    def joint(self) -> int:
        return self.trainee + self.counterpart


class DealSpace:
    """Every full deal of a scenario, enumerated once; the scenario's issues are small enough for that."""

    def __init__(self, scenario: Scenario) -> None:
        size = math.prod(len(i.options) for i in scenario.issues)
        if size > MAX_DEALS:
            raise ValueError(f"scenario {scenario.id!r} has {size:,} possible deals; the limit is {MAX_DEALS:,}")
        self.scenario = scenario
        self._t = [[o.trainee_points for o in i.options] for i in scenario.issues]
        self._c = [[o.counterpart_points for o in i.options] for i in scenario.issues]

    @cached_property
    def deals(self) -> list[ScoredDeal]:
        ranges = [range(len(i.options)) for i in self.scenario.issues]
        return [self.score_choice(choice) for choice in itertools.product(*ranges)]

    def score_choice(self, choice: tuple[int, ...]) -> ScoredDeal:
        t = sum(pts[k] for pts, k in zip(self._t, choice, strict=True))
        c = sum(pts[k] for pts, k in zip(self._c, choice, strict=True))
        return ScoredDeal(choice, t, c)

    def choice_of(self, terms: Mapping[str, str]) -> tuple[int, ...]:
        """Option indices of full terms; KeyError names a missing issue or unknown option."""
        choice = []
        for issue in self.scenario.issues:
            if issue.id not in terms:
                raise KeyError(f"the terms name no option for issue {issue.id!r}")
            choice.append([o.id for o in issue.options].index(issue.option(terms[issue.id]).id))
        return tuple(choice)

    def terms_of(self, choice: tuple[int, ...]) -> dict[str, str]:
        return {i.id: i.options[k].id for i, k in zip(self.scenario.issues, choice, strict=True)}

    def score(self, terms: Mapping[str, str]) -> ScoredDeal:
        return self.score_choice(self.choice_of(terms))

    @property
    def trainee_walkaway(self) -> int:
        return self.scenario.trainee.walkaway

    @property
    def counterpart_walkaway(self) -> int:
        return self.scenario.counterpart.walkaway

    @cached_property
    def zopa(self) -> list[ScoredDeal]:
        """The zone of possible agreement: deals both sides prefer to walking away."""
        return [
            d for d in self.deals if d.trainee >= self.trainee_walkaway and d.counterpart >= self.counterpart_walkaway
        ]

    @cached_property
    def frontier(self) -> list[ScoredDeal]:
        """Pareto-optimal deals (no deal is better for one side and no worse for the other), by trainee points."""
        ordered = sorted(self.deals, key=lambda d: (-d.trainee, -d.counterpart, d.choice))
        frontier: list[ScoredDeal] = []
        best_c = -math.inf
        for d in ordered:
            if d.counterpart > best_c or (frontier and (d.trainee, d.counterpart) == _pt(frontier[-1])):
                frontier.append(d)
                best_c = max(best_c, d.counterpart)
        return sorted(frontier, key=lambda d: (d.trainee, d.choice))

    @cached_property
    def best_joint(self) -> ScoredDeal:
        return max(self.deals, key=lambda d: (d.joint, -abs(d.trainee - d.counterpart), _rev(d.choice)))

    @cached_property
    def nash(self) -> ScoredDeal | None:
        """The Nash bargaining deal: the largest product of both sides' gains over their walk-aways."""
        if not self.zopa:
            return None
        return max(self.zopa, key=lambda d: (self.nash_product(d), d.joint, _rev(d.choice)))

    def nash_product(self, deal: ScoredDeal) -> int:
        gain_t = deal.trainee - self.trainee_walkaway
        gain_c = deal.counterpart - self.counterpart_walkaway
        return gain_t * gain_c if gain_t >= 0 and gain_c >= 0 else 0

    @cached_property
    def split(self) -> ScoredDeal:
        """Splitting every issue down the middle: the middle option of each (the lower middle when even)."""
        return self.score_choice(tuple((len(i.options) - 1) // 2 for i in self.scenario.issues))

    def is_pareto(self, deal: ScoredDeal) -> bool:
        return self.frontier_distance(deal) == 0

    def frontier_distance(self, deal: ScoredDeal) -> float:
        """Distance in the points plane to the nearest frontier deal at least as good for both sides."""
        better = [f for f in self.frontier if f.trainee >= deal.trainee and f.counterpart >= deal.counterpart]
        return min(math.dist(_pt(f), _pt(deal)) for f in better)

    def joint_share(self, deal: ScoredDeal) -> float:
        """The deal's joint points as a share of the best possible."""
        return deal.joint / self.best_joint.joint if self.best_joint.joint > 0 else 0.0

    def trading_gain(self) -> float:
        """How much the best joint deal beats splitting every issue, as a share of the split's joint points."""
        base = self.split.joint
        return (self.best_joint.joint - base) / abs(base) if base else math.inf


_SPACES: dict[tuple[str, int], DealSpace] = {}


def deal_space(scenario: Scenario) -> DealSpace:
    """One enumerated deal space per scenario object, shared by every session and scorecard on it."""
    key = (scenario.id, id(scenario))
    if key not in _SPACES:
        if len(_SPACES) > 64:
            _SPACES.clear()
        _SPACES[key] = DealSpace(scenario)
    return _SPACES[key]


def _pt(d: ScoredDeal) -> tuple[int, int]:
    return (d.trainee, d.counterpart)


def _rev(choice: tuple[int, ...]) -> tuple[int, ...]:
    """Tie-break toward the earliest deal in enumeration order, for determinism."""
    return tuple(-k for k in choice)

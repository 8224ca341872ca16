"""A scenario's outcome figures, as a model for JSON and as text for the terminal."""

from pydantic import BaseModel

from trainer.files.outcomes import DealSpace, ScoredDeal


class DealFigures(BaseModel):
    terms: dict[str, str]
    trainee_points: int
    counterpart_points: int
    joint_points: int
    nash_product: int
    frontier_distance: float
    joint_share: float


class ScenarioAnalysis(BaseModel):
    scenario: str
    deals: int
    zopa: int
    frontier: int
    trainee_walkaway: int
    counterpart_walkaway: int
    best_joint: DealFigures
    nash: DealFigures | None
    split: DealFigures
    trading_gain: float


def figures(space: DealSpace, deal: ScoredDeal) -> DealFigures:
    return DealFigures(
        terms=space.terms_of(deal.choice),
        trainee_points=deal.trainee,
        counterpart_points=deal.counterpart,
        joint_points=deal.joint,
        nash_product=space.nash_product(deal),
        frontier_distance=round(space.frontier_distance(deal), 2),
        joint_share=round(space.joint_share(deal), 4),
    )


def analyse(space: DealSpace) -> ScenarioAnalysis:
    return ScenarioAnalysis(
        scenario=space.scenario.id,
        deals=len(space.deals),
        zopa=len(space.zopa),
        frontier=len(space.frontier),
        trainee_walkaway=space.trainee_walkaway,
        counterpart_walkaway=space.counterpart_walkaway,
        best_joint=figures(space, space.best_joint),
        nash=figures(space, space.nash) if space.nash else None,
        split=figures(space, space.split),
        trading_gain=round(space.trading_gain(), 4),
    )


def render(space: DealSpace) -> str:
    a = analyse(space)
    s = space.scenario
    lines = [
        f"{s.title} ({s.id})",
        f"  {s.summary}",
        "",
        f"Deal space: {a.deals:,} possible deals; {a.zopa:,} in the zone of agreement "
        f"(trainee walk-away {a.trainee_walkaway}, counterpart walk-away {a.counterpart_walkaway} points).",
        f"Pareto frontier: {a.frontier} deals.",
        "",
        _deal_block("Best joint deal", space, a.best_joint),
        _deal_block("Nash deal", space, a.nash) if a.nash else "Nash deal: none (no zone of agreement)",
        _deal_block("Split the difference", space, a.split),
        f"  distance to the frontier: {a.split.frontier_distance:.1f} points",
        "",
        f"Trading across issues beats splitting every issue by {a.trading_gain:.0%} of joint points.",
    ]
    return "\n".join(lines)


def _deal_block(title: str, space: DealSpace, d: DealFigures) -> str:
    terms = "\n".join(
        f"    {space.scenario.issue(k).name}: {space.scenario.issue(k).option(v).label}" for k, v in d.terms.items()
    )
    return (
        f"{title}: trainee {d.trainee_points}, counterpart {d.counterpart_points}, joint {d.joint_points} "
        f"({d.joint_share:.0%} of best), Nash product {d.nash_product}\n{terms}"
    )

"""Vega-Lite specs for the app's charts (st.vega_lite_chart): the deal plot, the dimension scores, progress."""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trainer.files.outcomes import DealSpace, ScoredDeal

Spec = dict[str, Any]
MARKS = {
    "Possible deal": "#c7cdd6",
    "Pareto frontier": "#1f77b4",
    "Nash deal": "#ff7f0e",
    "This deal": "#d62728",
}


def deal_plot(space: DealSpace, deal: ScoredDeal | None, you: str = "Your points", them: str = "Their points") -> Spec:
    """Every possible deal in the plane of both sides' points, the frontier, both walk-aways, Nash and this deal."""
    counts = Counter((d.trainee, d.counterpart) for d in space.deals)
    possible = [{"you": t, "them": c, "deals": n, "what": "Possible deal"} for (t, c), n in counts.items()]
    frontier = [{"you": d.trainee, "them": d.counterpart, "what": "Pareto frontier"} for d in space.frontier]
    marked = [("Nash deal", space.nash), ("This deal", deal)]
    points = [{"you": d.trainee, "them": d.counterpart, "what": name} for name, d in marked if d is not None]
    axes = {"x": _axis("you", you), "y": _axis("them", them)}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "height": 380,
        "layer": [
            _layer(possible, {"type": "circle", "size": 40, "opacity": 0.7}, axes, tooltip=["you", "them", "deals"]),
            _layer(frontier, {"type": "line", "point": True, "strokeWidth": 2}, axes),
            _rule("x", space.trainee_walkaway, "Your walk-away"),
            _rule("y", space.counterpart_walkaway, "Their walk-away"),
            _layer(points, {"type": "point", "filled": True, "size": 260, "shape": "diamond"}, axes),
        ],
    }


def _axis(field: str, title: str) -> Spec:
    return {"field": field, "type": "quantitative", "title": title, "scale": {"zero": False}}


def _color() -> Spec:
    return {
        "field": "what",
        "type": "nominal",
        "title": None,
        "scale": {"domain": list(MARKS), "range": list(MARKS.values())},
        "legend": {"orient": "bottom"},
    }


def _layer(values: list[Spec], mark: Spec, axes: Spec, tooltip: Sequence[str] = ("what", "you", "them")) -> Spec:
    return {
        "data": {"values": values},
        "mark": mark,
        "encoding": {**axes, "color": _color(), "tooltip": [{"field": f} for f in tooltip]},
    }


def _rule(axis: str, value: int, text: str) -> Spec:
    """A dashed walk-away line with its label."""
    other = "y" if axis == "x" else "x"
    return {
        "data": {"values": [{"at": value, "text": text}]},
        "layer": [
            {"mark": {"type": "rule", "strokeDash": [6, 4], "color": "#555"}, "encoding": {axis: _at()}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": "#555", "fontSize": 11},
                "encoding": {axis: _at(), other: {"value": 8} if other == "y" else {"value": 4}, "text": _text()},
            },
        ],
    }


def _at() -> Spec:
    return {"field": "at", "type": "quantitative"}


def _text() -> Spec:
    return {"field": "text", "type": "nominal"}


def dimension_chart(scores: Mapping[str, float], maximum: float) -> Spec:
    """The scorecard's dimensions as horizontal bars on a fixed scale."""
    values = [{"dimension": name, "score": round(score, 1)} for name, score in scores.items()]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "height": 40 * max(1, len(values)),
        "mark": {"type": "bar", "cornerRadiusEnd": 3, "color": "#1f77b4"},
        "encoding": {
            "y": {"field": "dimension", "type": "nominal", "title": None, "sort": None},
            "x": {"field": "score", "type": "quantitative", "title": None, "scale": {"domain": [0, maximum]}},
            "tooltip": [{"field": "dimension"}, {"field": "score"}],
        },
    }


@dataclass(frozen=True)
class ProgressRow:
    session: int  # the session's place among the trainee's scored sessions, oldest first, from 1
    started_at: datetime
    dimension: str
    score: float


def session_label(number: int, started_at: datetime) -> str:
    return f"#{number} · {started_at:%d %b}"


def progress_chart(rows: Sequence[ProgressRow], maximum: float) -> Spec:
    """Each dimension's score session by session: sessions in order along the x-axis, named by number and date.

    The axis is ordinal, not time: sessions minutes apart would otherwise bunch up, and days apart spread out. A
    single session shows one point per dimension.
    """
    values = [
        {
            "session": session_label(r.session, r.started_at),
            "order": r.session,
            "when": f"{r.started_at:%Y-%m-%d %H:%M} UTC",
            "dimension": r.dimension,
            "score": round(r.score, 1),
        }
        for r in rows
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "height": 280,
        "mark": {"type": "line", "point": {"filled": True, "size": 70}},
        "encoding": {
            "x": {
                "field": "session",
                "type": "ordinal",
                "sort": {"field": "order"},
                "title": "Session, oldest first",
                "axis": {"labelAngle": 0, "labelOverlap": "greedy"},
            },
            "y": {"field": "score", "type": "quantitative", "title": "Score", "scale": {"domain": [0, maximum]}},
            "color": {
                "field": "dimension",
                "type": "nominal",
                "title": None,
                "scale": {"scheme": "tableau10"},
                "legend": {"orient": "bottom"},
            },
            "tooltip": [{"field": "dimension"}, {"field": "score"}, {"field": "when", "title": "Started"}],
        },
    }

"""The scorecard as Markdown, readable in a terminal: scores, coaching, the deal, interests, tactics, evidence."""

from trainer.scoring.judge_models import JudgeReport
from trainer.scoring.scorecard import (
    DIMENSION_TITLES,
    DIMENSIONS,
    DealFacts,
    Dimension,
    Evidence,
    InterestFacts,
    Scorecard,
    TacticEvent,
)

MARKS = {True: "✓", False: "✗", None: "·"}
HANDLING = {"handled": "✓", "partly": "~", "missed": "✗", "outcome": "→", None: "·"}


def to_markdown(card: Scorecard) -> str:
    sections = [
        _header(card),
        _scores(card),
        _coaching(card),
        _deal(card.deal),
        _interests(card.interests),
        _timeline(card.tactic, card.tactic_timeline),
        *(_dimension(name, card.dimensions[name]) for name in DIMENSIONS if name in card.dimensions),
    ]
    if card.judge is not None:
        sections.append(_judge(card.judge))
        sections.append(_judge_vs_facts(card))
    return "\n\n".join(s for s in sections if s) + "\n"


def _header(card: Scorecard) -> str:
    lines = [f"# Scorecard: {card.scenario} with {card.persona}", ""]
    who = f"trainee {card.trainee} · " if card.trainee else ""
    lines.append(f"Transcript {card.transcript} · {who}tactic: {card.tactic} · outcome: {_status(card.deal)}")
    if card.unscored_turns:
        lines.append(f"Turns {_turn_list(card.unscored_turns)} came after the call ended and were not scored.")
    if card.reread:
        lines.append("The transcript carried no reading of its turns; they were read now with the same detectors.")
    return "\n".join(lines)


def _status(deal: DealFacts) -> str:
    status = deal.status.replace("_", " ")
    return f"{status} at turn {deal.closed_at}" if deal.closed_at is not None else status


def _scores(card: Scorecard) -> str:
    rows = ["| Dimension | Score |", "|---|---:|"]
    for name in DIMENSIONS:
        dim = card.dimensions.get(name)
        if dim is not None:
            rows.append(f"| {DIMENSION_TITLES[name]} | {_score(dim.score)} |")
    return "## Scores\n\n" + "\n".join(rows)


def _score(score: int | None) -> str:
    return "n/a" if score is None else f"{score}/100"


def _coaching(card: Scorecard) -> str:
    lines = ["## Coaching", ""]
    if not card.coaching:
        return "\n".join([*lines, "Nothing a different line could have won back: every such check passed."])
    for n, tip in enumerate(card.coaching, 1):
        dimension = DIMENSION_TITLES.get(tip.dimension, tip.dimension).lower()
        lines.append(f"{n}. **Turn {tip.turn}** ({dimension}): {tip.tip}")
        lines.append(f'   Try: "{tip.better_line}"')
    return "\n".join(lines)


def _deal(deal: DealFacts) -> str:
    lines = ["## The deal", ""]
    if deal.status == "deal" and deal.trainee_points is None:
        lines.append("The recorded deal's terms do not fit this scenario, so it could not be measured.")
        return "\n".join(lines)
    if deal.status != "deal" or deal.trainee_points is None:
        lines.append(f"No deal ({deal.status.replace('_', ' ')}).")
        if deal.best_offer_turn is not None:
            lines.append(
                f"Their best offer (turn {deal.best_offer_turn}) was worth {deal.best_offer_points} to you; "
                f"your walk-away is {deal.trainee_walkaway}."
            )
        lines.append(f"The best joint deal ({deal.best_joint_points} points): {deal.best_joint_described}.")
        return "\n".join(lines)
    lines += [
        f"Terms: {deal.described}.",
        "",
        "| | You | Them | Together |",
        "|---|---:|---:|---:|",
        f"| Points | {deal.trainee_points} | {deal.counterpart_points} | {deal.joint_points} |",
        f"| Walk-away | {deal.trainee_walkaway} | {deal.counterpart_walkaway} | |",
        f"| Best possible | | | {deal.best_joint_points} |",
        "",
        f"- Joint points: {_pct(deal.joint_share)} of the best; value created over both walk-aways: "
        f"{_pct(deal.surplus_share)} of the most possible",
        f"- Pareto-optimal: {_yes(deal.pareto_optimal)} (distance to the frontier: {deal.frontier_distance})",
        f"- Nash product: {deal.nash_product} (the Nash deal's: {deal.nash_best_product})",
        f"- Both sides at or above their walk-aways: {_yes(deal.both_above_walkaway)}",
        f"- The best joint deal: {deal.best_joint_described}",
    ]
    return "\n".join(lines)


def _interests(interests: InterestFacts) -> str:
    lines = ["## Hidden interests", ""]
    total = len(interests.revealed) + len(interests.missed)
    lines.append(f"Found {len(interests.revealed)} of {total}.")
    for r in interests.revealed:
        asked = f', drawn out by turn {r.asked_at}: "{r.question}"' if r.asked_at is not None else ""
        lines.append(f"- ✓ **{r.id}** (turn {r.turn}{asked}): {r.description}")
    for m in interests.missed:
        lines.append(f'- ✗ **{m.id}**: {m.description} A question that would have found it: "{m.question}"')
    return "\n".join(lines)


def _timeline(tactic: str, events: list[TacticEvent]) -> str:
    if not events:
        return f"## Tactic timeline ({tactic})\n\nThe counterpart never played its tactic in this call."
    lines = [f"## Tactic timeline ({tactic})", ""]
    for e in events:
        line = f"- {HANDLING[e.handling]} turn {e.turn}, {e.move.replace('_', ' ')}: {e.what}"
        if e.reply_turn is not None:
            line += f'; you (turn {e.reply_turn}): "{e.reply}"'
        if e.note:
            line += f" — {e.note}"
        lines.append(line)
    return "\n".join(lines)


def _dimension(name: str, dim: Dimension) -> str:
    lines = [f"## {DIMENSION_TITLES[name]}: {_score(dim.score)}", "", f"Formula: {dim.formula}", ""]
    lines += ["| Part | Weight | Value | Points | How |", "|---|---:|---:|---:|---|"]
    for c in dim.components:
        value = "n/a" if c.value is None else f"{c.value:.2f}"
        weight = f"-{c.weight:g}" if c.penalty else f"{c.weight:g}"
        lines.append(f"| {c.name} | {weight} | {value} | {c.points:+.1f} | {c.explain} |")
    if dim.evidence:
        lines += ["", "Evidence:", ""]
        lines += [_evidence(e) for e in dim.evidence]
    return "\n".join(lines)


def _evidence(e: Evidence) -> str:
    who = "you" if e.speaker == "trainee" else "they"
    quote = f' — "{e.quote}"' if e.quote else ""
    return f"- {MARKS[e.passed]} turn {e.turn} ({who}): {e.check}{quote}"


def _judge(report: JudgeReport) -> str:
    lines = [f"## LLM judge ({report.model}, {report.runs} runs)", ""]
    lines.append("The judge's checks are shown as given; they change no fact and no score above.")
    lines.append("")
    for c in report.checks:
        turn = f"turn {c.turn}: " if c.turn is not None else ""
        lines.append(f'- {MARKS[c.passed]} {c.question} ({turn}"{c.quote}") — {c.reason} [{c.agreement:.0%} agree]')
    return "\n".join(lines)


def _judge_vs_facts(card: Scorecard) -> str:
    differ = [v for v in card.judge_vs_facts if not v.agree]
    if not card.judge_vs_facts:
        return ""
    lines = ["### Where the judge and the facts disagree", ""]
    if not differ:
        agreed = ", ".join(v.check for v in card.judge_vs_facts)
        return "\n".join([*lines, f"Nowhere: on {agreed} the judge agrees with the facts computed from the call."])
    lines.append("The facts are what the scores rest on; the judge's view is shown beside them.")
    lines.append("")
    for v in differ:
        lines.append(f"- {v.check}: judge {_yes(v.judge)}, facts {_yes(v.facts)} ({v.basis})")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _yes(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def _turn_list(turns: list[int]) -> str:
    return ", ".join(str(t) for t in turns)

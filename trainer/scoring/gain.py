"""Mutual gain: the deal's value to both sides, measured against the scenario's deal space.

A deal: Score = 30 x value created + 15 x Pareto + 20 x Nash + 20 x above both walk-aways + 15 x traded across
issues, out of 100.

- Value created: joint points over both walk-aways, as a share of the most any deal creates:
  (joint - both walk-aways) / (best joint - both walk-aways). The plain joint share of the best is shown too, but
  it flatters every deal (a poor deal still has three quarters of the best), so the formula uses the surplus.
- Pareto: 1 on the frontier; otherwise 1 - distance to the frontier / the split-the-difference deal's distance.
  A deal below either side's walk-away gets 0: the bargaining set is the Pareto-optimal deals both sides can
  accept, and a lopsided deal (the counterpart's best) is Pareto-optimal without creating anything mutual.
- Nash: the deal's Nash product (both sides' gains over their walk-aways, multiplied) over the Nash deal's.
- Above both walk-aways: 1 if each side gets at least its walk-away; otherwise the worse-off side's points as a
  share of its walk-away, so a deal far below the walk-away costs more than one just under it.
- Traded across issues: the share of the issues other than price settled on the option worth most to both sides
  together; conceding on price alone leaves this at what the counterpart's package happened to hold.

No deal: Score = 40 x no deal was right (no offer on the table reached the trainee's walk-away), out of 100.
A call that has not ended has no mutual-gain score.
"""

from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import describe_terms
from trainer.files.outcomes import ScoredDeal
from trainer.files.scenario import Issue
from trainer.scoring.scorecard import (
    AGREEING,
    Call,
    Component,
    DealFacts,
    Dimension,
    Evidence,
    Figure,
    agreeing,
    cite,
    dimension,
    part,
    says_yes,
)

WEIGHTS = {"value": 30.0, "pareto": 15.0, "nash": 20.0, "walkaways": 20.0, "trading": 15.0}
NO_DEAL_WEIGHTS = {"walk_away": 40.0, "value": 60.0}
FORMULA = "30 x value created + 15 x Pareto + 20 x Nash + 20 x above both walk-aways + 15 x traded across issues"
NO_DEAL_FORMULA = "no deal: 40 x no deal was right (no offer on the table reached your walk-away)"


def assess_gain(call: Call) -> tuple[Dimension, DealFacts]:
    status = call.transcript.outcome.status
    deal = _deal(call)
    if status == "deal" and deal is not None:
        return _score_deal(call, deal)
    return _score_no_deal(call)


def _deal(call: Call) -> ScoredDeal | None:
    try:
        return call.space.score(call.transcript.outcome.terms)
    except (KeyError, ValueError):
        return None  # a deal whose terms do not fit the scenario is scored as no deal, and says so


def price_issue(call: Call) -> Issue:
    tagged = call.scenario.issues_tagged("price")
    return tagged[0] if tagged else call.scenario.issues[0]


def joint_best_options(issue: Issue) -> set[str]:
    best = max(o.trainee_points + o.counterpart_points for o in issue.options)
    return {o.id for o in issue.options if o.trainee_points + o.counterpart_points == best}


def _facts(call: Call) -> DealFacts:
    space, scenario = call.space, call.scenario
    nash = space.nash
    return DealFacts(
        status=call.transcript.outcome.status,
        trainee_walkaway=scenario.trainee.walkaway,
        counterpart_walkaway=scenario.counterpart.walkaway,
        best_joint_points=space.best_joint.joint,
        best_joint_terms=space.terms_of(space.best_joint.choice),
        best_joint_described=describe_terms(scenario, space.terms_of(space.best_joint.choice)),
        nash_best_product=space.nash_product(nash) if nash else 0,
        nash_terms=space.terms_of(nash.choice) if nash else None,
    )


def _score_deal(call: Call, deal: ScoredDeal) -> tuple[Dimension, DealFacts]:
    space, scenario = call.space, call.scenario
    tw, cw = scenario.trainee.walkaway, scenario.counterpart.walkaway
    nash_best = space.nash_product(space.nash) if space.nash else 0
    room = space.best_joint.joint - tw - cw
    distance = space.frontier_distance(deal)
    split_distance = space.frontier_distance(space.split)
    above = deal.trainee >= tw and deal.counterpart >= cw
    traded = _issues_settled_best(call)
    close = _closing_turn(call)
    facts = _facts(call).model_copy(
        update={
            "terms": dict(call.transcript.outcome.terms),
            "described": describe_terms(scenario, call.transcript.outcome.terms),
            "closed_at": close.index if close else None,
            "trainee_points": deal.trainee,
            "counterpart_points": deal.counterpart,
            "joint_points": deal.joint,
            "joint_share": round(space.joint_share(deal), 4),
            "surplus_share": round((deal.joint - tw - cw) / room, 4) if room > 0 else None,
            "pareto_optimal": distance == 0,
            "frontier_distance": round(distance, 2),
            "nash_product": space.nash_product(deal),
            "both_above_walkaway": above,
        }
    )
    pareto = _pareto_value(distance, split_distance, above)
    components = [
        part("value created", WEIGHTS["value"], facts.surplus_share, _value_note(deal, facts, tw, cw)),
        part("Pareto", WEIGHTS["pareto"], pareto, _pareto_note(distance, split_distance, above)),
        part(
            "Nash",
            WEIGHTS["nash"],
            space.nash_product(deal) / nash_best if nash_best else None,
            f"Nash product {space.nash_product(deal)} of the best {nash_best}",
        ),
        part(
            "above both walk-aways", WEIGHTS["walkaways"], _walkaway_value(deal, tw, cw), _walkaway_note(deal, tw, cw)
        ),
        part(
            "traded across issues",
            WEIGHTS["trading"],
            sum(ok for _, _, ok in traded) / len(traded) if traded else None,
            f"{sum(ok for _, _, ok in traded)} of {len(traded)} non-price issues settled where they create most value",
        ),
    ]
    evidence = _deal_evidence(call, deal, facts, traded, close)
    figures: dict[str, Figure] = {
        "traded_issues": _moved_from_first_offer(call),
        "issues_settled_best": sum(ok for _, _, ok in traded),
        "non_price_issues": len(traded),
    }
    return dimension(FORMULA, components, figures, evidence), facts


def _value_note(deal: ScoredDeal, facts: DealFacts, tw: int, cw: int) -> str:
    return (
        f"joint {deal.joint} points ({facts.joint_share:.0%} of the best {facts.best_joint_points}); "
        f"over both walk-aways ({tw} + {cw}) that is {deal.joint - tw - cw} of the "
        f"{facts.best_joint_points - tw - cw} the best deal creates"
    )


def _pareto_value(distance: float, split_distance: float, above: bool) -> float:
    if not above:
        return 0.0
    if distance == 0:
        return 1.0
    return 1 - distance / split_distance if split_distance else 0.0


def _pareto_note(distance: float, split_distance: float, above: bool) -> str:
    if not above:
        return "below a walk-away, so outside the deals both sides can accept: no credit for efficiency"
    if distance == 0:
        return "on the Pareto frontier: no deal is better for one side and no worse for the other"
    return f"{distance:.1f} points from the frontier; splitting every issue is {split_distance:.1f} away"


def _walkaway_value(deal: ScoredDeal, tw: int, cw: int) -> float:
    """1 at or above both walk-aways; below, the worse-off side's share of its walk-away (0 if that is not positive)."""
    shares = [
        points / walkaway if walkaway > 0 else float(points >= walkaway)
        for points, walkaway in ((deal.trainee, tw), (deal.counterpart, cw))
    ]
    return max(0.0, min(1.0, *shares))


def _walkaway_note(deal: ScoredDeal, tw: int, cw: int) -> str:
    return f"you {deal.trainee} (walk-away {tw}), they {deal.counterpart} (walk-away {cw})"


def _issues_settled_best(call: Call) -> list[tuple[Issue, str, bool]]:
    terms = call.transcript.outcome.terms
    price = price_issue(call)
    return [(i, terms[i.id], terms[i.id] in joint_best_options(i)) for i in call.scenario.issues if i.id != price.id]


def _moved_from_first_offer(call: Call) -> int:
    """Issues other than price on which the deal differs from the counterpart's first offer."""
    first = next((m.terms for t in call.transcript.counterpart_turns() for m in t.moves if m.terms), None)
    if first is None:
        return 0
    price = price_issue(call)
    terms = call.transcript.outcome.terms
    return sum(1 for k, v in terms.items() if k != price.id and first.get(k) != v)


def _closing_turn(call: Call) -> Turn | None:
    return next(
        (t for t in reversed(call.transcript.counterpart_turns()) if {"close"} & {m.kind for m in t.moves}), None
    )


def agreeing_turn(call: Call) -> Turn | None:
    """The trainee's turn that settled the final terms: in the reply before the counterpart first agreed to them."""
    final = call.transcript.outcome.terms
    for k, ex in enumerate(call.exchanges[1:], 1):
        said = ex.said
        if said is not None and any(m.kind in AGREEING | {"nibble"} and m.terms == final for m in said.moves):
            before = call.exchanges[k - 1].reply
            return _made(agreeing(before), final) if before else None
    return None


def _made(turn: Turn, final: dict[str, str]) -> Turn | None:
    """The turn, if the trainee made those terms: a yes, or terms that fit the deal. A deal the counterpart closed
    on terms the turn did not say (a misread, or a reading the trainee corrected) is not the trainee's to answer for."""
    if any(final.get(k) != v for k, v in turn.terms.items()):
        return None
    if turn.terms or says_yes(turn):
        return turn
    return None


def _deal_evidence(
    call: Call, deal: ScoredDeal, facts: DealFacts, traded: list[tuple[Issue, str, bool]], close: Turn | None
) -> list[Evidence]:
    where = close or (call.turns[-1] if call.turns else None)
    if where is None:
        return []  # a deal recorded with no turns (a hand-made file): the figures stand, no turn to cite
    tw, cw = facts.trainee_walkaway, facts.counterpart_walkaway

    price = price_issue(call)
    said = price.option(call.transcript.outcome.terms[price.id]).label

    def at_close(check: str, passed: bool | None) -> Evidence:
        return cite(where, check, passed, prefer=said)

    pareto = (
        "Pareto-optimal"
        if facts.pareto_optimal
        else f"not Pareto-optimal: {facts.frontier_distance} points from the frontier"
    )
    evidence = [
        at_close(f"deal: {deal.trainee} points to you, {deal.counterpart} to them", None),
        at_close(
            f"both sides at or above their walk-aways ({_walkaway_note(deal, tw, cw)})", bool(facts.both_above_walkaway)
        ),
        at_close(pareto, bool(facts.pareto_optimal)),
    ]
    agreed = agreeing_turn(call)
    if agreed is not None and deal.trainee < tw:
        evidence.append(cite(agreed, f"agreed to terms worth {deal.trainee} to you, below your walk-away {tw}", False))
    elif agreed is None and close is not None:
        evidence.append(
            at_close("they closed on terms your words did not make (a misread): not held against you", None)
        )
    evidence += [at_close(_issue_check(issue, option_id, ok), ok) for issue, option_id, ok in traded]
    return evidence


def _issue_check(issue: Issue, option_id: str, ok: bool) -> str:
    option = issue.option(option_id)
    if ok:
        return f"{issue.name}: {option.label}, the option worth most to both sides"
    best = max(issue.options, key=lambda o: (o.trainee_points + o.counterpart_points, -issue.options.index(o)))
    gain = best.trainee_points + best.counterpart_points - option.trainee_points - option.counterpart_points
    return f"{issue.name}: {option.label}; {best.label} would add {gain} joint points"


def _score_no_deal(call: Call) -> tuple[Dimension, DealFacts]:
    facts = _facts(call)
    status = facts.status
    if status in ("open", "deal"):
        # "deal" here means its terms do not fit the scenario (a hand-edited file): nothing can be measured.
        why = "the call has not ended" if status == "open" else "the recorded deal's terms do not fit this scenario"
        components = [part("no deal was right", NO_DEAL_WEIGHTS["walk_away"], None, why)]
        return dimension(f"{why}: no deal to score", components, {}, []), facts
    best = _best_offer(call)
    right = best is None or best[1].trainee < facts.trainee_walkaway
    if best is not None:
        facts = facts.model_copy(update={"best_offer_turn": best[0].index, "best_offer_points": best[1].trainee})
    components = _no_deal_components(facts, best, right)
    evidence = _no_deal_evidence(call, facts, best, right)
    figures: dict[str, Figure] = {"no_deal_was_right": right}
    return dimension(NO_DEAL_FORMULA, components, figures, evidence), facts


def _no_deal_components(facts: DealFacts, best: tuple[Turn, ScoredDeal] | None, right: bool) -> list[Component]:
    tw = facts.trainee_walkaway
    if best is None:
        note = "they never offered terms, so there was nothing to take"
    else:
        verdict = "below" if right else "at or above"
        note = (
            f"their best offer (turn {best[0].index}) was worth {best[1].trainee} to you, {verdict} your walk-away {tw}"
        )
    return [
        part("no deal was right", NO_DEAL_WEIGHTS["walk_away"], float(right), note),
        part("value created", NO_DEAL_WEIGHTS["value"], 0.0, "no deal creates no value"),
    ]


def _no_deal_evidence(
    call: Call, facts: DealFacts, best: tuple[Turn, ScoredDeal] | None, right: bool
) -> list[Evidence]:
    end = call.turns[-1] if call.turns else None
    evidence: list[Evidence] = []
    if end is not None:
        evidence.append(cite(end, f"the call ended without a deal ({facts.status.replace('_', ' ')})", None))
    if best is not None:
        turn, offer = best
        check = f"their best offer was worth {offer.trainee} to you; your walk-away is {facts.trainee_walkaway}"
        evidence.append(cite(turn, check + ("" if right else ": taking it beat walking away"), right))
    return evidence


def _best_offer(call: Call) -> tuple[Turn, ScoredDeal] | None:
    """The counterpart offer worth most to the trainee, earliest first on ties."""
    offers: list[tuple[Turn, ScoredDeal]] = []
    for turn in call.transcript.counterpart_turns():
        for m in turn.moves:
            if m.terms:
                try:
                    offers.append((turn, call.space.score(m.terms)))
                except KeyError:
                    continue  # a partial package is not an offer anyone could sign
    return max(offers, key=lambda o: (o[1].trainee, -o[0].index)) if offers else None

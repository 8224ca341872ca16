"""Coaching: the three most useful tips, each tied to a turn, with a better line built from the scenario.

Every failed check that a different line could have fixed is a candidate; a candidate is worth the points its
component lost (the points the better line could win back). The three worth most are kept, at most one of a kind,
most valuable first.
"""

import re
from dataclasses import dataclass

from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import describe_terms, slots
from trainer.files.outcomes import ScoredDeal
from trainer.files.scenario import HiddenInterest, Issue, Option
from trainer.reading.sayback import reflect
from trainer.scoring.gain import agreeing_turn, joint_best_options, price_issue
from trainer.scoring.listening import reveals_said_back, unanswered_asks
from trainer.scoring.scorecard import Call, CoachingTip, DealFacts, Dimension, InterestFacts, TacticEvent, kinds, spoken

TIPS = 3
# An insult costs trust and, repeated, the whole call: worth more than any single missed point.
INSULT_GAIN = 100.0
_FILLER = re.compile(r"^(honestly|well|look|so|okay|ok|oh|yes|yeah|frankly|to be honest|between us),?\s+", re.I)


@dataclass(frozen=True)
class Candidate:
    gain: float
    kind: str
    tip: CoachingTip


def coach(
    call: Call,
    dimensions: dict[str, Dimension],
    interests: InterestFacts,
    deal: DealFacts,
    timeline: list[TacticEvent],
) -> list[CoachingTip]:
    if not call.transcript.trainee_turns():
        return []
    candidates = [
        *_discovery(call, dimensions["interest_discovery"], interests),
        *_listening(call, dimensions["active_listening"]),
        *_gain(call, dimensions["mutual_gain"], deal),
        *_tactic(call, dimensions["tactic_handling"], timeline),
        *_civility(call),
    ]
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-round(c.gain, 6), c.tip.turn, c.kind)):
        if c.gain > 0 and c.kind not in {k.kind for k in chosen}:
            chosen.append(c)
    return [c.tip for c in chosen[:TIPS]]


def missing(dim: Dimension, name: str) -> float:
    """Points a component lost: its share of 100 minus what it earned (a penalty: what it took)."""
    applicable = sum(c.weight for c in dim.components if not c.penalty and c.value is not None)
    for c in dim.components:
        if c.name == name and c.value is not None:
            return -c.points if c.penalty else 100 * c.weight / applicable - c.points
    return 0.0


def _tip(gain: float, kind: str, turn: Turn, dimension: str, tip: str, line: str) -> Candidate:
    return Candidate(gain, kind, CoachingTip(turn=turn.index, dimension=dimension, tip=tip, better_line=line))


def _civility(call: Call) -> list[Candidate]:
    insult = next((t for t in call.transcript.trainee_turns() if "insult" in t.acts), None)
    if insult is None:
        return []
    tip = "Disagree with the offer, not the person: insults cost trust, and repeated they end the call."
    line = "I can't accept that as it stands. Help me understand how you got there."
    return [_tip(INSULT_GAIN, "civility", insult, "active_listening", tip, line)]


# --- discovery ------------------------------------------------------------------------------------------------


def _discovery(call: Call, dim: Dimension, interests: InterestFacts) -> list[Candidate]:
    committed = call.first_commitment()
    early = missing(dim, "learned before committing")
    at = committed or spoken(call.transcript.trainee_turns())
    if interests.missed:
        interest = _most_costly_missed(call, interests)
        gain = missing(dim, "interests revealed") / max(1, len(interests.missed)) + early
        told = _lower_first(_first_sentence(interest.description))
        tip = f"Ask what lies behind their position before you propose: you never learned that {told}"
        return [_tip(gain, "missed_interest", at, "interest_discovery", tip, interest.question)]
    if early > 0 and committed is not None:
        tip = "You put terms down before learning anything about their needs; ask first, then propose."
        line = "Before we get to numbers, what would make this a success for you?"
        return [_tip(early, "asked_too_late", committed, "interest_discovery", tip, line)]
    return []


def _most_costly_missed(call: Call, interests: InterestFacts) -> HiddenInterest:
    """The missed interest whose issues the deal left furthest from their best joint value."""
    missed = [call.scenario.interest(m.id) for m in interests.missed]
    return max(missed, key=lambda h: (_joint_left(call, h), -missed.index(h)))


def _deal_terms(call: Call) -> dict[str, str]:
    """The agreed terms, or none when they do not fit the scenario (mutual gain then says so)."""
    terms = call.transcript.outcome.terms
    return {} if call.scenario.terms_problem(terms) else dict(terms)


def _joint_left(call: Call, interest: HiddenInterest) -> int:
    terms = _deal_terms(call)
    left = 0
    for issue_id in interest.issues:
        issue = call.scenario.issue(issue_id)
        best = max(_joint(o) for o in issue.options)
        now = issue.option(terms[issue_id]) if issue_id in terms else min(issue.options, key=_joint)
        left += best - _joint(now)
    return left


def _joint(option: Option) -> int:
    return option.trainee_points + option.counterpart_points


# --- listening ------------------------------------------------------------------------------------------------


def _listening(call: Call, dim: Dimension) -> list[Candidate]:
    found: list[Candidate] = []
    unreflected = [(item.reveal, item.interest) for item in reveals_said_back(call) if item.by is None]
    if unreflected and call.reply_to(unreflected[0][0]):
        turn, interest = unreflected[0]
        said = _say_back(call.scenario.interest(interest).reveal)
        tip = "Say back what they just told you before moving on: it shows you heard it, and they tell you more."
        gain = missing(dim, "reveals said back") / len(unreflected)
        found.append(_tip(gain, "reflect", spoken(call.reply_to(turn)), "active_listening", tip, said))
    unanswered = next(iter(unanswered_asks(call)), None)
    if unanswered is not None and unanswered.said is not None and unanswered.reply:
        tip, line = _answer_tip(call, unanswered.said)
        gain = missing(dim, "answered what they put to you")
        found.append(_tip(gain, "answer", spoken(unanswered.reply), "active_listening", tip, line))
    statement = next((spoken(ex.reply) for ex in call.exchanges if ex.reply and not ex.reply_has("question")), None)
    if statement is not None:
        tip = "Ask more than you tell: this reply asked nothing back, so you learned nothing from it."
        line = _open_question(call)
        found.append(_tip(missing(dim, "asking replies"), "ask_more", statement, "active_listening", tip, line))
    over = missing(dim, "talking over them")
    if over > 0:
        longest = max(call.transcript.trainee_turns(), key=lambda t: (len(t.text.split()), -t.index))
        tip = "You did most of the talking; say less and let them fill the silence."
        line = f"{_first_sentence(longest.text)} What's your view?"
        found.append(_tip(over, "talk_less", longest, "active_listening", tip, line))
    return found


def _answer_tip(call: Call, said: Turn) -> tuple[str, str]:
    if kinds(said) & {"nudge", "clarify"}:
        tip = "They asked you to put something concrete down; answer with a package, not another question."
        terms = describe_terms(call.scenario, ambitious_terms(call))
        return tip, f"Here's what I'd propose: {terms}. What would you change?"
    if "dissatisfied" in kinds(said):
        tip = "They said the talks were stuck; acknowledge it and move something, or they will walk away."
        return tip, "I can hear this is frustrating. Let's look at what matters most to you and change that."
    tip = "Take a position on their offer: say yes, counter it with reasons, or ask what it is based on."
    return tip, "Before I answer, how did you arrive at those terms?"


def _open_question(call: Call) -> str:
    asked = {t.text.strip().lower() for t in call.transcript.trainee_turns()}
    fresh = [h.question for h in call.scenario.hidden_interests if h.question.lower() not in asked]
    return fresh[-1] if fresh else "What would a good outcome look like for you?"


def _say_back(reveal: str) -> str:
    heard = _FILLER.sub("", reflect(reveal))
    return f"So {heard} - have I got that right?"


# --- mutual gain ----------------------------------------------------------------------------------------------


def _gain(call: Call, dim: Dimension, deal: DealFacts) -> list[Candidate]:
    if deal.status != "deal":
        return _walked_from_offer(call, dim, deal)
    found: list[Candidate] = []
    agreed = agreeing_turn(call)
    if deal.both_above_walkaway is False and agreed is not None:
        tip = (
            f"You agreed to terms worth {deal.trainee_points} to you, below your walk-away of "
            f"{deal.trainee_walkaway}: no deal would have been better. Say no, or trade for what you need."
        )
        line = (
            f"That doesn't work for me as it stands. What if we did {describe_terms(call.scenario, fair_terms(call))}?"
        )
        gain = missing(dim, "above both walk-aways") + missing(dim, "Nash")
        found.append(_tip(gain, "below_walkaway", agreed, "mutual_gain", tip, line))
    trade = _trade_line(call)
    if trade is not None and agreed is not None:
        tip = "Trade, don't concede: settle each issue where it is worth most to both of you, and ask for value back."
        found.append(_tip(missing(dim, "traded across issues"), "trade", agreed, "mutual_gain", tip, trade))
    return found


def _walked_from_offer(call: Call, dim: Dimension, deal: DealFacts) -> list[Candidate]:
    if deal.best_offer_turn is None or deal.status == "open":
        return []
    lost = missing(dim, "no deal was right")
    offer = next((m.terms for m in call.turns[deal.best_offer_turn].moves if m.terms), None)
    if lost <= 0 or offer is None:
        return []
    last = call.transcript.trainee_turns()[-1]
    tip = (
        f"Their offer at turn {deal.best_offer_turn} was worth {deal.best_offer_points} to you, above your "
        f"walk-away of {deal.trainee_walkaway}; walking away left that on the table."
    )
    line = f"Let's go back to {describe_terms(call.scenario, offer)}; I can work with that if we settle the details."
    return [_tip(lost, "walked_from_offer", last, "mutual_gain", tip, line)]


def _trade_line(call: Call) -> str | None:
    """'I can include X if we agree on Y': the issues the deal left short of their best joint value."""
    terms = _deal_terms(call)
    price = price_issue(call)
    gives: list[str] = []
    gets: list[str] = []
    for issue in call.scenario.issues:
        if issue.id == price.id or issue.id not in terms or terms[issue.id] in joint_best_options(issue):
            continue
        best = _best_option(issue)
        now = issue.option(terms[issue.id])
        (gets if best.trainee_points >= now.trainee_points else gives).append(best.label)
    if gives and gets:
        return f"I can include {_join(gives)} if we agree on {_join(gets)}."
    if gives:
        return f"What if I include {_join(gives)}? In return, let's talk about what that's worth to you."
    if gets:
        return f"Could we go with {_join(gets)}? It costs you little and helps me a lot."
    return None


def _best_option(issue: Issue) -> Option:
    return max(issue.options, key=lambda o: (_joint(o), -issue.options.index(o)))


def fair_terms(call: Call) -> dict[str, str]:
    deal = call.space.nash or call.space.best_joint
    return call.space.terms_of(deal.choice)


def ambitious_terms(call: Call) -> dict[str, str]:
    """A frontier deal a third of the way from the fair deal toward the trainee's best: room to move, still fair."""
    fair = call.space.nash or call.space.best_joint
    top = max(d.trainee for d in call.space.frontier)
    target = fair.trainee + (top - fair.trainee) / 3
    pick: ScoredDeal = min(call.space.frontier, key=lambda d: (abs(d.trainee - target), d.choice))
    return call.space.terms_of(pick.choice)


# --- tactics --------------------------------------------------------------------------------------------------


def _tactic(call: Call, dim: Dimension, timeline: list[TacticEvent]) -> list[Candidate]:
    if dim.score is None:
        return []
    tactic = call.persona.tactic
    if tactic == "anchorer":
        return _anchor_tip(call, dim, timeline)
    missed = [e for e in timeline if e.handling in ("missed", "partly") and e.reply_turn is not None]
    if not missed:
        return []
    event = missed[0]
    turn = call.turns[event.reply_turn or event.turn]
    lost = sum(missing(dim, c.name) for c in dim.components)
    if tactic == "nibbler":
        return [_tip(lost, "nibble", turn, "tactic_handling", _NIBBLE_TIP, _nibble_line(call, event))]
    return [_tip(lost, "dismantle", turn, "tactic_handling", _DISMANTLE_TIP, _reprice_line(call, event))]


_NIBBLE_TIP = "Every extra has a price: trade it for something you value, or hold the agreed package."
_DISMANTLE_TIP = "Changed terms mean a changed price: re-price the package openly when they take an item out."


def _anchor_tip(call: Call, dim: Dimension, timeline: list[TacticEvent]) -> list[Candidate]:
    held, basis, counter = (
        missing(dim, n) for n in ("held the line", "asked for its basis", "reasoned counter-anchor")
    )
    first = next((e for e in timeline if e.move == "anchor" and e.reply_turn is not None), None)
    if held + basis + counter <= 0 or first is None:
        return []
    conceded = next((e for e in timeline if e.handling == "missed" and e.reply_turn is not None), None)
    proposal = next((t for t in call.transcript.trainee_turns() if t.terms and t.index > first.turn), None)
    at = conceded or first
    turn = call.turns[at.reply_turn or first.turn]
    if not (held or basis) and proposal is not None:
        turn = proposal  # only the counter-anchor was missing: coach the turn that should have been one
    advice, line = [], []
    if held:
        advice.append("don't negotiate off their number")
    if basis:
        advice.append("ask how they arrived at it")
        line.append(f"How did you arrive at {_anchor_price(call, first)}?")
    if held or counter:
        advice.append("put your own reasoned anchor down")
        terms = describe_terms(call.scenario, ambitious_terms(call))
        line.append(
            f"For what you've described, I'd propose {terms}, because it reflects what comparable deals are worth."
        )
    tip = "Against an anchor: " + ", ".join(advice) + "."
    return [_tip(held + basis + counter, "anchor", turn, "tactic_handling", tip, " ".join(line))]


def _anchor_price(call: Call, event: TacticEvent) -> str:
    terms = next((m.terms for m in call.turns[event.turn].moves if m.kind == "anchor"), {})
    price = price_issue(call)
    return price.option(terms[price.id]).label if price.id in terms else "that number"


def _nibble_line(call: Call, event: TacticEvent) -> str:
    move = next(m for m in call.turns[event.turn].moves if m.kind == "nibble")
    extra = slots(call.scenario, call.persona, move)["extra"]
    ask = _ask_back(call, move.terms, set(move.extra))
    if ask is None:
        return f"If I add {extra}, what can you do for me in return?"
    return f"If I add {extra}, can we move to {ask} in return?"


def _ask_back(call: Call, agreed: dict[str, str], exclude: set[str]) -> str | None:
    """The one-step change on another issue that gains the trainee most, costing the counterpart least."""
    steps: list[tuple[int, int, str]] = []
    for issue in call.scenario.issues:
        if issue.id in exclude or issue.id not in agreed:
            continue
        k = [o.id for o in issue.options].index(agreed[issue.id])
        now = issue.options[k]
        for j in (k - 1, k + 1):
            if 0 <= j < len(issue.options) and issue.options[j].trainee_points > now.trainee_points:
                step = issue.options[j]
                lost = now.counterpart_points - step.counterpart_points
                steps.append((step.trainee_points - now.trainee_points - lost, -lost, step.label))
    return max(steps)[2] if steps else None


def _reprice_line(call: Call, event: TacticEvent) -> str:
    move = next(m for m in call.turns[event.turn].moves if m.kind == "dismantle")
    item = call.scenario.issue(move.item).name.lower() if move.item else "that item"
    price = price_issue(call)
    if price.id not in move.terms:
        return f"If we take out the {item}, the package changes, so the price changes too."
    k = [o.id for o in price.options].index(move.terms[price.id])
    now = price.options[k]
    better = [price.options[j] for j in (k - 1, k + 1) if 0 <= j < len(price.options)]
    up = max(better, key=lambda o: o.trainee_points, default=now)
    up = up if up.trainee_points > now.trainee_points else now
    return f"If we take out the {item}, the package changes, so the price does too: {up.label}."


# --- words ----------------------------------------------------------------------------------------------------


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _join(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

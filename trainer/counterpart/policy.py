"""The counterpart's decisions: what it offers, accepts, reveals or refuses. Tactics hook in through Tactic."""

import re
from collections.abc import Mapping
from functools import cached_property

from trainer.counterpart.move import Move
from trainer.counterpart.state import NegotiationState
from trainer.files.outcomes import ScoredDeal, deal_space
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.reading.understanding import Understanding

Terms = dict[str, str]
MAX_TURNS = 60
# Rounds of concession earned: questioning the basis of its number moves it most, a reasoned counter next.
CHALLENGE_BOOST = 2.0
REASON_BOOST = 1.5
# The least a firm anchor gives to each of the first two questions about its basis, as a share of its room.
CHALLENGE_STEP = 0.08


class Tactic:
    """The hooks a tactic may fill; the base plays straight."""

    def __init__(self, policy: "Policy") -> None:
        self.policy = policy

    def opening(self, s: NegotiationState) -> list[Move]:
        return [Move(kind="greet")]

    def before_close(self, s: NegotiationState, terms: Terms) -> list[Move]:
        """Moves to make once terms are agreed in principle, before the close; none closes at once."""
        return []

    def on_proposal(self, s: NegotiationState, proposal: Terms) -> list[Move]:
        """Moves to make on a trainee proposal before it is weighed; none weighs it."""
        return []

    def on_push(self, s: NegotiationState) -> list[Move]:
        """Moves when the trainee pushes without reasons; none counters as usual."""
        return []

    def answer(self, s: NegotiationState, u: Understanding) -> list[Move] | None:
        """Answers to a pending tactic move (a nibble, a dismantle); None when nothing is pending."""
        return None


class Policy:
    """Decides moves over the scenario's point tables; never agrees below its walk-away."""

    def __init__(self, scenario: Scenario, persona: Persona, tactic: type[Tactic] = Tactic) -> None:
        self.scenario = scenario
        self.persona = persona
        self.params = persona.params
        self.space = deal_space(scenario)
        self.reservation = scenario.counterpart.walkaway
        self.price = scenario.issues_tagged("price")[0] if scenario.issues_tagged("price") else scenario.issues[0]
        self.tactic = tactic(self)
        self._cues = {
            h.id: re.compile(r"\b(" + "|".join(re.escape(c.lower()) for c in h.cues) + r")", re.I)
            for h in scenario.hidden_interests
        }

    # --- values -------------------------------------------------------------------------------------------
    @cached_property
    def best(self) -> ScoredDeal:
        return max(self.space.deals, key=lambda d: (d.counterpart, d.trainee))

    def value(self, terms: Mapping[str, str]) -> int:
        return self.space.score(terms).counterpart

    def trainee_value(self, terms: Mapping[str, str]) -> int:
        return self.space.score(terms).trainee

    def aspiration(self, s: NegotiationState, ahead: int = 0) -> float:
        """Boulware-like: the target falls from its best toward its walk-away as rounds pass (`ahead` peeks)."""
        t = min(1.0, (s.rounds + ahead + s.boost) / self.params.rounds)
        span = self.best.counterpart - self.reservation
        return float(self.best.counterpart - span * t ** (1 / self.params.concession))

    def acceptable(self, terms: Mapping[str, str]) -> bool:
        """The one rule no words can change: nothing worth less than the walk-away."""
        return self.value(terms) >= self.reservation

    def full(self, terms: Mapping[str, str], s: NegotiationState) -> Terms:
        base = s.offer or self.space.terms_of(self.best.choice)
        return {**base, **terms}

    # --- the turn -----------------------------------------------------------------------------------------
    def opening(self, s: NegotiationState) -> list[Move]:
        s.stage = "exploring"
        return self.tactic.opening(s)

    def respond(self, s: NegotiationState, u: Understanding) -> list[Move]:
        s.turn += 1
        self._update_trust(s, u)
        confirming, s.confirming = s.confirming, {}
        clarifying, s.clarifying = s.clarifying, {}
        if clarifying and u.terms and set(u.terms) <= {self.price.id} and not u.walks_away:
            # "45 with the two-year contract" -> "$44 or $46?" -> "46": the answer completes the package it asked about
            u = u.model_copy(update={"terms": {**clarifying, **u.terms}})
        if u.walks_away:
            return self.trainee_walks(s)
        if u.has("insult"):
            s.insults += 1
            return self.lose_patience(s) if s.insults > self.params.insult_tolerance else [Move(kind="insulted")]
        if s.turn >= MAX_TURNS:
            return self.lose_patience(s)
        if confirming and u.agrees and not u.terms:
            return self.agree(s, confirming, theirs=True)
        # An unclear price next to clear extras ("ok, 43 then, same package") is asked about before anything is
        # weighed or agreed: every package turns on it, and a pending tactic move waits for the answer.
        money = [a for a in u.ambiguous if a.issue not in u.terms and self.scenario.issue(a.issue).kind == "money"]
        if money and u.terms:
            unclear = money[0]
            s.clarifying = dict(u.terms)
            s.trainee_said = {**s.trainee_said, **u.terms}  # said, even while the price waits
            return [Move(kind="clarify", amount=unclear.text, item=unclear.issue, options=unclear.candidates)]
        pending = self.tactic.answer(s, u)
        if pending is not None:
            return pending
        moves = [Move(kind="guard")] if u.secret_request else []
        moves += self._disclose(s, u)
        if u.ambiguous and not u.terms:
            unclear = u.ambiguous[0]
            return [*moves, Move(kind="clarify", amount=unclear.text, item=unclear.issue, options=unclear.candidates)]
        moves += self._answer(s, u) or self._bargain(s, u)
        if moves:
            return moves
        if s.offer and not u.listens:
            # Talk that neither moves the deal nor listens wears its patience down.
            s.fruitless += 1
            if s.fruitless >= self.params.patience:
                return self.lose_patience(s)
        return [self._filler(s, u)]

    def _update_trust(self, s: NegotiationState, u: Understanding) -> None:
        delta = 0.06 * sum(u.has(a) for a in ("interest_probe", "reflection", "acknowledgement"))
        delta -= 0.25 * u.has("insult") + 0.08 * u.pressure
        s.trust = min(1.0, max(0.0, s.trust + delta))

    # --- interests ----------------------------------------------------------------------------------------
    def reached_interest(self, s: NegotiationState, u: Understanding) -> str | None:
        """The unrevealed interest the question reaches most (most cue words); None when it reaches none."""
        hidden = [h.id for h in self.scenario.hidden_interests if h.id not in s.revealed]
        hits = {h: len(self._cues[h].findall(u.text)) for h in hidden}
        best = max(hits.values(), default=0)
        return next((h for h, n in hits.items() if n == best), None) if best else None

    def _disclose(self, s: NegotiationState, u: Understanding) -> list[Move]:
        if not (u.has("question") or u.has("interest_probe")) or u.secret_request:
            return []
        if u.has("reflection") and not u.has("interest_probe"):
            return []  # "So what you need is someone who picks up?" checks what it heard; it is acknowledged
        interest = self.reached_interest(s, u)
        again = next((h for h in s.revealed if self._cues[h].search(u.text)), None)
        unrevealed = len(s.revealed) < len(self.scenario.hidden_interests)
        # Asked about what it already said, it says it again; an offer put as a question ("How about 5,250 with a
        # year of support?") asks nothing about it, so the story is not told twice.
        if interest is None and again is not None and not (u.has("interest_probe") and unrevealed):
            return [] if u.terms and not u.has("interest_probe") else [Move(kind="reveal", interest=again)]
        need = 0.9
        if interest is None and u.has("interest_probe"):
            interest = next((h.id for h in self.scenario.hidden_interests if h.id not in s.revealed), None)
            need = 1.0
        if interest is None and u.has("interest_probe") and s.revealed:
            said = next((h for h in s.revealed if self._cues[h].search(u.text)), s.revealed[-1])
            return [Move(kind="reveal", interest=said)]
        if interest is None:
            return []
        if s.trust + self.params.disclosure >= need or interest in s.deflected:
            s.revealed.append(interest)
            opened = self.scenario.interest(interest).issues
            s.open_issues += [i for i in opened if i not in s.open_issues]
            return [Move(kind="reveal", interest=interest)]
        s.deflected.append(interest)
        return [Move(kind="deflect")]

    # --- bargaining ---------------------------------------------------------------------------------------
    def _answer(self, s: NegotiationState, u: Understanding) -> list[Move]:
        """A question that asks for its offer, or what a term means, gets that answer."""
        if u.asks_for_offer and not u.terms:
            return [Move(kind="restate", terms=s.offer)] if s.offer else self.first_offer(s)
        if u.asks_meaning and not u.terms:
            named = u.mentioned or {i: o for i, o in s.offer.items() if i != self.price.id}
            issue = next(iter(named), None)
            if issue is not None:
                option = s.offer.get(issue) or named[issue]
                return [Move(kind="explain", item=issue, extra={issue: option})]
        return []

    def _bargain(self, s: NegotiationState, u: Understanding) -> list[Move]:
        if u.agrees and s.offer and not u.terms:
            # A firm yes takes its standing offer; a bare "ok" may only be listening, so it asks first.
            return self.agree(s, s.offer, theirs=True) if u.firm else self.confirm(s, s.offer)
        if u.alternatives and not u.terms:
            best = max(u.alternatives, key=lambda a: self.value(self.full(a, s)))
            return self._weigh(s, u.model_copy(update={"terms": best, "inferred": True}))
        if u.terms:
            return self._weigh(s, u)
        if u.absurd:
            return self._push(s, u)
        if s.offer and u.challenge:
            return [Move(kind="basis", terms=s.offer), *self._challenged(s)]
        if s.offer and u.reasoned and u.refuses:
            s.boost += REASON_BOOST
            return self.counter(s)
        if s.offer and (u.refuses or u.pressure):
            return self._push(s, u)
        if not s.offer and (s.turn >= 2 or u.refuses or u.asks_for_offer):
            return self.first_offer(s)
        return []

    def _weigh(self, s: NegotiationState, u: Understanding) -> list[Move]:
        proposal = self.full(u.terms, s)
        s.open_issues += [i for i in u.terms if i not in s.open_issues]
        s.trainee_offer = proposal
        s.trainee_said = {**s.trainee_said, **u.terms}
        tactic_moves = self.tactic.on_proposal(s, proposal)
        if tactic_moves:
            return tactic_moves
        value = self.value(proposal)
        progress = s.best_trainee_value is None or value > s.best_trainee_value
        s.best_trainee_value = value if progress else s.best_trainee_value
        own = bool(s.offer) and proposal == s.offer  # its own standing offer, proposed back: always a yes
        if self.acceptable(proposal) and (own or value >= min(self.aspiration(s), self._next_offer_value(s))):
            stated = set(u.terms) >= {i.id for i in self.scenario.issues} and not u.inferred
            return self.agree(s, proposal, theirs=False) if stated else self.confirm(s, proposal)
        if not s.offer:
            return self.first_offer(s)
        if u.reasoned or u.challenge:
            s.boost += CHALLENGE_BOOST if u.challenge else REASON_BOOST
        s.fruitless = 0 if progress else s.fruitless + 1
        if s.fruitless >= self.params.patience:
            return self.lose_patience(s)
        return self.counter(s)

    def _challenged(self, s: NegotiationState) -> list[Move]:
        """A question about its number's basis moves it: the first two fully, later ones a little."""
        s.challenges += 1
        s.boost += CHALLENGE_BOOST if s.challenges <= 2 else CHALLENGE_BOOST / 4
        before = dict(s.offer)
        moves = self.counter(s)
        if moves and moves[-1].terms != before:
            return moves
        if s.challenges > 2:
            return []
        # Even a firm anchor gives ground to a question it has to justify: at least its smallest step, never below its
        # walk-away.
        step = CHALLENGE_STEP * (self.best.counterpart - self.reservation)
        chosen = self.choose(s, max(self.reservation, self.value(before) - step))
        offer = chosen if self.value(chosen) < self.value(before) else self.smallest_step(s, before)
        if offer is None:
            return []
        s.offer, s.rounds = offer, s.rounds + 1
        return [Move(kind="concede", terms=offer)]

    def _push(self, s: NegotiationState, u: Understanding) -> list[Move]:
        s.fruitless += 1
        if s.fruitless >= self.params.patience:
            return self.lose_patience(s)
        if not s.offer:
            return self.first_offer(s)
        return self.tactic.on_push(s) or self.counter(s)

    def _next_offer_value(self, s: NegotiationState) -> float:
        """What its own next counter-offer would be worth to it: a proposal at least as good is taken."""
        return self.value(self.choose(s, self.aspiration(s, ahead=1)))

    def choose(self, s: NegotiationState, target: float) -> Terms:
        """The deal best for the trainee among those worth the target to it, moving only the open issues."""
        base = {**(s.offer or self.space.terms_of(self.best.choice)), **self.bound(s)}
        bound = self.bound(s)
        fixed = [
            (k, i.options.index(i.option(base[i.id])))
            for k, i in enumerate(self.scenario.issues)
            if (i.id not in s.open_issues or i.id in bound) and i.id != self.price.id
        ]
        allowed = [d for d in self.space.deals if all(d.choice[k] == o for k, o in fixed)]
        good = [d for d in allowed if d.counterpart >= max(target, self.reservation)]
        if not good:
            pick = max(allowed, key=lambda d: (d.counterpart, d.trainee))
        else:
            pick = max(good, key=lambda d: (d.trainee, d.counterpart, tuple(-c for c in d.choice)))
        return self.space.terms_of(pick.choice)

    def smallest_step(self, s: NegotiationState, offer: Terms) -> Terms | None:
        """The concession that costs it least: the deal just below its offer, moving only the open issues and the
        price, and better for the trainee; None when only its walk-away is left."""
        now, mine = self.value(offer), self.trainee_value(offer)
        movable = {*s.open_issues, self.price.id}
        fixed = {k: v for k, v in {**offer, **self.bound(s)}.items() if k not in movable or k in self.bound(s)}
        steps = [
            d
            for d in self.space.deals
            if self.reservation <= d.counterpart < now
            and d.trainee > mine
            and all(self.space.terms_of(d.choice)[k] == v for k, v in fixed.items())
        ]
        if not steps:
            return None
        best = max(steps, key=lambda d: (d.counterpart, d.trainee))
        return self.space.terms_of(best.choice)

    def bound(self, s: NegotiationState) -> Terms:
        """What its revealed interests commit it to: it never argues against what it has said it needs."""
        bound: Terms = {}
        for h in s.revealed:
            bound.update(self.scenario.interest(h).favours)
        return bound

    def first_offer(self, s: NegotiationState) -> list[Move]:
        target = self.reservation + self.params.opening * (self.best.counterpart - self.reservation)
        s.offer = self.choose(s, target)
        s.anchor = dict(s.offer)
        s.stage = "bargaining"
        s.rounds = 1
        return [Move(kind="anchor", terms=s.offer)]

    def counter(self, s: NegotiationState) -> list[Move]:
        if not s.offer:  # a tactic may answer before it has put any offer down
            return self.first_offer(s)
        previous = self.value(s.offer)
        s.rounds += 1
        s.stage = "bargaining"
        offer = self.choose(s, self.aspiration(s))
        if offer == s.offer or self.value(offer) > previous:
            return [Move(kind="restate", terms=s.offer)]  # it never takes back what it has conceded
        kind = "concede" if self.value(offer) < previous else "counter"
        s.offer = offer
        return [Move(kind=kind, terms=offer)]

    def agree(self, s: NegotiationState, terms: Terms, theirs: bool) -> list[Move]:
        """Terms agreed in principle; the tactic may still want something before the close."""
        if not self.acceptable(terms):
            return self.counter(s)
        s.agreed = dict(terms)
        s.stage = "closing"
        before = self.tactic.before_close(s, terms)
        if before:
            return before if theirs else [Move(kind="accept", terms=terms), *before]
        return self.close(s, terms) if theirs else [Move(kind="accept", terms=terms), *self.close(s, terms)]

    def confirm(self, s: NegotiationState, terms: Terms) -> list[Move]:
        """Terms it would take but the trainee did not spell out: it checks them before it closes."""
        s.confirming = dict(terms)
        s.stage = "closing"
        return [Move(kind="confirm", terms=terms)]

    def trainee_walks(self, s: NegotiationState) -> list[Move]:
        """The trainee ends it: one last offer first, if its persona makes one and it has room; then no deal."""
        if self.params.last_offer and not s.last_offer_made and s.offer:
            s.last_offer_made = True
            offer = self.choose(s, max(self.reservation, self.aspiration(s, ahead=3)))
            if self.value(offer) < self.value(s.offer):
                s.offer = offer
                s.stage = "bargaining"
                return [Move(kind="last_offer", terms=offer)]
        s.stage = "ended"
        s.outcome = "no_deal"
        return [Move(kind="farewell")]

    def close(self, s: NegotiationState, terms: Terms) -> list[Move]:
        if not self.acceptable(terms):
            raise AssertionError("a close below the walk-away was decided; this is a bug in a tactic")
        s.agreed = dict(terms)
        s.stage = "ended"
        s.outcome = "deal"
        return [Move(kind="close", terms=terms)]

    def lose_patience(self, s: NegotiationState) -> list[Move]:
        """Dissatisfaction first; the next time, it walks away."""
        if not s.warned:
            s.warned = True
            s.fruitless = max(0, self.params.patience - 2)
            return [Move(kind="dissatisfied")]
        s.stage = "ended"
        s.outcome = "walk_away"
        return [Move(kind="walk_away")]

    def _filler(self, s: NegotiationState, u: Understanding) -> Move:
        if u.has("small_talk"):
            return Move(kind="small_talk")
        if u.has("reflection") or u.has("acknowledgement"):
            return Move(kind="acknowledge")
        return Move(kind="nudge")

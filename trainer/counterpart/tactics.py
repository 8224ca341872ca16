"""The three tactics: the anchorer, the nibbler and the bundle-dismantler, as hooks on the shared policy."""

from trainer.counterpart.move import Move
from trainer.counterpart.policy import Policy, Tactic, Terms
from trainer.counterpart.state import NegotiationState
from trainer.files.persona import Persona
from trainer.files.persona import Tactic as TacticName
from trainer.files.scenario import Issue, Scenario
from trainer.reading.understanding import Understanding


class Anchorer(Tactic):
    """Opens with an extreme first offer and restates it when pushed without reasons."""

    def opening(self, s: NegotiationState) -> list[Move]:
        return [Move(kind="greet"), *self.policy.first_offer(s)]

    def on_push(self, s: NegotiationState) -> list[Move]:
        # Every other push is met by the same number: time still passes, so it moves, but slowly.
        if s.offer and s.rounds % 2 == 1:
            s.rounds += 1
            return [Move(kind="re_anchor", terms=s.offer)]
        return []


class Nibbler(Tactic):
    """Once terms are agreed in principle, asks for a small extra; keeps asking while the trainee just gives."""

    def before_close(self, s: NegotiationState, terms: Terms) -> list[Move]:
        limit = self.policy.params.nibbles + (2 if s.nibbles else 0)
        extra = self.extra_for(s, terms)
        if s.nibbles >= limit or extra is None:
            return []
        s.nibble = extra
        return [Move(kind="nibble", extra=extra, terms=terms)]

    def extra_for(self, s: NegotiationState, terms: Terms) -> dict[str, str] | None:
        """The extra it would ask for on these terms, keeping to what it has told the trainee it needs; the price is
        never bound (a lower price is always what it says)."""
        issues = {i for h in s.revealed for i in self.policy.scenario.interest(h).issues} - {self.policy.price.id}
        return self._extra(terms, {**dict.fromkeys(issues, ""), **self.policy.bound(s)})

    def _extra(self, terms: Terms, told: Terms | None = None) -> dict[str, str] | None:
        """One step on the issue worth most to it: its favourite extras first, then any other term, then price.

        On an issue it has told the trainee about, it only asks toward what it said it needs (an issue it said it
        hardly uses is not nibbled for: that would argue against itself). `told` maps such issues to the option
        its interest favours, or to "" when the interest favours none.
        """
        policy = self.policy
        told = told or {}
        favourites = _tagged(policy.scenario, policy.params.nibble_for)
        others = [i for i in policy.scenario.issues if i not in favourites and i.id != policy.price.id]
        for group in (favourites, others, [policy.price]):
            steps = [
                (gain, up)
                for issue in group
                for gain, up in self._steps(issue, terms)
                if gain > 0 and _toward(issue, terms[issue.id], up[issue.id], told)
            ]
            if steps:
                return max(steps, key=lambda g: g[0])[1]
        return None

    def _steps(self, issue: Issue, terms: Terms) -> list[tuple[int, dict[str, str]]]:
        k = issue.options.index(issue.option(terms[issue.id]))
        near = [issue.options[j].id for j in (k - 1, k + 1) if 0 <= j < len(issue.options)]
        return [(self.policy.value({**terms, issue.id: o}) - self.policy.value(terms), {issue.id: o}) for o in near]

    def answer(self, s: NegotiationState, u: Understanding) -> list[Move] | None:
        if not s.nibble:
            return None
        policy, base, extra = self.policy, s.agreed, s.nibble
        with_extra = {**base, **extra}
        s.nibble = {}
        asked_back = {k: v for k, v in u.terms.items() if k not in extra and base.get(k) != v}
        if u.trade or asked_back:
            proposal = {**with_extra, **asked_back}
            if policy.acceptable(proposal) and policy.value(proposal) >= policy.value(base):
                return [Move(kind="nibble_trade", extra=extra, terms=proposal), *policy.close(s, proposal)]
            return [Move(kind="nibble_drop", extra=extra, terms=base), *policy.close(s, base)]
        gives = u.agrees or any(u.terms.get(k) == v for k, v in extra.items())
        if gives and not (u.hold or u.refuses):
            s.nibbles += 1
            s.agreed = with_extra
            return self.before_close(s, with_extra) or policy.close(s, with_extra)
        return [Move(kind="nibble_drop", extra=extra, terms=base), *policy.close(s, base)]


class BundleDismantler(Tactic):
    """Takes items out of the package at the bundle rate; accepts a package the trainee re-prices."""

    MAX_DISMANTLES = 2

    def on_proposal(self, s: NegotiationState, proposal: Terms) -> list[Move]:
        return self._dismantle(s, proposal)

    def before_close(self, s: NegotiationState, terms: Terms) -> list[Move]:
        return self._dismantle(s, terms)

    def _dismantle(self, s: NegotiationState, terms: Terms) -> list[Move]:
        if s.dismantles >= self.MAX_DISMANTLES:
            return []
        stripped = self._strip(s, terms)
        if stripped is None:
            return []
        item, package = stripped
        s.dismantles += 1
        s.dismantle, s.dismantled_item = package, item
        s.stripped.append(item)
        s.stage = "bargaining"
        return [Move(kind="dismantle", item=item, terms=package)]

    def _settle(self, s: NegotiationState, package: Terms) -> list[Move]:
        """A yes to the package it asked for closes on it: "take it out and we'll settle at $42" is its word, so it
        strips nothing more once the trainee agrees."""
        if not self.policy.acceptable(package):
            return self.policy.counter(s)
        s.agreed = dict(package)
        s.stage = "closing"
        return self.policy.close(s, package)

    def strippable(self, s: NegotiationState, terms: Terms) -> tuple[str, Terms] | None:
        return self._strip(s, terms)

    def _strip(self, s: NegotiationState, terms: Terms) -> tuple[str, Terms] | None:
        """An item out at the bundle rate, each item once: the price drop it needs to gain, smallest first.

        An item tied to an interest it has revealed is never stripped: asking to drop what it said it needs would
        contradict itself. None when nothing gains.
        """
        policy = self.policy
        price = policy.price
        k = price.options.index(price.option(terms[price.id]))
        bound = policy.bound(s)
        needed = {i for i, option in bound.items() if option != policy.scenario.issue(i).options[0].id}
        offers: list[tuple[bool, int, int, str, Terms]] = []
        for issue in _tagged(policy.scenario, policy.params.strip):
            if terms[issue.id] == issue.options[0].id or issue.id in s.stripped or issue.id in needed:
                continue
            for drop in range(1, k + 1):
                package = {**terms, issue.id: issue.options[0].id, price.id: price.options[k - drop].id}
                gain = policy.value(package) - policy.value(terms)
                if gain > 0 and policy.acceptable(package):
                    offers.append((issue.id in needed, drop, -gain, issue.id, package))
                    break
        if not offers:
            return None
        *_, item, package = min(offers)
        return item, package

    def answer(self, s: NegotiationState, u: Understanding) -> list[Move] | None:
        if not s.dismantle:
            return None
        policy, package, item = self.policy, s.dismantle, s.dismantled_item or ""
        s.dismantle = {}
        if u.agrees and not u.terms:
            return self._settle(s, package)
        if not u.terms:
            return None if not (u.hold or u.refuses) else policy.counter(s)
        proposal = {**package, **u.terms}
        if proposal == package:  # the trainee offers exactly the package it asked for: that is a yes
            return self._settle(s, package)
        repriced = proposal[policy.price.id] != package[policy.price.id] or proposal[item] != package[item]
        slack = 0.15 * (policy.best.counterpart - policy.reservation)
        # A re-priced package is weighed against what it asked for itself, not its far-off hopes.
        standing = min(policy.aspiration(s), policy.value(s.offer) if s.offer else policy.aspiration(s))
        if repriced and policy.acceptable(proposal) and policy.value(proposal) >= standing - slack:
            s.agreed = proposal
            return [Move(kind="accept_reprice", item=item, terms=proposal), *policy.close(s, proposal)]
        if not repriced:
            return None
        # A re-price it cannot take is answered with its own terms, not by stripping all over again; the package it
        # just asked for becomes its offer when it is worth no more to it than the standing one (nothing conceded is
        # taken back), so the item it said it has no use for does not come back.
        if not s.offer or policy.value(package) <= policy.value(s.offer):
            kind = "restate" if s.offer else "counter"  # its first offer is no restatement
            s.offer = dict(package)
            s.anchor = s.anchor or dict(package)
            s.rounds += 1
            s.stage = "bargaining"
            return [Move(kind=kind, terms=package)]
        return policy.counter(s)


TACTICS: dict[TacticName, type[Tactic]] = {
    "anchorer": Anchorer,
    "nibbler": Nibbler,
    "bundle-dismantler": BundleDismantler,
}


def policy_for(scenario: Scenario, persona: Persona) -> Policy:
    return Policy(scenario, persona, TACTICS[persona.tactic])


def _toward(issue: Issue, now: str, step: str, told: Terms) -> bool:
    """Whether a step on `issue` keeps to what it has told the trainee (any step, on an issue it has not)."""
    if issue.id not in told:
        return True
    favoured = told[issue.id]
    if not favoured:
        return False
    ids = [o.id for o in issue.options]
    return abs(ids.index(step) - ids.index(favoured)) < abs(ids.index(now) - ids.index(favoured))


def _tagged(scenario: Scenario, tags: list[str]) -> list[Issue]:
    return [i for i in scenario.issues if set(i.tags) & set(tags)]

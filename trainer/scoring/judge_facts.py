"""Where the LLM judge and the computed facts disagree: the judge may add its view, the facts stay computed in code.

Each judge check that a fact of the scorecard also answers is set beside that fact; a check no fact answers
(confirmed the terms, traded every concession) is left to the judge alone.
"""

from collections.abc import Callable

from trainer.reading.acts import ContextTurn
from trainer.reading.understanding import understand
from trainer.scoring.judge_models import JudgeReport
from trainer.scoring.scorecard import Call, Dimension, JudgeVersusFacts

Fact = tuple[bool, str] | None
CONTEXT_TURNS = 6


def judge_versus_facts(call: Call, dimensions: dict[str, Dimension], report: JudgeReport) -> list[JudgeVersusFacts]:
    facts: dict[str, Callable[[], Fact]] = {
        "asked_about_needs": lambda: _asked_about_needs(dimensions),
        "reflected_back": lambda: _reflected(dimensions),
        "questioned_anchor": lambda: _questioned_anchor(dimensions),
        "reasoned_offers": lambda: _reasoned_offer(call),
        "stayed_respectful": lambda: _respectful(call),
    }
    found = []
    for check in report.checks:
        fact = facts[check.id]() if check.id in facts else None
        if fact is not None:
            found.append(JudgeVersusFacts(check=check.id, judge=check.passed, facts=fact[0], basis=fact[1]))
    return found


def _asked_about_needs(dimensions: dict[str, Dimension]) -> Fact:
    figures = dimensions["interest_discovery"].figures
    probes, opens = int(figures.get("interest_probes") or 0), int(figures.get("open_questions") or 0)
    return probes + opens > 0, f"{probes} interest probe(s) and {opens} other open question(s) were read"


def _reflected(dimensions: dict[str, Dimension]) -> Fact:
    said = [e for e in dimensions["active_listening"].evidence if e.passed and e.check.startswith("said back")]
    return bool(said), f"{len(said)} say-back(s) read" + (f", first at turn {said[0].turn}" if said else "")


def _questioned_anchor(dimensions: dict[str, Dimension]) -> Fact:
    figures = dimensions["tactic_handling"].figures
    if "basis_asked_turn" not in figures:
        return None
    turn = figures["basis_asked_turn"]
    return turn is not None, f"asked the anchor's basis at turn {turn}" if turn is not None else "never asked its basis"


def _reasoned_offer(call: Call) -> Fact:
    offers = [t for t in call.transcript.trainee_turns() if t.terms]
    if not offers:
        return None
    for t in offers:
        earlier = call.turns[max(0, t.index - CONTEXT_TURNS) : t.index]
        context = [ContextTurn(speaker="self" if e.speaker == "trainee" else "other", text=e.text) for e in earlier]
        if understand(t.text, call.scenario, context).reasoned:
            return True, f"the offer at turn {t.index} gave a reason"
    return False, f"none of {len(offers)} offer(s) gave a reason"


def _respectful(call: Call) -> Fact:
    insults = [t.index for t in call.transcript.trainee_turns() if "insult" in t.acts]
    return not insults, f"insults read at turns {insults}" if insults else "no insult read"

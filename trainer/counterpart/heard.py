"""What the counterpart heard in a trainee message, in plain words with option labels: never ids or act names."""

from trainer.counterpart.transcript import Heard
from trainer.counterpart.voice import describe_terms
from trainer.files.scenario import Scenario


def heard_text(scenario: Scenario, heard: Heard) -> str:
    """'offer $5,250 with a one-year support plan · refused: $4,500'; 'nothing about the deal' when it said none."""
    acts, parts = set(heard.acts), []
    if heard.proposes:
        verb = "yes to" if "accept" in acts and "offer" not in acts else "offer"
        parts.append(f"{verb} {describe_terms(scenario, heard.proposes)}")
    elif "accept" in acts:
        parts.append("yes to their offer")
    if heard.alternatives:
        parts.append("either " + " or ".join(describe_terms(scenario, a) for a in heard.alternatives))
    if heard.refuses:
        parts.append(f"refused: {describe_terms(scenario, heard.refuses)}")
    elif "reject" in acts:
        parts.append("no to their offer")
    if "walk_away" in acts:
        parts.append("walking away")
    if "question" in acts:
        parts.append("a question")
    return " · ".join(parts) or "nothing about the deal"

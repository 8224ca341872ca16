"""Small scenario and persona documents built in code, so tests do not depend on the bundled files' numbers."""

from typing import Any

from trainer.files.persona import MOVE_KINDS, Persona
from trainer.files.scenario import Scenario


def option(oid: str, label: str, t: int, c: int, **extra: Any) -> dict[str, Any]:
    return {"id": oid, "label": label, "trainee_points": t, "counterpart_points": c, **extra}


def scenario_doc() -> dict[str, Any]:
    """A hand-worked deal: price is zero-sum; training is cheap for the trainee and dear to the counterpart,
    payment timing the other way round; so trading beats splitting."""
    return {
        "title": "Tiny deal",
        "summary": "A test deal.",
        "public_brief": "Both know this.",
        "trainee": {"role": "Seller", "brief": "Sell it.", "walkaway": 20},
        "counterpart": {"role": "Buyer", "brief": "Buy it.", "walkaway": 20},
        "issues": [
            {
                "id": "price",
                "name": "Price",
                "kind": "money",
                "description": "The total price.",
                "tags": ["price"],
                "options": [
                    option("p1000", "$1,000", 0, 40, amount=1000, synonyms=["1k"]),
                    option("p1500", "$1,500", 20, 20, amount=1500),
                    option("p2000", "$2,000", 40, 0, amount=2000),
                ],
            },
            {
                "id": "training",
                "name": "Training",
                "kind": "item",
                "description": "Staff training.",
                "tags": ["extra"],
                "options": [
                    option("none", "no training", 10, 0, synonyms=["without training"]),
                    option("basic", "basic training", 8, 15),
                    option("full", "full training", 6, 30),
                ],
            },
            {
                "id": "payment",
                "name": "Payment",
                "kind": "term",
                "description": "When the money comes.",
                "tags": ["payment"],
                "options": [
                    option("upfront", "payment upfront", 30, 0),
                    option("two", "two instalments", 15, 2),
                    option("three", "three instalments", 0, 4),
                ],
            },
        ],
        "hidden_interests": [
            {
                "id": "turnover",
                "description": "Staff turn over fast.",
                "cues": ["staff", "team"],
                "reveal": "My staff change every season.",
                "question": "How does your team learn new systems?",
                "issues": ["training"],
            }
        ],
        "personas": ["anchorer"],
    }


def persona_doc(tactic: str = "anchorer") -> dict[str, Any]:
    lines = {kind: [f"{kind} one {{terms}}", f"{kind} two {{terms}}", f"{kind} three"] for kind in MOVE_KINDS}
    lines["reveal"] = ["Honestly, {reveal}", "Well... {reveal}"]
    return {
        "name": "Test Person",
        "description": "Plays by the book.",
        "tactic": tactic,
        "voice": {"tone": "dry", "style": ["short"]},
        "lines": lines,
    }


def make_scenario(**changes: Any) -> Scenario:
    return Scenario.model_validate({**scenario_doc(), "id": "tiny", **changes})


def make_persona(tactic: str = "anchorer") -> Persona:
    return Persona.model_validate({**persona_doc(tactic), "id": tactic})

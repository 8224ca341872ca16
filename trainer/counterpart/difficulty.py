"""How hard the counterpart plays: the persona's own tactic parameters, moved toward an easier or a harder game."""

from typing import get_args

from trainer.counterpart.transcript import Difficulty
from trainer.files.persona import Persona, TacticParams

DIFFICULTIES: tuple[Difficulty, ...] = get_args(Difficulty)
DESCRIPTIONS: dict[Difficulty, str] = {
    "easy": "a softer opening, earlier concessions, and more willing to explain what it needs",
    "normal": "the persona as written",
    "hard": "a more extreme opening, slower concessions, and guarded about what it needs",
}


def params_for(params: TacticParams, difficulty: Difficulty) -> TacticParams:
    """The parameters for a difficulty, kept inside the ranges the persona file allows."""
    if difficulty == "easy":
        changes = {
            "opening": max(0.5, params.opening - 0.15),
            "concession": min(5.0, params.concession * 2),
            "disclosure": min(1.0, params.disclosure + 0.3),
            "patience": min(100, params.patience + 3),
        }
    elif difficulty == "hard":
        changes = {
            "opening": min(1.0, params.opening + 0.05),
            "concession": max(0.05, params.concession * 0.6),
            "disclosure": max(0.0, params.disclosure - 0.25),
            "patience": max(1, params.patience - 2),
        }
    else:
        return params
    return TacticParams.model_validate({**params.model_dump(), **changes})


def persona_at(persona: Persona, difficulty: Difficulty) -> Persona:
    """The persona playing at a difficulty; `normal` is the file as written."""
    if difficulty == "normal":
        return persona
    return persona.model_copy(update={"params": params_for(persona.params, difficulty)})


def difficulty_of(text: str | None) -> Difficulty:
    """A difficulty read back from saved notes; anything unknown is `normal`."""
    for d in DIFFICULTIES:
        if d == text:
            return d
    return "normal"

"""The bundled phrasebook of each tactic: what a persona says for a kind of move its own file leaves empty."""

from functools import cache

from trainer.files.library import LoadError, load_persona
from trainer.files.paths import bundled_dir
from trainer.files.persona import MoveKind, Persona, Tactic


@cache
def bundled_lines(tactic: Tactic) -> dict[MoveKind, list[str]]:
    """The lines of the bundled persona that plays `tactic` (its file is named after the tactic)."""
    try:
        persona = load_persona(bundled_dir("personas") / f"{tactic}.yaml")
    except LoadError:
        return {}
    return {kind: list(lines) for kind, lines in persona.lines.items() if lines}


def falls_back(persona: Persona) -> list[MoveKind]:
    """The kinds of move this persona has no lines for, which the bundled lines of its tactic will speak."""
    bundled = bundled_lines(persona.tactic)
    return [kind for kind in bundled if not persona.lines.get(kind)]

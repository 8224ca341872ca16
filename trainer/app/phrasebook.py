"""Stand-in lines for the empty sections of a persona's phrasebook, so a custom persona never speaks a move's name.

A persona file may leave sections empty (the editor warns about it). In a call, each empty section borrows the lines
of a bundled persona: the one that plays the same tactic, else the first bundled persona that has lines for it.
"""

from trainer.files.library import Library
from trainer.files.persona import MOVE_KINDS, MoveKind, Persona


def lenders(persona: Persona, library: Library) -> dict[MoveKind, Persona]:
    """For each empty section of the persona's phrasebook, the bundled persona whose lines stand in."""
    bundled = [p for p in library.personas.values() if library.is_bundled("personas", p.id) and p.id != persona.id]
    bundled.sort(key=lambda p: p.tactic != persona.tactic)  # the same tactic first; the sort keeps the order
    found: dict[MoveKind, Persona] = {}
    for kind in MOVE_KINDS:
        if persona.lines.get(kind):
            continue
        lender = next((p for p in bundled if p.lines.get(kind)), None)
        if lender is not None:
            found[kind] = lender
    return found


def playable(persona: Persona, library: Library) -> Persona:
    """The persona with stand-in lines in its empty sections (itself when none is empty)."""
    borrowed = {kind: lender.lines[kind] for kind, lender in lenders(persona, library).items()}
    if not borrowed:
        return persona
    return persona.model_copy(update={"lines": {**persona.lines, **borrowed}})

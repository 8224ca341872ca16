"""Whose lines speak for the empty sections of a persona's phrasebook, for the editor and the gallery to say so.

The voice speaks the bundled lines of the persona's tactic where its own section is empty (trainer.files.phrasebook);
this names the bundled persona those lines come from.
"""

from trainer.files.library import Library
from trainer.files.persona import MoveKind, Persona
from trainer.files.phrasebook import falls_back


def lenders(persona: Persona, library: Library) -> dict[MoveKind, Persona]:
    """For each empty section of the persona's phrasebook, the bundled persona whose lines stand in."""
    lender = library.personas.get(persona.tactic)  # a tactic's bundled persona is named after it
    if lender is None or lender.id == persona.id or not library.is_bundled("personas", lender.id):
        return {}
    return dict.fromkeys(falls_back(persona), lender)

"""A persona is the counterpart's behaviour: a tactic with its parameters, a voice, and phrasebook lines."""

import string
from typing import Literal, Self, get_args

from pydantic import Field, model_validator

from trainer.files.model import FieldError, FileModel, Line, Slug, Text

Tactic = Literal["anchorer", "nibbler", "bundle-dismantler"]
TACTICS: tuple[Tactic, ...] = get_args(Tactic)

MoveKind = Literal[
    "greet",  # the opening line, before any offer
    "anchor",  # the first offer, with its justification
    "counter",  # a counter-offer that gives nothing away
    "concede",  # a counter-offer that moves toward the trainee
    "re_anchor",  # restates the anchor when pushed
    "basis",  # answers a question about its number with the basis it claims for it
    "explain",  # answers a question about what an option or issue means
    "restate",  # restates a standing offer that has not changed
    "accept",  # takes the trainee's proposal
    "reveal",  # reveals a hidden interest ({reveal} is the scenario's line)
    "deflect",  # a probing question it does not answer yet
    "guard",  # refuses to say its limits or hidden values
    "clarify",  # asks what an ambiguous offer means
    "nibble",  # asks for a small extra once the deal is nearly done
    "nibble_drop",  # drops the extra when asked to pay for it
    "nibble_trade",  # takes the extra in a trade
    "dismantle",  # takes an item out of the package and keeps the price
    "accept_reprice",  # accepts a re-priced package
    "dissatisfied",  # shows dissatisfaction before walking away
    "walk_away",  # ends the call with no deal
    "close",  # the explicit summary of the agreed terms
    "confirm",  # checks inferred terms before closing: "So that's {terms}, do we have a deal?"
    "last_offer",  # its last offer when the trainee walks away
    "farewell",  # ends the call when the trainee walks away
    "small_talk",  # answers pleasantries
    "acknowledge",  # answers a reflection or acknowledgement
    "insulted",  # answers an insult
    "nudge",  # asks the trainee to put something on the table
]
MOVE_KINDS: tuple[MoveKind, ...] = get_args(MoveKind)

# The placeholders a phrasebook line may use; the voice fills them from the move and the scenario.
PLACEHOLDERS = frozenset(
    {"terms", "price", "issue", "option", "detail", "reveal", "extra", "item", "amount", "role", "name"}
)


class TacticParams(FileModel):
    """Knobs of the tactic; every tactic reads the ones it needs."""

    opening: float = Field(0.9, ge=0, le=1, description="How extreme the first offer is: 1 = its own best deal.")
    concession: float = Field(
        0.3, gt=0, le=5, description="Concession curve exponent: below 1 concedes late (Boulware), above 1 early."
    )
    rounds: int = Field(10, ge=2, le=100, description="Rounds over which it concedes down to its reservation.")
    disclosure: float = Field(0.5, ge=0, le=1, description="How readily it discloses hidden interests (0-1).")
    patience: int = Field(8, ge=1, le=100, description="Fruitless rounds before it walks away.")
    insult_tolerance: int = Field(2, ge=0, le=20, description="Insults it takes before it walks away.")
    nibbles: int = Field(1, ge=0, le=5, description="How many extras it asks for before closing.")
    last_offer: bool = Field(True, description="Makes one last offer when the trainee walks away.")
    nibble_for: list[Slug] = Field(default_factory=lambda: ["extra"], description="Tags of issues it nibbles for.")
    strip: list[Slug] = Field(default_factory=lambda: ["extra"], description="Tags of bundle items it tries to strip.")


class Voice(FileModel):
    """How the persona sounds, for the LLM voice."""

    tone: Text
    style: list[Text] = Field(default_factory=list, description="Style notes, e.g. 'short sentences'.")


class Persona(FileModel):
    """One counterpart behaviour, read from personas/ID.yaml; the id is the file name."""

    id: Slug = Field(description="Set from the file name; may be omitted in the file.")
    name: Text = Field(description="The counterpart's display name.")
    description: Line = Field(description="One line a trainee sees when choosing (at most 200 characters).")
    tactic: Tactic
    params: TacticParams = Field(default_factory=TacticParams)
    voice: Voice
    lines: dict[MoveKind, list[Text]] = Field(description="Phrasebook: several variants for each kind of move.")

    @model_validator(mode="after")
    def _check_lines(self) -> Self:
        for kind, variants in self.lines.items():
            for n, line in enumerate(variants):
                problem = line_problem(line)
                if problem:
                    raise FieldError(f"lines.{kind}", f"{problem} (line {n + 1})")
        return self


def line_problem(line: str) -> str | None:
    """Why a phrasebook line cannot be spoken, or None. The voice fills placeholders with plain text, so a format
    spec ({terms:d}), a conversion ({terms!x}) or an index ({terms[0]}) would fail mid-call: all are refused."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(line) if name is not None]
    except ValueError as e:
        return f"bad braces in {line!r}: {e}; write {{{{ and }}}} for literal braces"
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS:
            return f"unknown placeholder {{{name}}} in {line!r}; use one of {sorted(PLACEHOLDERS)}"
        if spec or conversion:
            extra = f"!{conversion}" if conversion else f":{spec}"
            return f"{{{name}{extra}}} in {line!r}: placeholders take no format or conversion; write {{{name}}}"
    return None

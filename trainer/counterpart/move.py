"""A move is what the counterpart's policy decided; the voice only puts it into words."""

from pydantic import BaseModel, ConfigDict, Field

from trainer.files.persona import MoveKind

# The moves that show a persona's tactic, for the tactic timeline and the signature-move checks.
TACTIC_MOVES: dict[str, frozenset[MoveKind]] = {
    "anchorer": frozenset({"anchor", "re_anchor"}),
    "nibbler": frozenset({"nibble", "nibble_drop", "nibble_trade"}),
    "bundle-dismantler": frozenset({"dismantle", "accept_reprice"}),
}


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: MoveKind
    terms: dict[str, str] = Field(default_factory=dict, description="The full package offered, accepted or summarised.")
    interest: str | None = Field(default=None, description="The hidden interest revealed.")
    extra: dict[str, str] = Field(default_factory=dict, description="A nibble: issue id -> the option asked for.")
    item: str | None = Field(default=None, description="A dismantle: the issue id taken out of the package.")
    amount: str | None = Field(default=None, description="A clarify: the words whose meaning is unclear.")
    options: list[str] = Field(default_factory=list, description="A clarify: the options those words could mean.")

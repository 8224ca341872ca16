"""What the counterpart knows about the call so far; it decides nothing."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Stage = Literal["opening", "exploring", "bargaining", "closing", "ended"]


class NegotiationState(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    stage: Stage = "opening"
    turn: int = Field(0, description="Trainee turns heard.")
    rounds: int = Field(0, description="Offers the counterpart has made.")
    trust: float = Field(0.5, description="0-1: rises when the trainee listens and probes, falls with pressure.")
    boost: float = Field(0.0, description="Extra concession rounds earned by questioning the anchor or reasoning.")
    offer: dict[str, str] = Field(default_factory=dict, description="The counterpart's standing offer.")
    anchor: dict[str, str] = Field(default_factory=dict, description="The counterpart's first offer.")
    trainee_offer: dict[str, str] = Field(default_factory=dict, description="The trainee's latest full proposal.")
    trainee_said: dict[str, str] = Field(
        default_factory=dict,
        description="The terms the trainee has named so far, the latest per issue, none filled in.",
    )
    best_trainee_value: int | None = Field(None, description="The most any trainee proposal was worth to it.")
    open_issues: list[str] = Field(default_factory=list, description="Issues discussed, so open to trading.")
    revealed: list[str] = Field(default_factory=list)
    deflected: list[str] = Field(default_factory=list)
    insults: int = 0
    challenges: int = Field(0, description="Questions about the basis of its number it has answered.")
    fruitless: int = 0
    warned: bool = False
    agreed: dict[str, str] = Field(default_factory=dict, description="Terms agreed in principle, before the close.")
    nibbles: int = 0
    nibble: dict[str, str] = Field(default_factory=dict, description="The extra asked for and not yet answered.")
    dismantles: int = 0
    dismantle: dict[str, str] = Field(default_factory=dict, description="A dismantled package awaiting an answer.")
    dismantled_item: str | None = None
    stripped: list[str] = Field(default_factory=list, description="Items it has asked to take out, once each.")
    confirming: dict[str, str] = Field(
        default_factory=dict, description="Terms it asked the trainee to confirm before closing on them."
    )
    clarifying: dict[str, str] = Field(
        default_factory=dict, description="Clear terms that came with an amount it asked about; the answer joins them."
    )
    last_offer_made: bool = Field(False, description="It made its last offer when the trainee walked away.")
    outcome: Literal["deal", "walk_away", "no_deal", "open"] = Field(
        "open", description="walk_away: the counterpart walked away; no_deal: the trainee did."
    )

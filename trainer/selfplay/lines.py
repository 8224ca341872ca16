"""What a scripted trainee meant by each line it typed, so a test can hold the counterpart to the intent."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Intent = Literal[
    "small_talk",  # greetings, thanks, chat: offers nothing
    "question",  # asks about their needs or their price; offers nothing
    "challenge",  # asks what their number is based on; offers nothing
    "reflect",  # says back what they revealed
    "acknowledge",  # "I hear you": agrees to nothing
    "propose",  # puts terms on the table
    "refuse",  # says no to terms
    "accept",  # a clear yes to the terms on the table
    "walk_away",  # ends the call without a deal
]


class Said(BaseModel):
    """One trainee line and what it meant."""

    model_config = ConfigDict(extra="forbid")

    text: str
    intents: list[Intent]
    proposes: dict[str, str] = Field(default_factory=dict, description="The terms the line puts on the table.")
    alternatives: list[dict[str, str]] = Field(
        default_factory=list, description="Other packages offered in the same breath (an either/or offer)."
    )
    full: bool = Field(default=False, description="Whether the packages proposed name every issue.")
    refuses: dict[str, str] = Field(default_factory=dict, description="Terms the line says no to.")
    accepts: dict[str, str] = Field(default_factory=dict, description="The offer the line says yes to.")
    interest: str | None = Field(default=None, description="The hidden interest asked about or said back.")
    banks: list[str] = Field(default_factory=list, description="The phrase banks the line was drawn from.")

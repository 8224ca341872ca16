"""A transcript is one practice call, turn by turn, with what was understood and decided; JSON on disk."""

import uuid
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainer.counterpart.move import Move
from trainer.reading.acts import Act

Speaker = Literal["trainee", "counterpart"]
DealStatus = Literal["deal", "no_deal", "walk_away", "open"]
VoiceSource = Literal["offline", "llm", "fallback"]
SCHEMA_VERSION = 1


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenUsage(Record):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(default=False, description="Counted by winwin because the server did not report usage.")


Difficulty = Literal["easy", "normal", "hard"]


class Heard(Record):
    """What a trainee message said about the deal, as the counterpart read it (or as the trainee corrected it)."""

    proposes: dict[str, str] = Field(default_factory=dict, description="Terms put forward or agreed to.")
    alternatives: list[dict[str, str]] = Field(default_factory=list, description="Packages offered as either/or.")
    refuses: dict[str, str] = Field(default_factory=dict, description="Terms turned down.")
    acts: list[Act] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="How amounts were rounded or converted.")

    def fixed(
        self, proposes: dict[str, str], refuses: dict[str, str], accepts: bool = False, walks_away: bool = False
    ) -> "Heard":
        """This reading as the trainee corrected it: their terms, and the deal acts that follow from them.

        Acts about the deal (offer, accept, reject, walk-away) are set from the correction; the others (a question,
        a reflection) stay as read, since the trainee corrects the terms, not how they asked.
        """
        deal_acts = {"offer", "accept", "reject", "walk_away"}
        acts: list[Act] = [a for a in self.acts if a not in deal_acts]
        wanted: list[tuple[bool, Act]] = [
            (bool(proposes) and not accepts, "offer"),
            (accepts, "accept"),
            (bool(refuses), "reject"),
            (walks_away, "walk_away"),
        ]
        acts += [act for on, act in wanted if on]
        return Heard(proposes=dict(proposes), refuses=dict(refuses), acts=acts)


class Turn(Record):
    index: int = Field(description="Position in the call, from 0.")
    speaker: Speaker
    text: str
    at: datetime = Field(default_factory=now)
    acts: list[Act] = Field(default_factory=list, description="Trainee turns: the dialogue acts understood.")
    terms: dict[str, str] = Field(default_factory=dict, description="Trainee turns: the offer terms read.")
    ambiguous: list[str] = Field(default_factory=list, description="Trainee turns: words whose terms were unclear.")
    moves: list[Move] = Field(default_factory=list, description="Counterpart turns: the moves decided, in order.")
    voice: VoiceSource | None = Field(default=None, description="Counterpart turns: who worded the moves.")
    note: str | None = Field(default=None, description="Why a turn fell back to the offline voice, and the like.")
    usage: TokenUsage | None = None
    heard: Heard | None = Field(default=None, description="Trainee turns: what the counterpart read in the message.")
    corrected: Heard | None = Field(
        default=None, description="Trainee turns: what the trainee said they meant; the counterpart answered this."
    )


class Outcome(Record):
    status: DealStatus = "open"
    terms: dict[str, str] = Field(default_factory=dict, description="The agreed terms, for a deal.")


class BackendInfo(Record):
    """Enough to reproduce a session: never an API key."""

    kind: Literal["offline", "openai"] = "offline"
    model: str | None = None
    base_url_host: str | None = None
    prompt_hash: str | None = None


class Transcript(Record):
    format: Literal["winwin-transcript"] = "winwin-transcript"
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    scenario: str
    persona: str
    seed: int = 0
    trainee: str | None = Field(default=None, description="The trainee's name, where given.")
    started_at: datetime = Field(default_factory=now)
    ended_at: datetime | None = None
    backend: BackendInfo = Field(default_factory=BackendInfo)
    turns: list[Turn] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    usage: TokenUsage = Field(default_factory=TokenUsage)
    difficulty: Difficulty = Field(default="normal", description="How hard the counterpart played.")
    parent: str | None = Field(default=None, description="The session this one was retried from.")
    parent_turn: int | None = None

    def trainee_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == "trainee"]

    def counterpart_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == "counterpart"]

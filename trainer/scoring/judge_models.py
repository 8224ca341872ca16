"""What the LLM judge returns: binary checks with quoted evidence and how often k runs agreed."""

from pydantic import BaseModel, ConfigDict, Field


class JudgeCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The rubric check's id, e.g. 'asked_about_needs'.")
    question: str = Field(description="The check as the rubric asks it.")
    passed: bool = Field(description="The majority verdict over the runs that kept a quote.")
    quote: str = Field(description="Words from the transcript that support the verdict, found verbatim.")
    turn: int | None = Field(default=None, description="The transcript turn index the quote comes from.")
    reason: str = Field(description="One or two sentences.")
    agreement: float = Field(ge=0, le=1, description="Share of runs that gave the majority verdict.")
    runs: int = Field(ge=0, description="Runs whose answer for this check was kept (quote found).")


class JudgeReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str
    runs: int
    checks: list[JudgeCheck]
    discarded: int = Field(0, description="Answers dropped because their quote was not in the transcript.")
    trimmed: str | None = Field(None, description="What was left out of a long call to fit the model's context.")

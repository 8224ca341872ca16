"""The base for every model read from a file: unknown keys are an error, not a silent typo."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

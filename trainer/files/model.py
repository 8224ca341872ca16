"""The base for every model read from a file: unknown keys are an error, not a silent typo."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class FieldError(ValueError):
    """A check across fields that knows which field is at fault; the loader names that field, not the file."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")  # the field leads, as in every other problem shown
        self.field = field
        self.message = message


class FileModel(BaseModel):
    # inf and nan break the deal math and read as a typo in any figure; refuse them at the door.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

"""Typed access to st.session_state: one object per concern, created on first use and kept across reruns."""

from dataclasses import asdict, dataclass, field
from typing import TypeVar

import streamlit as st

from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Difficulty, Transcript
from trainer.llm.settings import Backend, Settings, SettingsError, load_settings
from trainer.scoring.scorecard import Scorecard

T = TypeVar("T")

# Keys of the notes saved with a session: what the trainee prepared, and how the call was set up.
PREP_FIELDS: dict[str, str] = {
    "target": "Target",
    "walkaway": "Walk-away",
    "interests": "Interests I expect",
    "questions": "Questions I plan to ask",
}
DIFFICULTY_NOTE = "difficulty"


@dataclass
class Preparation:
    """What the trainee wrote before the call."""

    target: str = ""
    walkaway: str = ""
    interests: str = ""
    questions: str = ""

    def notes(self) -> dict[str, str]:
        """The non-empty notes, keyed as the store keeps them."""
        return {k: v.strip() for k, v in asdict(self).items() if v.strip()}

    @classmethod
    def from_notes(cls, notes: dict[str, str]) -> "Preparation":
        return cls(**{k: notes.get(k, "") for k in PREP_FIELDS})


@dataclass
class PracticeState:
    """The Practice page: what is chosen, and the call in progress."""

    scenario_id: str | None = None
    persona_id: str | None = None
    difficulty: Difficulty = "normal"
    backend: Backend = "offline"
    trainee: str = ""
    session: Session | None = None
    pending: list[Move] | None = None  # moves decided whose reply has not been recorded yet
    preparation: Preparation = field(default_factory=Preparation)
    save_error: str | None = None

    def reset(self) -> None:
        self.session = None
        self.pending = None
        self.preparation = Preparation()
        self.save_error = None


@dataclass
class ReviewState:
    """The session the Scorecard page shows; the transcript is kept here too when the store could not save it."""

    session_id: str | None = None
    transcript: Transcript | None = None
    difficulty: Difficulty = "normal"
    scorecard: Scorecard | None = None
    quiz: dict[str, str] = field(default_factory=dict)

    def show(self, transcript: Transcript, difficulty: Difficulty) -> None:
        self.session_id = transcript.id
        self.transcript = transcript
        self.difficulty = difficulty
        self.scorecard = None

    def show_saved(self, session_id: str) -> None:
        """Points at a session in the store (its difficulty is read from its saved notes)."""
        self.session_id, self.transcript, self.scorecard = session_id, None, None


@dataclass
class EditorState:
    """The Personas page: the persona being edited (None for a new one), the form's values, the last save.

    `initial` holds the values the form opened with: a field's errors show once it has differed from them (a blank
    new form shows no errors before anything is typed; a field typed in and then cleared does). `changed` holds
    the widgets that have. `yaml` is the YAML last written from the form: while the YAML
    box still holds it, the box follows the form; once the user edits it, their text is kept until applied.
    """

    editing: str | None = None
    open: bool = False
    saved: str | None = None
    values: dict[str, object] = field(default_factory=dict)
    initial: dict[str, object] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    yaml: str = ""


@dataclass
class SettingsState:
    """The model backend for this browser session: loaded from the settings file and environment, then edited here.

    The API key lives here (and in the settings file only if the user asks); transcripts never hold it.
    """

    settings: Settings | None = None
    problem: str | None = None
    notice: str | None = None  # what the last change did, shown once

    def current(self) -> Settings:
        if self.settings is None:
            try:
                self.settings = load_settings()
            except SettingsError as e:
                self.settings, self.problem = Settings(), str(e)
        return self.settings


def _get(key: str, kind: type[T]) -> T:
    value = st.session_state.get(key)
    if not isinstance(value, kind):
        value = kind()
        st.session_state[key] = value
    return value


def seed_widget(key: str, value: object) -> str:
    """Gives a widget its value from a typed field the first time (Streamlit forgets widgets it did not draw)."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def practice() -> PracticeState:
    return _get("winwin.practice", PracticeState)


def review() -> ReviewState:
    return _get("winwin.review", ReviewState)


def editor() -> EditorState:
    return _get("winwin.editor", EditorState)


def settings() -> SettingsState:
    return _get("winwin.settings", SettingsState)

"""Starting, saving and ending a practice call: the glue between the pages, the Session and the store."""

import random

from trainer.app.resources import StoreUnavailable, store
from trainer.app.state import DIFFICULTY_NOTE, PracticeState, Preparation, ReviewState
from trainer.counterpart.difficulty import difficulty_of
from trainer.counterpart.session import Session, TurnHook
from trainer.counterpart.transcript import BackendInfo, Transcript, Turn
from trainer.counterpart.voice import Voice
from trainer.files.library import Library
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.llm.settings import Settings, backend_info, make_voice_factory
from trainer.store.database import Store, StoreError


def saving_hook(db: Store, practice: PracticeState) -> TurnHook:
    """Saves every turn; a failed save is shown on the page and the call goes on."""

    def on_turn(transcript: Transcript, turn: Turn) -> None:
        try:
            db.record(transcript, turn)
        except StoreError as e:
            practice.save_error = str(e)

    return on_turn


def start_call(practice: PracticeState, library: Library, settings: Settings | None = None) -> Session:
    """A new session for the practice choices, saved with its preparation notes, after the counterpart's greeting.

    With settings whose model is ready and the model backend chosen, a model voices the counterpart.
    """
    if practice.scenario_id is None or practice.persona_id is None:
        raise ValueError("choose a scenario and a counterpart first")
    scenario = library.scenario(practice.scenario_id)
    persona = library.persona(practice.persona_id)
    seed = random.randrange(1_000_000)
    llm = settings if settings is not None and practice.backend == "openai" and settings.llm_ready else None
    db = store()
    hook = saving_hook(db, practice) if isinstance(db, Store) else None
    voice = _voice(llm, scenario, persona, seed)
    session = Session(scenario, persona, seed=seed, voice=voice, on_turn=hook, difficulty=practice.difficulty)
    session.transcript.trainee = practice.trainee.strip() or None
    if llm is not None:
        session.transcript.backend = backend_info(llm)
    practice.save_error = db.message if isinstance(db, StoreUnavailable) else None
    _save_header(db, practice, session.transcript, practice.preparation)
    session.start()
    practice.session = session
    return session


def _voice(settings: Settings | None, scenario: Scenario, persona: Persona, seed: int) -> Voice | None:
    factory = make_voice_factory(settings) if settings is not None else None
    return factory(scenario, persona, seed) if factory is not None else None


def retry_call(
    practice: PracticeState,
    library: Library,
    transcript: Transcript,
    upto: int,
    notes: dict[str, str],
    settings: Settings | None = None,
) -> Session:
    """A new session that continues from the first `upto` turns of a saved one, with the counterpart as it was.

    The counterpart plays at the saved session's difficulty, and the new session keeps its preparation notes; a call
    a model voiced is voiced by the model again when one is set up.
    """
    # Sessions saved before the transcript kept its difficulty have it in their preparation notes only.
    kept = transcript.difficulty if transcript.difficulty != "normal" else None
    difficulty = kept or difficulty_of(notes.get(DIFFICULTY_NOTE))
    transcript = transcript.model_copy(update={"difficulty": difficulty})
    practice.preparation = Preparation.from_notes(notes)
    scenario = library.scenario(transcript.scenario)
    persona = library.persona(transcript.persona)
    llm = settings if settings is not None and settings.llm_ready and transcript.backend.kind == "openai" else None
    db = store()
    hook = saving_hook(db, practice) if isinstance(db, Store) else None
    voice = _voice(llm, scenario, persona, transcript.seed)
    session = Session.restore(scenario, persona, transcript, upto=upto, voice=voice, on_turn=hook)
    session.transcript.backend = backend_info(llm) if llm is not None else BackendInfo()
    practice.backend = "openai" if llm is not None else "offline"
    practice.scenario_id, practice.persona_id, practice.difficulty = scenario.id, persona.id, difficulty
    practice.trainee = transcript.trainee or ""
    practice.save_error = db.message if isinstance(db, StoreUnavailable) else None
    _save_header(db, practice, session.transcript, practice.preparation)
    practice.session = session
    return session


def _save_header(db: Store | StoreUnavailable, practice: PracticeState, t: Transcript, prep: Preparation) -> None:
    if not isinstance(db, Store):
        return
    try:
        db.start_session(t)
        db.save_preparation(t.id, {**prep.notes(), DIFFICULTY_NOTE: practice.difficulty})
    except StoreError as e:
        practice.save_error = str(e)


def end_call(practice: PracticeState, review: ReviewState) -> None:
    """Ends the call (no deal unless one was closed), saves the end, and points the scorecard at it."""
    session = practice.session
    if session is None:
        return
    session.end()
    db = store()
    if isinstance(db, Store):
        try:
            db.finish_session(session.transcript)
        except StoreError as e:
            practice.save_error = str(e)
    review.show(session.transcript, practice.difficulty)

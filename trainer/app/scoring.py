"""What the Scorecard and History pages show: a saved session, its counterpart as it played, and its scorecard."""

import json
from dataclasses import dataclass

from pydantic import ValidationError

from trainer.app.resources import StoreUnavailable, store
from trainer.app.state import DIFFICULTY_NOTE, ReviewState
from trainer.counterpart.difficulty import difficulty_of, persona_at
from trainer.counterpart.transcript import Difficulty, Transcript
from trainer.files.library import Library
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.llm.settings import Settings, make_chat
from trainer.scoring.scorecard import Scorecard
from trainer.store.database import Store, StoreError


class ReviewError(Exception):
    """The session cannot be shown; the message says why and what to do."""


@dataclass
class Review:
    transcript: Transcript
    scenario: Scenario
    persona: Persona
    difficulty: Difficulty
    notes: dict[str, str]
    scorecard: Scorecard | None = None


def open_review(review: ReviewState, library: Library) -> Review:
    """The session the Scorecard page is pointed at, from memory or from the store."""
    if review.session_id is None:
        raise ReviewError("no session chosen")
    db = store()
    transcript = review.transcript if review.transcript and review.transcript.id == review.session_id else None
    notes: dict[str, str] = {}
    try:
        if transcript is None:
            transcript = _store(db).load(review.session_id)
        notes = _store(db).load_preparation(transcript.id) if isinstance(db, Store) else {}
    except StoreError as e:
        raise ReviewError(str(e)) from e
    return review_of(transcript, library, review.difficulty, notes)


def review_of(transcript: Transcript, library: Library, difficulty: Difficulty, notes: dict[str, str]) -> Review:
    if transcript.scenario not in library.scenarios or transcript.persona not in library.personas:
        raise ReviewError(
            f"this session was played with scenario {transcript.scenario!r} and persona {transcript.persona!r}, "
            "and one of them is no longer in the library"
        )
    played = difficulty_of(notes.get(DIFFICULTY_NOTE)) if DIFFICULTY_NOTE in notes else difficulty
    persona = persona_at(library.persona(transcript.persona), played)
    return Review(transcript, library.scenario(transcript.scenario), persona, played, notes)


def _store(db: Store | StoreUnavailable) -> Store:
    if isinstance(db, StoreUnavailable):
        raise ReviewError(db.message)
    return db


def saved_scorecard(session_id: str) -> Scorecard | None:
    """The scorecard saved with a session, if there is one that this version can read."""
    db = store()
    if not isinstance(db, Store):
        return None
    try:
        body = db.load_scorecard(session_id)
    except StoreError as e:
        raise ReviewError(str(e)) from e
    try:
        return None if body is None else Scorecard.model_validate_json(body)
    except (ValidationError, json.JSONDecodeError):
        return None  # a scorecard of an older format is scored again


def score(r: Review) -> Scorecard:
    """Scores the call with the evaluator (facts, offline) and saves the scorecard with the session."""
    from trainer.scoring.evaluator import score_transcript

    scorecard = score_transcript(r.transcript, r.scenario, r.persona)
    _save(scorecard)
    return scorecard


def judge(r: Review, scorecard: Scorecard, settings: Settings) -> Scorecard:
    """The scorecard with the model judge's report attached (it changes no fact or score), saved."""
    from trainer.llm.chat import ChatError
    from trainer.llm.judge import JudgeError, judge_transcript

    chat = make_chat(settings)
    if chat is None:
        raise ReviewError("no model is set up for the judge; set one up on the Settings page")
    try:
        report = judge_transcript(r.transcript, r.scenario, chat, settings.judge_runs)
    except (JudgeError, ChatError) as e:
        raise ReviewError(f"the model judge could not score this call: {e}") from e
    judged = scorecard.model_copy(update={"judge": report})
    _save(judged)
    return judged


def _save(scorecard: Scorecard) -> None:
    db = store()
    if isinstance(db, Store):
        try:
            db.save_scorecard(scorecard.transcript, scorecard.to_json(), scorecard.scores())
        except StoreError as e:
            raise ReviewError(f"the scorecard could not be saved: {e}") from e

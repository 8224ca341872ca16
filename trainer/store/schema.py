"""The store's tables as they are after every migration, and how a transcript maps onto their rows.

`trainer.store.migrations` builds these tables step by step; a test checks the result matches what is declared here.
"""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from trainer.counterpart.transcript import BackendInfo, Heard, Outcome, TokenUsage, Transcript, Turn


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in UTC on the way in and out: SQLite keeps no zone, PostgreSQL answers in the session's."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # A naive time (from an imported file) is taken as UTC, like every time winwin writes itself.
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        # SQLite stores the text of the time; without the zone, stored times sort in time order.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class CleanText(TypeDecorator[str]):
    """Text without NUL characters, which PostgreSQL refuses; a pasted NUL is never meaningful in a chat line."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else value.replace("\x00", "\ufffd")

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return value


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

trainees = Table(
    "trainees",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", CleanText, nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String, primary_key=True),
    Column("scenario", String, nullable=False),
    Column("persona", String, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=True),
    Column("backend", Text, nullable=False),  # JSON: BackendInfo
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("outcome_terms", Text, nullable=False),  # JSON: issue id -> option id
    Column("usage", Text, nullable=False),  # JSON: TokenUsage
    Column("parent", String, nullable=True),
    Column("parent_turn", Integer, nullable=True),
    Column("format_version", Integer, nullable=False),
    Column("difficulty", String(16), nullable=False, server_default="normal"),
    # Newest first, overall and within each filter of `winwin history`.
    Index("ix_sessions_started", "started_at", "id"),
    Index("ix_sessions_trainee_started", "trainee_id", "started_at"),
    Index("ix_sessions_scenario_started", "scenario", "started_at"),
    Index("ix_sessions_persona_started", "persona", "started_at"),
)

turns = Table(
    "turns",
    metadata,
    Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("speaker", String(16), nullable=False),
    Column("text", CleanText, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("acts", Text, nullable=False),  # JSON: list of acts
    Column("terms", Text, nullable=False),  # JSON: issue id -> option id
    Column("ambiguous", Text, nullable=False),  # JSON: list of words
    Column("moves", Text, nullable=False),  # JSON: list of Move
    Column("voice", String(16), nullable=True),
    Column("note", CleanText, nullable=True),
    Column("usage", Text, nullable=True),  # JSON: TokenUsage
    Column("heard", Text, nullable=True),  # JSON: Heard, what the counterpart read in a trainee message
    Column("corrected", Text, nullable=True),  # JSON: Heard, what the trainee said they meant
)

scorecards = Table(
    "scorecards",
    metadata,
    Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("body", Text, nullable=False),  # the scorecard JSON as the evaluator wrote it
    Column("saved_at", UtcDateTime, nullable=False),
)

scores = Table(
    "scores",
    metadata,
    Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("dimension", String(64), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_scores_dimension", "dimension"),
)

preparations = Table(
    "preparations",
    metadata,
    Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("notes", Text, nullable=False),  # JSON: heading -> text
    Column("saved_at", UtcDateTime, nullable=False),
)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def session_row(t: Transcript, trainee_id: int | None) -> dict[str, Any]:
    """The header of a transcript: everything but its turns."""
    return {
        "id": t.id,
        "scenario": t.scenario,
        "persona": t.persona,
        "seed": t.seed,
        "trainee_id": trainee_id,
        "backend": t.backend.model_dump_json(),
        "started_at": t.started_at,
        "ended_at": t.ended_at,
        "outcome": t.outcome.status,
        "outcome_terms": dumps(t.outcome.terms),
        "usage": t.usage.model_dump_json(),
        "parent": t.parent,
        "parent_turn": t.parent_turn,
        "format_version": t.schema_version,
        "difficulty": t.difficulty,
    }


def turn_row(session_id: str, turn: Turn) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "idx": turn.index,
        "speaker": turn.speaker,
        "text": turn.text,
        "at": turn.at,
        "acts": dumps(turn.acts),
        "terms": dumps(turn.terms),
        "ambiguous": dumps(turn.ambiguous),
        "moves": dumps([m.model_dump(mode="json", exclude_defaults=True) for m in turn.moves]),
        "voice": turn.voice,
        "note": turn.note,
        "usage": None if turn.usage is None else turn.usage.model_dump_json(),
        "heard": None if turn.heard is None else turn.heard.model_dump_json(),
        "corrected": None if turn.corrected is None else turn.corrected.model_dump_json(),
    }


def turn_from_row(row: Any) -> Turn:
    return Turn(
        index=row.idx,
        speaker=row.speaker,
        text=row.text,
        at=row.at,
        acts=json.loads(row.acts),
        terms=json.loads(row.terms),
        ambiguous=json.loads(row.ambiguous),
        moves=json.loads(row.moves),
        voice=row.voice,
        note=row.note,
        usage=None if row.usage is None else TokenUsage.model_validate_json(row.usage),
        heard=None if row.heard is None else Heard.model_validate_json(row.heard),
        corrected=None if row.corrected is None else Heard.model_validate_json(row.corrected),
    )


def transcript_from_rows(header: Any, trainee: str | None, turn_rows: list[Any]) -> Transcript:
    return Transcript(
        schema_version=header.format_version,
        id=header.id,
        scenario=header.scenario,
        persona=header.persona,
        seed=header.seed,
        trainee=trainee,
        started_at=header.started_at,
        ended_at=header.ended_at,
        backend=BackendInfo.model_validate_json(header.backend),
        turns=[turn_from_row(r) for r in turn_rows],
        outcome=Outcome(status=header.outcome, terms=json.loads(header.outcome_terms)),
        usage=TokenUsage.model_validate_json(header.usage),
        parent=header.parent,
        parent_turn=header.parent_turn,
        difficulty=header.difficulty,
    )

"""The transcript store: every turn saved as it is taken; SQLite in the user's folder, or any database by URL.

One `Store` per process (it is safe to share between threads). Each turn is one short transaction, so a process
killed mid-session loses at most the turn in flight, and the session can be loaded and continued.
"""

import json
import math
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from pydantic import BaseModel, ConfigDict
from sqlalchemy import URL, Connection, Engine, create_engine, delete, event, exc, func, insert, make_url, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from trainer.counterpart.transcript import DealStatus, Transcript, Turn, now
from trainer.files.paths import user_home
from trainer.store.migrations import SchemaTooNewError, migrate
from trainer.store.schema import (
    dumps,
    preparations,
    scorecards,
    scores,
    session_row,
    sessions,
    trainees,
    transcript_from_rows,
    turn_row,
    turns,
)

DATABASE_ENV = "WINWIN_DATABASE_URL"
DATABASE_FILE = "winwin.db"
MIN_PREFIX = 6  # the shortest id prefix `load` accepts: long enough to be unambiguous in practice
_WRITE = "winwin_write"  # execution option: this transaction writes (BEGIN IMMEDIATE on SQLite)


class StoreError(Exception):
    """The store cannot do what was asked; the message names the database and says what to do."""


class UnknownSessionError(StoreError):
    """No session has that id (or id prefix)."""


class SessionSummary(BaseModel):
    """One line of `winwin history`."""

    model_config = ConfigDict(frozen=True)

    id: str
    started_at: datetime
    ended_at: datetime | None
    trainee: str | None
    scenario: str
    persona: str
    outcome: DealStatus
    turns: int
    scores: dict[str, float]
    parent: str | None = None  # the session this one retried, from turn parent_turn
    parent_turn: int | None = None


class ProgressPoint(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: str
    started_at: datetime
    score: float


class DimensionProgress(BaseModel):
    """One scorecard dimension of one trainee, oldest session first."""

    model_config = ConfigDict(frozen=True)

    dimension: str
    points: list[ProgressPoint]


def default_url() -> str:
    """WINWIN_DATABASE_URL, or the SQLite file in the user's winwin folder."""
    configured = os.environ.get(DATABASE_ENV, "").strip()
    return configured or f"sqlite:///{user_home() / DATABASE_FILE}"


def parse_url(url: str) -> URL:
    """A database URL; plain postgres:// and postgresql:// mean psycopg 3, the driver winwin ships with."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as e:
        raise StoreError(f"{url!r} is not a database URL ({e}); use sqlite:///FILE or postgresql://...") from e
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def location_of(url: URL) -> str:
    """How messages name a database: the file for SQLite, else the URL with the password masked."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


class Store:
    def __init__(self, engine: Engine, location: str, password: str | None = None) -> None:
        self._engine = engine
        self._started: set[str] = set()  # sessions whose header `record` has stored
        self._writer = engine.execution_options(**{_WRITE: True})
        self._postgres = engine.dialect.name == "postgresql"
        self._password = password
        self.location = location

    @classmethod
    def open(cls, url: str | None = None, *, timeout: float = 10.0) -> Self:
        """Opens (creating if need be) the database and applies pending migrations."""
        parsed = parse_url(url if url is not None else default_url())
        store = cls(_create_engine(parsed, timeout), location_of(parsed), parsed.password)
        try:
            with store._errors("opening the store"):
                migrate(store._engine, store._writer)
        except SchemaTooNewError as e:
            store.close()
            raise StoreError(f"{store.location}: {e}; it was written by a newer winwin: upgrade winwin") from e
        except StoreError:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # Writing

    def start_session(self, transcript: Transcript) -> None:
        """Stores the session's header and any turns it already has; calling it again updates the header."""
        self._write_session(transcript, f"starting session {transcript.id!r}")

    def record(self, transcript: Transcript, turn: Turn) -> None:
        """The Session's on_turn hook: stores the header with the first turn this process sees, the end with the last.

        A resumed or retried session starts at any index; its header is written (again) the first time.
        """
        if transcript.id not in self._started:
            self.start_session(transcript)
            self._started.add(transcript.id)
        else:
            self.save_turn(transcript.id, turn)
        if transcript.outcome.status != "open":
            self.finish_session(transcript)

    def save_turn(self, session_id: str, turn: Turn) -> None:
        """Saves one turn in its own transaction; saving the same index again replaces it."""
        with self._errors(f"saving turn {turn.index} of session {session_id!r}"):
            try:
                with self._writer.begin() as conn:
                    self._write_turns(conn, session_id, [turn], update=True)
            except exc.IntegrityError as e:
                raise self._unknown(session_id, "start_session() stores a session before its turns") from e

    def finish_session(self, transcript: Transcript) -> None:
        """Stores the outcome, end time and usage, and any turn not saved yet."""
        self._write_session(transcript, f"finishing session {transcript.id!r}")

    def import_transcript(self, transcript: Transcript) -> None:
        """Stores a whole transcript (from a file); refuses an id that is already stored."""
        indexes = [t.index for t in transcript.turns]
        if len(set(indexes)) != len(indexes):
            raise ValueError(f"session {transcript.id!r} has two turns with the same index")
        with self._errors(f"importing session {transcript.id!r}"):
            try:
                with self._writer.begin() as conn:
                    if self._exists(conn, transcript.id):
                        raise self._duplicate(transcript.id)
                    self._write_header(conn, transcript, update=False)
                    self._write_turns(conn, transcript.id, transcript.turns, update=False)
            except exc.IntegrityError as e:  # another process imported it between our check and insert
                raise self._duplicate(transcript.id) from e

    def save_scorecard(self, session_id: str, scorecard_json: str, scores_by_dimension: Mapping[str, float]) -> None:
        """Stores the evaluator's scorecard as written, and its per-dimension scores for `progress`."""
        try:
            json.loads(scorecard_json)
        except ValueError as e:
            raise ValueError(f"the scorecard of session {session_id!r} is not JSON: {e}") from e
        bad = [k for k, v in scores_by_dimension.items() if not math.isfinite(v)]
        if bad:
            raise ValueError(f"scores must be finite numbers; {bad[0]!r} is {scores_by_dimension[bad[0]]}")
        rows = [{"session_id": session_id, "dimension": k, "score": v} for k, v in scores_by_dimension.items()]
        with self._errors(f"saving the scorecard of session {session_id!r}"):
            try:
                with self._writer.begin() as conn:
                    body = {"session_id": session_id, "body": scorecard_json, "saved_at": now()}
                    conn.execute(self._upsert(scorecards, ("session_id",), ("body", "saved_at")), body)
                    conn.execute(delete(scores).where(scores.c.session_id == session_id))
                    if rows:
                        conn.execute(insert(scores), rows)
            except exc.IntegrityError as e:
                raise self._unknown(session_id, "store the session before its scorecard") from e

    def save_preparation(self, session_id: str, notes: Mapping[str, str]) -> None:
        """Stores the notes the trainee wrote before the call (heading -> text), replacing earlier ones."""
        row = {"session_id": session_id, "notes": dumps(dict(notes)), "saved_at": now()}
        with self._errors(f"saving the preparation of session {session_id!r}"):
            try:
                with self._writer.begin() as conn:
                    conn.execute(self._upsert(preparations, ("session_id",), ("notes", "saved_at")), row)
            except exc.IntegrityError as e:
                raise self._unknown(session_id, "store the session before its preparation") from e

    # Reading

    def resolve_id(self, id_or_prefix: str) -> str:
        """The full id of the one session whose id is, or starts with, the given text."""
        with self._errors("finding a session"), self._engine.connect() as conn:
            return self._resolve(conn, id_or_prefix)

    def load(self, session_id: str) -> Transcript:
        """The whole transcript; an id prefix of at least MIN_PREFIX characters will do."""
        with self._errors(f"loading session {session_id!r}"), self._engine.connect() as conn:
            sid = self._resolve(conn, session_id)
            query = select(sessions, trainees.c.name.label("trainee_name")).outerjoin(trainees)
            header = conn.execute(query.where(sessions.c.id == sid)).one()
            rows = conn.execute(select(turns).where(turns.c.session_id == sid).order_by(turns.c.idx)).all()
        return transcript_from_rows(header, header.trainee_name, list(rows))

    def list_sessions(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        persona: str | None = None,
        since: date | datetime | None = None,
        limit: int = 50,
    ) -> list[SessionSummary]:
        """The newest sessions first, with turn counts and scores; `since` is inclusive (a date: from 00:00 UTC)."""
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        query = select(
            sessions.c.id,
            sessions.c.started_at,
            sessions.c.ended_at,
            sessions.c.scenario,
            sessions.c.persona,
            sessions.c.outcome,
            sessions.c.parent,
            sessions.c.parent_turn,
            trainees.c.name,
        ).select_from(sessions.outerjoin(trainees))
        if trainee is not None:
            # A subquery rather than a filter on the join, so the (trainee_id, started_at) index is used.
            query = query.where(sessions.c.trainee_id == self._trainee_query(trainee))
        if scenario is not None:
            query = query.where(sessions.c.scenario == scenario)
        if persona is not None:
            query = query.where(sessions.c.persona == persona)
        if since is not None:
            query = query.where(sessions.c.started_at >= _as_datetime(since))
        query = query.order_by(sessions.c.started_at.desc(), sessions.c.id.desc()).limit(limit)
        with self._errors("listing sessions"), self._engine.connect() as conn:
            rows = conn.execute(query).all()
            ids = [r.id for r in rows]
            counts = self._turn_counts(conn, ids)
            by_session = self._scores_of(conn, ids)
        return [
            SessionSummary(
                id=r.id,
                started_at=r.started_at,
                ended_at=r.ended_at,
                trainee=r.name,
                scenario=r.scenario,
                persona=r.persona,
                outcome=r.outcome,
                turns=counts.get(r.id, 0),
                scores=by_session.get(r.id, {}),
                parent=r.parent,
                parent_turn=r.parent_turn,
            )
            for r in rows
        ]

    def corrected_sessions(self) -> list[str]:
        """The ids of the sessions with a turn whose reading the trainee corrected, oldest first."""
        query = (
            select(sessions.c.id)
            .where(sessions.c.id.in_(select(turns.c.session_id).where(turns.c.corrected.is_not(None))))
            .order_by(sessions.c.started_at, sessions.c.id)
        )
        with self._errors("listing corrected sessions"), self._engine.connect() as conn:
            return [r.id for r in conn.execute(query).all()]

    def load_scorecard(self, session_id: str) -> str | None:
        query = select(scorecards.c.body).where(scorecards.c.session_id == session_id)
        with self._errors(f"loading the scorecard of session {session_id!r}"), self._engine.connect() as conn:
            body: str | None = conn.execute(query).scalar_one_or_none()
            return body

    def load_scores(self, session_id: str) -> dict[str, float]:
        with self._errors(f"loading the scores of session {session_id!r}"), self._engine.connect() as conn:
            return self._scores_of(conn, [session_id]).get(session_id, {})

    def load_preparation(self, session_id: str) -> dict[str, str]:
        query = select(preparations.c.notes).where(preparations.c.session_id == session_id)
        with self._errors(f"loading the preparation of session {session_id!r}"), self._engine.connect() as conn:
            notes = conn.execute(query).scalar_one_or_none()
        return {} if notes is None else dict(json.loads(notes))

    def trainee_names(self) -> list[str]:
        with self._errors("listing trainees"), self._engine.connect() as conn:
            return list(conn.execute(select(trainees.c.name).order_by(trainees.c.name)).scalars())

    def progress(self, trainee: str) -> list[DimensionProgress]:
        """Each scored dimension of the trainee's sessions, oldest first; empty if nothing is scored."""
        query = (
            select(scores.c.dimension, scores.c.score, sessions.c.id, sessions.c.started_at)
            .join(sessions, sessions.c.id == scores.c.session_id)
            .where(sessions.c.trainee_id == self._trainee_query(trainee))
            .order_by(scores.c.dimension, sessions.c.started_at, sessions.c.id)
        )
        with self._errors(f"reading the progress of {trainee!r}"), self._engine.connect() as conn:
            rows = conn.execute(query).all()
        points: dict[str, list[ProgressPoint]] = {}
        for r in rows:
            points.setdefault(r.dimension, []).append(
                ProgressPoint(session_id=r.id, started_at=r.started_at, score=r.score)
            )
        return [DimensionProgress(dimension=d, points=p) for d, p in points.items()]

    # Helpers

    def _write_session(self, t: Transcript, doing: str) -> None:
        """The header (replaced) and the turns not stored yet (stored turns are kept), in one transaction."""
        with self._errors(doing), self._writer.begin() as conn:
            self._write_header(conn, t, update=True)
            self._write_turns(conn, t.id, t.turns, update=False)

    def _write_header(self, conn: Connection, t: Transcript, update: bool) -> None:
        row = session_row(t, self._trainee_id(conn, t.trainee))
        if update:
            conn.execute(self._upsert(sessions, ("id",), tuple(k for k in row if k != "id")), row)
        else:
            conn.execute(insert(sessions), row)

    def _write_turns(self, conn: Connection, session_id: str, items: Sequence[Turn], update: bool) -> None:
        if not items:
            return
        rows = [turn_row(session_id, t) for t in items]
        changed = tuple(k for k in rows[0] if k not in ("session_id", "idx")) if update else ()
        conn.execute(self._upsert(turns, ("session_id", "idx"), changed), rows)

    def _upsert(self, table: Any, keys: tuple[str, ...], changed: tuple[str, ...]) -> Insert:
        """INSERT that updates `changed` columns on a key conflict, or leaves the row alone if none are given."""
        stmt = (postgresql.insert if self._postgres else sqlite.insert)(table)
        if not changed:
            return stmt.on_conflict_do_nothing(index_elements=list(keys))
        return stmt.on_conflict_do_update(index_elements=list(keys), set_={k: stmt.excluded[k] for k in changed})

    def _trainee_id(self, conn: Connection, name: str | None) -> int | None:
        if name is None:
            return None
        query = select(trainees.c.id).where(trainees.c.name == name)
        found: int | None = conn.execute(query).scalar_one_or_none()
        if found is None:  # a new name; a concurrent session may be adding it too, hence DO NOTHING
            conn.execute(self._upsert(trainees, ("name",), ()), {"name": name, "created_at": now()})
            found = conn.execute(query).scalar_one()
        return found

    @staticmethod
    def _trainee_query(name: str) -> Any:
        return select(trainees.c.id).where(trainees.c.name == name).scalar_subquery()

    @staticmethod
    def _exists(conn: Connection, session_id: str) -> bool:
        return conn.execute(select(sessions.c.id).where(sessions.c.id == session_id)).first() is not None

    def _resolve(self, conn: Connection, given: str) -> str:
        if self._exists(conn, given):
            return given
        if len(given) < MIN_PREFIX:
            raise self._unknown(given, f"give the whole id or at least {MIN_PREFIX} characters (winwin history)")
        query = select(sessions.c.id).where(func.substr(sessions.c.id, 1, len(given)) == given).limit(11)
        found = list(conn.execute(query.order_by(sessions.c.id)).scalars())
        if not found:
            raise self._unknown(given, "winwin history lists the stored sessions")
        if len(found) > 1:
            shown = ", ".join(found[:10]) + (", ..." if len(found) > 10 else "")
            raise StoreError(f"{self.location}: {given!r} matches several sessions ({shown}); give more of the id")
        return str(found[0])

    @staticmethod
    def _turn_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
        query = select(turns.c.session_id, func.count()).where(turns.c.session_id.in_(ids)).group_by(turns.c.session_id)
        return {row[0]: row[1] for row in conn.execute(query)}

    @staticmethod
    def _scores_of(conn: Connection, ids: list[str]) -> dict[str, dict[str, float]]:
        query = select(scores).where(scores.c.session_id.in_(ids)).order_by(scores.c.session_id, scores.c.dimension)
        found: dict[str, dict[str, float]] = {}
        for r in conn.execute(query):
            found.setdefault(r.session_id, {})[r.dimension] = r.score
        return found

    def _unknown(self, session_id: str, hint: str) -> UnknownSessionError:
        return UnknownSessionError(f"{self.location}: no session {session_id!r}; {hint}")

    def _duplicate(self, session_id: str) -> StoreError:
        return StoreError(
            f"{self.location}: session {session_id!r} is already stored; nothing was imported "
            f"(`winwin export {session_id}` shows the stored one)"
        )

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turns a database failure into a StoreError that names the database and says what to do."""
        try:
            yield
        except exc.DBAPIError as e:
            raise StoreError(self._explain(doing, e)) from e
        except exc.TimeoutError as e:
            raise StoreError(f"{self.location}: {doing}: every database connection is busy; try again") from e

    def _explain(self, doing: str, error: exc.DBAPIError) -> str:
        reason = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0].rstrip(".")
        if self._password:
            reason = reason.replace(self._password, "***")
        return f"{self.location}: {doing}: {reason}. {self._advice(reason.lower(), error)}".rstrip()

    def _advice(self, reason: str, error: exc.DBAPIError) -> str:
        if self._postgres:
            if isinstance(error, exc.OperationalError):
                return f"Check that the PostgreSQL server is running and that {DATABASE_ENV} is right."
            return ""
        if "locked" in reason or "busy" in reason:
            return "Another program is using this file: close it (or wait for it to finish) and try again."
        if "not a database" in reason or "malformed" in reason or "encrypted" in reason:
            return (
                f"The file is damaged or is not a winwin database: move it aside (winwin then starts a new one) "
                f"or set {DATABASE_ENV} to use another database."
            )
        if "unable to open" in reason or "readonly" in reason or "read-only" in reason:
            return "Check that its folder exists and that you may write to it."
        if "disk" in reason or "full" in reason:
            return "Check that the disk has free space."
        return ""


def _as_datetime(since: date | datetime) -> datetime:
    if isinstance(since, datetime):
        return since if since.tzinfo is not None else since.replace(tzinfo=UTC)
    return datetime.combine(since, datetime.min.time(), tzinfo=UTC)


def _create_engine(url: URL, timeout: float) -> Engine:
    location = location_of(url)
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url, timeout)
        # Team databases sit behind networks that drop idle connections: check one before using it.
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": max(2, round(timeout))})
    except exc.ArgumentError as e:  # includes an unknown database kind
        raise StoreError(f"{location}: {e}; winwin speaks sqlite:///FILE and postgresql://...") from e
    except ImportError as e:
        raise StoreError(f"{location}: the database driver is not installed ({e}); install it and try again") from e


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"{database}: cannot create its folder {folder}: {e.strerror}; choose another place "
                f"with {DATABASE_ENV} or WINWIN_HOME"
            ) from e
    engine = create_engine(url, connect_args={"timeout": timeout})
    event.listen(engine, "connect", _sqlite_settings(timeout))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_settings(timeout: float) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, record: object) -> None:
        # pysqlite's own transaction handling would begin deferred transactions; winwin begins them itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {round(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _use_wal(cursor, time.monotonic() + timeout)
        # NORMAL: in WAL mode a commit survives a killed process (not a power cut) without an fsync per turn,
        # which keeps a turn's save well under a few milliseconds.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return on_connect


def _use_wal(cursor: sqlite3.Cursor, deadline: float) -> None:
    """WAL mode, so that readers never wait for the writer.

    Switching a new file to WAL needs it to itself, and SQLite reports "locked" at once rather than waiting when
    other processes open the same new file at the same moment: so wait here, up to the store's timeout.
    """
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _sqlite_begin(conn: Connection) -> None:
    # A write begun as a read fails at once (no waiting) when another writer got in first; IMMEDIATE waits its turn.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

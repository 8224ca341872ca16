"""Versioned changes to the store's schema: an append-only list of small named functions, applied in order.

Never edit or reorder a migration that has shipped: databases out there have applied it. Add a new one at the end.
Each migration declares the tables it creates itself (not from `store_schema`), so that later changes to the
current shape cannot change what an old step did.
"""

import zlib
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
    text,
)

from trainer.counterpart.transcript import now
from trainer.store.schema import schema_version

Migration = Callable[[Connection], None]

# One key for every winwin database on a server: PostgreSQL scopes advisory locks to the database anyway.
_ADVISORY_KEY = zlib.crc32(b"winwin-migrations")


def _sessions_stub(md: MetaData) -> Table:
    """The sessions table as later migrations refer to it (declared so foreign keys resolve, never created)."""
    return Table("sessions", md, Column("id", String, primary_key=True))


def create_base_tables(conn: Connection) -> None:
    md = MetaData()
    Table(
        "trainees",
        md,
        Column("id", Integer, primary_key=True),
        Column("name", Text, nullable=False, unique=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "sessions",
        md,
        Column("id", String, primary_key=True),
        Column("scenario", String, nullable=False),
        Column("persona", String, nullable=False),
        Column("seed", BigInteger, nullable=False),
        Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=True),
        Column("backend", Text, nullable=False),
        Column("started_at", DateTime(timezone=True), nullable=False),
        Column("ended_at", DateTime(timezone=True), nullable=True),
        Column("outcome", String(16), nullable=False),
        Column("outcome_terms", Text, nullable=False),
        Column("usage", Text, nullable=False),
        Column("parent", String, nullable=True),
        Column("parent_turn", Integer, nullable=True),
        Column("format_version", Integer, nullable=False),
    )
    Table(
        "turns",
        md,
        Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        Column("idx", Integer, primary_key=True, autoincrement=False),
        Column("speaker", String(16), nullable=False),
        Column("text", Text, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("acts", Text, nullable=False),
        Column("terms", Text, nullable=False),
        Column("ambiguous", Text, nullable=False),
        Column("moves", Text, nullable=False),
        Column("voice", String(16), nullable=True),
        Column("note", Text, nullable=True),
        Column("usage", Text, nullable=True),
    )
    md.create_all(conn)


def add_scorecards(conn: Connection) -> None:
    md = MetaData()
    _sessions_stub(md)
    Table(
        "scorecards",
        md,
        Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        Column("body", Text, nullable=False),
        Column("saved_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "scores",
        md,
        Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        Column("dimension", String(64), primary_key=True),
        Column("score", Float, nullable=False),
    )
    md.create_all(conn, tables=[md.tables["scorecards"], md.tables["scores"]])


def add_preparations(conn: Connection) -> None:
    md = MetaData()
    _sessions_stub(md)
    Table(
        "preparations",
        md,
        Column("session_id", String, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        Column("notes", Text, nullable=False),
        Column("saved_at", DateTime(timezone=True), nullable=False),
    )
    md.create_all(conn, tables=[md.tables["preparations"]])


def add_listing_indexes(conn: Connection) -> None:
    """`winwin history` lists the newest sessions, overall or for one trainee, scenario or persona."""
    for statement in (
        "CREATE INDEX ix_sessions_started ON sessions (started_at, id)",
        "CREATE INDEX ix_sessions_trainee_started ON sessions (trainee_id, started_at)",
        "CREATE INDEX ix_sessions_scenario_started ON sessions (scenario, started_at)",
        "CREATE INDEX ix_sessions_persona_started ON sessions (persona, started_at)",
        "CREATE INDEX ix_scores_dimension ON scores (dimension)",
    ):
        conn.execute(text(statement))


def add_readings_and_difficulty(conn: Connection) -> None:
    """What the counterpart heard in each trainee message, the trainee's correction, and the session's difficulty."""
    for statement in (
        "ALTER TABLE turns ADD COLUMN heard TEXT",
        "ALTER TABLE turns ADD COLUMN corrected TEXT",
        "ALTER TABLE sessions ADD COLUMN difficulty VARCHAR(16) NOT NULL DEFAULT 'normal'",
    ):
        conn.execute(text(statement))


MIGRATIONS: list[Migration] = [
    create_base_tables,
    add_scorecards,
    add_preparations,
    add_listing_indexes,
    add_readings_and_difficulty,
]


class SchemaTooNewError(Exception):
    """The database was migrated by a newer winwin than this one."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than this winwin knows ({len(MIGRATIONS)})")
        self.found = found


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    version: int = conn.execute(select(func.coalesce(func.max(schema_version.c.version), 0))).scalar_one()
    if version > len(MIGRATIONS):
        raise SchemaTooNewError(version)
    return version


def migrate(reader: Engine, writer: Engine) -> list[str]:
    """Applies the pending migrations in one transaction; returns their names. Safe with concurrent openers."""
    with reader.connect() as conn:
        if current_version(conn) == len(MIGRATIONS):
            return []
    # `writer` begins with BEGIN IMMEDIATE on SQLite, so a second opener waits here; PostgreSQL needs a lock.
    with writer.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_ADVISORY_KEY)))
        schema_version.create(conn, checkfirst=True)
        done = current_version(conn)
        pending = list(enumerate(MIGRATIONS, start=1))[done:]
        for version, migration in pending:
            migration(conn)
            conn.execute(insert(schema_version).values(version=version, name=migration.__name__, applied_at=now()))
        return [m.__name__ for _, m in pending]

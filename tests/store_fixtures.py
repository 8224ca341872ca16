"""Shared fixtures of the store tests: a fresh database per test, on SQLite and on a real PostgreSQL.

Test modules load these with `pytest_plugins = ["tests.store_fixtures"]`. PostgreSQL is WINWIN_TEST_DATABASE_URL
if set (a server where the user may create databases), else a throwaway cluster started here with Debian's
binaries and stopped at the end of the run. A missing PostgreSQL fails the tests: it is never skipped.

PYTEST_DONT_REWRITE: test modules import the helpers below before pytest loads this file as a plugin, too late
for pytest to rewrite its asserts (it has none), which pytest would otherwise warn about.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import URL

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import BackendInfo, TokenUsage, Transcript, Turn, new_id
from trainer.store.database import Store, parse_url

INSTALL_HINT = "install Debian's postgresql: apt-get install -y postgresql, or set WINWIN_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgresql"]
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PostgresServer:
    """A server on which the tests may create and drop databases."""

    url: URL

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        libpq = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(libpq, autocommit=True)

    @contextmanager
    def database(self) -> Iterator[str]:
        """A new empty database for one test, dropped afterwards."""
        name = f"winwin_test_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        try:
            yield self.url.set(database=name).render_as_string(hide_password=False)
        finally:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def bin_dir() -> Path:
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        pytest.fail(f"PostgreSQL is needed by the store tests: {INSTALL_HINT}", pytrace=False)
    return Path(max(found, key=lambda p: int(Path(p).parts[-3]))).parent


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        extra = log.read_text(errors="replace")[-2000:] if log is not None and log.exists() else ""
        pytest.fail(f"{what} failed ({done.returncode}): {done.stderr.strip()}\n{extra}", pytrace=False)


@contextmanager
def throwaway_cluster() -> Iterator[URL]:
    """A PostgreSQL cluster in a temp folder on a free loopback port, with durability off (it is thrown away)."""
    binaries = bin_dir()
    root = Path(tempfile.mkdtemp(prefix="winwin-pg-"))
    # initdb refuses to run as root: run the cluster as the postgres user, in a folder it owns.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    data, log, port = root / "data", root / "server.log", _free_port()
    settings = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    pg_ctl = [*as_postgres, str(binaries / "pg_ctl"), "-D", str(data)]
    try:
        _run(
            [
                *as_postgres,
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        _run([*pg_ctl, "-l", str(log), "-w", "-t", "30", "-o", settings, "start"], "pg_ctl start", log)
        try:
            yield URL.create(
                "postgresql+psycopg", username="postgres", host="127.0.0.1", port=port, database="postgres"
            )
        finally:
            subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, check=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    given = os.environ.get("WINWIN_TEST_DATABASE_URL", "").strip()
    if given:
        yield PostgresServer(parse_url(given))
        return
    with throwaway_cluster() as url:
        yield PostgresServer(url)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a new PostgreSQL database (started only when needed)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'winwin.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.database() as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store.open(database_url) as opened:
        yield opened


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'winwin.db'}"


# Synthetic sessions: every field of a turn filled, and text that says whose turn it is, so mix-ups show.

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def make_turn(session_id: str, index: int) -> Turn:
    at = T0 + timedelta(seconds=index)
    if index % 2 == 0:
        return Turn(
            index=index,
            speaker="counterpart",
            text=f"{session_id} says {index}",
            at=at,
            voice="offline",
            moves=[
                Move(kind="anchor", terms={"price": "p5000", "training": "none"}),
                Move(kind="reveal", interest="staff-turnover"),
            ],
        )
    return Turn(
        index=index,
        speaker="trainee",
        text=f"{session_id} asks {index}?",
        at=at,
        acts=["question", "open_question"],
        terms={"price": "p4750"},
        ambiguous=["cheap"],
        usage=TokenUsage(prompt_tokens=index, completion_tokens=1),
        note="a note",
    )


def make_transcript(
    turn_count: int = 4,
    *,
    session_id: str | None = None,
    trainee: str | None = "Ana",
    scenario: str = "pos-boutique",
    persona: str = "anchorer",
    started_at: datetime = T0,
) -> Transcript:
    t = Transcript(
        id=session_id or new_id(),
        scenario=scenario,
        persona=persona,
        seed=7,
        trainee=trainee,
        started_at=started_at,
        backend=BackendInfo(kind="openai", model="m", base_url_host="localhost", prompt_hash="abc"),
    )
    t.turns = [make_turn(t.id, i) for i in range(turn_count)]
    return t

"""The store on SQLite and on a real PostgreSQL: round trips, listing, scorecards, migrations, faults, concurrency."""

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect

from tests import store_fixtures
from tests.helpers import make_persona, make_scenario
from tests.store_fixtures import REPO, T0, make_transcript, make_turn
from trainer.bench.store import bench_store
from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Outcome, TokenUsage, Transcript, Turn
from trainer.reading.acts import ACTS
from trainer.store.database import SessionSummary, Store, StoreError, UnknownSessionError, parse_url
from trainer.store.migrations import MIGRATIONS
from trainer.store.schema import metadata

pytest_plugins = ["tests.store_fixtures"]


def play(store: Store, session_id: str, turn_count: int, trainee: str = "Ana") -> Transcript:
    """A synthetic session saved the way `winwin play` saves one: header, each turn as it is taken, the end."""
    t = make_transcript(0, session_id=session_id, trainee=trainee)
    store.start_session(t)
    for i in range(turn_count):
        turn = make_turn(session_id, i)
        t.turns.append(turn)
        store.save_turn(session_id, turn)
    t.outcome = Outcome(status="deal", terms={"price": "p4750"})
    t.ended_at = t.started_at + timedelta(minutes=5)
    store.finish_session(t)
    return t


def assert_intact(store: Store, session_id: str, turn_count: int) -> None:
    loaded = store.load(session_id)
    assert [t.index for t in loaded.turns] == list(range(turn_count))
    assert loaded.turns == [make_turn(session_id, i) for i in range(turn_count)]


# Round trips


def test_saved_session_loads_back_equal(store: Store) -> None:
    t = play(store, "roundtrip01", 6)
    t.parent, t.parent_turn = "parent0001", 3
    t.usage = TokenUsage(prompt_tokens=10, completion_tokens=20)
    store.finish_session(t)
    assert store.load(t.id) == t


def test_start_session_stores_turns_it_already_has_and_can_be_repeated(store: Store) -> None:
    t = make_transcript(3)
    store.start_session(t)
    t.trainee = "Ben"
    store.start_session(t)
    assert store.load(t.id) == t
    assert store.trainee_names() == ["Ana", "Ben"]


def test_save_turn_is_idempotent_and_turns_load_in_order(store: Store) -> None:
    t = make_transcript(0)
    store.start_session(t)
    for i in (2, 0, 1):
        store.save_turn(t.id, make_turn(t.id, i))
    store.save_turn(t.id, make_turn(t.id, 1).model_copy(update={"text": "said again"}))
    loaded = store.load(t.id)
    assert [turn.index for turn in loaded.turns] == [0, 1, 2]
    assert loaded.turns[1].text == "said again"


def test_finish_session_stores_the_end_and_turns_not_saved_yet(store: Store) -> None:
    t = make_transcript(2)
    store.start_session(t)
    t.turns += [make_turn(t.id, 2), make_turn(t.id, 3)]
    t.outcome = Outcome(status="walk_away")
    t.ended_at = T0 + timedelta(minutes=9)
    t.usage = TokenUsage(prompt_tokens=5, completion_tokens=6)
    store.finish_session(t)
    assert store.load(t.id) == t


def test_nul_characters_are_stored_as_replacement_characters(store: Store) -> None:
    t = make_transcript(1, trainee="A\x00na")
    t.turns[0].text = "hello\x00there"
    store.start_session(t)
    loaded = store.load(t.id)
    assert loaded.turns[0].text == "hello\ufffdthere"
    assert loaded.trainee == "A\ufffdna"


words = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
times = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)


@st.composite
def transcripts(draw: st.DrawFn) -> Transcript:
    count = draw(st.integers(0, 5))
    turns = [
        Turn(
            index=i,
            speaker=draw(st.sampled_from(["trainee", "counterpart"])),
            text=draw(words),
            at=draw(times),
            acts=draw(st.lists(st.sampled_from(ACTS), max_size=3)),
            terms=draw(st.dictionaries(words, words, max_size=3)),
            moves=[Move(kind="counter", terms=draw(st.dictionaries(words, words, max_size=2)))],
            note=draw(st.none() | words),
        )
        for i in range(count)
    ]
    return Transcript(
        scenario=draw(words),
        persona=draw(words),
        seed=draw(st.integers(-(2**63), 2**63 - 1)),
        trainee=draw(st.none() | words),
        started_at=draw(times),
        turns=turns,
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(t=transcripts())
def test_any_transcript_round_trips(store: Store, t: Transcript) -> None:
    store.import_transcript(t)
    assert store.load(t.id) == t


def test_a_session_saves_each_turn_as_it_is_taken_through_its_hook(database_url: str) -> None:
    with Store.open(database_url) as store:
        session = Session(make_scenario(), make_persona("anchorer"), seed=1, on_turn=store.record)
        session.transcript.trainee = "Ana"
        session.start()
        for line in ["How does your team learn new systems?", "$1,500 with full training?", "I accept"]:
            session.reply(line)
            assert store.load(session.transcript.id) == session.transcript
        session.end()  # the trainee hangs up: no turn, so `winwin play` stores the end itself
        store.finish_session(session.transcript)
        assert store.load(session.transcript.id) == session.transcript
        assert session.transcript.ended_at is not None
    # Another process (a resume) records the next turn of a stored session: its first call rewrites the header.
    with Store.open(database_url) as store:
        resumed = store.load(session.transcript.id)
        resumed.turns.append(make_turn(resumed.id, len(resumed.turns)))
        store.record(resumed, resumed.turns[-1])
        assert store.load(resumed.id) == resumed


# Finding sessions


def test_load_by_prefix_and_clear_errors_for_short_unknown_or_ambiguous_ids(store: Store) -> None:
    for sid in ("abcdef01", "abcdef02", "zzzzzz01"):
        store.start_session(make_transcript(1, session_id=sid))
    assert store.load("zzzzzz").id == "zzzzzz01"
    assert store.resolve_id("abcdef02") == "abcdef02"
    with pytest.raises(UnknownSessionError, match="at least 6 characters"):
        store.load("zzzzz")
    with pytest.raises(UnknownSessionError, match="no session 'nothere'"):
        store.load("nothere")
    with pytest.raises(StoreError, match="abcdef01, abcdef02") as caught:
        store.load("abcdef")
    assert not isinstance(caught.value, UnknownSessionError)


def test_list_sessions_newest_first_with_filters_turns_and_scores(store: Store) -> None:
    specs = [
        ("s1", "Ana", "pos", "anchorer", 0),
        ("s2", "Ben", "pos", "nibbler", 1),
        ("s3", "Ana", "saas", "nibbler", 2),
        ("s4", None, "saas", "anchorer", 3),
        ("s5", "Ana", "pos", "anchorer", 4),
    ]
    for sid, trainee, scenario, persona, day in specs:
        store.start_session(
            make_transcript(
                day + 1,
                session_id=f"{sid}-0000",
                trainee=trainee,
                scenario=scenario,
                persona=persona,
                started_at=T0 + timedelta(days=day),
            )
        )
    store.save_scorecard("s3-0000", "{}", {"mutual_gain": 0.5, "active_listening": 0.25})

    def ids(found: list[SessionSummary]) -> list[str]:
        return [s.id[:2] for s in found]

    assert ids(store.list_sessions()) == ["s5", "s4", "s3", "s2", "s1"]
    assert ids(store.list_sessions(trainee="Ana")) == ["s5", "s3", "s1"]
    assert ids(store.list_sessions(scenario="saas")) == ["s4", "s3"]
    assert ids(store.list_sessions(persona="nibbler", trainee="Ben")) == ["s2"]
    assert ids(store.list_sessions(since=date(2026, 3, 3))) == ["s5", "s4", "s3"]
    assert ids(store.list_sessions(since=T0 + timedelta(days=3, hours=1))) == ["s5"]
    assert ids(store.list_sessions(limit=2)) == ["s5", "s4"]
    assert ids(store.list_sessions(trainee="Nobody")) == []
    s3 = store.list_sessions(scenario="saas")[1]
    assert (s3.turns, s3.trainee, s3.outcome) == (3, "Ana", "open")
    assert s3.scores == {"active_listening": 0.25, "mutual_gain": 0.5}


# Scorecards, preparation, progress, import


def test_scorecard_is_stored_as_written_and_replaced(store: Store) -> None:
    t = play(store, "scored0001", 2)
    assert store.load_scorecard(t.id) is None
    store.save_scorecard(t.id, '{"dimensions": {"a": 1}}', {"a": 1.0, "b": 2.0})
    store.save_scorecard(t.id, '{"dimensions": {}}', {"a": 0.5})
    assert store.load_scorecard(t.id) == '{"dimensions": {}}'
    assert store.load_scores(t.id) == {"a": 0.5}
    with pytest.raises(UnknownSessionError):
        store.save_scorecard("missing001", "{}", {})
    with pytest.raises(ValueError, match="JSON"):
        store.save_scorecard(t.id, "not json", {})
    with pytest.raises(ValueError, match="finite"):
        store.save_scorecard(t.id, "{}", {"a": float("nan")})


def test_preparation_notes_round_trip(store: Store) -> None:
    t = play(store, "prepared01", 1)
    assert store.load_preparation(t.id) == {}
    store.save_preparation(t.id, {"goal": "a deal over 40 points", "questions": "How do you train staff?"})
    store.save_preparation(t.id, {"goal": "changed"})
    assert store.load_preparation(t.id) == {"goal": "changed"}
    with pytest.raises(UnknownSessionError):
        store.save_preparation("missing001", {})


def test_progress_charts_each_dimension_oldest_first(store: Store) -> None:
    for day, (sid, trainee, score) in enumerate([("late", "Ana", 0.9), ("early", "Ana", 0.3), ("other", "Ben", 0.1)]):
        started = T0 + timedelta(days=5 - day)
        store.start_session(make_transcript(1, session_id=f"{sid}-001", trainee=trainee, started_at=started))
        store.save_scorecard(f"{sid}-001", "{}", {"mutual_gain": score, "active_listening": score / 2})
    progress = store.progress("Ana")
    assert [p.dimension for p in progress] == ["active_listening", "mutual_gain"]
    assert [(p.session_id, p.score) for p in progress[1].points] == [("early-001", 0.3), ("late-001", 0.9)]
    assert store.progress("Nobody") == []


def test_import_refuses_an_id_that_is_stored(store: Store) -> None:
    t = make_transcript(3)
    store.import_transcript(t)
    changed = t.model_copy(update={"scenario": "other"})
    with pytest.raises(StoreError, match="already stored"):
        store.import_transcript(changed)
    assert store.load(t.id) == t
    twice = make_transcript(0)
    twice.turns = [make_turn(twice.id, 0), make_turn(twice.id, 0)]
    with pytest.raises(ValueError, match="same index"):
        store.import_transcript(twice)


def test_a_turn_for_an_unknown_session_is_refused(store: Store) -> None:
    with pytest.raises(UnknownSessionError, match="start_session"):
        store.save_turn("missing001", make_turn("missing001", 0))


# Migrations


def test_migrations_are_recorded_once_and_build_the_declared_schema(database_url: str) -> None:
    Store.open(database_url).close()
    Store.open(database_url).close()
    engine = create_engine(parse_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version, name FROM schema_version ORDER BY version").all()
            found = inspect(conn)
            for table in metadata.sorted_tables:
                columns = {c["name"]: c["nullable"] for c in found.get_columns(table.name)}
                assert columns == {c.name: c.nullable for c in table.columns}, table.name
                indexes = {
                    i["name"]: i["column_names"]
                    for i in found.get_indexes(table.name)
                    if str(i["name"]).startswith("ix_")
                }
                assert indexes == {i.name: [c.name for c in i.columns] for i in table.indexes}, table.name
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [(n, m.__name__) for n, m in enumerate(MIGRATIONS, start=1)]


def test_a_database_from_a_newer_winwin_is_refused(database_url: str) -> None:
    Store.open(database_url).close()
    engine = create_engine(parse_url(database_url))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO schema_version VALUES ({len(MIGRATIONS) + 1}, 'future', '2030-01-01')")
    engine.dispose()
    with pytest.raises(StoreError, match="newer winwin"):
        Store.open(database_url)


def test_concurrent_openers_apply_the_migrations_once(database_url: str) -> None:
    barrier = threading.Barrier(8)

    def open_and_close() -> None:
        barrier.wait()
        Store.open(database_url).close()

    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(open_and_close) for _ in range(8)]:
            future.result()
    engine = create_engine(parse_url(database_url))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar_one() == len(MIGRATIONS)
    engine.dispose()


# Concurrency: 20 sessions at once, every turn kept and in its own session


def test_twenty_threads_save_every_turn(store: Store) -> None:
    ids = [f"thread-{n:02d}" for n in range(20)]
    barrier = threading.Barrier(len(ids))

    def session(n: int) -> None:
        barrier.wait()
        play(store, ids[n], 15, trainee=f"T{n % 4}")

    with ThreadPoolExecutor(len(ids)) as pool:
        for future in [pool.submit(session, n) for n in range(len(ids))]:
            future.result()
    for sid in ids:
        assert_intact(store, sid, 15)
    assert len(store.list_sessions(limit=100)) == 20
    assert store.trainee_names() == ["T0", "T1", "T2", "T3"]


def _process_session(url: str, session_id: str, turn_count: int, barrier: "threading.Barrier") -> None:
    # Every process opens the fresh database at the same moment, so they also race to migrate it.
    barrier.wait()
    with Store.open(url) as store:
        play(store, session_id, turn_count, trainee=f"P{int(session_id[-2:]) % 3}")


def test_twenty_processes_save_every_turn(database_url: str) -> None:
    # fork: the children start in milliseconds; elsewhere spawn is the safe default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context("spawn")
    barrier = context.Barrier(20)
    ids = [f"process-{n:02d}" for n in range(20)]
    workers = [context.Process(target=_process_session, args=(database_url, sid, 6, barrier)) for sid in ids]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * 20
    with Store.open(database_url) as store:
        for sid in ids:
            assert_intact(store, sid, 6)


# Kill and resume

_SAVER = """
import sys, time
from tests.store_fixtures import make_transcript, make_turn
from trainer.store.database import Store

store = Store.open(sys.argv[1])
t = make_transcript(0, session_id="killed-0001")
store.start_session(t)
for i in range(10_000):
    store.save_turn(t.id, make_turn(t.id, i))
    print(i, flush=True)
    time.sleep(0.002)
"""


def test_a_killed_session_keeps_its_saved_turns_and_resumes(database_url: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _SAVER, database_url],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    assert child.stderr is not None
    reported = []
    for line in child.stdout:
        reported.append(int(line))
        if len(reported) == 12:
            break
    else:
        pytest.fail(f"the saving process stopped before the kill: {child.stderr.read()}")
    os.kill(child.pid, signal.SIGKILL)
    reported += [int(line) for line in child.stdout]  # saved before the kill, printed just after
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with Store.open(database_url) as store:
        resumed = store.load("killed-")
        saved = len(resumed.turns)
        # Everything reported is there; at most the turn in flight (saved, not yet printed) is extra.
        assert reported[-1] + 1 <= saved <= reported[-1] + 2
        assert_intact(store, resumed.id, saved)
        store.save_turn(resumed.id, make_turn(resumed.id, saved))
        assert_intact(store, resumed.id, saved + 1)


# Faults: where the database is, damaged or locked SQLite files, unreachable servers


def test_default_database_is_a_sqlite_file_in_the_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WINWIN_DATABASE_URL", raising=False)
    monkeypatch.setenv("WINWIN_HOME", str(tmp_path / "new" / "home"))
    with Store.open() as store:
        store.start_session(make_transcript(1))
    path = tmp_path / "new" / "home" / "winwin.db"
    assert store.location == str(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    monkeypatch.setenv("WINWIN_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    with Store.open() as store:
        assert store.location == str(tmp_path / "other.db")


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "winwin.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a winwin database") as caught:
        Store.open(f"sqlite:///{path}")
    assert str(caught.value).startswith(str(path))


def test_a_damaged_database_is_named(sqlite_url: str, tmp_path: Path) -> None:
    with Store.open(sqlite_url) as store:
        for _ in range(30):
            store.start_session(make_transcript(10))
    path = tmp_path / "winwin.db"
    data = bytearray(path.read_bytes())
    data[4096 : len(data)] = b"\xff" * (len(data) - 4096)  # every page but the first
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as caught, Store.open(sqlite_url) as store:
        store.list_sessions()
    assert str(path) in str(caught.value)


def test_a_locked_database_is_named(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "winwin.db"
    with Store.open(sqlite_url) as store:
        store.start_session(make_transcript(1, session_id="locked-0001"))
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(sqlite_url, timeout=0.2) as store:
            with pytest.raises(StoreError, match="Another program is using this file") as caught:
                store.save_turn("locked-0001", make_turn("locked-0001", 1))
            assert str(caught.value).startswith(str(path))
            assert store.load("locked-0001").turns == [make_turn("locked-0001", 0)]  # WAL: readers still read
    finally:
        blocker.close()


def test_a_database_locked_before_opening_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    blocker = sqlite3.connect(path, isolation_level=None)  # a rollback-journal file: a writer blocks readers too
    blocker.execute("CREATE TABLE notes (x)")
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("INSERT INTO notes VALUES (1)")
    try:
        with pytest.raises(StoreError, match=f"^{path}: opening the store: database is locked"):
            Store.open(f"sqlite:///{path}", timeout=0.2)
    finally:
        blocker.close()


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot create its folder"):
        Store.open(f"sqlite:///{tmp_path / 'file' / 'winwin.db'}")


def test_urls_are_checked_and_postgres_means_psycopg() -> None:
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("no url here")
    with pytest.raises(StoreError, match="winwin speaks"):
        Store.open("nosuchdb://x/y")


def test_missing_postgresql_binaries_fail_the_run_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("glob.glob", lambda pattern: [])
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y postgresql, or set WINWIN_TEST_DATABASE_URL"):
        store_fixtures.bin_dir()


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql://winwin:s3cret-pw@127.0.0.1:1/winwin", timeout=2)
    message = str(caught.value)
    assert message.startswith("postgresql+psycopg://winwin:***@127.0.0.1:1/winwin: opening the store:")
    assert "s3cret-pw" not in message
    assert "PostgreSQL server is running" in message


def test_bench_reports_turn_saves_and_listing(tmp_path: Path) -> None:
    figures = bench_store(tmp_path)
    assert set(figures) == {
        "store_turn_save_p50_ms",
        "store_turn_save_p95_ms",
        "store_list_newest_50_of_10000_ms",
        "store_list_newest_50_of_10000_one_trainee_ms",
    }
    # The targets are for `winwin bench` on a quiet machine; here only that the figures are sane.
    assert 0 < figures["store_turn_save_p50_ms"] <= figures["store_turn_save_p95_ms"]
    assert figures["store_list_newest_50_of_10000_ms"] > 0

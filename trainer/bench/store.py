"""The store's figures for `winwin bench`: saving a turn, and listing the newest sessions of a long history.

Targets (SQLite): a turn saved in 5 ms at p95; the newest 50 of 10,000 stored sessions listed in 100 ms.
"""

import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Outcome, Transcript, Turn, now
from trainer.store.database import Store
from trainer.store.schema import scores, session_row, sessions, trainees, turn_row, turns

SAVED_SESSIONS, TURNS_PER_SAVED_SESSION = 20, 20  # 400 turn saves
STORED_SESSIONS, TURNS_PER_STORED_SESSION = 10_000, 10
LIST_RUNS = 5
DIMENSIONS = ("interest_discovery", "active_listening", "mutual_gain", "tactic_handling")
_TEXT = "That works for the price, but how does your team usually get up to speed on a new till system? " * 2


def bench_store(tmpdir: Path | str) -> dict[str, float]:
    """Milliseconds: turn save p50/p95, and the worst of a few listings of the newest 50 of 10,000 sessions."""
    folder = Path(tmpdir)
    p50, p95 = _turn_saves(f"sqlite:///{folder / 'bench-turns.db'}")
    history_url = f"sqlite:///{folder / 'bench-history.db'}"
    _fill_history(history_url)
    return {
        "store_turn_save_p50_ms": p50,
        "store_turn_save_p95_ms": p95,
        "store_list_newest_50_of_10000_ms": _listing(history_url, None),
        "store_list_newest_50_of_10000_one_trainee_ms": _listing(history_url, "trainee-3"),
    }


def _turn(index: int) -> Turn:
    if index % 2:
        return Turn(
            index=index,
            speaker="trainee",
            text=_TEXT,
            acts=["question", "open_question", "interest_probe"],
            terms={"price": "p1500", "training": "full"},
        )
    moves = [Move(kind="counter", terms={"price": "p2000", "training": "basic", "payment": "upfront"})]
    return Turn(index=index, speaker="counterpart", text=_TEXT, moves=moves, voice="offline")


def _turn_saves(url: str) -> tuple[float, float]:
    took: list[float] = []
    with Store.open(url) as store:
        for _ in range(SAVED_SESSIONS):
            t = Transcript(scenario="pos-boutique", persona="anchorer", trainee="bench")
            store.start_session(t)
            for i in range(TURNS_PER_SAVED_SESSION):
                turn = _turn(i)
                started = time.perf_counter()
                store.save_turn(t.id, turn)
                took.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(took, n=100)
    return cuts[49], cuts[94]


def _fill_history(url: str) -> None:
    """10,000 finished, scored sessions, written in one go (the store's own path takes a transaction each)."""
    Store.open(url).close()  # the schema
    start = now() - timedelta(days=400)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(trainees), [{"name": f"trainee-{k}", "created_at": start} for k in range(20)])
        trainee_ids = list(conn.execute(select(trainees.c.id).order_by(trainees.c.name)).scalars())
        header_rows, turn_rows = _history_rows(start, trainee_ids)
        conn.execute(insert(sessions), header_rows)
        conn.execute(insert(turns), turn_rows)
        conn.execute(
            insert(scores),
            [{"session_id": h["id"], "dimension": d, "score": 0.5} for h in header_rows for d in DIMENSIONS],
        )
    engine.dispose()


def _history_rows(start: datetime, trainee_ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    header_rows: list[dict[str, Any]] = []
    turn_rows: list[dict[str, Any]] = []
    template = [turn_row("x", _turn(i)) for i in range(TURNS_PER_STORED_SESSION)]
    for n in range(STORED_SESSIONS):
        t = Transcript(
            scenario=f"scenario-{n % 7}",
            persona=f"persona-{n % 5}",
            started_at=start + timedelta(hours=n),
            outcome=Outcome(status="deal", terms={"price": "p1500"}),
        )
        header_rows.append(session_row(t, trainee_ids[n % len(trainee_ids)]))
        turn_rows += [row | {"session_id": t.id} for row in template]
    return header_rows, turn_rows


def _listing(url: str, trainee: str | None) -> float:
    took: list[float] = []
    with Store.open(url) as store:
        for _ in range(LIST_RUNS):
            started = time.perf_counter()
            found = store.list_sessions(trainee=trainee, limit=50)
            took.append((time.perf_counter() - started) * 1000)
            if len(found) != 50:
                raise RuntimeError(f"the benchmark listed {len(found)} sessions, not 50")
    return max(took)

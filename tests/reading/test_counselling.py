"""Reflections in whole counselling sessions, against labels the detector was not written from.

Two sets of motivational-interviewing sessions were written for this project by sessions that never saw the detector,
each turn labelled as a MITI coder would (one main behaviour per turn), half of them good practice and half poor:
- `counselling_spoken.jsonl`: 16 sessions as transcripts read (fillers, "you know", plain reflections). It was
  measured once, after the detector's rules were written, and never used to change them.
- `counselling_written.jsonl`: 24 sessions with terse, literary reflections ("Worrying about the worrying."); the
  reflection rules of December 2026 were checked against it, so it guards against regressions rather than measures.

A good listener reflects far more often than a poor one, so the share of turns read as reflections must rank every
session by its quality, the way human codes do.
"""

import json
from pathlib import Path

import pytest

from trainer.reading.acts import ContextTurn, detect_acts

DATA = Path(__file__).parent / "data"


def _read(name: str) -> list[tuple[dict[str, object], bool]]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        (row, "reflection" in detect_acts(row["text"], [ContextTurn(**turn) for turn in row["context"]]))
        for row in rows
    ]


def _f1(found: list[tuple[dict[str, object], bool]]) -> float:
    gold = ["reflection" in row["gold"] for row, _ in found]  # type: ignore[operator]
    tp = sum(g and a for g, (_, a) in zip(gold, found, strict=True))
    return 2 * tp / (sum(gold) + sum(a for _, a in found))


def _auc(found: list[tuple[dict[str, object], bool]]) -> float:
    """Chance that a good session has a higher reflection rate than a poor one (ties count half)."""
    turns: dict[str, list[bool]] = {}
    quality: dict[str, object] = {}
    for row, said_back in found:
        turns.setdefault(str(row["transcript"]), []).append(said_back)
        quality[str(row["transcript"])] = row["quality"]
    rate = {session: sum(flags) / len(flags) for session, flags in turns.items()}
    high = [rate[s] for s in rate if quality[s] == "high"]
    low = [rate[s] for s in rate if quality[s] == "low"]
    return sum((h > lo) + 0.5 * (h == lo) for h in high for lo in low) / (len(high) * len(low))


@pytest.mark.parametrize(
    ("name", "least_f1", "least_auc"),
    [("counselling_spoken.jsonl", 0.65, 0.90), ("counselling_written.jsonl", 0.50, 0.75)],
)
def test_reflections_rank_sessions_by_quality(name: str, least_f1: float, least_auc: float) -> None:
    found = _read(name)
    assert _f1(found) >= least_f1
    assert _auc(found) >= least_auc


def test_the_measures_can_fail() -> None:
    found = _read("counselling_spoken.jsonl")
    never = [(row, False) for row, _ in found]
    always = [(row, True) for row, _ in found]
    assert _auc(never) == 0.5
    assert _f1(always) < 0.65  # marking every turn a reflection does not pass
    assert _f1(never) == 0.0

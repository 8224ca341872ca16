"""`winwin bench`: the speed and memory figures the issues set targets for, measured on this machine."""

import json
import resource
import statistics
import time
from collections.abc import Callable
from itertools import cycle

from pydantic import BaseModel

from trainer.library import Library
from trainer.trainees import TRAINEE_KINDS


class BenchResult(BaseModel):
    name: str
    value: float
    unit: str
    target: str | None = None
    ok: bool | None = None


Bench = Callable[[Library], list[BenchResult]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_counterpart(library: Library, min_turns: int = 1000) -> list[BenchResult]:
    """Reply latency over self-play: hear, decide and speak, per trainee turn."""
    from trainer.session import Session
    from trainer.trainees import make_trainee

    latencies: list[float] = []
    combos = cycle(
        [(s, p, k) for s in library.scenarios.values() for p in library.personas.values() for k in TRAINEE_KINDS]
    )
    seed = 0
    while len(latencies) < min_turns:
        scenario, persona, kind = next(combos)
        session, trainee = Session(scenario, persona, seed=seed), make_trainee(kind, scenario, seed)
        session.start()
        seed += 1
        for _ in range(40):
            line = trainee.say(session)
            if line is None or session.ended:
                break
            started = time.perf_counter()
            session.reply(line)
            latencies.append((time.perf_counter() - started) * 1000)
    p95 = percentile(latencies, 0.95)
    return [
        BenchResult(
            name=f"counterpart reply p50 ({len(latencies)} turns)", value=statistics.median(latencies), unit="ms"
        ),
        BenchResult(name="counterpart reply p95", value=p95, unit="ms", target="<= 20 ms", ok=p95 <= 20),
    ]


_SAMPLES = [
    ("What matters most to you in this deal?", "We need it running before the holidays."),
    ("So the timing is what worries you most?", "Yes, we can't afford downtime in December."),
    ("I can do $4,750 if you sign for two years.", "That's still above my budget."),
    ("I understand, that sounds stressful.", "It has been a tough year for the shop."),
    ("Deal.", "Great, $5,000 with training included."),
    ("How did you arrive at that number?", "That's what the market pays."),
]


def bench_annotate(library: Library, n: int = 3000) -> list[BenchResult]:
    from trainer.annotate import annotate_lines

    lines = [
        json.dumps({"id": str(i), "text": text, "context": [{"speaker": "other", "text": other}]})
        for i, (text, other) in zip(range(n), cycle(_SAMPLES), strict=False)
    ]
    started = time.perf_counter()
    count = sum(1 for _ in annotate_lines(lines))
    rate = count / (time.perf_counter() - started)
    return [BenchResult(name="annotate throughput", value=rate, unit="utterances/s", target=">= 200", ok=rate >= 200)]


def peak_memory() -> BenchResult:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BenchResult(name="peak memory (whole bench)", value=peak_mb, unit="MB")


def bench_store(library: Library) -> list[BenchResult]:
    import tempfile

    from trainer.store_bench import bench_store as measure

    with tempfile.TemporaryDirectory() as folder:
        ms = measure(folder)
    p95, listing = ms["store_turn_save_p95_ms"], ms["store_list_newest_50_of_10000_ms"]
    return [
        BenchResult(name="store turn save p50 (SQLite)", value=ms["store_turn_save_p50_ms"], unit="ms"),
        BenchResult(name="store turn save p95 (SQLite)", value=p95, unit="ms", target="<= 5 ms", ok=p95 <= 5),
        BenchResult(
            name="store newest 50 of 10,000 sessions", value=listing, unit="ms", target="<= 100 ms", ok=listing <= 100
        ),
    ]


def bench_llm(library: Library) -> list[BenchResult]:
    from trainer.llm_bench import bench_llm as measure  # langchain loads only when this bench runs

    return measure(library)


def bench_score(library: Library) -> list[BenchResult]:
    from trainer.score_bench import bench_score as measure

    return measure(library)


def bench_app(library: Library) -> list[BenchResult]:
    from trainer.app_bench import bench_app as measure  # streamlit loads only when this bench runs

    return measure(library)


BENCHES: dict[str, Bench] = {
    "counterpart": bench_counterpart,
    "annotate": bench_annotate,
    "store": bench_store,
    "score": bench_score,
    "llm": bench_llm,
    "app": bench_app,
}


def run(library: Library, names: list[str] | None = None) -> list[BenchResult]:
    results: list[BenchResult] = []
    for name, bench in BENCHES.items():
        if names is None or name in names:
            results += bench(library)
    return [*results, peak_memory()]


def render(results: list[BenchResult]) -> str:
    rows = [f"{'measure':48} {'value':>12} {'unit':14} {'target':12} ok"]
    for r in results:
        ok = "" if r.ok is None else ("yes" if r.ok else "NO")
        rows.append(f"{r.name:48} {r.value:12.2f} {r.unit:14} {r.target or '':12} {ok}")
    return "\n".join(rows)

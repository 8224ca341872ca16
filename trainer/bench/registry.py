"""`winwin bench`: the speed and memory figures the issues set targets for, measured on this machine.

Each bench lives in its own module and is imported only when it runs (langchain and streamlit load only then).
"""

from trainer.bench.result import Bench, BenchResult, peak_memory
from trainer.files.library import Library


def bench_counterpart(library: Library) -> list[BenchResult]:
    from trainer.bench.counterpart import bench_counterpart as measure

    return measure(library)


def bench_read(library: Library) -> list[BenchResult]:
    from trainer.bench.reading import bench_read as measure

    return measure(library)


def bench_annotate(library: Library) -> list[BenchResult]:
    from trainer.bench.reading import bench_annotate as measure

    return measure(library)


def bench_store(library: Library) -> list[BenchResult]:
    import tempfile

    from trainer.bench.store import bench_store as measure

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
    from trainer.bench.llm import bench_llm as measure  # langchain loads only when this bench runs

    return measure(library)


def bench_score(library: Library) -> list[BenchResult]:
    from trainer.bench.score import bench_score as measure

    return measure(library)


def bench_app(library: Library) -> list[BenchResult]:
    from trainer.bench.app import bench_app as measure  # streamlit loads only when this bench runs

    return measure(library)


BENCHES: dict[str, Bench] = {
    "counterpart": bench_counterpart,
    "annotate": bench_annotate,
    "read": bench_read,
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

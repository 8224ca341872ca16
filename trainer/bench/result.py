"""What every bench returns, and how the results are shown."""

import resource
from collections.abc import Callable

from pydantic import BaseModel

from trainer.files.library import Library


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


def peak_memory() -> BenchResult:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BenchResult(name="peak memory (whole bench)", value=peak_mb, unit="MB")


def render(results: list[BenchResult]) -> str:
    rows = [f"{'measure':48} {'value':>12} {'unit':14} {'target':12} ok"]
    for r in results:
        ok = "" if r.ok is None else ("yes" if r.ok else "NO")
        rows.append(f"{r.name:48} {r.value:12.2f} {r.unit:14} {r.target or '':12} {ok}")
    return "\n".join(rows)

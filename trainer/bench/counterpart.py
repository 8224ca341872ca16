"""The counterpart's reply latency over self-play."""

import statistics
import time
from itertools import cycle

from trainer.bench.result import BenchResult, percentile
from trainer.files.library import Library
from trainer.selfplay.trainees import TRAINEE_KINDS


def bench_counterpart(library: Library, min_turns: int = 1000) -> list[BenchResult]:
    """Reply latency over self-play: hear, decide and speak, per trainee turn."""
    from trainer.counterpart.session import Session
    from trainer.selfplay.trainees import make_trainee

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

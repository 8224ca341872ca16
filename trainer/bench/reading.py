"""How fast messages are read: the act detectors over dialogue lines."""

import json
import time
from itertools import cycle

from trainer.bench.result import BenchResult
from trainer.files.library import Library

_SAMPLES = [
    ("What matters most to you in this deal?", "We need it running before the holidays."),
    ("So the timing is what worries you most?", "Yes, we can't afford downtime in December."),
    ("I can do $4,750 if you sign for two years.", "That's still above my budget."),
    ("I understand, that sounds stressful.", "It has been a tough year for the shop."),
    ("Deal.", "Great, $5,000 with training included."),
    ("How did you arrive at that number?", "That's what the market pays."),
]


def bench_annotate(library: Library, n: int = 3000) -> list[BenchResult]:
    from trainer.reading.annotate import annotate_lines

    lines = [
        json.dumps({"id": str(i), "text": text, "context": [{"speaker": "other", "text": other}]})
        for i, (text, other) in zip(range(n), cycle(_SAMPLES), strict=False)
    ]
    started = time.perf_counter()
    count = sum(1 for _ in annotate_lines(lines))
    rate = count / (time.perf_counter() - started)
    return [BenchResult(name="annotate throughput", value=rate, unit="utterances/s", target=">= 200", ok=rate >= 200)]

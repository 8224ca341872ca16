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


# Trainee messages as salespeople type them, each with the turn before it, over every bundled scenario.
_MESSAGES = [
    ("I can do $5,250 with a one-year support plan if you pay upfront.", "What's your best price?"),
    ("48k won't work for us, I'm afraid.", "We'd sign at $48,000 today."),
    ("How did you get to that number?", "Forty a case, that's the market."),
    ("Let's split the difference.", "I need you at $44 a case."),
    ("$4,500 a month, three years, premium tier and on-site onboarding?", "What can you do?"),
    ("So what matters most is that someone picks up when it breaks.", "The helpline never answered."),
    ("Same as before, but with weekly deliveries instead.", "Deliveries every two weeks won't do."),
    ("Okay, I hear you.", "Take it or leave it."),
]


def bench_read(library: Library, n: int = 2000) -> list[BenchResult]:
    """`winwin read`'s reader: messages read per second, terms and acts, with the context turn."""
    from trainer.reading.acts import ContextTurn
    from trainer.reading.message import forget_readings, read_message

    scenarios = list(library.scenarios.values())
    work = [
        (text, scenarios[i % len(scenarios)], [ContextTurn(speaker="other", text=other)])
        for i, (text, other) in zip(range(n), cycle(_MESSAGES), strict=False)
    ]
    started = time.perf_counter()
    for text, scenario, context in work:
        forget_readings()  # every message read from cold: the samples repeat, real messages do not
        read_message(text, scenario, context)
    rate = n / (time.perf_counter() - started)
    return [BenchResult(name="read throughput", value=rate, unit="messages/s", target=">= 200", ok=rate >= 200)]

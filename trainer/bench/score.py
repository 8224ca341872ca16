"""The scorer's figure for `winwin bench`: transcripts scored per second, offline, over self-play transcripts.

Target: at least 100 transcripts a second, each read from its JSON text, scored and written as scorecard JSON (what
`winwin score --json` does for a file, without the disk).
"""

import time

from trainer.bench.result import BenchResult
from trainer.counterpart.transcript import Transcript
from trainer.files.library import Library
from trainer.reading.message import forget_readings
from trainer.scoring.evaluator import score_transcript
from trainer.selfplay.simulate import run_session
from trainer.selfplay.trainees import TRAINEE_KINDS

SEEDS = 2
MIN_SECONDS = 1.0
MIN_SCORED = 200
TARGET = 100.0


def bench_score(library: Library) -> list[BenchResult]:
    texts = _transcripts(library)
    scored, started = 0, time.perf_counter()
    while scored < MIN_SCORED or time.perf_counter() - started < MIN_SECONDS:
        for text in texts:
            forget_readings()  # each transcript is read from cold, as `winwin score` reads a file it has not seen
            transcript = Transcript.model_validate_json(text)
            card = score_transcript(
                transcript, library.scenario(transcript.scenario), library.persona(transcript.persona)
            )
            card.to_json()
            scored += 1
    rate = scored / (time.perf_counter() - started)
    return [
        BenchResult(
            name=f"score throughput ({len(texts)} self-play transcripts)",
            value=rate,
            unit="transcripts/s",
            target=f">= {TARGET:g}",
            ok=rate >= TARGET,
        )
    ]


def _transcripts(library: Library) -> list[str]:
    """Self-play of every scenario, persona and scripted trainee: the mix of short and long calls users make."""
    return [
        run_session(scenario, persona, kind, seed).transcript.model_dump_json()
        for scenario in library.scenarios.values()
        for persona in library.personas.values()
        for kind in TRAINEE_KINDS
        for seed in range(SEEDS)
    ]

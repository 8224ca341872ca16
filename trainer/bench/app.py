"""`winwin bench --only app`: a chat turn of the app on the offline backend, and the app's cold start."""

import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import cycle

from trainer.app.server import APP, streamlit_command
from trainer.bench.result import BenchResult, percentile
from trainer.files.library import Library

TURN_TARGET_MS = 200
COLD_START_TARGET_S = 2.0
LINES = [
    "What matters most to you in this deal?",
    "So the timing is what worries you most?",
    "How did you arrive at that number?",
    "I understand, that sounds stressful.",
    "Who else will be using the system day to day?",
    "How does the timing of the payments fit with everything else this season?",
]
# Everything the router and the pages import, so a fresh process pays for all of it.
APP_MODULES = [
    "streamlit",
    "trainer.app.nav",
    "trainer.app.calls",
    "trainer.app.practice_view",
    "trainer.app.review_view",
    "trainer.app.scoring",
    "trainer.app.persona_form",
    "trainer.app.endpoint",
]


@contextmanager
def _own_home() -> Iterator[None]:
    """A throwaway winwin folder and store, so the bench never touches the user's sessions."""
    saved = {k: os.environ.get(k) for k in ("WINWIN_HOME", "WINWIN_DATABASE_URL", "WINWIN_BACKEND")}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["WINWIN_HOME"] = folder
        for name in ("WINWIN_DATABASE_URL", "WINWIN_BACKEND"):
            os.environ.pop(name, None)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def chat_turns(turns: int = 40) -> list[float]:
    """Milliseconds per chat turn, each an AppTest rerun of the Practice page with a new line in the chat input."""
    from streamlit.testing.v1 import AppTest

    # AppTest warns, for every app it makes, that it runs outside a server; that is the point here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    timings: list[float] = []
    lines = cycle(LINES)
    at = AppTest.from_file(APP, default_timeout=30).run()
    while len(timings) < turns:
        if not at.chat_input:  # a new call (the last one ended); not timed
            for label in ("Practise again", "Start the call"):
                for button in at.button:
                    if button.label == label:
                        button.click().run()
                        break
            continue
        started = time.perf_counter()
        at.chat_input[0].set_value(next(lines)).run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings[1:]  # the first turn pays for one-time imports


def import_seconds() -> float:
    """Wall time of a fresh Python process that imports everything the app's pages import."""
    code = "import " + ", ".join(APP_MODULES)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def server_seconds(timeout: float = 30.0) -> float:
    """Seconds from starting the Streamlit server on the app until its health endpoint answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    started = time.perf_counter()
    server = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise TimeoutError(f"the app server did not answer within {timeout:.0f}s")
    finally:
        server.terminate()
        server.wait(timeout=10)


def first_page_seconds() -> float:
    """Wall time of a fresh Python process that imports the app and renders its first page (AppTest)."""
    code = f"from streamlit.testing.v1 import AppTest; AppTest.from_file({str(APP)!r}, default_timeout=30).run()"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def bench_app(library: Library) -> list[BenchResult]:
    with _own_home():
        turns = chat_turns()
        imported, first_page, server = import_seconds(), first_page_seconds(), server_seconds()
    p50, p95 = statistics.median(turns), percentile(turns, 0.95)
    return [
        BenchResult(name=f"app chat turn p50 (AppTest, {len(turns)} turns)", value=p50, unit="ms"),
        _target("app chat turn p95 (AppTest rerun)", p95, "ms", TURN_TARGET_MS),
        _target("app cold start: import (fresh process)", imported, "s", COLD_START_TARGET_S),
        _target("app cold start: first page (fresh process)", first_page, "s", COLD_START_TARGET_S),
        BenchResult(name="app server answers its health check", value=server, unit="s"),
    ]


def _target(name: str, value: float, unit: str, most: float) -> BenchResult:
    return BenchResult(name=name, value=value, unit=unit, target=f"<= {most:g} {unit}", ok=value <= most)


if __name__ == "__main__":
    from trainer.bench.result import render
    from trainer.files.library import load_library

    print(render(bench_app(load_library())))

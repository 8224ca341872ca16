"""A progress bar on stderr for long work; silent when stderr is not a terminal."""

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    def __init__(self, total: int, what: str, stream: TextIO | None = None) -> None:
        # Looked up when used, not when defined: the process may have replaced sys.stderr since.
        self.total, self.what, self.stream = max(total, 1), what, stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.live = self.stream.isatty()
        self._shown = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.live and (now - self._shown > 0.1 or self.done >= self.total):
            self._shown = now
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.what}")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self.live:
            self.stream.write("\n")
        took = time.monotonic() - self.started
        self.stream.write(f"{self.done} {self.what} in {took:.1f} s\n")

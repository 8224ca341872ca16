"""A turn's deadline over a streamed request.

A read timeout does not bound a stream: a server that sends an SSE ping every 15 s (llama.cpp, sse-starlette) resets
it forever. So the request's own timeout is cut to the time left (that bounds connecting and waiting for the
headers), and once the stream is open a timer shuts its socket at the deadline. Shutting the socket ends the blocked
read at once and tells the server the client has gone, so it can stop generating instead of running an abandoned
request in the background.
"""

import heapq
import itertools
import socket
import threading
import time
from typing import Any


class Deadline:
    """One moment (time.monotonic()) by which a turn's words must be complete; None means no limit."""

    def __init__(self, at: float | None) -> None:
        self.at = at
        self.fired = False
        self._armed: Any = None  # the open stream's response, while the watchdog holds it

    @classmethod
    def after(cls, seconds: float | None) -> "Deadline":
        return cls(None if seconds is None else time.monotonic() + seconds)

    def left(self) -> float | None:
        """Seconds left (never negative), or None when there is no deadline."""
        return None if self.at is None else max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        left = self.left()
        return left is not None and left <= 0

    def timeout(self, timeout: float) -> float:
        """The request timeout to use: the configured one, or the time left if that is shorter."""
        left = self.left()
        return timeout if left is None else max(0.01, min(timeout, left))

    def arm(self, response: Any) -> None:
        """Shut the open stream's socket when the deadline comes."""
        if self.at is None:
            return
        self._armed = response
        _WATCHDOG.watch(self)

    def disarm(self) -> None:
        self._armed = None

    def cut(self) -> None:
        """Called by the watchdog at the deadline: ends the stream still armed, if any."""
        response, self._armed = self._armed, None
        if response is None:
            return
        self.fired = True
        sock = _socket_of(response)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
            else:  # a transport without a socket to reach: closing the response is the next best thing
                response.close()
        except OSError:
            pass  # already closed: the stream ended just as the deadline came


class _Watchdog:
    """One thread for every deadline in the process: starting a timer thread per stream costs milliseconds on a busy
    machine, right before the first token."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, deadline: Deadline) -> None:
        assert deadline.at is not None
        with self._wake:
            heapq.heappush(self._due, (deadline.at, next(self._order), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="winwin-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._wake.wait(self._due[0][0] - time.monotonic() if self._due else None)
                _, _, deadline = heapq.heappop(self._due)
            deadline.cut()


_WATCHDOG = _Watchdog()


def _socket_of(response: Any) -> socket.socket | None:
    """The socket under an httpx response (httpcore keeps it as the 'network_stream' extension)."""
    stream = getattr(response, "extensions", {}).get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    return sock if isinstance(sock, socket.socket) else None

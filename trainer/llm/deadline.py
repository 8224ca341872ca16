"""A turn's deadline over a streamed request.

A read timeout does not bound a stream: a server that sends an SSE ping every 15 s (llama.cpp, sse-starlette) resets
it forever. So the request's own timeout is cut to the time left (that bounds connecting and waiting for the
headers), and once the stream is open a timer shuts its socket at the deadline. Shutting the socket ends the blocked
read at once and tells the server the client has gone, so it can stop generating instead of running an abandoned
request in the background.
"""

import socket
import threading
import time
from typing import Any


class Deadline:
    """One moment (time.monotonic()) by which a turn's words must be complete; None means no limit."""

    def __init__(self, at: float | None) -> None:
        self.at = at
        self.fired = False
        self._timer: threading.Timer | None = None

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
        left = self.left()
        if left is None:
            return
        self._timer = threading.Timer(left, self._cut, (response,))
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _cut(self, response: Any) -> None:
        self.fired = True
        sock = _socket_of(response)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
            else:  # a transport without a socket to reach: closing the response is the next best thing
                response.close()
        except OSError:
            pass  # already closed: the stream ended just as the deadline came


def _socket_of(response: Any) -> socket.socket | None:
    """The socket under an httpx response (httpcore keeps it as the 'network_stream' extension)."""
    stream = getattr(response, "extensions", {}).get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    return sock if isinstance(sock, socket.socket) else None

"""A local OpenAI-compatible server for the LLM-path tests: real HTTP on 127.0.0.1, `/v1/chat/completions` streamed
(SSE) and not, structured output (response_format json_schema, or tool calls), scripted replies, every request body
recorded, and faults on demand: delays, 429 with Retry-After, 5xx, dropped connections, streams cut mid-reply,
empty replies and malformed JSON."""

import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Fault = Literal["drop", "cut", "malformed", "empty", "no_finish"]
Body = dict[str, Any]


@dataclass
class Reply:
    """One scripted answer: text (the JSON for a structured request), or a fault."""

    text: str = "Fine."
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before anything is sent
    token_delay: float = 0.0  # between streamed chunks
    fault: Fault | None = None
    cut_after: int = 2  # streamed chunks sent before a "cut"
    usage: bool = True  # send usage (when the client asks for it in a stream)


Script = Callable[[Body], "Reply | str"]


class FakeOpenAI:
    """Serves scripted replies in order (then `default`), or whatever `script(body)` returns."""

    def __init__(self, replies: Iterable["Reply | str"] = (), default: "Reply | str" = "Fine.") -> None:
        self.queue: deque[Reply | str] = deque(replies)
        self.default = default
        self.script: Script | None = None
        self.bodies: list[Body] = []
        self.raw: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.times: list[float] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _handler(self))
        # A short poll, so that stopping the server (once per test) takes milliseconds, not half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def push(self, *replies: "Reply | str") -> None:
        with self._lock:
            self.queue.extend(replies)

    def everything_sent(self) -> str:
        """Every request body, decoded, as one string: what a scan for leaks reads."""
        return "\n".join(b.decode("utf-8") for b in self.raw)

    def next_reply(self, body: Body, raw: bytes, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.bodies.append(body)
            self.raw.append(raw)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            reply = self.script(body) if self.script else self.queue.popleft() if self.queue else self.default
        return reply if isinstance(reply, Reply) else Reply(text=reply)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout test, a cut) is expected here; anything else is a bug worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def free_port() -> int:
    """A port nothing listens on (for 'connection refused')."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def words(text: str) -> list[str]:
    """Token-like pieces: each word with its leading space, as models stream them."""
    return re.findall(r"\s*\S+", text) or [text]


def _handler(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers: streams use chunked encoding

        def setup(self) -> None:
            super().setup()
            # Without this, a reply written in two pieces waits out the client's delayed ACK (40 ms) on loopback.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read the recorded bodies instead."""

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not self.path.endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            body = json.loads(raw)
            reply = server.next_reply(body, raw, {k.lower(): v for k, v in self.headers.items()})
            time.sleep(reply.delay)
            if reply.fault == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.status != 200:
                self._json(reply.status, {"error": {"message": reply.text, "type": "fault"}}, reply.headers)
            elif body.get("stream"):
                self._stream(body, reply)
            else:
                self._complete(body, reply)

        def _json(self, status: int, data: Body, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            for k, v in {"Content-Type": "application/json", **(headers or {})}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _complete(self, body: Body, reply: Reply) -> None:
            if reply.fault == "malformed":
                payload = b'{"id": "x", "choices": [{"message": {"content": "oops'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            text = "" if reply.fault == "empty" else reply.text
            self._json(200, _completion(body, text))

        def _stream(self, body: Body, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for n, event in enumerate(_events(body, reply)):
                if reply.fault == "cut" and n > reply.cut_after:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)  # mid-reply, no closing chunk: the client sees a break
                    return
                self._chunk(f"data: {event}\n\n".encode())
                time.sleep(reply.token_delay)
            self._chunk(b"")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _base(body: Body) -> Body:
    return {"id": "chatcmpl-test", "created": int(time.time()), "model": body.get("model", "test-model")}


def _usage(body: Body, text: str) -> Body:
    prompt = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
    done = len(text.split())
    return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}


def _message(body: Body, text: str) -> Body:
    """Tool-call requests (langchain's function_calling) get the text as the call's arguments."""
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}
        return {"role": "assistant", "content": None, "tool_calls": [call]}
    return {"role": "assistant", "content": text}


def _completion(body: Body, text: str) -> Body:
    choice = {"index": 0, "message": _message(body, text), "finish_reason": "stop", "logprobs": None}
    return {**_base(body), "object": "chat.completion", "choices": [choice], "usage": _usage(body, text)}


def _events(body: Body, reply: Reply) -> Iterator[str]:
    base = {**_base(body), "object": "chat.completion.chunk"}

    def chunk(delta: Body, finish: str | None = None) -> str:
        return json.dumps({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    yield chunk({"role": "assistant", "content": ""})
    text = "" if reply.fault == "empty" else reply.text
    for piece in words(text) if text else []:
        yield chunk({"content": piece})
    if reply.fault == "malformed":
        yield '{"choices": [{"delta": {"content": "broken'
    if reply.fault != "no_finish":
        yield chunk({}, "stop")
    if reply.usage and body.get("stream_options", {}).get("include_usage"):
        yield json.dumps({**base, "choices": [], "usage": _usage(body, text)})
    yield "[DONE]"

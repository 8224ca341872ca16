"""A local OpenAI-compatible server for the LLM-path tests: real HTTP on 127.0.0.1, `/v1/chat/completions` streamed
(SSE) and not, structured output (response_format json_schema or json_object, or tool calls), scripted replies,
every request body recorded, and faults on demand: delays, 429 with Retry-After (negative and nan too), 5xx, dropped
connections, streams cut mid-reply, empty replies and malformed JSON.

It also behaves like the servers people run: SSE pings while a stream waits (llama.cpp and sse-starlette send one
every 15 s, which keeps a read timeout from ever firing), a single slot that goes on generating for a client that
has gone (so a retried request queues behind the abandoned one), a 500 for `response_format: json_schema` as
llama-cpp-python's server gives, and scripted models that leave out the decided move or agree to everything."""

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
    wait: float = 0.0  # a stream's silence after its headers, before the first token (pings fill it, if set)
    ping_every: float = 0.0  # seconds between SSE ping comments while a stream waits; 0 sends none


Script = Callable[[Body], "Reply | str"]


class FakeOpenAI:
    """Serves scripted replies in order (then `default`), or whatever `script(body)` returns."""

    def __init__(
        self,
        replies: Iterable["Reply | str"] = (),
        default: "Reply | str" = "Fine.",
        slots: int | None = None,
        refuse: Iterable[str] = (),
    ) -> None:
        """`slots`: how many requests generate at once (None: any number); a request waits for a free slot and
        keeps it until its whole reply is generated, even when its client has gone. `refuse`: structured-output
        forms answered with a 500 ('json_schema', 'json_object', 'tools'), and 'late_system': a system message after the
        first answered with a 400, as a Mistral chat template does."""
        self.queue: deque[Reply | str] = deque(replies)
        self.slots = threading.Semaphore(slots) if slots else None
        self.refuse = frozenset(refuse)
        self.abandoned = 0  # requests whose client hung up before the reply was complete
        self.pings = 0
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

    def next_reply(self, body: Body, raw: bytes, headers: dict[str, str], take: bool = True) -> Reply:
        """Records the request and gives the reply it gets (a refused request is recorded but takes none)."""
        with self._lock:
            self.bodies.append(body)
            self.raw.append(raw)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            if not take:
                return Reply()
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
            refused = _form(body) & server.refuse
            late_system = "late_system" in server.refuse and _system_after_start(body)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = server.next_reply(body, raw, headers, take=not (refused or late_system))
            if late_system:
                message = "Conversation roles must alternate user/assistant/user/assistant/..."  # Mistral's template
                self._json(400, {"error": {"message": message, "type": "BadRequestError"}})
                return
            if refused:
                # llama-cpp-python's own words for a response_format it does not take
                asked = ", ".join(sorted(refused))
                message = f"response_format.type: Input should be 'text' or 'json_object' ({asked})"
                self._json(500, {"error": {"message": message, "type": "internal_server_error"}})
                return
            if server.slots is None:
                self._answer(body, reply)
                return
            with server.slots:
                self._answer(body, reply)

        def _answer(self, body: Body, reply: Reply) -> None:
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
            try:
                self._wait(reply)
                for n, event in enumerate(_events(body, reply)):
                    if reply.fault == "cut" and n > reply.cut_after:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)  # mid-reply, no closing chunk: a break
                        return
                    self._chunk(f"data: {event}\n\n".encode())
                    time.sleep(reply.token_delay)
                self._chunk(b"")
            except OSError:  # the client hung up: a single-slot server goes on generating, as a real one can
                server.abandoned += 1
                self.close_connection = True
                time.sleep(reply.token_delay * len(words(reply.text)))

        def _wait(self, reply: Reply) -> None:
            """Silence before the first token, with a ping comment every `ping_every` seconds if set."""
            end = time.monotonic() + reply.wait
            while time.monotonic() < end:
                time.sleep(min(reply.ping_every or reply.wait, max(0.0, end - time.monotonic())))
                if reply.ping_every and time.monotonic() < end:
                    self._chunk(b": ping - keep-alive\r\n\r\n")
                    server.pings += 1

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _form(body: Body) -> set[str]:
    """The structured-output form a request asks for: 'json_schema', 'json_object' or 'tools' (or none)."""
    kind = (body.get("response_format") or {}).get("type")
    return ({kind} if kind in ("json_schema", "json_object") else set()) | ({"tools"} if body.get("tools") else set())


def _system_after_start(body: Body) -> bool:
    return any(m.get("role") == "system" for m in body.get("messages", [])[1:])


def omitting(body: Body) -> str:
    """A model that talks about anything but the decided move (as a tiny local model can)."""
    if body.get("response_format") or body.get("tools"):
        return json.dumps({"choices": []})
    return "I have a job interview tomorrow, so I spent the morning watching cat videos to calm down."


def agreeing(body: Body) -> str:
    """A model that agrees to whatever it is told (as a misbehaving server's model did)."""
    return ["Deal.", "I'll take it.", "Let's shake hands on that.", "Consider it sold for a buck."][
        len(body.get("messages", [])) % 4
    ]


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
    pieces = words(text) if text else []
    limit = body.get("max_tokens") or len(pieces)  # a word stands for a token: a long reply stops at max_tokens
    for piece in pieces[:limit]:
        yield chunk({"content": piece})
    if reply.fault == "malformed":
        yield '{"choices": [{"delta": {"content": "broken'
    if reply.fault != "no_finish":
        yield chunk({}, "length" if len(pieces) > limit else "stop")
    if reply.usage and body.get("stream_options", {}).get("include_usage"):
        yield json.dumps({**base, "choices": [], "usage": _usage(body, text)})
    yield "[DONE]"

"""`winwin bench --only llm`: the LLM path's figures, measured against a local OpenAI-compatible server it starts.

Time to first token: through winwin (hear the trainee with the offline reader, decide, build and trim the prompt,
stream through langchain) against a raw `openai` streaming call with the same messages, in alternating trials. The
server waits a fixed time before its first token, as a model does; the overhead is also shown in milliseconds.
Tokens: a 60-turn session's largest request against the budget, and its total against sending the full history.
The terms reader: how often self-play offers need it, and what a call costs in tokens and time.
"""

import json
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import cycle
from typing import Any

from trainer.bench.result import BenchResult
from trainer.counterpart.session import Session
from trainer.files.library import Library
from trainer.llm.chat import KEYLESS, OpenAIChat
from trainer.llm.reader import LLMReader, needs_model
from trainer.llm.tokens import DEFAULT_BUDGET
from trainer.llm.voice import LLMVoice
from trainer.reading.understanding import understand
from trainer.selfplay.trainees import TRAINEE_KINDS

MODEL_DELAY = 0.1  # seconds before a model's first token; a small hosted or local model takes this or more
TRIALS = 40
SESSION_TURNS = 60
# Replies of the length the prompt asks for (one to three sentences), so token counts are like a real call's.
_REPLIES = [
    "I hear what you are saying, and I appreciate that you are taking the time to understand how we work here. "
    "Let me be clear, though: the figure I gave you is what comparable shops are paying right now.",
    "That is a fair question. We have had a difficult season, and I would rather not repeat the mistakes we made "
    "with the last system, so whatever we agree has to hold up on a busy Saturday.",
    "Yes, that is right. My staff need to be able to use it without me standing over them, and I need someone "
    "to call when it breaks. Beyond that, I would like to keep this simple.",
]
_LINES = [
    "What matters most to you in this?",
    "So reliability is what worries you most?",
    "I understand, that sounds stressful.",
    "Tell me more about how your team works day to day.",
    "That makes sense. What happened with the old system?",
    "It sounds like timing is really important for you.",
]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    reply: Callable[[dict[str, Any]], str]
    delay: float

    def setup(self) -> None:
        super().setup()
        # Without this, a reply written in two pieces waits out the client's delayed ACK (40 ms) on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a bench prints only its figures."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        time.sleep(self.delay)
        text = type(self).reply(body)
        if body.get("stream"):
            self._stream(body, text)
            return
        message = {"role": "assistant", "content": text}
        data = {"id": "b", "object": "chat.completion", "created": 0, "model": body["model"]}
        data["choices"] = [{"index": 0, "message": message, "finish_reason": "stop"}]
        payload = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, body: dict[str, Any], text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        base = {"id": "b", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
        pieces = [{"content": w + " "} for w in text.split()]
        for delta, finish in [*((d, None) for d in pieces), ({}, "stop")]:
            event = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self._chunk(f"data: {json.dumps(event)}\n\n".encode())
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients close kept-alive connections when they are done; that is not an error worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def local_server(reply: Callable[[dict[str, Any]], str], delay: float) -> Iterator[str]:
    """An OpenAI-compatible server on 127.0.0.1 that answers `reply(body)` after `delay`; yields its base URL."""
    handler = type("Handler", (_Handler,), {"reply": staticmethod(reply), "delay": delay})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _canned(body: dict[str, Any]) -> str:
    if body.get("response_format"):
        return json.dumps({"choices": [{"issue": "price", "option": "p5000"}]})
    return _REPLIES[len(body.get("messages", [])) % len(_REPLIES)]


def bench_llm(library: Library) -> list[BenchResult]:
    return [*_ttft(library, MODEL_DELAY), *_ttft(library, 0.0), *_tokens(library), *_reader(library)]


def _ttft(library: Library, delay: float) -> list[BenchResult]:
    """Median time to first token through winwin and through a raw openai call, in alternating trials."""
    import openai

    scenario, persona = library.scenario("pos-boutique"), library.persona("anchorer")
    ours, raw = [], []
    with local_server(_canned, delay) as url:
        client = openai.OpenAI(base_url=url, api_key=KEYLESS, max_retries=0)
        voice = LLMVoice(scenario, persona, 0, OpenAIChat("gpt-4o-mini", base_url=url))
        lines = cycle(_LINES)
        for trial in range(TRIALS + 2):  # two warm-up trials: first connections, first template compile
            session = Session(scenario, persona, voice=voice)
            session.start()
            started = time.perf_counter()
            _, u = session.hear(next(lines))
            stream = session.stream(session.decide(u))
            next(chunk for chunk in stream if chunk)
            mine = time.perf_counter() - started
            for _ in stream:
                pass
            theirs = _raw_first_token(client, voice)
            if trial >= 2:
                ours.append(mine * 1000)
                raw.append(theirs * 1000)
        client.close()
    a, b = statistics.median(ours), statistics.median(raw)
    label = f"delay {delay * 1000:.0f} ms"
    results = [
        BenchResult(name=f"TTFT raw openai stream ({label})", value=b, unit="ms"),
        BenchResult(name=f"TTFT through winwin ({label})", value=a, unit="ms"),
        BenchResult(name=f"TTFT overhead of winwin ({label})", value=a - b, unit="ms"),
    ]
    if delay:
        ratio = a / b
        results.append(
            BenchResult(name=f"TTFT ratio ({label})", value=ratio, unit="x", target="<= 1.10", ok=ratio <= 1.1)
        )
    return results


def _raw_first_token(client: Any, voice: LLMVoice) -> float:
    """The same messages winwin just sent, through the bare SDK."""
    assert voice.last_request is not None
    messages = [m.model_dump() for m in voice.last_request.messages]
    started = time.perf_counter()
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)
    first = 0.0
    for chunk in stream:
        if not first and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - started
    return first


def _tokens(library: Library) -> list[BenchResult]:
    """One 60-turn session (listening lines, so it does not end early): its requests, trimmed and in full."""
    scenario, persona = library.scenario("pos-boutique"), library.persona("anchorer")
    sent, full = [], []
    with local_server(_canned, 0.0) as url:
        voice = LLMVoice(scenario, persona, 0, OpenAIChat("gpt-4o-mini", base_url=url))
        session = Session(scenario, persona, voice=voice)
        session.start()
        lines = cycle(_LINES)
        for _ in range(SESSION_TURNS + 1):
            if voice.last_request is not None:
                sent.append(voice.last_request.tokens)
                full.append(voice.last_request.full_tokens)
            if session.ended or len(sent) > SESSION_TURNS:
                break
            session.reply(next(lines))
    largest, budget = max(sent), f"<= {DEFAULT_BUDGET:,}"
    turns = len(session.transcript.trainee_turns())
    return [
        BenchResult(
            name=f"largest request ({turns} trainee turns)",
            value=largest,
            unit="tokens",
            target=budget,
            ok=largest <= DEFAULT_BUDGET,
        ),
        BenchResult(name="largest request with the full history", value=max(full), unit="tokens"),
        BenchResult(name="prompt tokens per session, trimmed", value=sum(sent), unit="tokens"),
        BenchResult(name="prompt tokens per session, full history", value=sum(full), unit="tokens"),
    ]


def _reader(library: Library) -> list[BenchResult]:
    """How often the model reader would run in self-play, and one call's tokens and time (local server)."""
    from trainer.selfplay.simulate import run_session

    asked = heard = 0
    scenario = library.scenario("pos-boutique")
    for persona in library.personas.values():
        for kind in TRAINEE_KINDS:
            for seed in range(3):
                for turn in run_session(scenario, persona, kind, seed).transcript.trainee_turns():
                    heard += 1
                    asked += needs_model(understand(turn.text, scenario))
    with local_server(_canned, 0.0) as url:
        reader = LLMReader(scenario, OpenAIChat("gpt-4o-mini", base_url=url))
        u = understand("I could do 5 if you sign today.", scenario)
        times = []
        for _ in range(10):
            started = time.perf_counter()
            reader.resolve(u, [])
            times.append((time.perf_counter() - started) * 1000)
    calls = reader.meter.requests
    prompt, completion = reader.meter.usage.prompt_tokens / calls, reader.meter.usage.completion_tokens / calls
    return [
        BenchResult(name="terms reader: self-play turns that need it", value=100 * asked / max(heard, 1), unit="%"),
        BenchResult(name="terms reader: prompt tokens per call", value=prompt, unit="tokens"),
        BenchResult(name="terms reader: completion tokens per call", value=completion, unit="tokens"),
        BenchResult(name="terms reader: call time (local server)", value=statistics.median(times), unit="ms"),
    ]

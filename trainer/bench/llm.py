"""`winwin bench --only llm`: the LLM path's figures, measured against a local OpenAI-compatible server it starts.

Time to first token: through winwin (hear the trainee with the offline reader, decide, build and trim the prompt,
stream) against a raw `openai` streaming call with the same messages, in alternating trials. The server waits a
fixed time before its first token, as a model does; the overhead is also shown in milliseconds.
Omissions: self-play calls against a model that leaves out the decided move (or wanders off it) two times in three:
how many stored turns lack a term or a reveal their move carries, counted by plain label search, not by the check.
Waiting: the longest a trainee waits for a counterpart turn on a hung server, a pinging one, and a single-slot one
that keeps running abandoned requests, against the turn deadline.
Tokens and caching: a 60-turn session's largest request against the budget, its total against sending the full
history, and how much of each request is a prefix of the one before (what a server's prompt cache can reuse).
The terms reader: how often self-play offers need it, and what a call costs in tokens and time.
"""

import json
import logging
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import cycle, pairwise
from typing import Any

from trainer.bench.result import BenchResult
from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.files.library import Library
from trainer.files.scenario import Scenario
from trainer.llm.chat import KEYLESS, OpenAIChat
from trainer.llm.check import CARRIES_TERMS
from trainer.llm.reader import LLMReader, needs_model, speaks_of_terms
from trainer.llm.tokens import DEFAULT_BUDGET, TokenCounter
from trainer.llm.voice import REGENERATE_TEMPERATURE, LLMVoice
from trainer.reading.understanding import understand
from trainer.selfplay.trainees import TRAINEE_KINDS

MODEL_DELAY = 0.1  # seconds before a model's first token; a small hosted or local model takes this or more
BENCH_DEADLINE = 2.0  # the turn deadline for the waiting figures (the setting's default is longer; the bound is alike)
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
    silence: float = 0.0  # after a stream's headers, before its first token
    ping_every: float = 0.0  # an SSE ping comment this often during the silence (llama.cpp: every 15 s)
    slot: "threading.Lock | None" = None  # one request generates at a time, finishing even if its client has gone
    bodies: list[dict[str, Any]]

    def setup(self) -> None:
        super().setup()
        # Without this, a reply written in two pieces waits out the client's delayed ACK (40 ms) on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a bench prints only its figures."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.bodies.append(body)
        if self.slot is None:
            self._answer(body)
            return
        with self.slot:
            self._answer(body)

    def _answer(self, body: dict[str, Any]) -> None:
        time.sleep(self.delay)
        text = type(self).reply(body)
        if body.get("stream"):
            try:
                self._stream(body, text)
            except OSError:  # the client hung up; a single-slot server finishes the request anyway
                time.sleep(self.silence)
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
        self._quiet()
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

    def _quiet(self) -> None:
        """The silence before the first token, with a ping comment every `ping_every` seconds if set."""
        end = time.monotonic() + self.silence
        while time.monotonic() < end:
            time.sleep(min(self.ping_every or self.silence, max(0.0, end - time.monotonic())))
            if self.ping_every:
                self._chunk(b": ping\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients close kept-alive connections when they are done; that is not an error worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def local_server(
    reply: Callable[[dict[str, Any]], str],
    delay: float,
    silence: float = 0.0,
    ping_every: float = 0.0,
    single_slot: bool = False,
    bodies: list[dict[str, Any]] | None = None,
) -> Iterator[str]:
    """An OpenAI-compatible server on 127.0.0.1 that answers `reply(body)` after `delay` (and a stream's first token
    after `silence` more, pinging if asked); it records each request body in `bodies`. Yields its base URL."""
    handler = type(
        "Handler",
        (_Handler,),
        {
            "reply": staticmethod(reply),
            "delay": delay,
            "silence": silence,
            "ping_every": ping_every,
            "slot": threading.Lock() if single_slot else None,
            "bodies": bodies if bodies is not None else [],
        },
    )
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
    # Fallbacks are the point of several figures here; their warnings would bury the table.
    logging.getLogger("trainer.llm").setLevel(logging.ERROR)
    return [
        *_ttft(library, MODEL_DELAY),
        *_ttft(library, 0.0),
        *_omissions(library),
        *_waiting(library),
        *_tokens(library),
        *_reader(library),
    ]


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
            BenchResult(name=f"TTFT ratio ({label})", value=ratio, unit="x", target="<= 1.05", ok=ratio <= 1.05)
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


def _omitting(body: dict[str, Any]) -> str:
    """A model that says the decided move one time in three, says part of it the next, and wanders off the third."""
    note = str(body["messages"][-1]["content"])
    asked = note.split("# What your next reply says", 1)[-1].split("\n# ", 1)[0]
    faithful = " ".join(line.removeprefix("- ") for line in asked.splitlines() if line.startswith("- "))
    turn = len(body["messages"]) // 2 + (1 if body.get("temperature") == REGENERATE_TEMPERATURE else 0)
    return [faithful, " ".join(faithful.split()[:5]), _OFF_TOPIC][turn % 3]


_OFF_TOPIC = "I have a job interview tomorrow, so I spent the morning watching cat videos to calm down."


def _omissions(library: Library) -> list[BenchResult]:
    """Self-play calls against a model that leaves out the move two times in three: what the transcripts hold."""
    from trainer.selfplay.simulate import run_session

    scenario = library.scenario("pos-boutique")
    omitted = kept = turns = 0
    with local_server(_omitting, 0.0) as url:
        chat = OpenAIChat("gpt-4o-mini", base_url=url)
        for persona in library.personas.values():
            for kind in TRAINEE_KINDS:
                voice = LLMVoice(scenario, persona, 0, chat)
                transcript = run_session(scenario, persona, kind, 0, voice=voice).transcript
                for turn in transcript.counterpart_turns():
                    turns += 1
                    kept += turn.voice == "llm"
                    omitted += any(_left_out(turn.text, m, scenario) for m in turn.moves)
    return [
        BenchResult(
            name=f"omitted moves stored (of {turns}, omitting model)",
            value=omitted,
            unit="turns",
            target="0",
            ok=omitted == 0,
        ),
        BenchResult(name="model's words kept (omitting model)", value=100 * kept / max(turns, 1), unit="%"),
    ]


def _left_out(text: str, move: Move, scenario: Scenario) -> bool:
    """By plain search, independent of the voice's check: a label of the decided terms, or the reveal, is missing."""
    said = text.lower()
    labels = [scenario.issue(k).option(v).label for k, v in move.terms.items()] if move.kind in CARRIES_TERMS else []
    missing = any(label.lower() not in said for label in labels)
    reveal = scenario.interest(move.interest).reveal if move.kind == "reveal" and move.interest else None
    return missing or (reveal is not None and reveal[:40].lower() not in said) or "cat videos" in said


def _waiting(library: Library) -> list[BenchResult]:
    """The longest a trainee waits for a counterpart turn on servers that never finish a reply in time."""
    servers = {
        "hung": {"delay": 60.0},
        "pinging": {"delay": 0.0, "silence": 60.0, "ping_every": 0.25},
        "single slot": {"delay": 0.0, "silence": 3 * BENCH_DEADLINE, "single_slot": True},
    }
    return [_wait_on(library, name, options) for name, options in servers.items()]


def _wait_on(library: Library, name: str, options: dict[str, Any]) -> BenchResult:
    scenario, persona = library.scenario("pos-boutique"), library.persona("anchorer")
    waits = []
    with local_server(_canned, **options) as url:
        voice = LLMVoice(scenario, persona, 0, OpenAIChat("gpt-4o-mini", base_url=url), turn_seconds=BENCH_DEADLINE)
        session = Session(scenario, persona, voice=voice)
        started = time.perf_counter()
        session.start()
        waits.append(time.perf_counter() - started)
        for line in _LINES[:2]:
            started = time.perf_counter()
            session.reply(line)
            waits.append(time.perf_counter() - started)
    target = BENCH_DEADLINE + 1
    return BenchResult(
        name=f"longest turn wait, {name} ({BENCH_DEADLINE:g} s deadline)",
        value=max(waits),
        unit="s",
        target=f"<= {target:g} s",
        ok=max(waits) <= target,
    )


def _prefix_share(bodies: list[dict[str, Any]], counter: TokenCounter) -> list[float]:
    """For each request after the first: the share of its tokens that open the request before it, as a server's
    prompt cache sees them (roles and contents in order)."""
    encoded = [
        [t for m in b["messages"] for t in counter.encoding.encode(f"<|{m['role']}|>{m['content']}<|end|>")]
        for b in bodies
        if b.get("stream")
    ]
    shares = []
    for before, now in pairwise(encoded):
        same = next(
            (i for i, (a, b) in enumerate(zip(before, now, strict=False)) if a != b), min(len(before), len(now))
        )
        shares.append(same / len(now))
    return shares


def _tokens(library: Library) -> list[BenchResult]:
    """One 60-turn session (listening lines, so it does not end early): its requests, trimmed and in full, and how
    much of each a server's prompt cache can reuse."""
    scenario, persona = library.scenario("pos-boutique"), library.persona("anchorer")
    sent, full = [], []
    bodies: list[dict[str, Any]] = []
    with local_server(_canned, 0.0, bodies=bodies) as url:
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
    shares = _prefix_share(bodies, voice.counter)
    mean = statistics.mean(shares)
    return [
        BenchResult(
            name=f"cacheable prefix share, mean ({len(shares)} requests)",
            value=mean,
            unit="share",
            target=">= 0.85",
            ok=mean >= 0.85,
        ),
        BenchResult(name="cacheable prefix share, lowest (at a trim)", value=min(shares), unit="share"),
        BenchResult(
            name="requests with a prefix share >= 0.85",
            value=100 * sum(x >= 0.85 for x in shares) / len(shares),
            unit="%",
        ),
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
                    u = understand(turn.text, scenario)
                    asked += needs_model(u) or speaks_of_terms(u)
    with local_server(_canned, 0.0) as url:
        reader = LLMReader(scenario, OpenAIChat("gpt-4o-mini", base_url=url))
        u = understand("Let us settle at 4875 and a year of support.", scenario)  # halfway between two options
        times = []
        for _ in range(10):
            started = time.perf_counter()
            reader.resolve(u, [])
            times.append((time.perf_counter() - started) * 1000)
    calls = reader.meter.requests
    prompt, completion = reader.meter.usage.prompt_tokens / calls, reader.meter.usage.completion_tokens / calls
    return [
        BenchResult(name="model reader: self-play messages it reads", value=100 * asked / max(heard, 1), unit="%"),
        BenchResult(name="terms reader: prompt tokens per call", value=prompt, unit="tokens"),
        BenchResult(name="terms reader: completion tokens per call", value=completion, unit="tokens"),
        BenchResult(name="terms reader: call time (local server)", value=statistics.median(times), unit="ms"),
    ]

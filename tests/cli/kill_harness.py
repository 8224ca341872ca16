"""Plays `winwin play` in a child process and kills it with SIGKILL mid-call, then compares what was shown with what
the store holds. Used by the kill test; also runnable by hand for more kills: python -m tests.cli.kill_harness 50."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from trainer.store.database import Store

LINES = [
    "Hi, thanks for calling. What matters most to you in this?",
    "How did you arrive at that number?",
    "Tell me more about your staff and how they work.",
    "So you're worried about the downtime, is that right?",
    "I could do $5,000 with a one-year support plan.",
    "What would a good outcome look like for you?",
    "I hear you. What else is on your mind?",
    "Could we talk about payment in instalments?",
]
PERSONA_NAME = "Dana Whitlock"  # the bundled anchorer, the play default


@dataclass
class KillResult:
    shown: list[str]  # counterpart replies that reached stdout
    stored: list[str]  # counterpart turns in the store
    trainee_stored: int

    @property
    def shown_not_stored(self) -> list[str]:
        return [r for r in self.shown if r not in self.stored]


def play_and_kill(home: Path, rng: random.Random) -> KillResult:
    env = {**os.environ, "WINWIN_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "trainer", "play", "--seed", str(rng.randrange(1000))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    out = child.stdout.fileno()
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(out, 65536), b"")))
    reader.start()
    try:
        _wait_for_opening(chunks)
        _type_then_kill(child, rng)
    finally:
        child.kill()
        child.wait()
        reader.join()
    return KillResult(_replies(b"".join(chunks).decode("utf-8", "replace")), *_stored(home))


def _wait_for_opening(chunks: list[bytes], timeout: float = 60.0) -> None:
    """Until the counterpart's opening line is out: typing starts in a running call, however slow the machine."""
    deadline = time.monotonic() + timeout
    while f"{PERSONA_NAME}: ".encode() not in b"".join(chunks):
        if time.monotonic() > deadline:
            raise TimeoutError("winwin play showed no opening line")
        time.sleep(0.02)


def _type_then_kill(child: "subprocess.Popen[bytes]", rng: random.Random) -> None:
    assert child.stdin is not None
    for _ in range(rng.randint(1, 12)):
        try:
            child.stdin.write((rng.choice(LINES) + "\n").encode())
            child.stdin.flush()
        except BrokenPipeError:
            return  # the call ended (a deal or a walk-away) and the process left
        time.sleep(rng.uniform(0.0, 0.05))
    time.sleep(rng.uniform(0.0, 0.1))
    child.send_signal(signal.SIGKILL)


def _replies(out: str) -> list[str]:
    prefix = f"{PERSONA_NAME}: "
    found = []
    for line in out.split("\n"):
        at = line.rfind(prefix)  # after a "You: " prompt on the same line, if any
        if at >= 0 and line[at + len(prefix) :].strip():
            found.append(line[at + len(prefix) :])
    return found


def _stored(home: Path) -> tuple[list[str], int]:
    if not (home / "winwin.db").exists():
        return [], 0
    with Store.open(f"sqlite:///{home / 'winwin.db'}") as store:
        sessions = store.list_sessions(limit=10)
        turns = [t for s in sessions for t in store.load(s.id).turns]
    return [t.text for t in turns if t.speaker == "counterpart"], sum(t.speaker == "trainee" for t in turns)


def main(kills: int) -> None:
    import tempfile

    rng = random.Random(16)
    lost = shown = 0
    for _ in range(kills):
        with tempfile.TemporaryDirectory() as home:
            result = play_and_kill(Path(home), rng)
        shown += len(result.shown)
        lost += len(result.shown_not_stored)
    print(f"{kills} kills: {shown} replies shown, {lost} shown but not stored")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

"""The app in a real browser: `winwin app` on localhost, driven by playwright through Debian's chromium.

Plays a short offline call (greeting, a question, an offer, agreement), ends on the scorecard, and saves screenshots
of the chat and the scorecard into test-artifacts/. Chromium comes from .ci/browser.sh; without it this test fails.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from trainer.app.server import APP, streamlit_command
from trainer.cli.app import register

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LINES = [
    "Hi Dana, thanks for meeting me. What matters most to you in this deal? **really**",
    "I can do $5,000 with a one-year support plan, training for all staff and three instalments",
    "Deal.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_health(url: str, server: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"winwin app exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"winwin app did not answer on {url} within {seconds:.0f}s")


def app_command(port: int) -> list[str]:
    """`winwin app` (python -m trainer app), or trainer.cli.app's own runner until cli.py registers the command."""
    from trainer.cli.main import build_parser

    commands = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    wired = any("app" in a.choices for a in commands)
    runner = ["-m", "trainer", "app"] if wired else ["-m", "trainer.cli.app"]
    return [sys.executable, *runner, "--port", str(port)]


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """`winwin app` on a free port, with its own winwin folder and the offline backend."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINWIN_", "OPENAI_"))}
    env["WINWIN_HOME"] = str(tmp_path)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(app_command(port), cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("chromium is not installed: run .ci/browser.sh (Debian's chromium and chromium-driver)")
    return found


def say(page: Page, text: str) -> None:
    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    expect(messages).to_have_count(before + 2, timeout=10_000)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=10_000)  # the rerun has finished


def test_a_short_call_in_a_real_browser(app_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(app_url)
        expect(page.get_by_role("heading", name="Practice a call")).to_be_visible(timeout=15_000)
        page.get_by_role("button", name="Start the call").click()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=10_000)
        for line in LINES:
            say(page, line)
        expect(page.get_by_text("**really**", exact=False)).to_be_visible()  # shown as typed, not as bold
        expect(page.get_by_text("Deal: $4,500", exact=False).first).to_be_visible()
        page.screenshot(path=ARTIFACTS / "chat.png")
        page.get_by_role("button", name="See the scorecard").click()
        expect(page.get_by_role("heading", name="Scorecard")).to_be_visible(timeout=15_000)
        expect(page.get_by_role("heading", name="Hidden interests")).to_be_visible()
        expect(page.locator(".vega-embed").first).to_be_visible(timeout=10_000)
        page.set_viewport_size({"width": 1400, "height": 2600})
        page.wait_for_timeout(500)
        page.screenshot(path=ARTIFACTS / "scorecard.png")
        browser.close()
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000
    assert (ARTIFACTS / "scorecard.png").stat().st_size > 10_000


def test_the_app_command_runs_streamlit_on_the_app() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["app", "--port", "9123"])
    assert (args.port, args.host) == (9123, "127.0.0.1")
    command = streamlit_command(args.port, args.host)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP)]
    assert command[5:7] == ["--server.port", "9123"]
    assert "--server.headless" in command
    with pytest.raises(SystemExit):
        parser.parse_args(["app", "--port", "0"])

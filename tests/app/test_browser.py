"""The app in a real browser: `winwin app` on localhost, driven by playwright through Debian's chromium.

Plays a short offline call (greeting, a question, an offer, agreement) to the scorecard, retries it from a turn and
finds the retry under its parent in History; makes a persona in the editor, plays a turn with it and deletes it; and
refuses a bad setting. Each page is saved as a screenshot in test-artifacts/ (CI keeps them) to be looked at.
Chromium comes from .ci/browser.sh; without it these tests fail.
"""

import argparse
import os
import re
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
from trainer.files.persona import MOVE_KINDS

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
# A reply that is a bare move name is an internal label on the screen.
MOVE_NAMES = {"greet", "anchor", "counter", "concede", "re_anchor", "re anchor", "nudge", "small_talk", "small talk"}
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


@pytest.fixture
def page(app_url: str) -> Iterator[Page]:
    """A chromium tab on the app."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1100})
        tab.goto(app_url)
        expect(tab.get_by_role("heading", name="Practice a call")).to_be_visible(timeout=15_000)
        settle(tab)
        yield tab
        browser.close()


def settle(page: Page) -> None:
    """Waits for the app's script run to finish (Streamlit marks it on the app's root)."""
    page.wait_for_timeout(250)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=15_000)


def snap(page: Page, name: str, height: int = 2600) -> Path:
    """A screenshot of the whole page (Streamlit scrolls inside its own frame, so the window is made tall)."""
    page.set_viewport_size({"width": 1400, "height": height})
    page.wait_for_timeout(600)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1400, "height": 1100})
    assert path.stat().st_size > 10_000
    return path


def visit(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    expect(page.get_by_role("heading", name="Practice a call" if title == "Practice" else title)).to_be_visible()
    settle(page)


def typed(page: Page, label: str, text: str, area: bool = False) -> None:
    """Types into a text input or area and commits it, as a user does (Enter; Ctrl+Enter in an area)."""
    box = page.locator(f'{"textarea" if area else "input"}[aria-label="{label}"]')
    box.fill(text)
    box.press("Control+Enter" if area else "Enter")
    settle(page)


def say(page: Page, text: str) -> None:
    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    expect(messages).to_have_count(before + 2, timeout=10_000)
    settle(page)


def refused(page: Page, text: str, why: str) -> None:
    """Sends a message the app must not send: the chat stays as it was, and a warning says why."""
    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    settle(page)
    expect(page.get_by_text(why, exact=False)).to_be_visible()
    expect(messages).to_have_count(before)


def replies(page: Page) -> list[str]:
    messages = page.get_by_test_id("stChatMessage").all()
    return [m.get_by_test_id("stMarkdownContainer").first.inner_text() for m in messages]


def test_a_short_call_and_a_retry_under_its_parent(page: Page) -> None:
    snap(page, "practice")
    page.get_by_role("button", name="Start the call").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=10_000)
    settle(page)
    refused(page, "   ", "Type something before you send")
    long = "We could really do a deal here. " * 700
    refused(page, long, f"Your message has {len(long.strip()):,} characters")
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_value(long)  # kept, not cut, not sent
    snap(page, "chat-refused", height=1100)
    for line in LINES:
        say(page, line)
    expect(page.get_by_text("**really**", exact=False)).to_be_visible()  # shown as typed, not as bold
    expect(page.get_by_text("Deal: $4,500", exact=False).first).to_be_visible()
    snap(page, "chat")
    page.get_by_role("button", name="See the scorecard").click()
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Hidden interests")).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible(timeout=10_000)
    settle(page)
    snap(page, "scorecard", height=4200)
    visit(page, "History")
    page.get_by_role("slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    settle(page)
    page.get_by_role("button", name="Retry from turn 3").click()
    expect(page.get_by_role("heading", name="Practice a call")).to_be_visible(timeout=15_000)
    settle(page)
    say(page, "What would make this an easy yes for you?")
    page.get_by_role("button", name="End call").click()
    page.get_by_role("button", name="Yes, end the call").click()
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible(timeout=15_000)  # scores the retry too
    settle(page)
    visit(page, "History")
    page.get_by_test_id("stSelectbox").filter(has_text="Session").click()
    options = [o.inner_text() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    assert len(options) == 2
    assert options[1].startswith("\u21b3 retry from turn 3 of the call of "), "the retry sits under its parent"
    expect(page.locator(".vega-embed")).to_have_count(1)  # progress over both scored sessions
    snap(page, "history", height=3000)


def test_a_persona_made_in_the_editor_plays_a_turn_and_is_deleted(page: Page) -> None:
    visit(page, "Personas")
    snap(page, "personas")
    page.get_by_role("button", name="New persona").click()
    settle(page)
    expect(page.get_by_text("To save, fill in: Id, Name, Description, Tone.")).to_be_visible()
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # no red before anything is typed
    snap(page, "persona-new", height=3600)
    typed(page, "Id (the file name)", "tough-buyer")
    typed(page, "Name", "Sam Tough")
    typed(page, "Description", "Pushes hard on price and never says why.")
    typed(page, "Tone", "Blunt and brief.")
    typed(page, "Greeting", "Hi, {name} here. Let's be quick.\nHello. I have ten minutes.", area=True)
    empty = f"Can be saved, but {len(MOVE_KINDS) - 1} of {len(MOVE_KINDS)} phrasebook sections are empty"
    expect(page.get_by_text(empty, exact=False)).to_be_visible()
    page.get_by_role("tab", name="YAML").click()
    yaml_box = page.locator('textarea[aria-label="The persona as YAML"]')
    expect(yaml_box).to_have_value(re.compile(r"name: Sam Tough\n"))
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # no stale template with its errors
    snap(page, "persona-yaml", height=3600)
    page.get_by_role("button", name="Save persona").click()
    settle(page)
    expect(page.get_by_text("can be played on the Practice page", exact=False)).to_be_visible()
    snap(page, "persona-saved")
    page.locator(".st-key-card-tough-buyer").get_by_role("button", name="Practise").click()
    expect(page.get_by_role("heading", name="Practice a call")).to_be_visible(timeout=15_000)
    settle(page)
    page.get_by_role("button", name="Start the call").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=10_000)
    settle(page)
    say(page, "Hi Sam, what matters most to you in this deal?")
    said = replies(page)
    assert said[0].startswith(("Hi, Sam Tough here.", "Hello. I have ten minutes.")), said
    assert not [r for r in said if r.strip().strip(".").lower() in MOVE_NAMES], said
    snap(page, "persona-call")
    page.get_by_role("button", name="End call").click()
    page.get_by_role("button", name="Yes, end the call").click()
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible(timeout=15_000)
    settle(page)
    visit(page, "Personas")
    page.locator(".st-key-card-tough-buyer").get_by_role("button", name="Delete").click()
    page.get_by_test_id("stPopoverBody").get_by_role("button", name="Delete").click()
    settle(page)
    expect(page.get_by_text("Sam Tough")).to_have_count(0)
    expect(page.get_by_text("Dana Whitlock").first).to_be_visible()


def test_a_bad_setting_is_refused_in_plain_words(page: Page) -> None:
    visit(page, "Settings")
    page.get_by_text("A model (OpenAI-compatible endpoint)").click()
    page.locator('input[aria-label="Base URL"]').fill("localhost:11434")
    page.locator('input[aria-label="Token budget per request"]').fill("100")
    page.get_by_role("button", name="Use for this session").click()
    settle(page)
    bad_url = "Base URL 'localhost:11434' must start with http:// or https://"
    expect(page.get_by_text(bad_url, exact=False)).to_be_visible()
    expect(page.get_by_text("Token budget per request must be at least 300", exact=False)).to_be_visible()
    expect(page.locator('input[aria-label="Base URL"]')).to_have_value("localhost:11434")
    snap(page, "settings")


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


def test_a_misread_offer_is_corrected_in_the_chat(page: Page) -> None:
    """'Not what I meant' on a misread price: the counterpart's reply is replaced by its answer to the correction."""
    page.locator('[class*="st-key-persona"][class*="bundle-dismantler"] button').click()
    settle(page)
    page.get_by_role("button", name="Start the call").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=10_000)
    settle(page)
    say(page, "What's your offer?")
    say(page, "I could do 5,200 with a one-year support plan, training for all staff and three instalments")
    heard = "They heard: offer $5,250 with a one-year support plan, on-site training for all staff"
    expect(page.get_by_text(heard, exact=False)).to_be_visible()
    assert "$5,000" in replies(page)[-1]  # the misread $5,250, less the item it strips
    page.get_by_role("button", name="Not what I meant").click()
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_test_id("stSelectbox").filter(has_text="Price").first.click()
    page.get_by_role("option", name="$5,000", exact=True).click()
    snap(page, "correction-form", height=1600)
    body.get_by_role("button", name="Answer what I meant").click()
    settle(page)
    expect(page.get_by_text("You corrected it to: offer $5,000 with", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(5)  # replaced, not added
    answer = replies(page)[-1]
    assert "$4,750" in answer, answer  # the corrected $5,000, less the item it strips
    snap(page, "correction-answered")

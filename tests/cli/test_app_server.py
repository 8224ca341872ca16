"""`winwin app` refuses a DNS-rebinding page: a WebSocket whose Host and Origin are both a foreign name is refused,
while the app's own names still connect. Real server, real WebSocket handshakes."""

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.openai_server import free_port


@pytest.fixture(scope="module")
def app_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    home = tmp_path_factory.mktemp("app-home")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINWIN_", "OPENAI_"))}
    env["WINWIN_HOME"] = str(home)
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "trainer", "app", "--port", str(port)], cwd=home, env=env, stdout=log, stderr=log
    )
    try:
        wait_for_health(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def wait_for_health(port: int, server: "subprocess.Popen[bytes]", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"winwin app exited with {server.returncode}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"winwin app did not answer on port {port} within {seconds:.0f}s")


def handshake(port: int, name: str) -> int:
    """The HTTP status of a WebSocket handshake that names `name` as Host and Origin, sent to 127.0.0.1."""

    async def attempt() -> int:
        try:
            async with connect(
                f"ws://{name}:{port}/_stcore/stream",
                host="127.0.0.1",
                port=port,
                origin=f"http://{name}:{port}",  # type: ignore[arg-type]
                subprotocols=["streamlit"],  # type: ignore[list-item]
                open_timeout=20,
            ):
                return 101
        except InvalidStatus as e:
            return e.response.status_code

    return asyncio.run(attempt())


def test_a_foreign_host_and_origin_are_refused(app_port: int) -> None:
    assert handshake(app_port, "rebind.attacker.example") == 403


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1"])
def test_the_apps_own_names_connect(app_port: int, name: str) -> None:
    assert handshake(app_port, name) == 101


def test_the_server_options_are_on_the_command_line() -> None:
    from trainer.app.server import allowed_hosts, streamlit_command

    command = streamlit_command(8501, "127.0.0.1")
    assert command[command.index("--server.enableCORS") + 1] == "true"
    assert command[command.index("--server.enableXsrfProtection") + 1] == "true"
    assert allowed_hosts("127.0.0.1") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts("pos.shop.lan")[-1] == "pos.shop.lan"
    assert Path(command[4]).name == "main.py"

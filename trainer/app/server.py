"""How the app is served: the entry script and the Streamlit command line (imports no Streamlit)."""

import socket
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "main.py"


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def streamlit_command(port: int, host: str) -> list[str]:
    """The command that serves the app; headless, so it neither opens a browser nor asks for an email.

    DNS rebinding: a page on a foreign name that re-resolves to 127.0.0.1 sends that foreign name as both Host and
    Origin, so an origin check alone passes it. Streamlit's allowedHosts refuses a WebSocket whose Host is not one
    of the names the app is served under: the local names, and the address it listens on when that is a name.
    CORS and XSRF protection are set on explicitly, so a user config file cannot turn them off for winwin.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--server.enableCORS",
        "true",
        "--server.enableXsrfProtection",
        "true",
        *[arg for name in allowed_hosts(host) for arg in ("--server.allowedHosts", name)],
    ]


def allowed_hosts(host: str) -> list[str]:
    """The Host names a browser may use to reach the app: the local ones, plus the listening address if specific."""
    names = list(LOCAL_NAMES)
    # Listening on every address serves the LAN too, under this machine's name.
    extra = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if extra and extra not in names:
        names.append(extra)
    return names

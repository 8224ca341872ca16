"""How the app is served: the entry script and the Streamlit command line (imports no Streamlit)."""

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "main.py"


def streamlit_command(port: int, host: str) -> list[str]:
    """The command that serves the app; headless, so it neither opens a browser nor asks for an email."""
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
    ]

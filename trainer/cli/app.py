"""`winwin app`: starts the Streamlit app in the browser."""

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from trainer.app.server import streamlit_command

DEFAULT_PORT = 8501
DEFAULT_HOST = "127.0.0.1"


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = commands.add_parser(
        "app",
        help="open the practice app in the browser",
        description="Start the winwin app (Streamlit) and print its address: practise a call, read the scorecard, "
        "replay past sessions and write your own personas. Stop it with Ctrl+C.",
    )
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="N", help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.set_defaults(handler=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    shown = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"winwin app: open http://{shown}:{args.port} in your browser (Ctrl+C stops it)", flush=True)
    command = streamlit_command(args.port, args.host)
    if os.name == "posix":
        # Become the server, so that stopping `winwin app` stops it and leaves no orphan behind.
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    """Runs `winwin app` on its own, until cli.py registers it."""
    parser = argparse.ArgumentParser(prog="winwin")
    register(parser.add_subparsers())
    args = parser.parse_args(["app", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

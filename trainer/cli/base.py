"""What every `winwin` subcommand module shares: the user-error type and how a command is declared."""

import argparse
from collections.abc import Callable
from typing import TypeAlias

Handler = Callable[[argparse.Namespace], int]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(Exception):
    """A problem with what the user asked for; printed as one line, exit code 2."""


def command(
    commands: Commands, name: str, summary: str, handler: Handler, description: str = ""
) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary, its --help description and the function that runs it."""
    p = commands.add_parser(name, help=summary, description=description or summary)
    p.set_defaults(handler=handler)
    return p

"""winwin: practise win-win negotiation against counterparts that play hard tactics."""

__version__ = "0.1.0"

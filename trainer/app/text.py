"""Text from files and users, made safe for Streamlit's markdown: it shows exactly as written, never as HTML."""

import re

# CommonMark lets a backslash escape any ASCII punctuation; escaping all of it also disarms Streamlit's own
# extensions ($ math, :emoji: and :color[...] directives), so nothing a user or a file writes is interpreted.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """Markdown that renders as the literal text: punctuation escaped, line breaks kept, no indented code blocks."""
    return "  \n".join(escape(line.strip()) for line in text.splitlines())


def escape(text: str) -> str:
    """Escaped punctuation and hard line breaks, spaces kept: for pieces of a streamed reply."""
    return _PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")


def label(text: str) -> str:
    """A short label for widgets that render markdown in their labels (buttons, expanders, tabs)."""
    return plain(" ".join(text.split()))

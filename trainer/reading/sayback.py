"""Saying back what the other side said, in the listener's words: first person becomes second."""

import re

_SWAPS = {
    "i": "you",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "my": "your",
    "me": "you",
    "we": "you",
    "we're": "you're",
    "our": "your",
    "us": "you",
    "am": "are",
    "myself": "yourself",
}


def reflect(line: str) -> str:
    """'My staff change every season.' -> 'your staff change every season'."""
    first = re.split(r"(?<=[.!?])\s", line.strip(), maxsplit=1)[0].rstrip(".!?")
    words = [_SWAPS.get(w.lower(), w) for w in first.split()]
    return " ".join(words)[:1].lower() + " ".join(words)[1:]

"""The counterpart's moves in plain words. Move kinds ('re_anchor', 'nibble_drop') are internal names: the screen
shows what the counterpart did, and a reply that came out as a bare move name is never shown as if it were said."""

import re
from collections.abc import Sequence
from functools import cache

from trainer.counterpart.move import Move
from trainer.files.persona import MOVE_KINDS, MoveKind

# Per move: the title of its phrasebook section, and what the counterpart did (for timelines and replays).
MOVES: dict[MoveKind, tuple[str, str]] = {
    "greet": ("Greeting", "greeted you"),
    "anchor": ("First offer (the anchor)", "made its first offer"),
    "counter": ("Counter-offer", "made a counter-offer"),
    "concede": ("Concession", "conceded a little"),
    "re_anchor": ("Back to the first offer", "went back to its first offer"),
    "basis": ("The basis of its number", "explained what its number is based on"),
    "explain": ("Explaining a term", "explained what a term means"),
    "restate": ("Repeating its offer", "repeated its offer"),
    "accept": ("Accepting your offer", "accepted your offer"),
    "reveal": ("Revealing an interest", "revealed what matters to it"),
    "deflect": ("Deflecting a question", "deflected your question"),
    "guard": ("Guarding its limits", "kept its limits to itself"),
    "clarify": ("Asking what you meant", "asked what your offer meant"),
    "nibble": ("Asking for a small extra", "asked for a small extra"),
    "nibble_drop": ("Dropping the extra", "dropped the extra it asked for"),
    "nibble_trade": ("Trading for the extra", "traded for the extra"),
    "dismantle": ("Taking an item out", "took an item out of the package"),
    "accept_reprice": ("Accepting a new price", "accepted a re-priced package"),
    "dissatisfied": ("Showing it is unhappy", "said it was unhappy with the talks"),
    "walk_away": ("Walking away", "walked away"),
    "close": ("Closing the deal", "summed up the agreed deal"),
    "confirm": ("Checking the terms before agreeing", "checked the terms before agreeing"),
    "last_offer": ("A last offer as you leave", "made a last offer as you were leaving"),
    "farewell": ("Goodbye when you walk away", "said goodbye as you walked away"),
    "small_talk": ("Small talk", "made small talk"),
    "acknowledge": ("Acknowledging you", "acknowledged what you said"),
    "insulted": ("Answering an insult", "took offence"),
    "nudge": ("Nudging you to offer", "asked you to put something on the table"),
}


def section_title(kind: MoveKind) -> str:
    """The title of a phrasebook section; a move newer than this table is titled from its YAML key."""
    found = MOVES.get(kind)
    return found[0] if found else kind.replace("_", " ").capitalize()


def what_it_did(kind: str) -> str:
    """What a move did, in words; an unknown kind (a newer transcript) is named generically, never by its id."""
    found = MOVES.get(kind)  # type: ignore[call-overload]
    return found[1] if found else "made a move"


def what_they_did(moves: Sequence[Move]) -> str:
    return ", then ".join(what_it_did(m.kind) for m in moves)


@cache
def _bare_label() -> re.Pattern[str]:
    """A move name standing alone as a sentence: how a voice with no line for a move would say it."""
    names = sorted({n for k in MOVE_KINDS for n in (k, k.replace("_", " "))}, key=len, reverse=True)
    return re.compile(r"(?:^|(?<=[.!?] ))(?:" + "|".join(map(re.escape, names)) + r")(?= |$)")


def spoken(text: str, moves: Sequence[Move]) -> str:
    """The reply as it may be shown: a bare move name in it is replaced by what the move did, in brackets."""
    if not moves:
        return text
    kinds = {m.kind for m in moves} | {m.kind.replace("_", " ") for m in moves}

    def describe(found: re.Match[str]) -> str:
        if found.group(0) not in kinds:
            return found.group(0)
        return f"({what_it_did(found.group(0).replace(' ', '_'))})"

    return _bare_label().sub(describe, text).strip()

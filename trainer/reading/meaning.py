"""Saying back by meaning: whether a reply restates what the other side said, in the same words or in others.

"So what matters most is that someone actually picks up when it breaks" says back "nobody answered the helpline
... what I really need is someone who picks up when it breaks", and "you need shoppers trying the jams in the first
three months or the range gets pulled" says back "if local products sit on the shelf for the first three months my
director will pull the whole range". Counting shared words misses the first kind; this module compares meanings.

Each text becomes a set of concepts: words are cut to a stem, and stems and phrases that mean the same thing in a
sales call ("froze", "crashed", "went down", "outage") map to one concept from the hand-written table in
`trainer.reading.synonyms`. Two sentences are close when they share a large part of their concepts (the Dice
coefficient). A reply sentence says a line back when it is close to one of its sentences, and it is put as a
statement or a check about the other side, not as a question, nor as a pitch about the speaker's own side.

The threshold was calibrated on pairs written for this project (tests/reading/data/sayback_pairs.yaml: reveals of
the bundled scenarios against paraphrases, same-topic replies that are not paraphrases, and unrelated lines); the
test beside them keeps the separation measured. It is deterministic, offline, and costs microseconds a sentence.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from trainer.reading import lexicon as lx
from trainer.reading.synonyms import PHRASES, concept_of

# Dice overlap at which a sentence counts as saying a line back (calibrated; see the module docstring).
THRESHOLD = 0.28
# Fewer shared concepts than this is a coincidence however short the sentences are.
MIN_SHARED = 2

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'%]*")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# A sentence about the speaker's own side ("we", "our") and not about the listener pitches; it does not say back.
_OWN_SIDE = re.compile(r"\b(?:we|we're|we've|we'll|we'd|our|ours|us)\b")
_OTHER_SIDE = re.compile(rf"\b{lx.YOU}\b")


@dataclass(frozen=True)
class SayBack:
    """A reply sentence that says back a line of the other side, and how close the two are (0-1)."""

    sentence: str  # verbatim, from the reply
    heard: str  # verbatim, the sentence of the other side it restates
    score: float


def sentences(text: str) -> list[str]:
    """Sentences of a message, verbatim and trimmed."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


@lru_cache(maxsize=8192)
def concepts(text: str) -> frozenset[str]:
    """The content of a text as concepts: stems, with synonyms and set phrases folded into one name."""
    norm = " ".join(text.translate(_QUOTES).lower().split())
    found: set[str] = set()
    for pattern, concept in PHRASES:
        norm, hits = pattern.subn(" ", norm)
        if hits:
            found.add(concept)
    found.update(concept_of(word) for word in _WORD.findall(norm))
    return frozenset(found - {""})


def closeness(a: str, b: str) -> float:
    """Dice overlap of the concepts of two texts, 0-1; 0 when they share fewer than MIN_SHARED concepts."""
    ca, cb = concepts(a), concepts(b)
    shared = len(ca & cb)
    if shared < MIN_SHARED:
        return 0.0
    return 2 * shared / (len(ca) + len(cb))


def say_back(reply: str, heard: str, threshold: float = THRESHOLD) -> SayBack | None:
    """The reply sentence that best says back a sentence of `heard`, if one is close enough; else None."""
    best: SayBack | None = None
    targets = sentences(heard)
    for sentence in sentences(reply):
        if not _restates(sentence):
            continue
        for target in targets:
            score = closeness(sentence, target)
            if score >= threshold and (best is None or score > best.score):
                best = SayBack(sentence=sentence, heard=target, score=score)
    return best


def _restates(sentence: str) -> bool:
    """Put as a statement or a check about them: not a question asked, not a pitch about one's own side."""
    text = lx.LEADING_FILLER.sub("", sentence.translate(_QUOTES).lower().strip())
    if lx.PARAPHRASE_CHECK.search(text) or lx.CHECK_TAG.search(text):
        return True
    if lx.YES_NO_OPENER.match(text) or (text.endswith("?") and (lx.WH_OPENER.match(text) or lx.AUX_OPENER.match(text))):
        return False  # "How do you pay suppliers?" asks; "what matters most is ..." still says back
    about_them = bool(_OTHER_SIDE.search(text))
    if not about_them and lx.TERMS.search(text) and lx.PROPOSAL.search(text):
        return False  # "I can offer 3% off a one-year renewal" proposes terms
    return about_them or not _OWN_SIDE.search(text)

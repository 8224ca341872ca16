"""How a scripted trainee puts things into words: amounts, options and packages as salespeople type them.

The words come from the scenario's own labels and synonyms and from the banks below, never from the reader's
patterns: self-play should test the reader against the way people write, not against its own phrases.
"""

import random
import re
from collections.abc import Mapping, Sequence

from trainer.files.scenario import Issue, Option, Scenario
from trainer.selfplay import speech

# A filler word may carry a typo now and then; the words that carry meaning (amounts, options) never do.
TYPO_RATE = 0.06
_TYPO_WORD = re.compile(r"\b[a-z]{5,}\b")
_SWAPS = (("I'm", "you're"), ("I've", "you've"), ("I'd", "you'd"), ("I'll", "you'll"), ("I am", "you are"))
_PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
}
_SUBORDINATE = re.compile(r"^(if|when|because|since|although|though|as|unless|while)\b", re.I)
_OPENERS = re.compile(r"^(honestly|to be fair|look|well|okay|ok|so|frankly|you know)[,.]?\s+", re.I)


class Wording:
    """Says amounts, options and whole packages in varied natural words, drawn with the trainee's seeded rng."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.scenario, self.rng = scenario, rng
        self.price = scenario.issues_tagged("price")[0]
        self.banks: list[str] = []  # the phrase banks drawn from since the last line was recorded
        self.frame = ""  # the last line template drawn, before any typo

    # -- amounts -------------------------------------------------------------------------------------------------
    def amount(self, option_id: str) -> str:
        """An amount as people type it: '$54,000 a year', '54k', '$4,500 a month', 'five grand', '44 a case'."""
        return self.rng.choice(self.amount_forms(self.price.option(option_id)))

    def amount_forms(self, option: Option) -> list[str]:
        value, cur = int(option.amount or 0), self.scenario.currency
        unit = _unit(option.label)
        forms = [option.label, f"{cur}{value:,}", f"{cur}{value:,}{unit}"]
        words = [s for s in option.synonyms if re.search(r"[a-z]", s) and not s.startswith(("the ", "same", "last"))]
        forms += words
        if value >= 1000:
            k = f"{value / 1000:g}k"
            forms += [k, f"{cur}{k}", f"{value:,} dollars"]
            if unit.strip() == "a year" and value % 12 == 0:
                forms.append(f"{cur}{value // 12:,} a month")
            forms += [s.removesuffix(" thousand") for s in option.synonyms if s.endswith(" thousand") and "-" in s]
        else:
            forms += [f"{value} bucks{unit}", f"{cur}{value} per{unit.removeprefix(' a')}" if unit else f"{value}"]
        return list(dict.fromkeys(forms))

    # -- options and packages ------------------------------------------------------------------------------------
    def option(self, issue: Issue, option_id: str, terse: bool = False) -> str:
        """A non-price option in words: its label, or one of its synonyms (short ones only in a terse list)."""
        option = issue.option(option_id)
        if issue.kind == "money":
            return self.amount(option_id)
        pool = [option.label, *(s for s in option.synonyms if terse or _noun_phrase(s))]
        return self.rng.choice(pool)

    def package(self, terms: Mapping[str, str]) -> str:
        """Every issue's option in one line, tersely or as a sentence; the price first."""
        price = self.amount(terms[self.price.id]) if self.price.id in terms else None
        rest = [self.option(self.scenario.issue(k), v, terse=True) for k, v in terms.items() if k != self.price.id]
        if self.rng.random() < 0.3:
            return ", ".join([p for p in [price] if p] + rest)
        rest = [self.option(self.scenario.issue(k), v) for k, v in terms.items() if k != self.price.id]
        tail = join_and(rest, self.rng.choice([" and ", " & ", ", and "]))
        if price is None:
            return tail
        return f"{price} {self.rng.choice(['with', 'including', 'with', 'plus'])} {tail}" if tail else price

    def conditional(self, terms: Mapping[str, str]) -> str | None:
        """'If you can commit to two years and a case study, I can do 54k with …'; None if nothing is theirs."""
        theirs = [i for i in self.scenario.issues if i.id in terms and set(i.tags) & {"term", "volume"}]
        if not theirs or self.price.id not in terms:
            return None
        # What they commit to is said by its label: a noun phrase that reads after 'commit to' or 'go for'.
        asked = join_and([i.option(terms[i.id]).label for i in theirs], " and ")
        mine = {k: v for k, v in terms.items() if k not in {i.id for i in theirs}}
        return self.pick(speech.CONDITIONAL, asked=asked, given=self.package(mine))

    def extra(self, terms: Mapping[str, str], extra: Mapping[str, str]) -> str:
        """What a nibble asks for, in words: 'a one-year support plan', or 'another $250 off' for the price."""
        said = []
        for issue_id, option_id in extra.items():
            issue = self.scenario.issue(issue_id)
            if issue.kind == "money" and issue_id in terms:
                step = abs((issue.option(terms[issue_id]).amount or 0) - (issue.option(option_id).amount or 0))
                cur = self.scenario.currency
                said.append(self.rng.choice([f"another {cur}{step:,.0f} off", f"{cur}{step:,.0f} off the price"]))
            else:
                said.append(self.option(issue, option_id))
        return join_and(said)

    def item(self, issue: Issue) -> str:
        return self.rng.choice([f"the {issue.name.lower()}", f"the {issue.name.lower()}", issue.name.lower()])

    # -- texture -------------------------------------------------------------------------------------------------
    def typo(self, frame: str) -> str:
        """Now and then one filler word of a line template gets two letters swapped, as fast typists do."""
        if self.rng.random() >= TYPO_RATE:
            return frame
        words = [m for m in _TYPO_WORD.finditer(frame) if "{" not in frame[max(0, m.start() - 1) : m.end() + 1]]
        if not words:
            return frame
        m = self.rng.choice(words)
        k = self.rng.randrange(1, len(m.group()) - 2)
        w = m.group()
        return frame[: m.start()] + w[:k] + w[k + 1] + w[k] + w[k + 2 :] + frame[m.end() :]

    def pick(self, bank: Sequence[str], **slots: str) -> str:
        """A line from a bank, with a possible typo in its frame, then filled."""
        self.banks.append(speech.name_of(bank))
        self.frame = self.rng.choice(bank)
        frame = self.typo(self.frame)
        text = frame.format(**slots)
        # A sentence the frame begins properly starts with a capital even when a slot opens it.
        return (
            re.sub(r"([.?!] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text) if frame[:1].isupper() else text
        )


def join_and(parts: Sequence[str], last: str = " and ") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


# Synonyms that open with one of these are clauses ('with the stands', 'pay monthly'), not things one can offer.
_NOT_A_NOUN = frozenset(
    {"with", "without", "keep", "drop", "skip", "pay", "split", "half", "introduce", "recommend", "refer", "talk"}
    | {"speak", "be", "do", "order", "extend", "train"}
)


def _noun_phrase(synonym: str) -> bool:
    """A synonym that reads as a thing in a sentence ('a year of support'), not a bare word or a clause."""
    words = synonym.split()
    return len(words) >= 2 and words[0].lower() not in _NOT_A_NOUN


def _unit(label: str) -> str:
    """' a year' from '$54,000 a year', ' a case' from '$44 a case', '' from '$5,000'."""
    m = re.search(r"\s((a|per) \w+)$", label)
    return f" {m.group(1)}" if m else ""


def say_back(reveal: str, rng: random.Random) -> str:
    """One sentence of what they told us, in our words: their 'I' becomes 'you', openers go, a long tail is cut."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", reveal.strip()) if s and "you" not in s.lower().split()]
    sentence = rng.choice(sentences or [reveal.strip()])
    sentence = _OPENERS.sub("", sentence).rstrip(".!?")
    head = sentence.split(", ")[0]
    # Cut a long tail, but never down to a bare condition ('If I hand over the whole amount') that says nothing.
    if rng.random() < 0.5 and head != sentence and len(head.split()) >= 5 and not _SUBORDINATE.match(head):
        sentence = head
    return swap_person(sentence[0].lower() + sentence[1:] if not sentence.startswith("I ") else sentence)


def swap_person(text: str) -> str:
    """First person to second person: 'I pay my suppliers' -> 'you pay your suppliers'."""
    for mine, yours in _SWAPS:
        text = re.sub(rf"\b{mine}\b", yours, text)
        text = re.sub(rf"\b{mine.lower()}\b", yours, text)

    def swap(m: re.Match[str]) -> str:
        return _PRONOUNS.get(m.group().lower(), m.group())

    text = re.sub(r"\b[A-Za-z']+\b", swap, text)
    return re.sub(r"\byou (am|was)\b", lambda m: "you are" if m.group(1) == "am" else "you were", text)

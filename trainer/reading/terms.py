"""Reads the offer terms in a trainee utterance: the option of each issue it names, what is unclear, what is absurd.

Money ("$4,875", "5k", "ten percent off") goes to the scenario's price issue: an amount maps to its option, to the
nearer of two options when clearly nearer, and otherwise is an ambiguity; amounts far outside the deal are absurd;
with several amounts the last one is the proposal. Other issues are read from their options' labels and synonyms,
with digits and number words read alike, overlapping matches won by the longer, and negated matches ("not six
instalments") set aside. Everything is compiled once per scenario (`TermsReader`), so a reading costs well under a
millisecond; no input makes it raise.
"""

import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from trainer.files.scenario import Issue, Option, Scenario
from trainer.reading.numbers import (
    COUNT_UNITS,
    NUMBER_WORDS,
    TENS,
    Amount,
    following_words,
    is_count,
    parse_amounts,
    parse_percents,
    singular,
    word_set,
)


class Ambiguity(BaseModel):
    """Words that could name more than one option of an issue (or none for sure)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issue: str
    text: str  # as written, e.g. "5" or "$4,875"
    candidates: list[str]  # option ids it could mean; empty when nothing fits well
    reason: str  # short: "between two price options", "no unit", ...


class TermsReading(BaseModel):
    """What one utterance proposes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    terms: dict[str, str]  # issue id -> option id, only what is named unambiguously
    ambiguous: list[Ambiguity]
    absurd: list[str]  # money amounts that make no sense for this deal, as written
    percent_off: float | None  # 0.10 for "10% off"; also reflected in terms[price] when it maps to an option
    negated: dict[str, str] = {}  # options named under a negation ("not 48k", "can't throw in the terminal")
    notes: list[str] = []  # what was rounded or converted: "heard $5,200 as $5,250 a year"


# --- words -----------------------------------------------------------------------------------------------------

# Words, and the punctuation that ends a clause (a negation or a phrase never reaches across it).
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[.,;:!?()…]|(?<!\S)[-\u2013\u2014]+(?!\S)")
_BREAK = "|"
_SPELLING = {
    "installment": "instalment",
    # Pieces of a price paid over time: "paid in 3 chunks", "two tranches".
    "chunk": "instalment",
    "chunks": "instalment",
    "tranche": "instalment",
    "tranches": "instalment",
    "licence": "license",
    "up-front": "upfront",
    # Shorthand people type: "3 yrs", "6 mos", "2 wks".
    "yr": "year",
    "yrs": "year",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "wk": "week",
    "wks": "week",
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
}
_TIME_UNITS = frozenset({"year", "month", "week", "day"})
_NEGATORS = word_set(
    "not no without never instead rather don't dont won't wont can't cant cannot couldn't wouldn't didn't doesn't "
    "isn't drop remove skip exclude excluding forget ditch nor neither except minus"
)
# Words a negation may reach across: "don't need the full training", "instead of basic".
_NEGATION_FILLERS = word_set(
    "the a an any that this these those your our my need want do have include offer go for with of even really to "
    "like about get give provide take pay than on accept agree"
)
# A price phrase right after these is a reference point, not a proposal: "10% off the list price".
_REFERENCE_WORDS = word_set("off below under than from vs versus over above")
_ARTICLES = word_set("the your our my a an")
# After a bare small number these still leave it a proposal: "I could do 5 if you add training".
_FUNCTION_WORDS = word_set(
    "if for and but with then on plus including incl inclusive all total flat now today max maximum tops at as so "
    "is would could that this it"
)
# Before a bare small number these make it a count, a rank or a time: "a team of 5", "option 2", "by 5".
_COUNT_BEFORE = re.compile(
    r"(?:\b(?:of|top|page|step|option|number|version|level|chapter|item|point|score|rated|by|until|till|before|after)"
    r"|#|\bno\.)\s*\Z",
    re.I,
)
# A small number in words is a price only right after words that propose one: "I could do five", "make it five".
_OFFER_BEFORE = re.compile(
    r"\b(?:do|pay|offer|at|for|to|go|accept|take|say|about|around|maybe|it|be|is|so|then|ok|okay|well|just)\s+\Z", re.I
)
_VAGUE = r"(?:a few|a couple of|a couple|couple of|several|some|a number of|a handful of|multiple|many)"
_PAYMENT_UNITS = frozenset({"month", "week", "instalment", "payment"})
_REMOVE_BEFORE = (
    r"(?:without|drop|remove|skip|exclude|excluding|cut|ditch|lose|forget|forget about|no need for|no|don't need|"
    r"dont need|do not need|take out|leave out|minus|no more|get rid of|strip out|pull)"
)

# --- money context -----------------------------------------------------------------------------------------------

_OFF_AFTER = re.compile(r"\s*(?:off\b|discount\b|reduction\b|rebate\b|markdown\b)", re.I)
_OFF_BEFORE = re.compile(
    r"(?:\b(?:discount|reduction|rebate|markdown)\s+of\s+(?:about\s+|around\s+|roughly\s+)?"
    r"|\b(?:take|knock|shave)\s+off\s+)\Z",
    re.I,
)
_ALTERNATIVE_GAP = re.compile(r"\s*(?:or|or maybe|or even|/)\s*", re.I)
_RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|to)\s*", re.I)
_AND_GAP = re.compile(r"\s*and\s*", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\Z", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+\Z", re.I)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|before|after|year|fy|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|"
    r"oct\w*|nov\w*|dec\w*)\.?\s+\Z",
    re.I,
)
_DIGIT = re.compile(r"\d")


class _Tok(NamedTuple):
    norm: str  # lower case, singular, digits for number words; _BREAK for punctuation
    start: int
    end: int


class _Match(NamedTuple):
    issue: str
    option: str
    first: int  # token index
    stop: int  # token index after the match
    start: int  # character offsets in the original text
    end: int


class _Fit(NamedTuple):
    where: Literal["in", "low", "high", "negative"]
    option: str | None
    candidates: tuple[str, ...]
    reason: str


class _Mention(NamedTuple):
    """One mention of the price: an amount, a discount, a bare small number or a price phrase."""

    start: int
    end: int
    text: str
    kind: Literal["amount", "discount", "nounit", "option", "choice"]
    fit: _Fit
    value: float = 0.0  # the amount, for kind "amount"
    percent: float | None = None  # the cut, for a percentage discount
    note: str = ""  # how the words became an option, when not word for word


def _tokens(text: str) -> list[_Tok]:
    """Tokens of `text`, normalised so "Three-instalments" and "3 instalments" read alike."""
    raw = [_Tok(_normal_word(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[_Tok] = []
    for i, tok in enumerate(raw):
        after = raw[i + 1].norm if i + 1 < len(raw) else ""
        if out and tok.norm in NUMBER_WORDS and 0 < NUMBER_WORDS[tok.norm] < 10 and out[-1].norm in _TEN_DIGITS:
            # "twenty four" -> "24"
            out[-1] = _Tok(str(int(out[-1].norm) + NUMBER_WORDS[tok.norm]), out[-1].start, tok.end)
        elif tok.norm in NUMBER_WORDS:
            out.append(_Tok(str(NUMBER_WORDS[tok.norm]), tok.start, tok.end))
        elif tok.norm in _POSSESSIVES:
            continue  # "training for all your staff" names "training for all staff"
        elif tok.norm in ("a", "an") and after in _TIME_UNITS and not (i and _AMOUNT_END.search(raw[i - 1].norm)):
            out.append(_Tok("1", tok.start, tok.end))  # "a year of support" is "one year"
        elif tok.norm == "the" and after in _TIME_UNITS and i + 2 < len(raw) and raw[i + 2].norm == "of":
            out.append(_Tok("1", tok.start, tok.end))  # "with the year of support" is the one-year plan
        else:
            out.append(tok)
    return out


_TEN_DIGITS = frozenset(str(v) for v in TENS.values())
# A token that ends an amount ("54", "54k", "grand", "dollars"): "a year" after one is a rate, not one year.
_AMOUNT_END = re.compile(r"(?:\d|\dk|grand|thousand|dollar|buck|quid|hundred)$")
_POSSESSIVES = frozenset({"my", "your", "our", "their", "his", "her"})
_NOUN_FORMS = frozenset({"drops", "cuts", "skips", "removes"})
_CONTRACTED = frozenset({"it's", "that's", "let's", "what's", "there's", "here's", "he's", "she's", "who's", "where's"})


@lru_cache(maxsize=8192)  # words repeat across utterances; this is the hot path of tokenising
def _normal_word(word: str) -> str:
    if not word[0].isalnum():
        return _BREAK
    lowered = word.lower().replace("\u2019", "'")
    if lowered.endswith("'s") and lowered not in _CONTRACTED:
        lowered = lowered[:-2]  # "the testimonial's great" names the testimonial
    if lowered in _NOUN_FORMS:
        return lowered  # "smaller drops twice a week" names deliveries; it drops nothing
    lowered = singular(lowered)
    return _SPELLING.get(lowered, lowered)


def _normal(text: str) -> str:
    return " ".join(t.norm for t in _tokens(text))


def _negated(toks: list[_Tok], first: int) -> bool:
    """Whether a negation ("not", "without", "can't do") governs the words starting at token `first`."""
    for j in range(first - 1, max(-1, first - 5), -1):
        if toks[j].norm in _NEGATORS:
            return toks[j + 1].norm != "to"  # "drop to standard support" moves to it
        if toks[j].norm not in _NEGATION_FILLERS:
            return False
    return False


def _word_before(toks: list[_Tok], first: int) -> str:
    """The word before token `first`, skipping articles: "off the list price" -> "off"."""
    j = first - 1
    while j >= 0 and toks[j].norm in _ARTICLES:
        j -= 1
    return toks[j].norm if j >= 0 else ""


def _longest_first(found: Iterable[_Match]) -> list[_Match]:
    """Matches that do not overlap, the longer winning, in text order."""
    taken: set[int] = set()
    chosen = []
    for m in sorted(found, key=lambda m: (m.first - m.stop, m.first)):
        span = range(m.first, m.stop)
        if not taken.intersection(span):
            taken.update(span)
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.first)


# --- the price scale ---------------------------------------------------------------------------------------------


class _PriceScale:
    """The price issue's options by amount, and where an amount falls among them."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue.id
        self.points = sorted((o.amount, o.id) for o in issue.options if o.amount is not None)
        self.labels = {o.id: o.label for o in issue.options}
        self.rates = [(_rate_re(u.words), u.factor) for u in issue.units]
        self.low, self.high = self.points[0][0], self.points[-1][0]
        self.step_low = self.points[1][0] - self.low if len(self.points) > 1 else 0.0
        self.step_high = self.high - self.points[-2][0] if len(self.points) > 1 else 0.0

    @staticmethod
    def of(scenario: Scenario) -> "_PriceScale | None":
        """The price issue: the money issue tagged `price`, else the first money issue; None if there is none."""
        money = [i for i in scenario.issues if i.kind == "money" and any(o.amount for o in i.options)]
        tagged = [i for i in money if "price" in i.tags]
        if not (tagged or money):
            return None
        scale = _PriceScale((tagged or money)[0])
        return scale if scale.high > 0 else None

    def plausible(self, value: float) -> bool:
        """Whether a bare number ("4750") is near enough the prices to be read as one."""
        return 0.5 * self.low <= value <= 1.5 * self.high

    def near(self, value: float) -> bool:
        return self.low - self.step_low <= value <= self.high + self.step_high

    def fit(self, value: float) -> _Fit:
        if value <= 0:
            return _Fit("negative", None, (), "not a price")
        if value < 0.5 * self.low:
            return _Fit("low", None, (), "far below the prices")
        if value > 2 * self.high:
            return _Fit("high", None, (), "far above the prices")
        if value <= self.low or value >= self.high:
            end = self.points[0] if value <= self.low else self.points[-1]
            return _Fit("in", end[1], (end[1],), "nearest price option")
        return next(self._between(value, a, b) for a, b in pairwise(self.points) if a[0] <= value <= b[0])

    @staticmethod
    def _between(value: float, a: tuple[float, str], b: tuple[float, str]) -> _Fit:
        """The nearer option; exactly halfway is unclear, and the counterpart asks."""
        if value - a[0] == b[0] - value and a[1] != b[1]:
            return _Fit("in", None, (a[1], b[1]), "halfway between two price options")
        nearer = a if value - a[0] <= b[0] - value else b
        return _Fit("in", nearer[1], (nearer[1],), "nearest price option")

    def amount_of(self, option: str) -> float:
        return next(amount for amount, oid in self.points if oid == option)

    def within(self, low: float, high: float) -> tuple[str, ...]:
        return tuple(oid for amount, oid in self.points if low <= amount <= high)

    def ordered(self, ids: Iterable[str]) -> tuple[str, ...]:
        wanted = set(ids)
        return tuple(oid for _, oid in self.points if oid in wanted)


# --- the reader ----------------------------------------------------------------------------------------------------


class TermsReader:
    """Everything about one scenario that reading needs, compiled once."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        scale = _PriceScale.of(scenario)
        self._price_issue = scale.issue if scale is not None else None
        self._phrases = _phrase_index(scenario)
        self._spelling = _Spelling(w for phrase in self._phrases for w in phrase.split())
        self._phrase_re = _alternation(self._phrases)
        units = COUNT_UNITS | _units_of(scenario)
        self._price = _PriceReader(scale, units) if scale is not None else None
        self._counted = _counted_options(scenario)
        self._removals = [(i.id, i.options[0].id, _removal_re(i)) for i in _removable(scenario)]
        self._vague_re = re.compile(rf"(?<!\S){_VAGUE}(?: more| extra| additional)? ({_alts(units)})(?!\S)")

    def read(self, text: str) -> TermsReading:
        words = _Words.of(text, self._spelling)
        matches = self._matches(words)
        negated: dict[str, str] = {}
        terms, ambiguous = self._options(words, matches, negated)
        absurd: list[str] = []
        notes: list[str] = []
        percent_off = None
        if self._price is not None:
            mentions, denied = self._price.mentions(words, [m for m in matches if m.issue == self._price_issue])
            percent_off = _percent_off(mentions)
            self._price.decide(mentions, terms, ambiguous, absurd, notes)
            refused = [m.fit.option for m in denied if m.fit.where == "in" and m.fit.option is not None]
            if refused:
                negated[self._price.scale.issue] = refused[-1]
        ambiguous += self._vague(words, taken={*terms, *(a.issue for _, a in ambiguous)})
        order = [i.id for i in self.scenario.issues]
        return TermsReading(
            terms={i: terms[i] for i in order if i in terms},
            ambiguous=[a for _, a in sorted(ambiguous, key=lambda pa: pa[0])],
            absurd=list(dict.fromkeys(absurd)),
            percent_off=percent_off,
            negated={i: negated[i] for i in order if i in negated and terms.get(i) != negated[i]},
            notes=notes,
        )

    def _matches(self, words: "_Words") -> list[_Match]:
        """Every option named in the text (phrases and "drop the training"), longest winning where they overlap."""
        found: list[_Match] = []
        if self._phrase_re is not None:
            for m in self._phrase_re.finditer(words.norm):
                span = words.span(m.start(), m.group(1))
                found += [_Match(issue, option, *span) for issue, option in self._phrases[m.group(1)]]
        for issue, option, pattern in self._removals:
            found += [_Match(issue, option, *words.span(m.start(), m.group())) for m in pattern.finditer(words.norm)]
        return _longest_first(found)

    def _options(
        self, words: "_Words", matches: list[_Match], negated: dict[str, str]
    ) -> tuple[dict[str, str], list[tuple[int, Ambiguity]]]:
        """One option per issue from the matches that are not negated; two different ones are an ambiguity."""
        named: dict[str, list[_Match]] = {}
        for m in _swapped(words, matches):
            if m.issue == self._price_issue:
                continue
            kept = m if not _negated(words.toks, m.first) else self._elided(words.toks, m)
            if kept is None:
                negated[m.issue] = m.option
            else:
                named.setdefault(m.issue, []).append(kept)
        terms: dict[str, str] = {}
        ambiguous: list[tuple[int, Ambiguity]] = []
        for issue, ms in named.items():
            options = list(dict.fromkeys(m.option for m in ms))
            if len(options) == 1:
                terms[issue] = options[0]
                continue
            said = " or ".join(dict.fromkeys(words.text[m.start : m.end] for m in ms))
            ambiguous.append(
                (ms[0].start, Ambiguity(issue=issue, text=said, candidates=options, reason="two options named"))
            )
        return terms, ambiguous

    def _elided(self, toks: list[_Tok], negated: _Match) -> _Match | None:
        """An elided count: in "not six instalments but three", the three counts instalments too."""
        j = negated.stop + (negated.stop < len(toks) and toks[negated.stop].norm == _BREAK)
        if j + 1 >= len(toks) or toks[j].norm != "but" or not toks[j + 1].norm.isdecimal():
            return None
        number = toks[j + 1]
        for n, unit in _counts(" ".join(t.norm for t in toks[negated.first : negated.stop])):
            option = self._counted.get((negated.issue, int(number.norm), unit))
            if option is not None and n != int(number.norm):
                return _Match(negated.issue, option, j + 1, j + 2, number.start, number.end)
        return None

    def _vague(self, words: "_Words", taken: set[str]) -> list[tuple[int, Ambiguity]]:
        """Vague counts: "a few months" names a payment plan without its number."""
        found = []
        for m in self._vague_re.finditer(words.norm):
            chosen = self._vague_issue(m.group(1), taken)
            if chosen is not None:
                _, _, start, end = words.span(m.start(), m.group())
                said = words.text[start:end]
                found.append((start, Ambiguity(issue=chosen[0], text=said, candidates=chosen[1], reason="no number")))
                taken.add(chosen[0])
        return found

    def _vague_issue(self, unit: str, taken: set[str]) -> tuple[str, list[str]] | None:
        """The issue whose options count `unit` in twos to nines; else, for months or instalments, the payment issue."""
        counted = [(issue, o, n, u) for (issue, n, u), o in self._counted.items() if issue not in taken and 2 <= n <= 9]
        for issue in self.scenario.issues:
            fitting = list(dict.fromkeys(o for i, o, _, u in counted if i == issue.id and u == unit))
            if fitting:
                return issue.id, fitting
        payment = next((i.id for i in self.scenario.issues if "payment" in i.tags and i.id not in taken), None)
        if unit not in _PAYMENT_UNITS or payment is None or payment == self._price_issue:
            return None
        return payment, list(dict.fromkeys(o for i, o, _, _ in counted if i == payment))


class _PriceReader:
    """The mentions of the price in a text, and which one is the proposal."""

    def __init__(self, scale: _PriceScale, units: frozenset[str]) -> None:
        self.scale = scale
        self.units = units  # a bare number before one of these counts something

    def mentions(self, words: "_Words", phrases: list[_Match]) -> tuple[list[_Mention], list[_Mention]]:
        """The mentions of the price in text order, alternatives and ranges joined; and those under a negation."""
        text = words.text
        found = [self._phrase(words, m) for m in phrases] + self._percents(text)
        taken = [(m.start, m.end) for m in found if m is not None]
        for amount in parse_amounts(text):
            if not any(s < amount.end and amount.start < e for s, e in taken):
                found.append(self._amount(text, amount))
        present = sorted(m for m in found if m is not None)
        denied = [m for m in present if _negated(words.toks, words.token_at(m.start))]
        kept = [m for m in present if m not in denied]
        return self._choices(text, kept), denied

    def decide(
        self,
        mentions: list[_Mention],
        terms: dict[str, str],
        ambiguous: list[tuple[int, Ambiguity]],
        absurd: list[str],
        notes: list[str],
    ) -> None:
        """The last sensible mention is the proposal; amounts far off the prices are absurd (small ones only when
        nothing else names the price: "training alone costs $500, so $5,000" is not absurd)."""
        sensible = [m for m in mentions if m.fit.where == "in"]
        absurd += [
            m.text for m in mentions if m.fit.where in ("negative", "high") or (m.fit.where == "low" and not sensible)
        ]
        if not sensible:
            return
        last = sensible[-1]
        if last.fit.option is not None:
            terms[self.scale.issue] = last.fit.option
            note = last.note or self._rounding(last)
            if note:
                notes.append(note)
            return
        candidates = list(last.fit.candidates)
        ambiguous.append(
            (
                last.start,
                Ambiguity(issue=self.scale.issue, text=last.text, candidates=candidates, reason=last.fit.reason),
            )
        )

    def _rounding(self, m: _Mention) -> str:
        """'heard $5,200 as $5,250' when an amount fell between the options."""
        if m.kind != "amount" or m.fit.option is None or self.scale.amount_of(m.fit.option) == m.value:
            return ""
        return f"heard {m.text.strip()} as {self.scale.labels[m.fit.option]}"

    def _phrase(self, words: "_Words", m: _Match) -> _Mention | None:
        """A price option named in words ("the list price"), unless it is only the reference of a discount."""
        if _word_before(words.toks, m.first) in _REFERENCE_WORDS:
            return None
        return _Mention(
            m.start, m.end, words.text[m.start : m.end], "option", _Fit("in", m.option, (m.option,), "named")
        )

    def _percents(self, text: str) -> list[_Mention | None]:
        """Percentage discounts ("10% off", "a discount of 15 percent"), cut from the list price (the top option)."""
        found: list[_Mention | None] = []
        for p in parse_percents(text):
            span = _discount_span(text, p.start, p.end)
            if span is not None:
                fit = self.scale.fit(self.scale.high * (1 - p.value))
                found.append(_Mention(*span, text[span[0] : span[1]], "discount", fit, percent=p.value))
        return found

    def _amount(self, text: str, amount: Amount) -> _Mention | None:
        span = _discount_span(text, amount.start, amount.end)
        if span is not None:  # "$500 off" is off the list price
            return _Mention(*span, text[span[0] : span[1]], "discount", self.scale.fit(self.scale.high - amount.value))
        converted = self._converted(text, amount)
        if converted is not None:
            return converted
        if amount.explicit:
            return _Mention(amount.start, amount.end, amount.text, "amount", self.scale.fit(amount.value), amount.value)
        return self._bare(text, amount)

    def _converted(self, text: str, amount: Amount) -> _Mention | None:
        """An amount in another unit or in parts: "$4,500 a month", "$3.50 a jar", "three payments of $1,750"."""
        start, end, value = amount.start, amount.end, amount.value
        changed = False
        for pattern, factor in self.scale.rates:
            rate = pattern.match(text, end)
            if rate is not None:
                end, value, changed = rate.end(), value * factor, factor != 1
                break
        parts = _INSTALMENTS.search(text, max(0, start - 40), start)
        if parts is not None:
            count = _count_value(parts.group(1))
            if count is not None and count > 1:
                start, value, changed = parts.start(), value * count, True
        if (start, end) == (amount.start, amount.end):
            return None
        if not self.scale.plausible(value) and not amount.explicit and self.scale.plausible(value * 1000):
            value, changed = value * 1000, True  # "54 a year" in a deal priced in thousands
        if not self.scale.plausible(value) and _SPOKEN.search(amount.text) and self.scale.plausible(value / 100):
            value, changed = value / 100, True  # "three eighty-five a jar" is $3.85
        if not (amount.explicit or self.scale.plausible(value)):
            return None
        fit = self.scale.fit(value)
        said = " ".join(text[start:end].split())
        exact = fit.option is not None and self.scale.amount_of(fit.option) == value
        note = f"heard {said} as {self.scale.labels[fit.option]}" if fit.option and (changed or not exact) else ""
        return _Mention(start, end, text[start:end], "amount", fit, value, note=note)

    def _bare(self, text: str, amount: Amount) -> _Mention | None:
        """A number with no money word: money when near the prices; a small one ("5") is a price without its unit."""
        after = following_words(text, amount.end)
        if is_count(after, self.units) or _year_like(text, amount):
            return None
        if _SPOKEN.search(amount.text) and not self.scale.plausible(amount.value):
            cents = amount.value / 100  # "forty-six fifty" is $46.50 where a case costs about $46
            if self.scale.plausible(cents) and amount.value >= 1000:
                return _Mention(amount.start, amount.end, amount.text, "amount", self.scale.fit(cents), cents)
        if amount.value < 0 or self.scale.plausible(amount.value):
            return _Mention(amount.start, amount.end, amount.text, "amount", self.scale.fit(amount.value), amount.value)
        if not _small_price_context(text, amount, after):
            return None
        scaled = next((amount.value * s for s in (1e3, 1e6) if self.scale.near(amount.value * s)), None)
        if scaled is None or amount.value <= 0:
            return None
        fit = self.scale.fit(scaled)
        if fit.option is None:
            return _Mention(amount.start, amount.end, amount.text, "nounit", fit._replace(reason="no unit"))
        note = f"heard {amount.text.strip()} as {self.scale.labels[fit.option]}"
        return _Mention(amount.start, amount.end, amount.text, "nounit", fit, scaled, note=note)

    def _choices(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Choices: "$4,750 or $5,000" and "between $4,500 and $5,000" offer several options, not the last amount."""
        out: list[_Mention] = []
        for m in mentions:
            joined = self._choice(text, out[-1], m) if out else None
            if joined is None:
                out.append(m)
            else:
                out[-1] = joined
        return out

    def _choice(self, text: str, a: _Mention, b: _Mention) -> _Mention | None:
        if a.kind != "amount" or b.kind != "amount" or a.fit.where != "in" or b.fit.where != "in":
            return None
        gap, before = text[a.end : b.start], text[max(0, a.start - 12) : a.start]
        if _ALTERNATIVE_GAP.fullmatch(gap):
            return _choice_mention(
                text, a.start, b.end, self.scale.ordered([*_ids(a.fit), *_ids(b.fit)]), "two price options"
            )
        # "from $5,500 to $5,200" moves the price; "$4,500 to $5,000" and "between ... and ..." give a range.
        ranged = _RANGE_GAP.fullmatch(gap) and not _FROM_BEFORE.search(before)
        between = _BETWEEN_BEFORE.search(before) if _AND_GAP.fullmatch(gap) else None
        if not (ranged or between):
            return None
        low, high = sorted((a.value, b.value))
        ids = self.scale.ordered([*_ids(a.fit), *_ids(b.fit), *self.scale.within(low, high)])
        start = a.start - len(between.group()) if between else a.start
        return _choice_mention(text, start, b.end, ids, "a price range")


class _Words(NamedTuple):
    """A text, its normalised tokens, and the tokens joined by single spaces for matching phrases."""

    text: str
    toks: list[_Tok]
    norm: str
    first_token: dict[int, int]  # character offset in `norm` -> token index, for each token's first character
    starts: list[int]  # each token's start in `text`

    @staticmethod
    def of(text: str, spelling: "_Spelling | None" = None) -> "_Words":
        toks = _tokens(text) if spelling is None else [spelling.fix(t) for t in _tokens(text)]
        index: dict[int, int] = {}
        pos = 0
        for i, t in enumerate(toks):
            index[pos] = i
            pos += len(t.norm) + 1
        return _Words(text, toks, " ".join(t.norm for t in toks), index, [t.start for t in toks])

    def span(self, norm_start: int, matched: str) -> tuple[int, int, int, int]:
        """(first token, stop token, start, end in `text`) of `matched`, found at `norm_start` in `norm`."""
        first = self.first_token[norm_start]
        stop = first + matched.count(" ") + 1
        return first, stop, self.toks[first].start, self.toks[stop - 1].end

    def token_at(self, offset: int) -> int:
        """The first token starting at or after `offset` in `text`."""
        return bisect_left(self.starts, offset)


class _Spelling:
    """Typos in the deal's own words ("suport", "instalmnets") read as the word meant: one letter added, dropped,
    changed or swapped, in words of five letters or more that are not themselves words of the deal."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words = frozenset(w for w in vocabulary if len(w) >= 5 and w.isalpha())
        self.keys: dict[str, str] = {}
        for w in sorted(self.words):
            for key in (w, *_deletions(w)):
                self.keys.setdefault(key, w)

    def fix(self, tok: _Tok) -> _Tok:
        word = tok.norm
        if len(word) < 5 or not word.isalpha() or word in self.words or word in _COMMON:
            return tok
        for key in (word, *_deletions(word)):
            meant = self.keys.get(key)
            if meant is not None and abs(len(meant) - len(word)) <= 1 and meant[0] == word[0]:
                return tok._replace(norm=meant)
        return tok


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


# Words close to a deal word that mean something else: never "corrected".
_COMMON = word_set(
    "price prices prize place plane plans plant trial trail years yours hours minds mine support sport stores stories "
    "store storm month months mouth weeks terms teams there their three these those thing think things thank until "
    "units under other offer after water later latter cases cause costs coast basic basis start stare state"
)


# --- building a reader -------------------------------------------------------------------------------------------


def _said(option: Option) -> list[str]:
    """The normalised ways an option is said."""
    return [_normal(p) for p in (option.label, *option.synonyms)]


def _counts(phrase: str) -> set[tuple[int, str]]:
    """(3, "instalment") for "3 instalment": the counts a normalised phrase names."""
    words = phrase.split()
    return {(int(a), b) for a, b in pairwise(words) if a.isdecimal() and len(a) < 6 and b.isalpha()}


def _phrase_index(scenario: Scenario) -> dict[str, list[tuple[str, str]]]:
    """Normalised phrase -> the (issue, option) pairs it names; a price's amounts are read as money instead."""
    index: dict[str, list[tuple[str, str]]] = {}
    for issue in scenario.issues:
        for option in issue.options:
            for phrase in (option.label, *option.synonyms):
                if issue.kind == "money" and _money_like(phrase):
                    continue
                for variant in (v for said in _renamed(_normal(phrase), issue) for v in _variants(said)):
                    if (issue.id, option.id) not in index.setdefault(variant, []):
                        index[variant].append((issue.id, option.id))
        named = _named_option(issue)
        if named is not None:
            # "...and a case study" names the one option that is the issue itself: "a published case study". The bare
            # or definite name ("talk me through the case study") only mentions the item.
            index.setdefault("a " + _normal(issue.name), [(issue.id, named)])
    return index


def _named_option(issue: Issue) -> str | None:
    """The one option past the first (which leaves the item out) whose label holds the issue's name, if only one."""
    if issue.kind == "money":
        return None
    name = f" {_normal(issue.name)} "
    holding = [o.id for o in issue.options[1:] if name in f" {_normal(o.label)} "]
    return holding[0] if len(holding) == 1 else None


def _renamed(phrase: str, issue: Issue) -> list[str]:
    """An option said with any of its issue's names: "a year of support" is also "a year of aftercare"."""
    names = [n for n in (_normal(issue.name), *(_normal(s) for s in issue.synonyms)) if n and n != _BREAK]
    found = next((n for n in sorted(names, key=len, reverse=True) if f" {n} " in f" {phrase} "), None)
    if found is None:
        return [phrase]
    padded = f" {phrase} "
    return [phrase, *(padded.replace(f" {found} ", f" {n} ").strip() for n in names if n != found)]


def _money_like(phrase: str) -> bool:
    """A money option's label like "$5,000" or "five thousand" is read by the amount parser, not as a phrase."""
    amounts = parse_amounts(phrase)
    whole = len(amounts) == 1 and amounts[0].text.strip() == phrase.strip()
    return whole or bool(_DIGIT.search(phrase)) or any(c in phrase for c in "$€£")


def _variants(phrase: str) -> list[str]:
    """A phrase, and for two or three words also the words run together ("up front" -> "upfront")."""
    if not phrase or phrase == _BREAK:
        return []
    words = phrase.split()
    joined = "".join(words) if 2 <= len(words) <= 3 and all(w.isalpha() for w in words) else None
    return [phrase, joined] if joined else [phrase]


def _alternation(phrases: dict[str, list[tuple[str, str]]]) -> re.Pattern[str] | None:
    """One pattern finding, at every word, the longest phrase starting there."""
    if not phrases:
        return None
    return re.compile(rf"(?=(?<!\S)({_alts(phrases)})(?!\S))")


def _alts(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _counted_options(scenario: Scenario) -> dict[tuple[str, int, str], str]:
    """(issue, 3, "instalment") -> the option that says "three instalments"."""
    counted: dict[tuple[str, int, str], str] = {}
    for issue in scenario.issues:
        for option in issue.options:
            for n, unit in {c for p in _said(option) for c in _counts(p)}:
                counted.setdefault((issue.id, n, unit), option.id)
    return counted


def _units_of(scenario: Scenario) -> frozenset[str]:
    """Words options count ("instalment" in "three instalments"): a bare number before one is not money."""
    return frozenset(
        unit for issue in scenario.issues for o in issue.options for p in _said(o) for _, unit in _counts(p)
    )


def _removable(scenario: Scenario) -> list[Issue]:
    """Issues whose first option is leaving it out ("none", "no training"): "drop the training" picks that option."""
    out = []
    for issue in scenario.issues:
        first = issue.options[0]
        words = {w for p in (first.id.replace("-", " ").replace("_", " "), *_said(first)) for w in p.split()}
        if issue.kind != "money" and words & {"no", "none", "without", "not", "excluded", "excluding", "nothing"}:
            out.append(issue)
    return out


def _removal_re(issue: Issue) -> re.Pattern[str]:
    # An in-or-out item may also be left out by naming what is in: "leave out the second terminal".
    kept = [p for o in issue.options[1:] for p in _said(o)] if len(issue.options) == 2 else []
    names = _alts(n for n in (_normal(issue.name), *(_normal(s) for s in issue.synonyms), *kept) if n) or "(?!)"
    return re.compile(
        rf"(?<!\S)(?:{_REMOVE_BEFORE} (?:the |any |all )?(?:{names})|(?:take|leave|cut|keep) (?:the )?(?:{names}) out"
        rf"|(?:the )?(?:{names}) (?:stay|stays|staying|left|kept|come|comes|taken|go|goes) (?:out|off)|(?:the )?"
        rf"(?:{names}) (?:dropped|removed|gone))(?!\S)"
    )


# --- small helpers -----------------------------------------------------------------------------------------------

_INSTALMENTS = re.compile(
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:equal\s+|monthly\s+|separate\s+)?"
    r"(?:payments?|instal+ments?|install+ments?|chunks|parts)\s+of\s+(?:about\s+|around\s+)?\Z",
    re.I,
)
_SPOKEN = re.compile(r"[a-z]{3}", re.I)  # a number said in words, not digits
_SWAP = re.compile(r"\b(?:swap|switch|trade|exchange|replace|change)\b", re.I)


def _count_value(word: str) -> int | None:
    if word.isdecimal():
        return int(word)
    value = NUMBER_WORDS.get(word.lower())
    return int(value) if value is not None else None


def _rate_re(words: list[str]) -> re.Pattern[str]:
    """What may follow an amount to give it in another unit: " a month", " per jar", "/mo"."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*(?:{alts})(?![^\W_])", re.I)


def _swapped(words: "_Words", matches: list[_Match]) -> list[_Match]:
    """In "swap the case study for reference calls" (or "replace X with Y") the first named option is given up."""
    if not _SWAP.search(words.text):
        return matches
    out: list[_Match] = []
    for m in matches:
        later = [n for n in matches if n.issue == m.issue and n.first > m.stop and n.option != m.option]
        before = words.text[: m.start]
        if later and _SWAP.search(before[-60:]) and not re.search(r"\binstead\b", words.text[m.end : later[0].start]):
            continue
        out.append(m)
    return out


def _discount_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of "10% off" / "a discount of $500" around a number, or None when it is no discount."""
    after = _OFF_AFTER.match(text, end)
    before = _OFF_BEFORE.search(text, max(0, start - 40), start)
    if after is None and before is None:
        return None
    return (before.start() if before else start, after.end() if after else end)


def _year_like(text: str, amount: Amount) -> bool:
    """Whether a bare number is a year ("in 2025", "since 1998"), not a price."""
    value = amount.value
    return (
        1900 <= value <= 2100
        and value.is_integer()
        and bool(_YEAR_BEFORE.search(text, max(0, amount.start - 12), amount.start))
    )


def _small_price_context(text: str, amount: Amount, after: tuple[str, ...]) -> bool:
    """Whether a bare small number may be a price said without its unit ("I could do 5"), not a count or a rank."""
    if after and after[0] not in _FUNCTION_WORDS:
        return False  # a following noun makes it a count: "5 people"
    before = text[max(0, amount.start - 12) : amount.start]
    if _COUNT_BEFORE.search(before):
        return False
    # "one" is far more often "that one" than a price, and number words in general are often counts.
    return amount.text[0].isdigit() or (amount.text.lower() != "one" and bool(_OFFER_BEFORE.search(before)))


def _percent_off(mentions: list[_Mention]) -> float | None:
    cuts = [m.percent for m in mentions if m.percent is not None and 0 < m.percent < 1]
    return cuts[-1] if cuts else None


def _ids(fit: _Fit) -> tuple[str, ...]:
    return (fit.option,) if fit.option is not None else fit.candidates


def _choice_mention(text: str, start: int, end: int, ids: tuple[str, ...], reason: str) -> _Mention:
    if len(ids) == 1:
        return _Mention(start, end, text[start:end], "choice", _Fit("in", ids[0], ids, "named"))
    return _Mention(start, end, text[start:end], "choice", _Fit("in", None, ids, reason))


# --- the entry point -----------------------------------------------------------------------------------------------

_READERS: OrderedDict[int, TermsReader] = OrderedDict()
_READERS_LOCK = threading.Lock()
_READERS_KEPT = 32


def reader_for(scenario: Scenario) -> TermsReader:
    """The compiled reader for a scenario. Scenarios hold lists, so they are not hashable; they are cached by identity,
    and the reader keeps its scenario alive, so an id is never reused while cached."""
    with _READERS_LOCK:
        reader = _READERS.get(id(scenario))
        if reader is not None and reader.scenario is scenario:
            _READERS.move_to_end(id(scenario))
            return reader
        reader = TermsReader(scenario)
        _READERS[id(scenario)] = reader
        while len(_READERS) > _READERS_KEPT:
            _READERS.popitem(last=False)
        return reader


def read_terms(text: str, scenario: Scenario) -> TermsReading:
    """The terms an utterance proposes for `scenario`."""
    return reader_for(scenario).read(text)

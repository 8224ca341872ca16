"""Money and numbers as people write them: "$4.8k", "5 grand", "USD 5000", "four thousand seven hundred and fifty".

Nothing here knows a scenario. A bare number ("4750", "five") is returned with `explicit=False`: whether it is money
depends on the deal's price range, which `trainer.reading.terms` decides. Bare numbers that are plainly counts or times
("3 instalments", "12 months", "5pm") are left out. Patterns have no nested unbounded repeats, so long text stays fast.
"""

import re

from pydantic import BaseModel, ConfigDict


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, for the long word lists below."""
    return frozenset(words.split())


ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
# Words below 100, for reading "three instalments" the same as "3 instalments".
NUMBER_WORDS = {**ONES, **TENS}

# What a bare number counts when it is followed by one of these (singular forms): then it is not money.
COUNT_UNITS = word_set(
    "second sec minute min hour hr day night week wk month mo quarter year yr decade time people person staff "
    "employee worker user seat licence license unit item piece session instalment installment payment visit site "
    "location store shop office team member client customer page step am pm o'clock point star x th st nd rd "
    "kg km mile metre meter hours percent pct"
)
# Words that may sit between a count and its unit: "3 monthly instalments", "2 more years".
COUNT_MODIFIERS = word_set("more extra additional further monthly annual yearly weekly equal separate other")

_WORD_ALTS = "|".join(sorted([*NUMBER_WORDS, *SCALE_WORDS], key=len, reverse=True))
# A number never starts with a scale word: "thousands of users" is not 1,000.
_FIRST_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# "and" only continues a number after a scale word: "five hundred and fifty", never "three and four".
_AND = r"(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))[\s-]+and)?"
_WORDS = (
    rf"\b(?:(?:{_FIRST_WORD})\b|a(?=[\s-]+(?:hundred|thousand|million|grand)\b))(?:{_AND}[\s-]+(?:{_WORD_ALTS})\b)*"
)
# "4,750" | "4.750" (grouped with dots, European) | "4750.00"; a leading 0 is never a thousands group.
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|[1-9]\d{0,2}(?:\.\d{3})+(?![\d,]|\.\d)|\d+(?:\.\d+)?(?!\d)"
_CORE = re.compile(rf"(?<![\w.])(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS}))", re.I)
_SUFFIX = re.compile(
    r"(?:(?P<half>[\s-]+and[\s-]+a[\s-]+half\b)|(?P<quarter>[\s-]+and[\s-]+a[\s-]+quarter\b)|"
    r"(?P<quarters>[\s-]+and[\s-]+three[\s-]+quarters\b))?"
    r"(?:(?P<k>\s?k)(?![^\W_])|(?P<m>mn|mm|m|bn)(?![^\W_])|\s*(?P<scale>hundred|thousand|grand|million|mil|billion)\b)?"
    r"(?P<unit>\s*(?:dollars?|bucks|usd|euros?|eur|pounds?|gbp|quid)\b)?",
    re.I,
)
# Read on the few characters before a number; a minus counts only when it does not join two words or numbers.
_PREFIX = re.compile(
    r"(?P<neg>(?<![\w-])[-\u2212]|\bminus\s+|\bnegative\s+)?"
    r"(?P<cur>(?:\bus\$|[$€£]|\b(?:usd|eur|gbp)\b)\s?)?"
    r"(?P<neg2>(?<=[$€£])[-\u2212])?\Z",
    re.I,
)
_PERCENT_HINT = re.compile(r"%|per[\s-]?cent|pct", re.I)
_PERCENT_SIGN = re.compile(r"\s*(?:%|percent\b|per[\s-]?cent\b|pct\b)", re.I)
_FOLLOW = re.compile(r"[ \t-]*([^\W\d_]+(?:['\u2019][^\W\d_]+)?)(?:[ \t-]+([^\W\d_]+(?:['\u2019][^\W\d_]+)?))?")
_CLOCK = re.compile(r":\d|\s?(?:a\.m|p\.m)\b", re.I)
_SCALES = {"k": 1e3, "hundred": 1e2, "thousand": 1e3, "grand": 1e3, "million": 1e6, "mil": 1e6, "billion": 1e9}
_SCALES |= {"m": 1e6, "mn": 1e6, "mm": 1e6, "bn": 1e9}
_BIG_WORD = re.compile(r"thousand|million", re.I)
_DOT_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_CLOCK_BEFORE = re.compile(r"\d:\Z")
_WORD_SPLIT = re.compile(r"[\s-]+")
_THOUSAND_END = re.compile(r"\d\s*thousand\Z", re.I)
_JOINING_GAP = re.compile(r"\s+(?:and\s+)?")
_TEN_VALUES = frozenset(float(v) for v in TENS.values())


class Amount(BaseModel):
    """A money amount (or a bare number that may be one) found in text; `text` is as written, sign and unit included."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    text: str
    start: int
    end: int
    explicit: bool  # a currency sign or word, "k", "grand" or "thousand" says it is money


class Percent(BaseModel):
    """A percentage found in text: "10%" -> value 0.10."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    text: str
    start: int
    end: int


def parse_amounts(text: str) -> list[Amount]:
    """Money amounts in `text`, in order; bare numbers that count something or are percentages are left out."""
    found: list[Amount] = []
    for core in _CORE.finditer(text):
        # A suffix ("5 thousand") may hold a number word the scan would otherwise read again.
        amount = None if found and core.start() < found[-1].end else _amount_at(text, core)
        if amount is not None and found and _continues(text, found[-1], amount):
            found[-1] = _join(text, found[-1], amount)
        elif amount is not None:
            found.append(amount)
    return found


def parse_percents(text: str) -> list[Percent]:
    """Percentages in `text`, in order: "10%", "15 percent", "ten per cent"."""
    found: list[Percent] = []
    if not _PERCENT_HINT.search(text):  # most messages have none; skip scanning every number
        return found
    for core in _CORE.finditer(text):
        sign = _PERCENT_SIGN.match(text, core.end())
        value = _core_value(core)
        if sign is not None and value is not None:
            found.append(
                Percent(value=value / 100, text=text[core.start() : sign.end()], start=core.start(), end=sign.end())
            )
    return found


def words_value(words: list[str]) -> float | None:
    """The value of number words: ["four", "thousand", "seven", "hundred", "fifty"] -> 4750; None if not a number."""
    items = _spoken_pair(_merge_tens([w.lower() for w in words if w.lower() != "and"]))
    if items is None:
        return None
    total, current = 0.0, 0.0
    for item in items:
        if isinstance(item, float):
            current += item
        elif item == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * SCALE_WORDS[item]
            current = 0
    return total + current


def following_words(text: str, end: int) -> tuple[str, ...]:
    """The (up to two) words right after position `end`, lower case and singular; empty if punctuation comes first."""
    match = _FOLLOW.match(text, end)
    if match is None:
        return ()
    return tuple(singular(w.lower().replace("\u2019", "'")) for w in match.groups() if w)


def is_count(words: tuple[str, ...], units: frozenset[str] = COUNT_UNITS) -> bool:
    """Whether a number followed by `words` counts something: "3 instalments", "2 more years"."""
    if not words:
        return False
    return words[0] in units or (words[0] in COUNT_MODIFIERS and len(words) > 1 and words[1] in units)


def singular(word: str) -> str:
    """A rough singular, the same on both sides of a comparison: "instalments" -> "instalment"."""
    if len(word) <= 3 or "'" in word or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


# --- one amount ----------------------------------------------------------------------------------------------


def _amount_at(text: str, core: re.Match[str]) -> Amount | None:
    """The amount around a number core, or None when the core is a count, a time, an ordinal or a percentage."""
    suffix = _SUFFIX.match(text, core.end())
    if suffix is None or _not_money(text, core, suffix):
        return None
    scale = (suffix["k"] or suffix["m"] or suffix["scale"] or "").strip().lower()
    value = _core_value(core, grouped_dots=not scale)
    if value is None:
        return None
    prefix = _PREFIX.search(text, max(0, core.start() - 12), core.start())
    explicit = bool(suffix["unit"] or (scale and scale != "hundred") or _BIG_WORD.search(core.group()))
    explicit = explicit or bool(prefix and prefix["cur"])
    if not explicit and is_count(following_words(text, suffix.end())):
        return None
    part = 0.5 * bool(suffix["half"]) + 0.25 * bool(suffix["quarter"]) + 0.75 * bool(suffix["quarters"])
    value = (value + part) * _SCALES.get(scale, 1.0)
    negative = bool(prefix and (prefix["neg"] or prefix["neg2"]))
    start = prefix.start() if prefix and prefix.group() else core.start()
    return Amount(
        value=-value if negative else value,
        text=text[start : suffix.end()],
        start=start,
        end=suffix.end(),
        explicit=explicit,
    )


def _continues(text: str, before: Amount, after: Amount) -> bool:
    """Whether two amounts are one written in pieces: "5 thousand five hundred"."""
    gap = text[before.end : after.start]
    return (
        _THOUSAND_END.search(before.text) is not None
        and 0 < after.value < 1000
        and not after.explicit
        and _JOINING_GAP.fullmatch(gap) is not None
    )


def _join(text: str, before: Amount, after: Amount) -> Amount:
    return Amount(
        value=before.value + after.value,
        text=text[before.start : after.end],
        start=before.start,
        end=after.end,
        explicit=True,
    )


def _not_money(text: str, core: re.Match[str], suffix: re.Match[str]) -> bool:
    """Ordinals and stuck-on units ("5th", "3x", "4pm"), clock times ("5:30") and percentages are not money."""
    end = suffix.end()
    if core["digits"] and end == core.end() and end < len(text) and text[end].isalpha():
        return True
    if _CLOCK.match(text, core.end()) or _CLOCK_BEFORE.search(text, max(0, core.start() - 2), core.start()):
        return True
    return bool(_PERCENT_SIGN.match(text, core.end()))


def _core_value(core: re.Match[str], grouped_dots: bool = True) -> float | None:
    """The number a core spells; "4.750" is a European thousands group unless a scale follows ("4.750k")."""
    digits = core["digits"]
    if digits is None:
        return words_value(_WORD_SPLIT.split(core["words"]))
    if grouped_dots and _DOT_GROUPS.fullmatch(digits):
        return float(digits.replace(".", ""))
    return float(digits.replace(",", ""))


def _merge_tens(words: list[str]) -> list[float | str] | None:
    """["forty", "seven", "thousand"] -> [47.0, "thousand"]; None if a word is not a number word."""
    items: list[float | str] = []
    for word in words:
        if word in SCALE_WORDS:
            items.append(word)
            continue
        if word not in NUMBER_WORDS and word != "a":
            return None
        value = float(NUMBER_WORDS.get(word, 1))
        previous = items[-1] if items else None
        if isinstance(previous, float) and previous in _TEN_VALUES and 0 < value < 10:
            items[-1] = previous + value
        else:
            items.append(value)
    return items


def _spoken_pair(items: list[float | str] | None) -> list[float | str] | None:
    """Prices said in two halves: "forty-seven fifty" is 4750 and "four seven fifty" is 4750, as people say them."""
    if items is not None and len(items) == 3 and all(isinstance(i, float) for i in items):
        a, b, c = (float(i) for i in items)
        if 1 <= a <= 9 and 1 <= b <= 9 and 10 <= c <= 99:
            return [a * 1000 + b * 100 + c]
    if items is None or len(items) != 2:
        return items
    first, second = items
    if isinstance(first, float) and isinstance(second, float) and 1 <= first <= 9 and 10 <= second <= 99:
        return [first * 100 + second]  # "three eighty-five": $385, or $3.85 where prices are that small
    if isinstance(first, float) and isinstance(second, float) and 10 <= first <= 99 and 10 <= second <= 99:
        return [first * 100 + second]
    return items

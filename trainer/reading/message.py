"""What one trainee message says about the deal: the terms it proposes, the packages it offers as alternatives, the
terms it refuses, and its dialogue acts.

Each clause is read on its own (`trainer.reading.stance` says whether it proposes, refuses, states a fact, asks,
says back, agrees or walks away), so a figure counts as an offer only where its clause offers it. Offers that lean on
the conversation ("split the difference", "another $2 off", "same as before but weekly", a plain "deal") are resolved
from the `Table`: the trainee's last proposal and the counterpart's standing offer. Such terms are marked `inferred`,
so the counterpart confirms them before it closes.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from trainer.files.scenario import Issue, Scenario
from trainer.reading import stance as st
from trainer.reading.acts import ACTS, Act, ContextTurn, detect_acts
from trainer.reading.numbers import parse_amounts
from trainer.reading.terms import Ambiguity, TermsReading, read_terms

Terms = dict[str, str]
_MAX_CHARS = 2000


class Table(BaseModel):
    """What is on the table before a message: the trainee's last proposal and the counterpart's standing offer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mine: Terms = Field(default_factory=dict, description="The trainee's proposals so far, the latest per issue.")
    said: Terms = Field(
        default_factory=dict,
        description="Of those, what the trainee named, when `mine` also holds terms filled in for them; 'the same "
        "package' repeats only these.",
    )
    theirs: Terms = Field(default_factory=dict, description="The counterpart's standing offer.")
    agreed_mine: bool = Field(False, description="The counterpart's last turn said yes to the trainee's proposal.")
    agreed: Terms = Field(
        default_factory=dict, description="The package agreed in principle while it asks for one more thing (a nibble)."
    )
    asked: Terms = Field(default_factory=dict, description="The extra it asks for on top of the agreed package.")


class Reading(BaseModel):
    """One message as the counterpart reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    proposes: Terms = Field(default_factory=dict, description="Terms the message puts forward or agrees to.")
    alternatives: list[Terms] = Field(default_factory=list, description="Packages offered as either/or.")
    refuses: Terms = Field(default_factory=dict, description="Terms the message turns down.")
    acts: list[Act] = Field(default_factory=list)
    accepts: bool = Field(False, description="Says yes to the terms on the table.")
    firm: bool = Field(False, description="The yes needs no confirming ('deal', 'yes'); a bare 'ok' does.")
    inferred: bool = Field(False, description="Some proposed terms were filled from the conversation, not said.")
    notes: list[str] = Field(default_factory=list, description="How words became terms: 'heard $5,200 as $5,250'.")
    ambiguous: list[Ambiguity] = Field(default_factory=list)
    absurd: list[str] = Field(default_factory=list)


class _Clause(BaseModel):
    text: str
    stance: st.Stance
    reading: TermsReading


_CACHE: OrderedDict[tuple[object, ...], tuple[Scenario, Reading]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_KEPT = 4096


def read_message(
    text: str, scenario: Scenario, context: Sequence[ContextTurn] = (), table: Table | None = None
) -> Reading:
    """Reads terms and acts; `table` defaults to what the context's own lines put on the table.

    The scorer reads each turn more than once; a reading is cached (by scenario identity, text, context and table),
    and the cache keeps its scenario alive, so an identity is never reused while cached.
    """
    key = (
        id(scenario),
        text,
        tuple((t.speaker, t.text) for t in context),
        None
        if table is None
        else (
            tuple(table.mine.items()),
            tuple(table.said.items()),
            tuple(table.theirs.items()),
            table.agreed_mine,
            tuple(table.agreed.items()),
            tuple(table.asked.items()),
        ),
    )
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is scenario:
            _CACHE.move_to_end(key)
            return hit[1]
    reading = _read(text, scenario, context, table)
    with _CACHE_LOCK:
        _CACHE[key] = (scenario, reading)
        while len(_CACHE) > _CACHE_KEPT:
            _CACHE.popitem(last=False)
    return reading


def forget_readings() -> None:
    """Empties the reading cache (a benchmark measures a cold read of every transcript)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _read(text: str, scenario: Scenario, context: Sequence[ContextTurn], table: Table | None) -> Reading:
    clipped = text[:_MAX_CHARS]
    table = table if table is not None else table_from(context, scenario)
    whole = clipped.strip()
    parts = [
        _clause(c, scenario, table, s.strip()[-1:], c.strip() == whole)
        for s in st.sentences(clipped)
        for c in st.clauses(s)
    ]
    parts = _quoted_then_refused(_yes_first(_restated(parts, context)))
    proposes, refuses, notes = _terms(parts)
    refuses = {**_pointed(parts, table), **refuses}
    price = _price_issue(scenario)
    if price is not None and price in refuses and price in table.asked:
        # "I can't do $250 off" while it asks for $250 off the agreed price turns down that price, not the list's
        granted = _granted_discount(scenario, price, table, clipped)
        refuses = {**refuses, price: granted} if granted is not None else refuses
    alternatives = _alternatives(clipped, scenario, parts)
    # Amounts between two options in what the message puts forward or agrees to: asked about, never filled in.
    ambiguous = [a for p in parts if p.stance in ("propose", "condition", "accept") for a in p.reading.ambiguous]
    unclear_issues = {a.issue for a in ambiguous}
    proposes, inferred, relative_notes = _relative(clipped, scenario, table, proposes, parts, unclear_issues)
    accepting = [p for p in parts if p.stance == "accept"]
    asks_theirs = bool(_ASKS_FOR_TERMS.search(clipped))  # "Sounds great, what would you suggest?" is not a yes
    # "Deal at 45" names a price between two options: not a yes to their offer until the price is clear.
    unclear = any(p.reading.ambiguous for p in accepting)
    accepts = (
        bool(accepting)
        and not refuses
        and not asks_theirs
        and not unclear
        and not any(p.stance in ("walk", "refuse") for p in parts)
    )
    if accepts and not proposes:
        proposes, inferred = _accepted(table), True
    elif _answers_the_extra(table, proposes, refuses, parts):
        # "Happy to throw in the two-year plan, but then it's $5.25k": the rest of the agreed package stands.
        proposes, inferred = {**table.agreed, **table.asked, **proposes}, True
    if alternatives:
        proposes = {}
    acts = _acts(clipped, context, parts, proposes, alternatives, accepts, refuses, table)
    reading_notes = notes + relative_notes
    return Reading(
        proposes=_ordered(scenario, proposes),
        alternatives=[_ordered(scenario, a) for a in alternatives],
        refuses=_ordered(scenario, {k: v for k, v in refuses.items() if proposes.get(k) != v}),
        acts=acts,
        accepts=accepts,
        firm=accepts and st.firm_yes(clipped),
        inferred=inferred and bool(proposes),
        notes=list(dict.fromkeys(reading_notes)),
        ambiguous=ambiguous,
        absurd=[a for p in parts if p.stance in ("propose", "condition") for a in p.reading.absurd],
    )


def table_from(context: Sequence[ContextTurn], scenario: Scenario) -> Table:
    """The table as the context's text puts it: each side's terms, the latest per issue."""
    mine: Terms = {}
    theirs: Terms = {}
    agreed = False
    for turn in context:
        if turn.speaker == "self":
            # Read without its own context: only its terms matter here, and the same turn then reads from the cache
            # for every later message of the call.
            reading = read_message(turn.text, scenario, (), Table(mine=mine, theirs=theirs))
            mine = {**mine, **reading.proposes}
            agreed = False
        else:
            named = read_terms(turn.text[:_MAX_CHARS], scenario)
            said = {**named.negated, **named.terms}
            theirs = {**theirs, **{k: v for k, v in said.items() if mine.get(k) != v}}
            agreed = not said and bool(st.ACCEPT.search(turn.text) or st.BARE_YES.match(turn.text))
    return Table(mine=mine, theirs=theirs, agreed_mine=agreed)


def _clause(text: str, scenario: Scenario, table: Table, ending: str, whole: bool) -> _Clause:
    reading = read_terms(text, scenario)
    named = bool(reading.terms or reading.negated or reading.ambiguous)
    stance = st.stance(text, named, ending, whole)
    if stance in ("propose", "accept") and _echoes_theirs(text, reading.terms, table) and not _YES_FIRST.search(text):
        stance = "sayback"
    elif stance == "accept" and reading.terms and any(table.theirs.get(k) != v for k, v in reading.terms.items()):
        stance = "propose"  # "there's a deal here that works for both of us: fifty-seven, three years, ..."
    return _Clause(text=text, stance=stance, reading=reading)


_SECOND_PERSON = re.compile(r"\b(?:you|your|you'?re|you'?ve|yours)\b", re.I)
_POINTING = re.compile(
    r"\b(?:that|this|it|those|these|the (?:price|number|figure|offer|rate))\b.{0,30}|\b(?:that|so) (?:low|high|far|"
    r"much|little)\b",
    re.I,
)


def _echoes_theirs(text: str, terms: Terms, table: Table) -> bool:
    """Their own terms said back to them ("so five thousand feels like a stretch for you") offer nothing."""
    if not terms or st.PROPOSING.search(text) or st.ACCEPT.search(text):
        return False
    theirs = {k: v for k, v in table.theirs.items() if table.mine.get(k) != v}
    return all(theirs.get(k) == v for k, v in terms.items()) and bool(_SECOND_PERSON.search(text))


_YES_SENTENCE = re.compile(r"\W*(?:yes|yeah|yep|yup|absolutely|definitely|certainly|of course)\s*[.!]+\W*", re.I)


_MARKER = re.compile(
    r"^\W*(?:ah,? |oh,? |hm+,? )?(?:i see|got it|understood|right|ok(?:ay)?|so|i hear you|makes sense|that makes sense|"
    r"i get it|fair enough)\b",
    re.I,
)
_CONTENT = re.compile(r"[a-z]{4,}")
_COMMON_WORDS = frozenset(
    [
        "that",
        "this",
        "with",
        "what",
        "have",
        "from",
        "they",
        "them",
        "their",
        "your",
        "yours",
        "about",
        "would",
        "could",
        "should",
        "there",
        "which",
        "when",
        "where",
        "were",
        "been",
        "will",
        "just",
        "really",
        "very",
        "much",
        "more",
        "some",
        "than",
        "then",
        "into",
        "also",
        "only",
        "over",
        "like",
        "make",
        "made",
        "want",
        "need",
        "know",
        "think",
        "because",
        "does",
        "doing",
        "said",
        "says",
        "tell",
        "told",
    ]
)


def _content(text: str) -> set[str]:
    return {w[:5] for w in _CONTENT.findall(text.lower()) if w not in _COMMON_WORDS}


def _restated(parts: list[_Clause], context: Sequence[ContextTurn]) -> list[_Clause]:
    """ "I see, a price that's locked for a few years would count as a saving too": their words, said back."""
    said_by_them = [t.text for t in context if t.speaker == "other"]
    if not said_by_them:
        return parts
    theirs = _content(" ".join(said_by_them[-3:]))
    out = []
    for p in parts:
        said = _content(p.text)
        if p.stance in ("none", "fact") and _MARKER.match(p.text) and len(said & theirs) >= 3:
            p = p.model_copy(update={"stance": "sayback"})
        out.append(p)
    return out


def _answers_the_extra(table: Table, proposes: Terms, refuses: Terms, parts: list[_Clause]) -> bool:
    """A trade or a giving of the extra it asked for: names the extra's issue, in part of a package, refusing none."""
    if not (table.agreed and table.asked and proposes) or refuses or set(proposes) >= set(table.agreed):
        return False
    named = {k for p in parts for k in (*p.reading.terms, *p.reading.negated)}
    return bool(set(table.asked) & (named | set(proposes)))


def _yes_first(parts: list[_Clause]) -> list[_Clause]:
    """ "Yes. Let's get it signed.": a bare yes that opens a message agrees, unless what follows asks or refuses."""
    first = parts[0].text if parts else ""
    if len(parts) < 2 or parts[0].stance != "none" or not _YES_SENTENCE.fullmatch(first):
        return parts
    if any(p.stance in ("ask", "refuse", "walk", "propose", "condition") for p in parts[1:]):
        return parts
    return [parts[0].model_copy(update={"stance": "accept"}), *parts[1:]]


def _quoted_then_refused(parts: list[_Clause]) -> list[_Clause]:
    """ "Forty a case? Not possible.": a figure asked back and then turned down is refused, not offered."""
    out = list(parts)
    for i in range(1, len(out)):
        before, now = out[i - 1], out[i]
        bare = not (now.reading.terms or now.reading.negated)
        quoted = before.stance == "propose" and st.asks(before.text) and not st.PROPOSING.search(before.text)
        if now.stance == "refuse" and bare and quoted:
            out[i - 1] = before.model_copy(update={"stance": "refuse"})
    return out


def _pointed(parts: list[_Clause], table: Table) -> Terms:
    """ "I can't go that low" right after their price refuses that price."""
    refused: Terms = {}
    for p in parts:
        if p.stance in ("refuse", "walk") and not (p.reading.terms or p.reading.negated) and _POINTING.search(p.text):
            fresh = {k: v for k, v in table.theirs.items() if table.mine.get(k) != v}
            if len(fresh) == 1:
                refused.update(fresh)
    return refused


def _terms(parts: list[_Clause]) -> tuple[Terms, Terms, list[str]]:
    """Proposed terms from proposing clauses (a later clause wins), refused ones from refusing clauses."""
    proposes: Terms = {}
    refuses: Terms = {}
    notes: list[str] = []
    for p in parts:
        r = p.reading
        if p.stance in ("propose", "condition"):
            proposes.update(r.terms)
            refuses.update(r.negated)
            notes += r.notes
        elif p.stance in ("refuse", "walk"):
            refuses.update({**r.terms, **r.negated})
        elif p.stance == "accept":
            proposes.update(r.terms)
    return proposes, refuses, notes


# --- either/or ---------------------------------------------------------------------------------------------------

_OR = re.compile(r",?\s+\bor\b\s+(?:else\s+|alternatively\s+|maybe\s+|even\s+|instead\s+)?|\s+/\s+", re.I)


def _alternatives(text: str, scenario: Scenario, parts: list[_Clause]) -> list[Terms]:
    """'60k for one year, or 54k a year if you go for three': each side of the "or" is a package of its own."""
    if not any(p.stance in ("propose", "condition") for p in parts) or not _OR.search(text):
        return []
    for sentence in st.sentences(text):
        sides = [s for s in _OR.split(sentence) if s.strip()]
        if len(sides) != 2:
            continue
        first, second = (read_terms(s, scenario) for s in sides)
        if not (first.terms and second.terms) or (st.asks(sentence) and not st.PROPOSAL_QUESTION.search(sentence)):
            continue
        a = dict(first.terms)
        b = {**_elided(scenario, first.terms, sides[1]), **_short(scenario, a, sides[1]), **second.terms}
        if set(a) & set(b) and a != b and any(a[k] != b[k] for k in set(a) & set(b)):
            return [a, b]
    return []


_WITHOUT_IT = re.compile(r"\b(?:without|minus|drop|no|lose|skip) (?:it|them|that|those|this|one)\b", re.I)
_FILLER_WORDS = frozenset(
    ["a", "an", "the", "of", "for", "with", "and", "to", "in", "on", "at", "per", "your", "our", "my", "new", "all"]
)


def _short(scenario: Scenario, first: Terms, second: str) -> Terms:
    """What the second side of an either/or says in short: "…or 5,250 without it", "…or with the six-month plan"."""
    out: Terms = {}
    words = set(re.findall(r"[a-z0-9]+", second.lower()))
    for issue_id in first:
        issue = scenario.issue(issue_id)
        if issue.kind == "item" and _WITHOUT_IT.search(second):
            out[issue_id] = issue.options[0].id
            continue
        marks = _distinctive(issue)
        hits = [o for o, keys in marks.items() if keys and any(k <= words for k in keys)]
        if len(hits) == 1:
            out[issue_id] = hits[0]
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _distinctive(issue: Issue) -> dict[str, list[frozenset[str]]]:
    """For each option, the word sets that tell it from its siblings once the issue's own words are set aside."""
    shared = set(re.findall(r"[a-z0-9]+", " ".join([issue.name, *issue.synonyms]).lower())) | _FILLER_WORDS
    said = {
        o.id: [set(re.findall(r"[a-z0-9]+", p.lower())) - shared for p in (o.label, *o.synonyms)] for o in issue.options
    }
    out: dict[str, list[frozenset[str]]] = {}
    for oid, sets in said.items():
        others = [w for other, ss in said.items() if other != oid for s in ss for w in s]
        out[oid] = [frozenset(s) for s in sets if s and not s <= set(others)]
    return out


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def _elided(scenario: Scenario, first: Terms, second: str) -> Terms:
    """'…for one year, or … if you go for three': the second side's bare 'three' counts what the first side counted."""
    words = re.findall(r"[a-z0-9]+", second.lower())
    out: Terms = {}
    for issue_id, option_id in first.items():
        issue = scenario.issue(issue_id)
        label = issue.option(option_id).label.lower()
        unit = re.search(r"\b(?:one|two|three|four|five|six|\d+)[ -](\w+?)s?\b", label)
        if unit is None:
            continue
        for w in words[-4:]:
            if w in _SMALL:
                found = _counted(issue, _SMALL[w], unit.group(1))
                if found:
                    out[issue_id] = found
    return out


def _counted(issue: Issue, n: int, unit: str) -> str | None:
    names = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    for o in issue.options:
        said = " ".join([o.label, *o.synonyms]).lower()
        if re.search(rf"\b(?:{n}|{names.get(n, '#')})[ -]{unit}", said):
            return o.id
    return None


# --- offers that lean on the conversation ------------------------------------------------------------------------

_SPLIT = re.compile(
    r"\b(?:split (?:the|that|our) (?:difference|gap)|split it|meet (?:you |me |each other )?(?:in the middle|halfwa"
    r"y|half ?way)|meet in the middle|halfway|half-way|middle ground|somewhere in the middle|between (?:your|our) ("
    r"?:number|figure|price) and (?:mine|ours|yours))\b",
    re.I,
)
_SAME = re.compile(
    r"\bkeep (?:it|everything|the rest)(?: all)? (?:the same|as (?:it is|before))|\b(?:same (?:as (?:before|last ti"
    r"me|i said|we said|earlier|discussed)|package|terms|deal|again|as my last)|everything else (?:the same|as (?:i"
    r"|we) (?:said|discussed|proposed|had|offered|laid out|outlined)|stays|unchanged|as before|as is|as it was|as d"
    r"iscussed|stands)|(?:the )?rest (?:as (?:before|discussed|agreed|i said)|the same|stays(?: the same)?|unchange"
    r"d)|otherwise (?:the same|as before|unchanged)|keep everything else|all else (?:equal|the same)|as (?:i|we) (?"
    r":said|offered|proposed|had it) (?:before|earlier)|on the same terms|(?:my|our) (?:last|previous|earlier) (?:o"
    r"ffer|proposal|package) but|what i (?:offered|proposed) before but|everything (?:i|we) (?:just )?(?:said|discuss"
    r"ed|talked about|put down|laid out|agreed))\b",
    re.I,
)
_HOLD_MINE = re.compile(
    r"\b(?:stick(?:ing)? (?:with|to) (?:what i (?:offered|said|proposed|put down)|my (?:last )?(?:offer|number|pric"
    r"e|package|proposal))|my (?:last |previous )?(?:offer|proposal|package|number) (?:stands|is fair|still stands|"
    r"holds)|(?:stay|staying) (?:there|where i am|at that|put)|i'?m (?:still|staying) (?:at|with) (?:my|what i)|not"
    r" moving from (?:my|that|what i)|hold(?:ing)? (?:at|firm at|to) (?:my|what i))\b",
    re.I,
)
_SAME_PRICE = re.compile(
    r"\b(?:same|that|the|this|my|our) (?:price|number|figure|fee|rate|case price)(?: as before)?\b(?!\s+(?:is|was|o"
    r"f|for|isn|won|doesn|can))",
    re.I,
)
_STEP = re.compile(
    r"\b(?:(?:another|a further|an extra|a(?:n)? (?:additional|more)|one more)\s+(?P<a>[$€£]?\s?[\d.,]+\s?k?|[a-z]+"
    r"(?: hundred| thousand| grand)?|\w+ (?:dollars|bucks|quid))(?:\s+(?:dollars|bucks|quid))?\s+(?:off|less|lower|"
    r"down|discount|cheaper)|(?:come|go|drop|bring (?:it|the price)|move|get) down (?:another |a further |by (?:ano"
    r"ther )?|a (?:further |more )?)?(?P<b>[$€£]?\s?[\d.,]+\s?k?|[a-z]+(?: hundred| thousand| grand)?)(?:\s+(?:doll"
    r"ars|bucks|quid))?(?:\s+(?:more|further))?|(?:knock|take|shave) (?:another|a further|an extra) (?P<c>[$€£]?\s?"
    r"[\d.,]+\s?k?|[a-z]+(?: hundred| thousand| grand)?)(?:\s+(?:dollars|bucks|quid))?\s+off|(?:take|knock|shave|cu"
    r"t) (?P<d>[$€£]?\s?[\d.,]+\s?k?|[a-z]+(?: hundred| thousand| grand)?)(?:\s+(?:dollars|bucks|quid))?\s+off(?! ("
    r"?:the |our |your )?(?:list|quote|quoted|full|asking|rrp|retail|sticker|original)))",
    re.I,
)


def _relative(
    text: str, scenario: Scenario, table: Table, proposes: Terms, parts: list[_Clause], unclear: set[str]
) -> tuple[Terms, bool, list[str]]:
    """Offers that need the conversation: split the difference, a step down, the same package with a change."""
    # Only clauses that offer or agree lean on the table: "I can't do another $250 off" refuses a step.
    text = " ".join(
        p.text
        for p in parts
        if p.stance in ("propose", "condition", "accept", "none")
        or (p.stance == "ask" and st.PROPOSAL_QUESTION.search(p.text))
    )
    if not text:
        return proposes, False, []
    price = _price_issue(scenario)
    inferred, notes = False, list[str]()
    out = dict(proposes)
    stated = price in proposes  # a figure said outright wins over one worked out: "I'll come down $250: five grand"
    if price is not None and not stated and _SPLIT.search(text):
        middle = _between(scenario, price, table.mine.get(price), table.theirs.get(price))
        if middle is not None:
            out[price], inferred = middle, True
    step = _STEP.search(text)
    if price is not None and not stated and step is not None and (step.group("d") is None or price in table.mine):
        # While it asks for an extra on top of an agreed package ("another $250 off"), a step is taken from there.
        agreed = table.agreed.get(price) if table.asked else None
        base = agreed or table.mine.get(price) or (None if step.group("d") else table.theirs.get(price))
        stepped = _stepped(scenario, price, base, step)
        if stepped is not None:
            out[price], inferred = stepped, True
    # "43, same package" is not heard as the last price: an amount halfway between two options stays asked about.
    named = {k: v for k, v in (table.said or table.mine).items() if k not in unclear}
    granted = _granted_discount(scenario, price, table, text)
    if price is not None and granted is not None:
        out[price], inferred = granted, True
    same = _SAME.search(text) or _HOLD_MINE.search(text)
    if same and named:
        out, inferred = {**named, **out}, True
    elif price is not None and _SAME_PRICE.search(text) and price in named and price not in out:
        out, inferred = {**out, price: named[price]}, True
    return out, inferred, notes


def _price_issue(scenario: Scenario) -> str | None:
    tagged = scenario.issues_tagged("price")
    money = [i for i in scenario.issues if i.kind == "money"]
    chosen = tagged or money
    return chosen[0].id if chosen else None


def _amount(scenario: Scenario, issue: str, option: str | None) -> float | None:
    if option is None:
        return None
    return scenario.issue(issue).option(option).amount


def _nearest(scenario: Scenario, issue: str, value: float) -> str:
    options = [o for o in scenario.issue(issue).options if o.amount is not None]
    return min(options, key=lambda o: (abs((o.amount or 0) - value), -(o.amount or 0))).id


def _between(scenario: Scenario, issue: str, mine: str | None, theirs: str | None) -> str | None:
    a, b = _amount(scenario, issue, mine), _amount(scenario, issue, theirs)
    if a is None or b is None or a == b:
        return None
    return _nearest(scenario, issue, (a + b) / 2)


def _stepped(scenario: Scenario, issue: str, base: str | None, step: re.Match[str]) -> str | None:
    start = _amount(scenario, issue, base)
    said = step.group("a") or step.group("b") or step.group("c") or step.group("d") or ""
    found = parse_amounts(said.replace("grand", "thousand"))
    if start is None or not found:
        return None
    value = found[0].value
    options = [o.amount for o in scenario.issue(issue).options if o.amount is not None]
    if value < 0.2 * min(options) and start > 1000 and value < 100:
        value *= 1000  # "another 3" in a deal priced in thousands
    return _nearest(scenario, issue, start - value)


_OFF_AMOUNT = re.compile(
    r"(?P<a>[$€£]?\s?\d[\d,.]*\s?k?)\s+off\b(?! (?:the |our |your )?(?:list|quote|rrp|retail))", re.I
)


def _granted_discount(scenario: Scenario, price: str | None, table: Table, text: str) -> str | None:
    """ "ok, $250 off, fine": while it asks for money off an agreed price, the same amount off is that price."""
    if price is None or price not in table.asked or price not in table.agreed:
        return None
    off = _OFF_AMOUNT.search(text)
    if off is None:
        return None
    found = parse_amounts(off.group("a"))
    start = _amount(scenario, price, table.agreed[price])
    if not found or start is None:
        return None
    granted = _nearest(scenario, price, start - found[0].value)
    return granted if granted == table.asked[price] else None


def _accepted(table: Table) -> Terms:
    """The offer a plain yes takes: the counterpart's, or the trainee's own when the counterpart just agreed to it."""
    if table.agreed_mine and table.mine:
        return dict(table.mine)
    return dict(table.theirs or table.mine)


# --- acts ----------------------------------------------------------------------------------------------------------


def _acts(
    text: str,
    context: Sequence[ContextTurn],
    parts: list[_Clause],
    proposes: Terms,
    alternatives: list[Terms],
    accepts: bool,
    refuses: Terms,
    table: Table,
) -> list[Act]:
    base: set[str] = set(detect_acts(text, context))
    found: set[str] = base & {"question", "open_question", "interest_probe", "reflection", "acknowledgement"}
    dealing = any(p.stance in ("propose", "condition", "refuse", "walk", "accept") for p in parts)
    thanks = bool(st.ACKNOWLEDGING_THANKS.search(text))
    if thanks:
        found.add("acknowledgement")
    if not dealing and (st.SMALL_TALK.search(text) or ("small_talk" in base and not thanks)):
        found.add("small_talk")
    if any(p.stance == "ask" or st.asks(p.text) or st.INDIRECT_ASK.search(p.text) for p in parts):
        found.add("question")
    own = any(p.stance in ("propose", "condition") and (p.reading.terms or p.reading.ambiguous) for p in parts)
    if alternatives or (proposes and (own or not accepts)):
        found.add("offer")
    if accepts:
        found.add("accept")
    if "offer" in found and _takes_theirs(text, parts, proposes, table):
        found.discard("offer")
        found.add("accept")
    if "offer" in found and "accept" in found and not _takes_theirs(text, parts, proposes, table):
        found.discard("accept")
    if refuses or any(p.stance == "refuse" for p in parts) or "reject" in base:
        found.add("reject")
    if any(p.stance == "walk" for p in parts):
        found.add("walk_away")
    if any(p.stance == "sayback" for p in parts):
        found.add("reflection")
    if any(st.challenges(p.text) for p in parts if p.stance in ("ask", "refuse", "fact", "none")):
        found.add("challenge")
        found.add("question")
    # A pleasantry put as a question ("how's the quarter going?") is small talk, not a question about their needs.
    chatting = any(p.stance == "ask" and st.SMALL_TALK.search(p.text) for p in parts)
    open_about_them = "open_question" in found and not found & {"challenge", "offer"}
    if open_about_them and not chatting and not _ASKS_FOR_TERMS.search(text):
        found.add("interest_probe")
    if chatting and not any(p.stance != "none" and p.stance != "ask" for p in parts):
        found.discard("interest_probe")
    if st.insults(text) or "insult" in base:
        found.add("insult")
    if "offer" in found or "accept" in found:
        found.discard("interest_probe")
        if not any(p.stance == "ask" for p in parts):
            found.discard("open_question")
    return [a for a in ACTS if a in found]


# Open questions that ask for their position, not their needs: "what's your price?", "what are you thinking?".
_ASKS_FOR_TERMS = re.compile(
    r"\b(?:what (?:are|were) you thinking|what(?:'s| is| would be) your (?:price|offer|number|proposal|best|bottom)"
    r"|what (?:did|do) you have in mind|what (?:do|would|can|could) you (?:propose|suggest|pay|offer|do on)|where a"
    r"re you (?:on|at) (?:price|the price|that)|what (?:number|price|figure) (?:do|did|would) you)\b",
    re.I,
)
_YES_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|great|fine|ok(?:ay)?|sure|perfect|fair enough|good|right)\b|\bthen\W*$", re.I
)
_TAKE_YOURS = re.compile(r"\b(?:i|we)(?:'ll| will) take your\b", re.I)


def _takes_theirs(text: str, parts: list[_Clause], proposes: Terms, table: Table) -> bool:
    """ "Yes, we can do on-site training" after they asked for it, "I'll take your 5k": their terms, agreed to."""
    own = {k: v for p in parts if p.stance in ("propose", "condition", "accept") for k, v in p.reading.terms.items()}
    if not own or any(table.theirs.get(k) != v for k, v in {**own, **proposes}.items()):
        return False  # "ok, another $2 off if you commit to 400 cases" offers a new price: not a yes to theirs
    return bool(_YES_FIRST.search(text) or _TAKE_YOURS.search(text) or any(p.stance == "accept" for p in parts))


def _ordered(scenario: Scenario, terms: Terms) -> Terms:
    order = [i.id for i in scenario.issues]
    return {k: terms[k] for k in order if k in terms}

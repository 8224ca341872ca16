"""Does a model's reply say the decided move, and only it? Checked in code, after the stream, on every reply.

A reply fails when it leaves out what the move carries (every amount and option of the decided terms, the extra a
nibble asks for, the price a dismantle keeps, the substance of a reveal: paraphrase allowed) or when it says what the
move does not (an amount or option outside the terms, words of agreement after a move that does not agree, a limit,
walk-away or points figure, an extra nobody asked for). The answer is the reason, in words a note can carry.
"""

import re
from collections.abc import Sequence

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import slots
from trainer.files.persona import Persona
from trainer.files.scenario import Issue, Scenario
from trainer.reading.numbers import parse_amounts
from trainer.reading.terms import read_terms

# Moves after which words of agreement are right; after any other, "deal" or "I'll take it" would cave.
AGREEING = frozenset({"accept", "close", "confirm", "nibble", "nibble_drop", "nibble_trade", "accept_reprice"})
# Moves whose words must carry their whole package.
CARRIES_TERMS = frozenset(
    {
        "anchor",
        "counter",
        "concede",
        "re_anchor",
        "restate",
        "accept",
        "close",
        "confirm",
        "last_offer",
        "nibble_trade",
        "accept_reprice",
    }
)
_AGREES = re.compile(
    r"(?:^|[.!?]\s*)deal\b(?!\s+with)|\b(?:it'?s|that'?s) a deal|\b(?:we|you)(?:'ve| have)? got (?:yourself )?a deal|"
    r"\bwe have a deal|\bdone deal|\b(?:we'?re|we are) agreed|(?:^|[.!?]\s*)agreed\b|\bagreed[.!]|"
    r"\bi (?:can |will |'?ll )?accept\b|"
    r"\b(?:i|we)(?:'ll| will) take it\b|\bshake (?:hands )?on (?:it|that)|\bshake hands\b|\bconsider it (?:sold|done)|"
    r"\bsold\b|\bsign me up\b|\bcount me in\b|\blet'?s do (?:it|this)\b|\bit'?s yours\b|\byou have yourself\b",
    re.I,
)
_SENTENCE_STOP = re.compile(r"[.!?]")
_NEGATED = re.compile(r"\b(not|no|never|n'?t|nothing)\W+(\w+\W+)?\Z", re.I)
# Words that make a number next to them a private figure. The first group is never said, whatever the number.
_SECRET = r"walk[- ]?away|bottom[- ]line|reservation (?:price|point|value)|points|score"
_LIMIT = r"limit|ceiling|budget|maximum|max|most i (?:can|could) (?:pay|spend|do|go)|highest i (?:can|could) go"
_NEAR = r"\W+(?:\w+\W+){0,5}?"
_FIGURE = r"\$?\d[\d,.]*k?"
_SECRET_FIGURE = re.compile(rf"\b(?:{_SECRET}){_NEAR}{_FIGURE}|{_FIGURE}{_NEAR}(?:{_SECRET})\b", re.I)
_LIMIT_FIGURE = re.compile(rf"\b(?:{_LIMIT})\b{_NEAR}({_FIGURE})|({_FIGURE}){_NEAR}(?:{_LIMIT})\b", re.I)
_WORD = re.compile(r"[a-z]+")
_SUFFIX = re.compile(r"(?:ments?|ings?|ed|ly|ies|es|s)$")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "if",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "then",
        "than",
        "what",
        "which",
        "who",
        "when",
        "how",
        "why",
        "not",
        "no",
        "yes",
        "can",
        "could",
        "would",
        "will",
        "should",
        "just",
        "very",
        "really",
        "honestly",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "up",
        "out",
        "all",
        "any",
        "some",
        "one",
        "more",
        "most",
        "much",
        "many",
        "get",
        "got",
        "make",
        "made",
        "need",
        "want",
        "like",
        "know",
        "think",
        "say",
        "said",
        "they",
        "them",
        "their",
        "him",
        "her",
        "she",
        "he",
        "his",
        "hers",
    ]
)


def check_reply(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> str | None:
    """Why the reply does not say the decided moves (or says more), or None when it does."""
    if not reply.strip():
        return "it was empty"
    return contradiction(reply, moves, scenario, persona, history) or omission(reply, moves, scenario, persona, history)


# --- what the reply must carry -----------------------------------------------------------------------------------


def omission(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn] = ()
) -> str | None:
    """What the moves carry that the reply leaves out, or None. Moves that carry no terms (a greeting, a nudge) still
    need a reply on the subject: a word of the deal, of the trainee's last line, or of what the move does."""
    for move in moves:
        missing = _missing(reply, move, scenario, persona)
        if missing:
            return f"it leaves out {missing}, which the decided {move.kind.replace('_', ' ')} move carries"
    if moves and not any(move_carries(m) for m in moves) and not _on_subject(reply, moves, scenario, persona, history):
        kinds = " and ".join(m.kind.replace("_", " ") for m in moves)
        return f"it is off the subject: nothing in it belongs to the deal, the trainee's words or a {kinds}"
    return None


def move_carries(move: Move) -> bool:
    """Whether a move has something its words must carry: terms, an extra, a kept price, an option or a reveal."""
    return move.kind in CARRIES_TERMS or move.kind in ("nibble", "dismantle", "basis", "explain") or bool(move.interest)


# Words any reply doing one of these moves may use, beyond the deal's own words: a greeting greets, a guard guards.
_MOVE_WORDS = {
    "greet": "hello hey welcome thanks thank good glad pleased nice meet meeting call calling speak talk start begin",
    "deflect": "question later first focus rather yet stage settle main point come back discuss share",
    "guard": "private confidential share disclose limit limits budget walk internal business instructions figures",
    "clarify": "mean meaning total include includes cover covers part exactly precise clear",
    "dissatisfied": "patience circles leave continue change point productive options moving movement stop done",
    "walk_away": "deal walk walking away goodbye thank thanks end ending elsewhere apart work leave",
    "small_talk": "fine thanks thank well good busy business kind nice weather week day",
    "acknowledge": "exactly correct right yes precisely accurate fair summary understand point true",
    "insulted": "tone professional uncalled respect insult insults rude polite again stop",
    "nudge": "offer propose proposing proposal terms number numbers figure concrete specific table package",
    "nibble_drop": "drop leave without forget fine stands agreement extra",
    "farewell": "deal goodbye good day thank thanks time leave other arrangements part well",
}


def _on_subject(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> bool:
    """The reply shares a word with the deal, the trainee's last line, the move's own words or the persona's
    phrasebook lines for the move (its way of saying it)."""
    said = stems(reply)
    if not said:
        return bool(reply.strip())  # "Yes." or "Right." has no content word to check, and is not off the subject
    lines = [line for m in moves for line in persona.lines.get(m.kind, [])]
    vocabulary = stems(" ".join([*(_MOVE_WORDS.get(m.kind, "") for m in moves), *lines]))
    vocabulary |= _deal_words(scenario)
    last = next((t.text for t in reversed(history) if t.speaker == "trainee"), "")
    return bool(said & (vocabulary | stems(last)))


def _deal_words(scenario: Scenario) -> set[str]:
    words = [scenario.public_brief, scenario.title, scenario.counterpart.role, scenario.trainee.role]
    for issue in scenario.issues:
        words += [issue.name, *issue.synonyms, *(o.label for o in issue.options)]
        words += [s for o in issue.options for s in o.synonyms]
    return stems(" ".join(words))


def _missing(reply: str, move: Move, scenario: Scenario, persona: Persona) -> str | None:
    if move.kind in CARRIES_TERMS:
        issues = ((scenario.issue(k), v) for k, v in move.terms.items())
        return next((i.option(v).label for i, v in issues if not says_option(reply, i, v)), None)
    if move.kind == "nibble":
        extras = move.extra.items()
        return next((_label(scenario, k, v) for k, v in extras if not _says_extra(reply, scenario, move, k, v)), None)
    if move.kind in ("dismantle", "basis"):  # the price it keeps, or the number whose basis it gives
        price = slots(scenario, persona, move)["price"]
        return None if not move.terms or _says_amount(reply, price) else price
    if move.kind == "explain":  # the option it spells out
        return next(
            (_label(scenario, k, v) for k, v in move.extra.items() if not _says_explained(reply, scenario, k, v)), None
        )
    if move.kind == "reveal" and move.interest:
        interest = scenario.interest(move.interest)
        return None if says_substance(reply, interest.reveal, interest.description) else f'"{interest.reveal}"'
    return None


def _label(scenario: Scenario, issue_id: str, option_id: str) -> str:
    return scenario.issue(issue_id).option(option_id).label


def says_option(reply: str, issue: Issue, option_id: str) -> bool:
    """The option is in the words: its amount for money, else its label or a synonym the terms reader knows."""
    option = issue.option(option_id)
    if option.amount is not None:
        return any(abs(a.value - option.amount) < 0.5 for a in parse_amounts(reply)) or _has(reply, option.label)
    return _has(reply, option.label) or any(_has(reply, s) for s in option.synonyms)


def _says_extra(reply: str, scenario: Scenario, move: Move, issue_id: str, option_id: str) -> bool:
    """A nibble's extra: the option itself, or for money the step ('another $250 off') or the new total."""
    issue = scenario.issue(issue_id)
    if says_option(reply, issue, option_id):
        return True
    current = move.terms.get(issue_id)
    wanted, now = issue.option(option_id).amount, issue.option(current).amount if current else None
    if wanted is None or now is None:
        return False
    return any(abs(a.value - abs(now - wanted)) < 0.5 for a in parse_amounts(reply))


def _says_explained(reply: str, scenario: Scenario, issue_id: str, option_id: str) -> bool:
    """An option explained: its label or a synonym, or most of the label's own words (it may be rephrased)."""
    issue = scenario.issue(issue_id)
    label = stems(issue.option(option_id).label)
    return says_option(reply, issue, option_id) or len(stems(reply) & label) * 2 > len(label)


def _says_amount(reply: str, label: str) -> bool:
    wanted = {a.value for a in parse_amounts(label)}
    return bool(wanted) and any(a.value in wanted for a in parse_amounts(reply))


def says_substance(reply: str, reveal: str, description: str) -> bool:
    """A reveal in other words: the reply shares at least two content words (by stem) with the reveal line or the
    interest's description, or most of a short reveal's. Small talk about anything else shares none."""
    said = stems(reply)
    shared = said & (stems(reveal) | stems(description))
    return len(shared) >= min(2, len(stems(reveal)))


def stems(text: str) -> set[str]:
    """Content words cut to a rough stem ('payments', 'paying' -> 'pay'), so a paraphrase still matches."""
    words = (w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)
    return {_SUFFIX.sub("", w)[:6] or w for w in words}


def _has(reply: str, phrase: str) -> bool:
    """The phrase's words in order, as whole words (articles at its start may be left out)."""
    core = re.sub(r"^(?:a|an|the)\s+", "", phrase.strip().lower())
    return bool(core) and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", reply.lower()) is not None


# --- what the reply must not say --------------------------------------------------------------------------------


def contradiction(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> str | None:
    """Why a reply says what the moves do not: an amount they do not hold (and nobody has said), an option other
    than the decided one, an extra nobody asked for, agreement the moves do not give, or a private figure."""
    return (
        _wrong_amount(reply, moves, scenario, persona, history)
        or _wrong_option(reply, moves, scenario, history)
        or _agreement(reply, moves)
        or _private_figure(reply, moves, scenario)
    )


def _wrong_amount(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> str | None:
    allowed = _allowed_amounts(moves, scenario, persona, history)
    low, high = _price_range(scenario)
    for amount in parse_amounts(reply):
        plausible = amount.explicit or low / 2 <= amount.value <= high * 2
        if plausible and not any(abs(amount.value - v) < 0.5 for v in allowed):
            return f"it names {amount.text.strip()!r}, which is not in the decided terms"
    return None


def _wrong_option(reply: str, moves: Sequence[Move], scenario: Scenario, history: Sequence[Turn]) -> str | None:
    decided = {k: v for m in moves for k, v in m.terms.items()}
    asked = {k: v for m in moves for k, v in m.extra.items()}
    dropped = {m.item for m in moves if m.item}
    mentioned = _mentioned(moves, scenario, history)
    revealed = {pair for m in moves if m.interest for pair in _reveal_terms(scenario, m.interest)}
    for issue_id, option in read_terms(_without_prices(reply, scenario), scenario).terms.items():
        issue = scenario.issue(issue_id)
        # A nibble talks about changing an issue ("another $250 off"); the amounts check covers what it names.
        if (issue_id, option) in revealed or issue_id in dropped:  # a dismantle names the item it takes out
            continue
        if issue_id in decided and issue_id not in asked and option != decided[issue_id]:
            said, meant = issue.option(option).label, issue.option(decided[issue_id]).label
            return f"it says {said!r} where the decided terms have {meant!r}"
        unasked = issue_id not in decided and issue_id not in asked and issue_id not in dropped
        if unasked and (issue_id, option) not in mentioned and issue.kind != "money":
            return f"it brings up {issue.option(option).label!r}, which nobody asked for and the move does not hold"
    return None


def _without_prices(reply: str, scenario: Scenario) -> str:
    """The reply with money labels ('$51,000 a year') blanked: the amounts check reads those, and their unit words
    would otherwise read as an option of another issue ('a year' as a one-year contract)."""
    for issue in scenario.issues:
        for option in issue.options:
            if option.amount is not None:
                reply = re.sub(re.escape(option.label), " ", reply, flags=re.I)
    return reply


def _mentioned(moves: Sequence[Move], scenario: Scenario, history: Sequence[Turn]) -> set[tuple[str, str]]:
    """Options already on the table: named by the trainee, offered before, or in this turn's reveal."""
    found = {(k, v) for t in history for k, v in t.terms.items()}
    found |= {(k, v) for t in history for m in t.moves for k, v in {**m.terms, **m.extra}.items()}
    return found | {pair for m in moves if m.interest for pair in _reveal_terms(scenario, m.interest)}


def _reveal_terms(scenario: Scenario, interest: str) -> set[tuple[str, str]]:
    return set(read_terms(scenario.interest(interest).reveal, scenario).terms.items())


def _agreement(reply: str, moves: Sequence[Move]) -> str | None:
    if any(m.kind in AGREEING for m in moves) or not agrees(reply):
        return None
    return "it agrees to a deal, but the decided move does not"


def agrees(reply: str) -> bool:
    """Words of agreement, not negated and not asked ("Deal?" after a last offer asks; it does not agree)."""
    return any(not _NEGATED.search(reply[: m.start()]) and not _asked(reply, m.end()) for m in _AGREES.finditer(reply))


def _asked(reply: str, end: int) -> bool:
    """The sentence around this point ends with a question mark."""
    rest = _SENTENCE_STOP.search(reply, end)
    return rest is not None and rest.group(0) == "?"


def _private_figure(reply: str, moves: Sequence[Move], scenario: Scenario) -> str | None:
    """A walk-away, points or score figure is never said; a limit or budget figure only when it is public."""
    secret = _SECRET_FIGURE.search(reply)
    if secret:
        return f"it states a private figure ({secret.group(0).strip()!r})"
    public = [scenario.public_brief] + [scenario.interest(m.interest).reveal for m in moves if m.interest]
    known = {a.value for text in public for a in parse_amounts(text)}
    for match in _LIMIT_FIGURE.finditer(reply):
        figure = match.group(1) or match.group(2) or ""
        values = {a.value for a in parse_amounts(figure)} or {_plain(figure)}
        if not values <= known:
            return f"it states a limit ({match.group(0).strip()!r})"
    return None


def _plain(figure: str) -> float:
    digits = re.sub(r"[^\d.]", "", figure)
    try:
        return float(digits) * (1000 if figure.lower().endswith("k") else 1)
    except ValueError:
        return -1.0


def _allowed_amounts(
    moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> set[float]:
    """Amounts the reply may name: the decided terms and extras, anything said in the call, the public brief."""
    texts = [t.text for t in history] + [scenario.public_brief]
    for m in moves:
        texts += [scenario.issue(k).option(v).label for k, v in {**m.terms, **m.extra}.items()]
        texts += [v for k, v in slots(scenario, persona, m).items() if k in ("extra", "reveal", "price")]
    return {a.value for text in texts for a in parse_amounts(text)}


def _price_range(scenario: Scenario) -> tuple[float, float]:
    amounts = [o.amount for i in scenario.issues for o in i.options if o.amount is not None]
    return (min(amounts), max(amounts)) if amounts else (1.0, 0.0)

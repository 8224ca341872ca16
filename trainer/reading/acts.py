"""Dialogue acts of one utterance: what a negotiator (or a trainee) is doing with their words.

Detection is rules over normalised text plus a little context (the earlier turns), so it is deterministic, offline
and fast: thousands of utterances a second. The patterns live in `trainer.reading.lexicon`; this module decides how
to combine them. One utterance may carry several acts ("I understand. So the budget is fixed?" is an
acknowledgement and a reflection and a question).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from trainer.reading import lexicon as lx

Act = Literal[
    "question",
    "open_question",
    "interest_probe",
    "challenge",
    "reflection",
    "acknowledgement",
    "offer",
    "accept",
    "reject",
    "walk_away",
    "small_talk",
    "insult",
]
ACTS: tuple[Act, ...] = get_args(Act)


class ContextTurn(BaseModel):
    """One earlier turn; `self` is whoever speaks the utterance being read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: Literal["self", "other"]
    text: str


# Long messages are read in full by the callers that need it; acts are decided by the first few thousand characters
# so that one pasted essay cannot slow a whole batch down.
_MAX_CHARS = 4000
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"[ \t\f\v]+")
# Words too common to show that a reply reuses what the other side said.
_STOP_WORDS = (
    "a an the and or but so to of in on at for with from by about as into than then that this these those it its "
    "is are was were be been being am do does did done have has had having i me my mine we us our you your yours he "
    "him his she her they them their there here what which who whom when where why how not no yes just really very "
    "can could would should will shall may might must i'm you're it's that's don't can't im dont cant also too all "
    "any some more most much many lot lots get got go going want like know think feel feeling make made one well "
    "good great okay ok sure yeah oh"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class _Utterance:
    """The utterance cut into the pieces the detectors look at."""

    text: str  # normalised: lower case, straight quotes, single spaces
    sentences: tuple[str, ...]
    questions: tuple[str, ...]  # the sentences that ask something
    last_other: str  # the other side's most recent turn, normalised ("" if none)
    opening: bool  # the other side has said nothing yet: the context has only our turns, or we open with a greeting


def detect_acts(text: str, context: Sequence[ContextTurn] = ()) -> list[Act]:
    """Acts of one utterance, in ACTS order; deterministic, offline, fast."""
    u = _read(text, context)
    if not u.text:
        return []
    found = {act for act, detect in _DETECTORS if detect(u)}
    return [act for act in ACTS if act in found]


def act_sentence(text: str, act: Act, context: Sequence[ContextTurn] = ()) -> str:
    """The sentence of `text`, verbatim, that carries `act` on its own ("" if no single sentence does): evidence
    quotes the words that did it, not the first sentence of the turn."""
    found = _SENTENCE_DETECTORS.get(act)
    u = _read(text, context)
    verbatim = [s.strip() for s in lx.SENTENCE_SPLIT.split(text[:_MAX_CHARS].translate(_QUOTES)) if s.strip()]
    if found is None or len(verbatim) != len(u.sentences):
        return ""  # normalising merged or split a sentence: no safe way back to the verbatim words
    return next((said for said, sentence in zip(verbatim, u.sentences, strict=True) if found(sentence, u)), "")


def _normalise(text: str) -> str:
    text = text[:_MAX_CHARS].translate(_QUOTES).lower()
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip())


def _read(text: str, context: Sequence[ContextTurn]) -> _Utterance:
    norm = _normalise(text)
    sentences = tuple(s.strip() for s in lx.SENTENCE_SPLIT.split(norm) if s.strip())
    last_other = next((turn.text for turn in reversed(context) if turn.speaker == "other"), "")
    return _Utterance(
        text=norm,
        sentences=sentences,
        questions=tuple(s for s in sentences if _asks(s)),
        last_other=_normalise(last_other),
        opening=not last_other and (bool(context) or bool(lx.GREETING_OPENER.match(norm))),
    )


# --- questions -------------------------------------------------------------------------------------------------


def _clauses(sentence: str) -> list[str]:
    """Clauses with leading fillers removed: "Okay, great, so what do you need?" -> [..., "what do you need?"]."""
    parts = (lx.LEADING_FILLER.sub("", part.strip()) for part in lx.CLAUSE_SPLIT.split(sentence))
    return [part for part in parts if part]


def _asks(sentence: str) -> bool:
    """A question mark asks; so does an inverted or wh-led clause typed without one ("how long have you been there")."""
    if "?" in sentence:
        return True
    if lx.PSEUDO_CLEFT.match(lx.LEADING_FILLER.sub("", sentence)):
        return False  # "what matters most is that it works" states
    if sentence.endswith("."):
        return bool(lx.INDIRECT_QUESTION.search(sentence))
    first = _clauses(sentence)[:1]
    if first and (lx.YES_NO_OPENER.match(first[0]) or lx.WH_QUESTION.match(first[0])):
        return True
    if first and lx.WH_OPENER.match(first[0]) and lx.SECOND_PERSON.search(first[0]):
        return True  # "what matters most to you", typed without its question mark
    if lx.TRAILING_TURN_BACK.search(sentence):
        return True  # "I need water the most, how about you"
    return bool(lx.INDIRECT_QUESTION.search(sentence))


def _is_question(u: _Utterance) -> bool:
    return bool(u.questions)


def _is_open_question(u: _Utterance) -> bool:
    """Wh-questions and "tell me ..." invite an answer in the other side's own words; yes/no questions do not."""
    return any(_opens(question) for question in u.questions)


def _opens(question: str) -> bool:
    for clause in _clauses(question):
        if lx.PROPOSAL_QUESTION.match(clause) or lx.PSEUDO_CLEFT.match(clause):
            continue  # "how about I take two?" proposes; "what matters most is the date?" checks
        if lx.WH_OPENER.match(clause):
            return True
    return bool(lx.INDIRECT_QUESTION.search(question) and lx.INDIRECT_OPEN.search(question))


# --- interest probes -------------------------------------------------------------------------------------------


def _is_interest_probe(u: _Utterance) -> bool:
    """A question about what the other side needs, wants, values or is constrained by, or why."""
    return any(_probes(question, u) for question in u.questions)


def _probes(question: str, u: _Utterance) -> bool:
    if any(lx.TURN_BACK.match(clause) for clause in _clauses(question)) or lx.TRAILING_TURN_BACK.search(question):
        # "What about you?" asks for their needs once the speaker has put their own on the table, or when it
        # answers their question about ours.
        return bool(lx.OWN_NEEDS.search(u.text)) or _asks_about_needs(u.last_other)
    if lx.ACCEPTANCE_CHECK.search(question):
        return False
    # "so what matters most to you is the date?" checks what was heard; it asks nothing new
    clauses = [clause for clause in _clauses(question) if not lx.PSEUDO_CLEFT.match(clause)]
    if clauses and (lx.QUANTITY_ASK.match(clauses[0]) or lx.NEED_CHALLENGE.match(clauses[0])):
        return False
    if any(lx.WHY_YOU.match(c) or lx.STATUS_PROBE.match(c) or lx.SUCCESS_PROBE.match(c) for c in clauses):
        return True
    # "you" and the need must meet in one clause: "water is important for me, how about you take the food?" proposes
    return any(_about_their_needs(clause) for clause in clauses if not lx.PROPOSAL_QUESTION.match(clause))


def _about_their_needs(clause: str) -> bool:
    about_them = lx.OWN_NEED_CLAUSE.sub(" ", lx.PROCESS_WANT.sub(" ", clause))
    return bool(lx.SECOND_PERSON.search(about_them) and lx.NEED_WORDS.search(about_them))


def _asks_about_needs(turn: str) -> bool:
    """Whether an earlier turn asked about needs (without looking further back)."""
    return any(
        lx.SECOND_PERSON.search(s) and lx.NEED_WORDS.search(s) and not lx.ACCEPTANCE_CHECK.search(s)
        for s in lx.SENTENCE_SPLIT.split(turn)
        if _asks(s)
    )


# --- reflections -----------------------------------------------------------------------------------------------


def _is_reflection(u: _Utterance) -> bool:
    """Says back what the other side said or felt: a reflective stem, a feeling named as theirs, or a summary.
    Nothing can be said back before the other side has spoken: "Hi Greg. So you're here about work stress" sets
    the agenda."""
    return not u.opening and any(_reflection_cue(sentence, u) for sentence in u.sentences)


def _reflection_cue(sentence: str, u: _Utterance) -> str:
    """Which cue makes `sentence` a reflection ("" if none); the name helps when inspecting errors."""
    text = lx.EMPTY_EMPATHY.sub(" - ", sentence)  # "I know how you feel" names nothing of theirs
    if lx.PARAPHRASE_CHECK.search(text) or lx.SO_PSEUDO_CLEFT.match(lx.INTERJECTION.sub("", text)):
        return "check"  # "If I understand you, the date is fixed?" asks only to confirm what was heard
    if lx.AFFIRMATION.search(text) or lx.ADVICE.search(text) or _asks_directly(text):
        return ""  # praise, advice and questions talk about them, but do not say back what they said
    if lx.REFLECTIVE_STEM.search(text):
        return "stem"
    core = lx.INTERJECTION.sub("", text)
    cue = _weak_cue(text, core, u)
    if cue and lx.SELF_DISCLOSURE.search(u.text):
        return ""  # "I understand, I went through the same" is about the speaker
    return cue or _summary_cue(text, core, u) or _mirror_cue(text, core, u)


def _weak_cue(text: str, core: str, u: _Utterance) -> str:
    """Cues that can be mere politeness; they count only while the speaker is not telling their own story."""
    if lx.UNDERSTAND_WHAT.search(text):
        return "understand"  # "I understand it is hard to trust her again"
    if lx.SORRY_WHAT.search(text):
        return "sorry"  # "I'm sorry to hear that school is so stressful"
    if lx.YOU_FEEL.search(text):
        return "you_feel"  # "you feel let down"; the empty "how you feel" is gone
    if lx.YOU_STATEMENT.match(core) and _says_back(core, u):
        return "you_state"  # "You've had a really tough year", "You don't think they like you?"
    if core.endswith("?") and not (
        lx.INNER_QUESTION.search(core) or lx.NOT_ECHO.match(core) or lx.AUX_OPENER.match(core)
    ):
        return "echo_q" if _echoes(core, u.last_other) >= 1 else ""  # "Booked until June?"
    return ""


def _summary_cue(text: str, core: str, u: _Utterance) -> str:
    """A paraphrase checked with them ("..., is that right?") or opened with "so"."""
    if lx.CHECK_TAG.search(text) and (lx.SECOND_PERSON.search(u.text) or _echoes(u.text, u.last_other) > 1):
        return "check"
    return "so" if lx.SO_SUMMARY.match(core) and _summarises(core, u) else ""


def _mirror_cue(text: str, core: str, u: _Utterance) -> str:
    """Their situation said back without a stem: a statement about them ("That worked for her, and you're not
    convinced it would for you"), a feeling put on it ("And that stung."), or a fragment of their own words
    ("Pointless.", "Worrying about the worrying."). Never the speaker's own view, a prediction, advice or terms."""
    if not u.last_other or core.endswith("?") or lx.FIRST_PERSON.search(core) or lx.NOT_MIRROR.match(core):
        return ""
    content, proposes = _content_words(core), _proposes(core)
    if len(content) >= 3 and 10 * _echoes(core, u.last_other) >= 7 * len(content) and not proposes:
        return "repeat"  # their sentence given back nearly word for word: "a locked price would count as a saving"
    if lx.FUTURE_OR_MODAL.search(core) or lx.ACKNOWLEDGE.search(core) or lx.SMALL_TALK.search(core):
        return ""
    if proposes or lx.ACCEPT.search(core) or lx.SELF_DISCLOSURE.search(u.text) or _is_insult(u):
        return ""
    if (lx.YOU_STATE_CLAUSE.search(core) and not lx.YOU_DIRECTIVE.match(core)) or lx.THEIR_CONCERN.search(core):
        return "about_them"
    if lx.YOUR_STATEMENT.match(core) and _echoes(core, u.last_other) >= 1:
        return "theirs"  # "Your wife's been on at you about it."
    if lx.IT_FELT.match(core):
        return "it_felt"
    words = lx.WORD.findall(core)
    short = 0 < len(words) <= 4 and not lx.FINITE_VERB.search(core) and not re.search(r"\d", core)
    if short and content and _echoes(core, u.last_other) == len(content):
        return "fragment"  # a few of their own words, given back: "Pointless."
    return ""


def _says_back(sentence: str, u: _Utterance) -> bool:
    """After a leading "you": asked back, a feeling or a want of theirs, a state of theirs, or their own words; never
    telling them what to do or what will happen, and never terms on offer ("you get the terminal")."""
    if lx.YOU_DIRECTIVE.match(sentence) or _proposes(sentence) or lx.ACCEPT.search(sentence) or _is_insult(u):
        return False
    if lx.FIRST_PERSON.search(sentence) and not (lx.FEELING.search(sentence) or lx.WANTING.search(sentence)):
        return False  # "you have been my first person", "you didn't tell me": about us, not what they said
    if sentence.endswith("?") or lx.FEELING.search(sentence) or lx.WANTING.search(sentence):
        return True
    return bool(lx.YOU_STATE.match(sentence)) or _echoes(sentence, u.last_other) >= 1


def _summarises(sentence: str, u: _Utterance) -> bool:
    """After "so": about them, about a feeling, asked back for confirmation, or in their own words."""
    if sentence.endswith("?") or lx.SECOND_PERSON.search(sentence) or lx.FEELING.search(sentence):
        return True
    return _echoes(sentence, u.last_other) >= 1


def _asks_directly(sentence: str) -> bool:
    if not _asks(sentence):
        return False
    clauses = [clause for clause in _clauses(sentence) if not lx.CHECK_TAG.search(clause)]
    if clauses and sentence.endswith("?") and lx.AUX_OPENER.match(clauses[0]):
        return True
    return any(lx.YES_NO_OPENER.match(clause) or lx.WH_OPENER.match(clause) for clause in clauses)


def _content_words(text: str) -> set[str]:
    # Five-letter prefixes stand in for stems so "budgeted" echoes "budget" and "worried" echoes "worry".
    return {word[:5] for word in lx.WORD.findall(text) if word not in _STOP and len(word) > 2}


def _echoes(text: str, other: str) -> int:
    """How many content words of `text` come from the other side's last turn."""
    if not other:
        return 0
    return len(_content_words(text) & _content_words(other))


# --- acknowledgement -------------------------------------------------------------------------------------------


def _is_acknowledgement(u: _Utterance) -> bool:
    """Shows understanding or empathy: "I understand", "that makes sense", "I'm sorry to hear that"."""
    return any(lx.ACKNOWLEDGE.search(s) and not lx.NOT_ACKNOWLEDGE.search(s) for s in u.sentences)


# --- offers, acceptance, rejection ----------------------------------------------------------------------------


def _is_offer(u: _Utterance) -> bool:
    """Proposes terms: a proposal frame ("I can do", "how about", "you can have") with something concrete in it."""
    return any(_proposes(sentence) for sentence in u.sentences)


def _proposes(sentence: str) -> bool:
    # Terms first: it is the cheaper test and most sentences have none.
    return bool(lx.TERMS.search(sentence) and lx.PROPOSAL.search(sentence))


def _is_accept(u: _Utterance) -> bool:
    """Agrees to what is on the table: "Deal.", "That works for me", or a bare "yes" answering an offer."""
    for sentence in u.sentences:
        if not lx.ACCEPT.search(sentence) or _asks(sentence):
            continue
        if not (lx.ACCEPT_NEGATED.search(sentence) or lx.REJECT.search(sentence)):
            return True
    agrees = lx.BARE_YES.match(u.text) or any(lx.AGREE.match(s) for s in u.sentences)
    return bool(agrees) and _proposes(u.last_other)


def _is_reject(u: _Utterance) -> bool:
    """Turns down what is on the table: "No way", "that's too high", or a bare "no" answering an offer."""
    if any(lx.REJECT.search(sentence) and not _asks(sentence) for sentence in u.sentences):
        return True
    return bool(lx.BARE_NO.match(u.text)) and (not u.last_other or _proposes(u.last_other))


# --- small talk and insults -----------------------------------------------------------------------------------


def _is_small_talk(u: _Utterance) -> bool:
    """Greetings, pleasantries, thanks and goodbyes."""
    return any(lx.SMALL_TALK.search(sentence) for sentence in u.sentences)


def _is_insult(u: _Utterance) -> bool:
    """Abuse aimed at the listener, not at the offer or at oneself ("I feel stupid" is not an insult)."""
    if not lx.ABUSE_HINT.search(u.text):
        return False  # a cheap first look: most turns contain no abusive word at all
    return any(lx.INSULT.search(s) and not lx.INSULT_NEGATED.search(s) for s in u.sentences)


# The acts that one sentence carries by itself, for quoting it.
_SENTENCE_DETECTORS: dict[Act, Callable[[str, _Utterance], bool]] = {
    "question": lambda sentence, u: sentence in u.questions,
    "open_question": lambda sentence, u: sentence in u.questions and _opens(sentence),
    "interest_probe": lambda sentence, u: sentence in u.questions and _probes(sentence, u),
    "reflection": lambda sentence, u: not u.opening and bool(_reflection_cue(sentence, u)),
    "acknowledgement": lambda sentence, u: bool(
        lx.ACKNOWLEDGE.search(sentence) and not lx.NOT_ACKNOWLEDGE.search(sentence)
    ),
}

_DETECTORS: tuple[tuple[Act, Callable[[_Utterance], bool]], ...] = (
    ("question", _is_question),
    ("open_question", _is_open_question),
    ("interest_probe", _is_interest_probe),
    ("reflection", _is_reflection),
    ("acknowledgement", _is_acknowledgement),
    ("offer", _is_offer),
    ("accept", _is_accept),
    ("reject", _is_reject),
    ("small_talk", _is_small_talk),
    ("insult", _is_insult),
)

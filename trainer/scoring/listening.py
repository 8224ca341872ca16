"""Active listening: saying back what was heard, acknowledging, answering what was asked, asking more than telling.

Score = 100 x (35 x reveals said back + 15 x acknowledgements + 20 x answered + 30 x asking replies)
/ (the weights that apply) - up to 15 for talking over them.

- Reveals said back: the share of the counterpart's reveals whose content the trainee restated, in any words
  (`trainer.reading.meaning`), in the next reply or in any later turn (a summary, or terms tied to it); a reply that
  reflects the feeling of the reveal counts too. When nothing was revealed, whether the trainee said back anything
  at all (1 or 0).
- Acknowledgements: turns that acknowledge ("I understand", "that makes sense"); two or more earn the full weight.
- Answered what they put to you: the share of the counterpart's offers and requests that the next reply answered.
  An offer is answered by taking a position (terms, yes, no, or asking what it is based on) or, when it came with
  a reveal, by saying the reveal back; a request for terms (a nudge) or for what an offer meant (a clarify) by
  terms; "we're stuck" by terms or by acknowledging it. Nibbles and dismantles are left to tactic handling. Left
  out when they put nothing to the trainee.
- Asking replies: the share of the trainee's replies that ask something, doubled and capped at 1: asking in half
  the replies or more earns the full weight ("ask more questions than statements"). A question asked instead of
  the terms they asked for is a dodge, not a question that listens: that reply does not count as asking.
- Talking over them: a word share above 60% costs up to 15 points, reached at 90%. A low share costs nothing:
  saying little is not a listening failure by itself, and padding a call with words can never raise the score.
"""

import re
from dataclasses import dataclass

from trainer.counterpart.transcript import Turn
from trainer.reading.acts import Act, ContextTurn, act_sentence
from trainer.reading.lexicon import FEELING
from trainer.reading.meaning import closeness, say_back, sentences
from trainer.reading.understanding import understand
from trainer.scoring.scorecard import (
    Call,
    Component,
    Dimension,
    Evidence,
    Exchange,
    Figure,
    cite,
    dimension,
    kinds,
    part,
    penalty,
    share,
)

WEIGHTS = {"said_back": 35.0, "acknowledged": 15.0, "answered": 20.0, "asking": 30.0, "talking_over": 15.0}
FORMULA = (
    "35 x reveals said back + 15 x acknowledgements + 20 x answered what they put to you + 30 x asking replies "
    "- up to 15 for a word share over 60%"
)
WORD_SHARE_FREE = 0.6
WORD_SHARE_WORST = 0.9
ACKS_FOR_FULL = 2
# What the counterpart can put to the trainee; a nibble or a dismantle is answered in tactic handling instead.
REQUESTS = {
    "nudge": "asked you to put terms down",
    "clarify": "asked what you meant",
    "dissatisfied": "said it was stuck",
    "anchor": "made an offer",
    "counter": "made an offer",
    "concede": "made an offer",
    "re_anchor": "made an offer",
}
TACTIC_ASKS = frozenset({"nibble", "dismantle"})
TERMS_REQUESTS = frozenset({"nudge", "clarify"})
_FEEL_VERBS = frozenset(("feel", "feels", "feeling", "feelings", "felt", "emotion", "emotions", "emotional"))
# Turns read before a trainee turn to find the sentence that carries an act (as the evaluator reads them).
CONTEXT_TURNS = 6
_SUMMARY = re.compile(
    r"\b(to sum (it |this )?up|in summary|summari[sz]e|recap|so far|let me (check|make sure)|"
    r"if i'?ve got (this|that|it|everything) right|(the )?main points?)\b",
    re.I,
)


def assess_listening(call: Call) -> Dimension:
    replies = [ex for ex in call.exchanges if ex.reply]
    trainee = call.transcript.trainee_turns()
    said_back, back_evidence = _said_back(call)
    acks = [t for t in trainee if "acknowledgement" in t.acts]
    requests = _requests(call)
    answers = [_answer(call, ex) for ex in requests]
    answered = [ex for ex, answer in zip(requests, answers, strict=True) if answer is not None]
    # Asking how their number was reached answers it: a challenge is never a dodge.
    dodged = {
        id(ex)
        for ex in unanswered_asks(call)
        if ex.said is not None and kinds(ex.said) & TERMS_REQUESTS and not ex.reply_has("challenge")
    }
    asking = [ex for ex in replies if ex.reply_has("question") and id(ex) not in dodged]
    asked = {id(ex) for ex in asking}  # by identity: comparing exchanges field by field made scoring quadratic
    words_t, words_c = _words(call.transcript.trainee_turns()), _words(call.transcript.counterpart_turns())
    word_share = share(words_t, words_t + words_c) or 0.0
    components = _components(call, said_back, len(acks), requests, answered, replies, asking, word_share)
    evidence = [
        *back_evidence,
        *(cite(t, "acknowledged what they said", True, _sentence_of(call, t, "acknowledgement")) for t in acks),
        *(_request_evidence(ex, answer) for ex, answer in zip(requests, answers, strict=True)),
        *(_statement_evidence(ex, id(ex) in dodged) for ex in replies if id(ex) not in asked),
        *_talking_over_evidence(trainee, word_share),
    ]
    evidence.sort(key=lambda e: e.turn)
    figures: dict[str, Figure] = {
        "reveals": len(call.reveals()),
        "reveals_said_back": said_back,
        "reflections": sum("reflection" in t.acts for t in trainee),
        "summaries": sum(_is_summary(t) for t in trainee),
        "acknowledgements": len(acks),
        "requests": len(requests),
        "requests_answered": len(answered),
        "replies": len(replies),
        "replies_asking": len(asking),
        "trainee_words": words_t,
        "counterpart_words": words_c,
        "word_share": round(word_share, 4),
    }
    return dimension(FORMULA, components, figures, evidence)


def _components(
    call: Call,
    said_back: int,
    acks: int,
    requests: list[Exchange],
    answered: list[Exchange],
    replies: list[Exchange],
    asking: list[Exchange],
    word_share: float,
) -> list[Component]:
    reveals = len(_answerable(call))
    any_reflection = any("reflection" in t.acts for t in call.transcript.trainee_turns())
    asking_share = share(len(asking), len(replies))
    over = (word_share - WORD_SHARE_FREE) / (WORD_SHARE_WORST - WORD_SHARE_FREE)
    return [
        part(
            "reveals said back",
            WEIGHTS["said_back"],
            share(said_back, reveals) if reveals else float(any_reflection),
            f"{said_back} of {reveals} reveals said back"
            if reveals
            else _nothing_revealed(call) + ("you said back what they said" if any_reflection else "no reflections"),
        ),
        part(
            "acknowledgements",
            WEIGHTS["acknowledged"],
            acks / ACKS_FOR_FULL,
            f"{acks} acknowledgement(s); {ACKS_FOR_FULL} earn the full weight",
        ),
        part(
            "answered what they put to you",
            WEIGHTS["answered"],
            share(len(answered), len(requests)),
            f"{len(answered)} of {len(requests)} offers and requests answered"
            if requests
            else "they put nothing to you",
        ),
        part(
            "asking replies",
            WEIGHTS["asking"],
            None if asking_share is None else 2 * asking_share,
            f"{len(asking)} of {len(replies)} replies asked something; half or more earns the full weight",
        ),
        penalty(
            "talking over them",
            WEIGHTS["talking_over"],
            over,
            f"you spoke {word_share:.0%} of the words; over {WORD_SHARE_FREE:.0%} costs points",
        ),
    ]


@dataclass(frozen=True)
class SaidBack:
    """A reveal of theirs and the trainee turn that said it back (None: never), with the sentence that did."""

    reveal: Turn
    interest: str
    by: Turn | None
    sentence: str = ""
    later: bool = False  # said back in a later turn (a summary, or terms tied to it), not in the reply
    heard: str = ""  # the sentences of the reveal turn that carry the interest


def reveals_said_back(call: Call) -> list[SaidBack]:
    """Every reveal, with the first trainee turn that restated its content: the reply, or any later turn."""
    found = []
    for turn, interest in call.reveals():
        heard = _heard(call, turn, interest)
        reply = next(filter(None, (_restated(t, heard) for t in call.reply_to(turn))), None)
        later = None if reply else next(filter(None, (_restated(t, heard) for t in _after(call, turn))), None)
        match = reply or later
        by, sentence = match if match else (None, "")
        found.append(SaidBack(turn, interest, by, sentence, later=later is not None, heard=heard))
    return found


def _heard(call: Call, reveal: Turn, interest: str) -> str:
    """The sentences of the reveal turn that carry the interest: the same turn may also repeat an offer, and
    saying the offer back is not saying the interest back. A voice may word the reveal its own way, so the turn's
    sentences are kept by their closeness to the scenario's reveal and description, not by exact words."""
    hidden = call.scenario.interest(interest)
    about = f"{hidden.reveal} {hidden.description}"
    kept = [s for s in sentences(reveal.text) if closeness(s, about) > 0]
    return " ".join(kept) or hidden.reveal


def _restated(turn: Turn, heard: str) -> tuple[Turn, str] | None:
    """The sentence of a trainee turn that says the reveal back by meaning, or that names the feeling in it."""
    match = say_back(turn.text, heard)
    if match is not None:
        return turn, match.sentence
    if "reflection" in turn.acts:
        # "That must have been stressful" right after a reveal reflects its feeling, if not its facts
        felt = next((s for s in sentences(turn.text) if _names_a_feeling(s)), None)
        return (turn, felt) if felt else None
    return None


def _names_a_feeling(sentence: str) -> bool:
    """ "That must have been stressful" names a feeling; "you feel the price is high" only says "feel"."""
    return any(m.group(0) not in _FEEL_VERBS for m in FEELING.finditer(sentence.lower()))


def _after(call: Call, reveal: Turn, include_reply: bool = False) -> list[Turn]:
    replied = set() if include_reply else {t.index for t in call.reply_to(reveal)}
    return [t for t in call.transcript.trainee_turns() if t.index > reveal.index and t.index not in replied]


def _nothing_revealed(call: Call) -> str:
    return "nothing was revealed in time to say back; " if call.reveals() else "nothing was revealed; "


def _answerable(call: Call) -> list[tuple[Turn, str]]:
    """The reveals the trainee spoke after: one made as the call ended cannot be said back, so it is not scored."""
    return [(turn, interest) for turn, interest in call.reveals() if _after(call, turn, include_reply=True)]


def _said_back(call: Call) -> tuple[int, list[Evidence]]:
    """How many reveals were said back, with evidence for every reflection and every reveal left unreflected."""
    trainee = call.transcript.trainee_turns()
    summaries = [t for t in trainee if _is_summary(t)]
    evidence = [cite(t, "summarised what was said so far", True) for t in summaries]
    reflected: set[int] = set()
    found = reveals_said_back(call)
    for item in found:
        if not _after(call, item.reveal, include_reply=True):
            check = f"revealed {item.interest!r} as the call ended: no turn left to say it back, not scored"
            evidence.append(cite(item.reveal, check, None, next(iter(sentences(item.heard)), "")))
        elif item.by is not None:
            reflected.add(item.by.index)
            when = "later" if item.later else "in your reply"
            check = f"said back their reveal of {item.interest!r} (turn {item.reveal.index}) {when}"
            evidence.append(cite(item.by, check, True, item.sentence))
        else:
            first = next(iter(call.reply_to(item.reveal)), item.reveal)
            check = f"did not say back their reveal of {item.interest!r} (turn {item.reveal.index})"
            evidence.append(cite(first, check, False))
    evidence += [
        cite(t, "said back what they said", True, _sentence_of(call, t, "reflection"))
        for t in trainee
        if "reflection" in t.acts and t.index not in reflected and not _is_summary(t)
    ]
    return sum(item.by is not None for item in found), evidence


def _sentence_of(call: Call, turn: Turn, act: Act) -> str:
    """The sentence of a trainee turn that carries the act, read with the turns before it as context."""
    if len(sentences(turn.text)) < 2:
        return ""  # one sentence is quoted whole anyway: reading it again would only cost time
    earlier = [t for t in call.turns if t.index < turn.index][-CONTEXT_TURNS:]
    context = [ContextTurn(speaker="self" if t.speaker == "trainee" else "other", text=t.text) for t in earlier]
    return act_sentence(turn.text, act, context)


def _is_summary(turn: Turn) -> bool:
    return "reflection" in turn.acts and bool(_SUMMARY.search(turn.text))


def unanswered_asks(call: Call) -> list[Exchange]:
    """The offers and requests the trainee's next reply did not answer, in order."""
    return [ex for ex in _requests(call) if _answer(call, ex) is None]


def _requests(call: Call) -> list[Exchange]:
    """Exchanges whose counterpart turn put something to the trainee."""
    found = []
    for ex in call.exchanges:
        moves = kinds(ex.said) if ex.said is not None else set()
        if moves & REQUESTS.keys() and not moves & TACTIC_ASKS:
            found.append(ex)
    return found


def _answer(call: Call, ex: Exchange) -> Turn | None:
    """The reply turn that answered: terms to a request for terms, a position to an offer, a move when stuck."""
    if ex.said is None:
        return None
    moves = kinds(ex.said)
    with_terms = next((t for t in ex.reply if t.terms), None)
    if with_terms is not None or moves & TERMS_REQUESTS:
        return with_terms
    if "dissatisfied" in moves:
        return _first_with(ex, "reflection", "acknowledgement", "interest_probe")
    said_back = _first_with(ex, "reflection", "acknowledgement") if "reveal" in moves else None
    # Words are read last, and only for replies with no act that settles it: reading costs time.
    return (
        _first_with(ex, "accept", "reject", "challenge")
        or said_back
        or next((t for t in ex.reply if _takes_position(call, t)), None)
    )


def _first_with(ex: Exchange, *acts: str) -> Turn | None:
    return next((t for t in ex.reply if any(a in t.acts for a in acts)), None)


def _takes_position(call: Call, turn: Turn) -> bool:
    u = understand(turn.text, call.scenario)
    return u.challenge or u.assents or u.refuses or u.hold


def _request_evidence(ex: Exchange, answer: Turn | None) -> Evidence:
    said = ex.said or ex.reply[0]  # requests always follow a counterpart turn; the fallback keeps types honest
    asked = "; ".join(sorted({REQUESTS[k] for k in kinds(said) & REQUESTS.keys()}))
    if not ex.reply:
        return cite(said, f"they {asked}; you did not reply", False)
    if answer is None:
        return cite(ex.reply[0], f"they {asked} (turn {said.index}): not answered", False)
    return cite(answer, f"they {asked} (turn {said.index}): answered", True)


def _statement_evidence(ex: Exchange, dodged: bool) -> Evidence:
    if dodged:
        return cite(ex.reply[0], "a question instead of the terms they asked for: a dodge", False, "?")
    return cite(ex.reply[0], "a reply that asks nothing back", False)


def _talking_over_evidence(trainee: list[Turn], word_share: float) -> list[Evidence]:
    if word_share <= WORD_SHARE_FREE or not trainee:
        return []
    longest = max(trainee, key=lambda t: (len(t.text.split()), -t.index))
    check = f"you spoke {word_share:.0%} of the words; your longest turn has {len(longest.text.split())}"
    return [cite(longest, check, False)]


def _words(turns: list[Turn]) -> int:
    return sum(len(t.text.split()) for t in turns)

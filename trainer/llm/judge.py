"""The optional LLM judge: binary checks from the rubric in prompts/judge.md, each answered with a quote that must be
found in the transcript, asked k times at temperature 0, with the agreement per check shown.

The transcript goes to the model as data, one JSON object per turn between <transcript> tags, with '<' escaped so
no turn can close the tag early. The judge only reads: it returns a JudgeReport beside the facts ledger, which is
computed in code and never passed here. Failures raise JudgeError; they are never turned into empty or zero scores.
"""

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.counterpart.transcript import Transcript
from trainer.files.scenario import Scenario
from trainer.llm.chat import ChatError, ChatMessage, ChatModel
from trainer.llm.prompting import PromptError, front_matter, render
from trainer.llm.tokens import PER_MESSAGE, TokenCounter
from trainer.scoring.judge_models import JudgeCheck, JudgeReport

log = logging.getLogger(__name__)

PROMPTS = ("judge.md",)
MIN_QUOTE = 3
KEEP_OPENING = 4  # turns always kept from the start of a trimmed call: the greeting and the first offers
GAP_LINE = 24  # tokens for the line that says which turns were left out
FRAMING = 16  # the <transcript> tags and newlines
ESTIMATE_MARGIN = 0.85


class JudgeError(Exception):
    """The judge could not grade the call; the message says why and what to do."""


class RubricCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    question: str


class CheckAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The check's id, as listed.")
    passed: bool = Field(description="The answer to the check's question.")
    quote: str = Field(description="Words copied exactly from one turn of the transcript.")
    turn: int | None = Field(description="The number of the turn the quote comes from.")
    reason: str = Field(description="One or two sentences.")


class JudgeAnswer(BaseModel):
    """One run's answers, one per rubric check."""

    model_config = ConfigDict(extra="forbid")

    checks: list[CheckAnswer]


@dataclass(frozen=True)
class _Kept:
    answer: CheckAnswer
    turn: int


def load_rubric() -> list[RubricCheck]:
    raw = front_matter("judge.md").get("checks")
    if not isinstance(raw, list) or not raw:
        raise JudgeError("prompts/judge.md has no checks: its front matter needs a 'checks' list")
    try:
        return [RubricCheck.model_validate(c) for c in raw]
    except ValidationError as e:
        raise JudgeError(f"prompts/judge.md: a check is malformed: {e.errors()[0]['msg']}") from e


@dataclass(frozen=True)
class JudgeRequest:
    """The judge's messages, and what was left out of the call to fit the model's context (None: nothing)."""

    messages: list[ChatMessage]
    trimmed: str | None = None


def judge_messages(
    transcript: Transcript, scenario: Scenario, rubric: Sequence[RubricCheck], room: int | None = None
) -> JudgeRequest:
    """The system prompt and the call as data; with `room` (prompt tokens), the call is trimmed to fit it."""
    system = render(
        "judge.md",
        checks=[c.model_dump() for c in rubric],
        title=scenario.title,
        trainee_role=scenario.trainee.role,
        counterpart_role=scenario.counterpart.role,
    )
    lines = [_line(t.index, t.speaker, t.text) for t in transcript.turns]
    trimmed = None
    if room is not None:
        counter = TokenCounter("judge")
        left = room - counter.messages([ChatMessage(role="system", content=system)]) - PER_MESSAGE - FRAMING
        lines, trimmed = _fit_lines(lines, left, counter)
    block = "<transcript>\n" + "\n".join(lines) + "\n</transcript>"
    messages = [ChatMessage(role="system", content=system), ChatMessage(role="user", content=block)]
    return JudgeRequest(messages, trimmed)


def transcript_block(transcript: Transcript) -> str:
    """The turns as data: JSON lines inside <transcript> tags; '<' is escaped, so a turn cannot end the block."""
    lines = [_line(t.index, t.speaker, t.text) for t in transcript.turns]
    return "<transcript>\n" + "\n".join(lines) + "\n</transcript>"


def _line(index: int, speaker: str, text: str) -> str:
    return json.dumps({"turn": index, "speaker": speaker, "text": text}, ensure_ascii=False).replace("<", "\\u003c")


def _fit_lines(lines: list[str], room: int, counter: TokenCounter) -> tuple[list[str], str | None]:
    """The opening turns and as many of the latest as fit; the turns between are named in one line of data."""
    cost = [counter.text(line) + 1 for line in lines]
    if sum(cost) <= room:
        return lines, None
    head = min(KEEP_OPENING, len(lines) - 1)
    room -= sum(cost[:head]) + GAP_LINE
    tail = 0
    while tail < len(lines) - head - 1 and cost[len(lines) - tail - 1] <= room:
        room -= cost[len(lines) - tail - 1]
        tail += 1
    tail = max(tail, 1)  # the last turn always goes: a call's end is what the confirmation checks read
    first, last = head, len(lines) - tail - 1
    said = f"turns {first} to {last} of {len(lines)} were left out to fit the model's context"
    gap = json.dumps({"omitted": said})
    return [*lines[:head], gap, *lines[len(lines) - tail :]], said


def judge_transcript(transcript: Transcript, scenario: Scenario, model: ChatModel, runs: int) -> JudgeReport:
    """The rubric's checks, asked `runs` times; an answer whose quote is not in the transcript is discarded."""
    if runs < 1:
        raise JudgeError(f"judge runs must be 1 or more, got {runs}")
    if not transcript.turns:
        raise JudgeError("the transcript has no turns to judge")
    try:
        rubric = load_rubric()
        request = judge_messages(transcript, scenario, rubric, _room(model.context_window, model.judge_max_tokens))
    except PromptError as e:
        raise JudgeError(str(e)) from e
    kept: dict[str, list[_Kept]] = {c.id: [] for c in rubric}
    discarded = 0
    for _ in range(runs):
        answer, request = _ask(model, request, lambda room: judge_messages(transcript, scenario, rubric, room))
        discarded += _keep(answer, transcript, kept)
    checks = [_verdict(c, kept[c.id]) for c in rubric if kept[c.id]]
    if not checks:
        raise JudgeError(
            f"the judge ({model.name}) quoted nothing that is in the transcript ({discarded} answers discarded); "
            "try a stronger model"
        )
    if request.trimmed:
        log.warning("the judge read part of the call: %s", request.trimmed)
    return JudgeReport(model=model.name, runs=runs, checks=checks, discarded=discarded, trimmed=request.trimmed)


def _room(context: int, answer: int) -> int:
    """Prompt tokens that fit: the context less the answer, with a margin, as winwin's count is an estimate for
    models with other tokenizers."""
    return max(256, int((context - answer) * ESTIMATE_MARGIN))


def _ask(
    model: ChatModel, request: JudgeRequest, refit: Callable[[int], JudgeRequest]
) -> tuple[JudgeAnswer, JudgeRequest]:
    """One run's answer; a context overflow the server reports is refitted once to the size it names."""
    try:
        return model.structured(request.messages, JudgeAnswer, max_tokens=model.judge_max_tokens).value, request
    except ChatError as e:
        context = _context_named(e, model.context_window)
        if context is None:
            raise JudgeError(f"the judge could not run: {e}") from e
        smaller = refit(_room(context, model.judge_max_tokens))
    try:
        return model.structured(smaller.messages, JudgeAnswer, max_tokens=model.judge_max_tokens).value, smaller
    except ChatError as e:
        raise JudgeError(f"the judge could not run even on a call trimmed to {context:,} tokens: {e}") from e


def _context_named(e: ChatError, configured: int) -> int | None:
    """The context size a 'too long' rejection names (OpenAI, vLLM and llama.cpp each word it differently); half the
    configured one when it names none (llama.cpp: 'the request exceeds the available context size')."""
    reason = (e.reason or "").lower()
    if e.kind != "request" or not any(w in reason for w in ("context", "too long", "maximum", "exceed")):
        return None
    sizes = [int(n) for n in re.findall(r"\b(\d{3,7})\b", reason.replace(",", ""))]
    return min(sizes) if sizes else configured // 2


def _keep(answer: JudgeAnswer, transcript: Transcript, kept: dict[str, list[_Kept]]) -> int:
    """Files one run's answers under their checks; returns how many were discarded (unknown id, quote not found)."""
    discarded, seen = 0, set()
    for a in answer.checks:
        turn = find_quote(transcript, a.quote, a.turn)
        if a.id not in kept or a.id in seen or turn is None:
            discarded += 1
            continue
        seen.add(a.id)
        kept[a.id].append(_Kept(a, turn))
    return discarded


def _verdict(check: RubricCheck, answers: list[_Kept]) -> JudgeCheck:
    """The majority over the runs that kept a quote; a tie is not a pass."""
    yes = sum(k.answer.passed for k in answers)
    passed = yes * 2 > len(answers)
    votes = yes if passed else len(answers) - yes
    first = next(k for k in answers if k.answer.passed == passed)
    return JudgeCheck(
        id=check.id,
        question=check.question,
        passed=passed,
        quote=first.answer.quote,
        turn=first.turn,
        reason=first.answer.reason,
        agreement=votes / len(answers),
        runs=len(answers),
    )


_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().lower()


def find_quote(transcript: Transcript, quote: str, turn: int | None) -> int | None:
    """The turn a quote comes from (the one the judge named first), or None when no turn holds it.

    Case, spacing and curly quotes are forgiven; an ellipsis may stand for words left out, but every part must be in
    the same turn, in order.
    """
    parts = [_normal(p).strip(" \"'") for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if sum(len(p) for p in parts) < MIN_QUOTE:
        return None
    ordered = sorted(transcript.turns, key=lambda t: t.index != turn)
    return next((t.index for t in ordered if _holds(_normal(t.text), parts)), None)


def _holds(text: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True

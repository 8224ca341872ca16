"""The LLM voice: a chat model puts the policy's decided move into the persona's words, streamed token by token.

Streaming and checking: the reply reaches the caller word by word as the model makes it (so the first word is as
early as the model allows), and the finished reply is then checked in code (check.py): it must carry every amount
and option of the decided terms and the substance of a reveal, and say nothing the move does not. A reply that fails
is regenerated once, streamed too, and if that fails as well the persona's phrasebook line is used. What was shown
is replaced with a `Correction`: a chunk that stands for everything the reply has shown so far, which a UI shows in
place of what it streamed. The transcript records only the final text, so the record holds what the move carries.

One deadline covers the whole turn, first try and regeneration: past it the request is cancelled (its socket shut,
so a local server stops working on it) and the phrasebook answers. Faults (after the chat model's own retries, within
the deadline) fall back at once.

The request is built for prompt caching: the persona, the scenario and the rules first (the same all call), the
history next (trimmed in blocks, so it stays a prefix of the next request between trims), and the turn's decided
move last, in its own message.
"""

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from trainer.counterpart.move import Move
from trainer.counterpart.transcript import TokenUsage, Turn, VoiceSource
from trainer.counterpart.voice import Correction, OfflineVoice, VoiceReport, describe_terms, slots
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.llm.chat import ChatError, ChatMessage, ChatModel, ChatUsage
from trainer.llm.check import AGREEING, check_reply
from trainer.llm.deadline import Deadline
from trainer.llm.prompting import PromptError, render
from trainer.llm.tokens import DEFAULT_BUDGET, Fitted, Meter, TokenCounter, fit

if TYPE_CHECKING:
    from trainer.llm.reader import LLMReader

__all__ = ["AGREEING", "LLMVoice", "contradiction"]

log = logging.getLogger(__name__)

PROMPTS = ("counterpart.md", "counterpart_turn.md")
# A stage direction for the first request (and after trimming): chat templates want a user turn before the assistant.
CALL_STARTS = "(The call connects.)"
REGENERATE_TEMPERATURE = 0.2
# Enough for three spoken sentences that name a whole package; a reply that runs on is cut here, not at 500 tokens.
DEFAULT_MAX_TOKENS = 160
# Seconds a trainee waits for a counterpart turn before the phrasebook answers.
DEFAULT_TURN_SECONDS = 8.0
Source = Literal["llm", "fallback"]
# For endpoints whose chat template takes a system message only at the start (vLLM serving Mistral: "Conversation
# roles must alternate"), the turn's note rides at the end of the last user message instead, marked as winwin's.
NOTE_MARK = "[winwin, not the trainee, to the counterpart:]"
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*(?=\s|$)")


@dataclass
class _Draft:
    text: str = ""
    reported: ChatUsage | None = None
    usage: ChatUsage = field(default_factory=ChatUsage)
    error: ChatError | None = None
    truncated: bool = False


class LLMVoice:
    """Words decided moves with a chat model; the persona's phrasebook stands in when the model fails."""

    def __init__(
        self,
        scenario: Scenario,
        persona: Persona,
        seed: int,
        chat: ChatModel,
        *,
        budget: int = DEFAULT_BUDGET,
        temperature: float = 0.7,
        meter: Meter | None = None,
        reader: "LLMReader | None" = None,
        max_tokens: int | None = DEFAULT_MAX_TOKENS,
        turn_seconds: float | None = DEFAULT_TURN_SECONDS,
    ) -> None:
        self.scenario, self.persona, self.seed, self.chat = scenario, persona, seed, chat
        self.budget, self.temperature = budget, temperature
        self.max_tokens, self.turn_seconds = max_tokens, turn_seconds
        self.offline = OfflineVoice(scenario, persona, seed)
        self.counter = TokenCounter(chat.name)
        self.meter = meter or Meter(chat.name)
        self.reader = reader
        self.source: VoiceSource = "llm"
        self.last_turn: VoiceReport | None = None
        self.last_request: Fitted | None = None
        self._systems: dict[int, str] = {}

    def speak(self, moves: Sequence[Move], history: Sequence[Turn]) -> Iterator[str]:
        clock = Deadline.after(self.turn_seconds)
        try:
            request = self.request(moves, history)
        except PromptError as e:  # a broken user template costs the model's words, never the turn
            text = self.offline_line(moves)
            self._report("fallback", text, f"the prompt could not be built, so the offline voice answered: {e}", None)
            yield text
            return
        self.last_request = request
        draft = _Draft()
        yield from self._draft(request, draft, self.temperature, clock)
        if self._refuses_trailing_system(draft):  # learnt once per endpoint; this turn asks again, note in place
            self.chat.late_system = False
            self.last_request = request = self.request(moves, history)
            draft = _Draft()
            yield from self._draft(request, draft, self.temperature, clock)
        yield from self._settle(moves, history, draft, clock)

    def _refuses_trailing_system(self, draft: _Draft) -> bool:
        """The server's chat template takes a system message only first (Mistral's: 'roles must alternate')."""
        error = draft.error
        if error is None or error.kind != "request" or draft.text or not self.chat.late_system:
            return False
        said = (error.reason or error.message).lower()
        return "alternate" in said or "system" in said

    def request(self, moves: Sequence[Move], history: Sequence[Turn], correction: str | None = None) -> Fitted:
        """The messages for this turn: the stable system prompt, as many of the latest turns as the budget holds
        (dropped in blocks), and the decided move last."""
        said = [ChatMessage(role="user" if t.speaker == "trainee" else "assistant", content=t.text) for t in history]
        turn = ChatMessage(role="system", content=render("counterpart_turn.md", **self._turn_values(moves, correction)))

        def build(k: int) -> list[ChatMessage]:
            system = self._system(history[: len(history) - k])
            kept = said[len(said) - k :] if k else []
            start = [] if kept and kept[0].role == "user" else [ChatMessage(role="user", content=CALL_STARTS)]
            if not self.chat.late_system:
                return [ChatMessage(role="system", content=system), *_with_note([*start, *kept], turn.content)]
            return [ChatMessage(role="system", content=system), *start, *kept, turn]

        return fit(build, said, self.budget, self.counter)

    # --- one streamed attempt -------------------------------------------------------------------------------
    def _draft(self, request: Fitted, draft: _Draft, temperature: float, clock: Deadline) -> Iterator[str]:
        """Streams one attempt into `draft`, yielding its words; a fault is kept in the draft, not raised."""
        try:
            for chunk in self.chat.stream(
                request.messages, temperature=temperature, seed=self.seed, max_tokens=self.max_tokens, deadline=clock
            ):
                if chunk.text:
                    draft.text += chunk.text
                    yield chunk.text
                draft.reported = chunk.usage or draft.reported
                draft.truncated = draft.truncated or chunk.truncated
        except ChatError as e:
            draft.error = e
        # A request that never reached the model costs nothing; one that was answered, even in part, is counted.
        if draft.error is None or draft.text:
            draft.usage = self._usage(request, draft.text, draft.reported)

    # --- after the stream ---------------------------------------------------------------------------------
    def _settle(self, moves: Sequence[Move], history: Sequence[Turn], draft: _Draft, clock: Deadline) -> Iterator[str]:
        shown = bool(draft.text)
        whole = whole_sentences(draft.text) if draft.truncated else draft.text
        problem = self.contradiction(whole, moves, history) if draft.error is None else None
        if draft.error is None and problem is None:
            note = f"cut off at {self.max_tokens} tokens; kept to its whole sentences" if whole != draft.text else None
            self._report("llm", whole.strip(), note, draft.usage)
            if whole != draft.text:
                yield Correction(whole.strip())
            return
        if draft.error is not None and draft.error.kind != "cut":
            text, note = self.offline_line(moves), f"the model failed, so the offline voice answered: {draft.error}"
            self._report("fallback", text, note, draft.usage)
            yield Correction(text) if shown else text
            return
        why = str(draft.error) if draft.error else problem or "it did not say the decided move"
        yield from self._regenerate(moves, history, why, draft.usage, shown, clock)

    def _regenerate(
        self, moves: Sequence[Move], history: Sequence[Turn], why: str, usage: ChatUsage, shown: bool, clock: Deadline
    ) -> Iterator[str]:
        """One more try, told what was wrong and streamed (what was shown is cleared first); then the phrasebook."""
        retry = _Draft()
        try:
            request = self.request(moves, history, correction=f"It was rejected because {why}")
        except PromptError as e:
            retry.error = ChatError("request", f"the prompt could not be built: {e}")
        if retry.error is None:
            if shown:
                yield Correction("")
            yield from self._draft(request, retry, REGENERATE_TEMPERATURE, clock)
        usage = usage + retry.usage
        problem = None if retry.error else self.contradiction(retry.text, moves, history)
        if retry.error is None and problem is None:
            self._report(
                "llm", retry.text.strip(), f"regenerated once: the first reply was rejected because {why}", usage
            )
            return
        if retry.error is not None:
            note = f"{why}; the retry failed too ({retry.error}), so the offline voice answered"
        else:
            note = f"the reply was rejected twice ({why}; then {problem}), so the offline voice answered"
        text = self.offline_line(moves)
        self._report("fallback", text, note, usage)
        yield Correction(text) if shown or retry.text else text

    def contradiction(self, reply: str, moves: Sequence[Move], history: Sequence[Turn]) -> str | None:
        """Why the reply does not say the decided moves, or says more (see check.py); None when it is right."""
        return check_reply(reply, moves, self.scenario, self.persona, history)

    def offline_line(self, moves: Sequence[Move]) -> str:
        return " ".join(self.offline.line(m) for m in moves)

    def _usage(self, request: Fitted, text: str, reported: ChatUsage | None) -> ChatUsage:
        """What the server reported, or our own count (marked estimated) when it did not say; recorded on the meter."""
        usage = reported if reported and reported.prompt_tokens else None
        usage = usage or ChatUsage(
            prompt_tokens=request.tokens, completion_tokens=self.counter.text(text), estimated=True
        )
        self.meter.record(usage)
        return usage

    def _report(self, source: Source, text: str, note: str | None, usage: ChatUsage | None) -> None:
        if note:  # the transcript keeps it, and each face shows it (play, replay); the log is for whoever runs it
            log.info("%s", note)
        self.source = source
        counted = usage or ChatUsage()
        self.last_turn = VoiceReport(
            source=source,
            text=text,
            note=note,
            usage=TokenUsage(
                prompt_tokens=counted.prompt_tokens,
                completion_tokens=counted.completion_tokens,
                estimated=counted.estimated,
            ),
        )

    def _system(self, dropped: Sequence[Turn]) -> str:
        """The system prompt, rendered once per number of turns trimmed away: a call only grows, so that number
        says what the summary holds, and the rendering is off the path to the first token on most turns."""
        known = self._systems.get(len(dropped))
        if known is None:
            known = self._systems[len(dropped)] = render("counterpart.md", **self._values(dropped))
        return known

    # --- the prompt's values --------------------------------------------------------------------------------
    def _values(self, dropped: Sequence[Turn]) -> dict[str, object]:
        """Public facts only: no walk-away, no points, no private brief, no unrevealed interest."""
        sc, p = self.scenario, self.persona
        return {
            "persona": {"name": p.name, "tone": p.voice.tone, "style": list(p.voice.style)},
            "role": sc.counterpart.role,
            "other_role": sc.trainee.role,
            "title": sc.title,
            "public_brief": sc.public_brief,
            "earlier": self._earlier(dropped),
        }

    def _turn_values(self, moves: Sequence[Move], correction: str | None) -> dict[str, object]:
        """The decided moves, worded for the prompt, and why the last draft was rejected (if it was)."""
        sc, p = self.scenario, self.persona
        return {
            "moves": [{"kind": m.kind, "has_terms": bool(m.terms), **slots(sc, p, m)} for m in moves],
            "correction": correction,
        }

    def _earlier(self, dropped: Sequence[Turn]) -> dict[str, object]:
        """A compact account of the turns trimmed away: the last offers each side made, and what was revealed."""
        theirs = next((t.terms for t in reversed(dropped) if t.speaker == "trainee" and t.terms), None)
        ours = next((m.terms for t in reversed(dropped) for m in reversed(t.moves) if m.terms), None)
        told = [self.scenario.interest(m.interest).reveal for t in dropped for m in t.moves if m.interest]
        return {
            "turns": len(dropped),
            "their_offer": describe_terms(self.scenario, theirs) if theirs else "",
            "your_offer": describe_terms(self.scenario, ours) if ours else "",
            "told": told,
        }


def _with_note(said: list[ChatMessage], note: str) -> list[ChatMessage]:
    """The turn's note in the last user message, marked as winwin's and set apart from the trainee's words."""
    marked = f"{NOTE_MARK}\n{note}"
    if said and said[-1].role == "user":
        last = said[-1]
        return [*said[:-1], last.model_copy(update={"content": f"{last.content}\n\n{marked}"})]
    return [*said, ChatMessage(role="user", content=marked)]


def whole_sentences(text: str) -> str:
    """A reply cut off at max_tokens, without its unfinished last sentence (all of it, if none is finished)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends else text


def contradiction(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> str | None:
    """Why a reply does not say the decided moves, or says more (see check.py); kept under its old name."""
    return check_reply(reply, moves, scenario, persona, history)

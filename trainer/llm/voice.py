"""The LLM voice: a chat model puts the policy's decided move into the persona's words, streamed token by token.

Streaming and checking: the reply reaches the caller word by word as the model makes it (so the first word is as
early as the model allows), and the finished reply is then checked against the decided move. A reply that names an
amount or an option the move does not hold, or agrees when the move does not, is regenerated once, and if that is
wrong too the persona's offline line is used. Because the first words have already been shown, the replacement is
yielded as a `Correction`: a chunk that stands for the whole reply, which a UI shows in place of what it streamed
(a plain consumer that appends chunks shows the correction after the draft). The transcript records only the final
text, so the record never holds a contradiction. Faults (after the chat model's own retries) fall back at once.
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
from trainer.llm.prompting import PromptError, render
from trainer.llm.tokens import DEFAULT_BUDGET, Fitted, Meter, TokenCounter, fit
from trainer.reading.numbers import parse_amounts
from trainer.reading.terms import read_terms

if TYPE_CHECKING:
    from trainer.llm.reader import LLMReader

log = logging.getLogger(__name__)

PROMPTS = ("counterpart.md",)
# A stage direction for the first request (and after trimming): chat templates want a user turn before the assistant.
CALL_STARTS = "(The call connects.)"
REGENERATE_TEMPERATURE = 0.2
# Moves after which words of agreement are right; after any other, "deal" or "agreed" would cave.
AGREEING = frozenset({"accept", "close", "nibble", "nibble_drop", "nibble_trade", "accept_reprice"})
_AGREES = re.compile(
    r"\b(it'?s a deal|we have a deal|we'?ve got a deal|you'?ve got (yourself )?a deal|(we'?re|we are) agreed|"
    r"i (can |will |'?ll )?accept\b|agreed\b|deal[.!]|shake on it)",
    re.I,
)
_NEGATED = re.compile(r"\b(not|no|never|n'?t|nothing)\W+(\w+\W+)?\Z", re.I)


@dataclass
class _Draft:
    text: str = ""
    reported: ChatUsage | None = None
    usage: ChatUsage = field(default_factory=ChatUsage)
    error: ChatError | None = None


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
    ) -> None:
        self.scenario, self.persona, self.seed, self.chat = scenario, persona, seed, chat
        self.budget, self.temperature = budget, temperature
        self.offline = OfflineVoice(scenario, persona, seed)
        self.counter = TokenCounter(chat.name)
        self.meter = meter or Meter(chat.name)
        self.reader = reader
        self.source: VoiceSource = "llm"
        self.last_turn: VoiceReport | None = None
        self.last_request: Fitted | None = None

    def speak(self, moves: Sequence[Move], history: Sequence[Turn]) -> Iterator[str]:
        try:
            request = self.request(moves, history)
        except PromptError as e:  # a broken user template costs the model's words, never the turn
            text = self.offline_line(moves)
            self._report(
                "fallback", text, f"the prompt could not be built, so the offline voice answered: {e}", ChatUsage()
            )
            yield text
            return
        self.last_request = request
        draft = _Draft()
        try:
            for chunk in self.chat.stream(request.messages, temperature=self.temperature, seed=self.seed):
                if chunk.text:
                    draft.text += chunk.text
                    yield chunk.text
                draft.reported = chunk.usage or draft.reported
        except ChatError as e:
            draft.error = e
        # A request that never reached the model costs nothing; one that was answered, even in part, is counted.
        if draft.error is None or draft.text:
            draft.usage = self._usage(request, draft.text, draft.reported)
        yield from self._settle(moves, history, draft)

    def request(self, moves: Sequence[Move], history: Sequence[Turn], correction: str | None = None) -> Fitted:
        """The messages for this turn: the system prompt, then as many of the latest turns as the budget holds."""
        said = [ChatMessage(role="user" if t.speaker == "trainee" else "assistant", content=t.text) for t in history]

        def build(k: int) -> list[ChatMessage]:
            system = render("counterpart.md", **self._values(moves, history[: len(history) - k], correction))
            kept = said[len(said) - k :] if k else []
            start = [] if kept and kept[0].role == "user" else [ChatMessage(role="user", content=CALL_STARTS)]
            return [ChatMessage(role="system", content=system), *start, *kept]

        return fit(build, said, self.budget, self.counter)

    # --- after the stream ---------------------------------------------------------------------------------
    def _settle(self, moves: Sequence[Move], history: Sequence[Turn], draft: _Draft) -> Iterator[str]:
        shown = bool(draft.text)
        problem = self.contradiction(draft.text, moves, history) if draft.error is None else None
        if draft.error is None and problem is None:
            self._report("llm", draft.text, None, draft.usage)
            return
        if draft.error is not None and draft.error.kind != "cut":
            text, note = self.offline_line(moves), f"the model failed, so the offline voice answered: {draft.error}"
            self._report("fallback", text, note, draft.usage)
        else:
            why = str(draft.error) if draft.error else problem or "it contradicted the decided move"
            text, note, source, usage = self._regenerate(moves, history, why, draft.usage)
            self._report(source, text, note, usage)
        yield Correction(text) if shown else text

    def _regenerate(
        self, moves: Sequence[Move], history: Sequence[Turn], why: str, usage: ChatUsage
    ) -> tuple[str, str, Literal["llm", "fallback"], ChatUsage]:
        """One more try, told what was wrong; then the phrasebook."""
        request = self.request(moves, history, correction=f"It was rejected because {why}")
        try:
            reply = self.chat.complete(request.messages, temperature=REGENERATE_TEMPERATURE, seed=self.seed)
        except ChatError as e:
            note = f"{why}; the retry failed too ({e}), so the offline voice answered"
            return self.offline_line(moves), note, "fallback", usage
        usage = usage + self._usage(request, reply.text, reply.usage)
        problem = self.contradiction(reply.text, moves, history)
        if problem is None:
            return reply.text, f"regenerated once: the first reply was rejected because {why}", "llm", usage
        note = f"the reply was rejected twice ({why}; then {problem}), so the offline voice answered"
        return self.offline_line(moves), note, "fallback", usage

    def contradiction(self, reply: str, moves: Sequence[Move], history: Sequence[Turn]) -> str | None:
        return contradiction(reply, moves, self.scenario, self.persona, history)

    def offline_line(self, moves: Sequence[Move]) -> str:
        return " ".join(self.offline.line(m) for m in moves)

    def _usage(self, request: Fitted, text: str, reported: ChatUsage | None) -> ChatUsage:
        """What the server reported, or our own count when it did not say; recorded on the meter."""
        usage = reported if reported and reported.prompt_tokens else None
        usage = usage or ChatUsage(prompt_tokens=request.tokens, completion_tokens=self.counter.text(text))
        self.meter.record(usage)
        return usage

    def _report(self, source: Literal["llm", "fallback"], text: str, note: str | None, usage: ChatUsage) -> None:
        if note:  # a fallback is worth the user's attention; a quiet regeneration is not
            log.log(logging.WARNING if source == "fallback" else logging.INFO, "%s", note)
        self.source = source
        self.last_turn = VoiceReport(
            source=source,
            text=text,
            note=note,
            usage=TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens),
        )

    # --- the prompt's values --------------------------------------------------------------------------------
    def _values(self, moves: Sequence[Move], dropped: Sequence[Turn], correction: str | None) -> dict[str, object]:
        """Public facts and the decided move only: no walk-away, no points, no private brief, no unrevealed interest."""
        sc, p = self.scenario, self.persona
        return {
            "persona": {"name": p.name, "tone": p.voice.tone, "style": list(p.voice.style)},
            "role": sc.counterpart.role,
            "other_role": sc.trainee.role,
            "title": sc.title,
            "public_brief": sc.public_brief,
            "moves": [{"kind": m.kind, "has_terms": bool(m.terms), **slots(sc, p, m)} for m in moves],
            "earlier": self._earlier(dropped),
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


def contradiction(
    reply: str, moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> str | None:
    """Why a reply contradicts the decided moves, or None: an amount they do not hold (and nobody has said), an
    option other than the decided one, or agreement the moves do not give."""
    if not reply.strip():
        return "it was empty"
    allowed = _allowed_amounts(moves, scenario, persona, history)
    low, high = _price_range(scenario)
    for amount in parse_amounts(reply):
        plausible = amount.explicit or low / 2 <= amount.value <= high * 2
        if plausible and not any(abs(amount.value - v) < 0.5 for v in allowed):
            return f"it names {amount.text.strip()!r}, which is not in the decided terms"
    decided = {k: v for m in moves for k, v in m.terms.items()}
    asked = {k: v for m in moves for k, v in m.extra.items()}
    for issue_id, option in read_terms(reply, scenario).terms.items():
        # A nibble talks about changing an issue ("another $250 off"); the amounts check above covers what it names.
        if issue_id in decided and issue_id not in asked and option != decided[issue_id]:
            issue = scenario.issue(issue_id)
            said, meant = issue.option(option).label, issue.option(decided[issue_id]).label
            return f"it says {said!r} where the decided terms have {meant!r}"
    if not any(m.kind in AGREEING for m in moves) and _agrees(reply):
        return "it agrees to a deal, but the decided move does not"
    return None


def _agrees(reply: str) -> bool:
    return any(not _NEGATED.search(reply[: m.start()]) for m in _AGREES.finditer(reply))


def _allowed_amounts(
    moves: Sequence[Move], scenario: Scenario, persona: Persona, history: Sequence[Turn]
) -> set[float]:
    """Amounts the reply may name: the decided terms and extras, anything said in the call, the public brief."""
    texts = [t.text for t in history] + [scenario.public_brief]
    for m in moves:
        texts += [scenario.issue(k).option(v).label for k, v in {**m.terms, **m.extra}.items()]
        texts += [v for k, v in slots(scenario, persona, m).items() if k in ("extra", "reveal")]
    return {a.value for text in texts for a in parse_amounts(text)}


def _price_range(scenario: Scenario) -> tuple[float, float]:
    amounts = [o.amount for i in scenario.issues for o in i.options if o.amount is not None]
    return (min(amounts), max(amounts)) if amounts else (1.0, 0.0)

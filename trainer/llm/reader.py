"""Reading offer terms with the model, only where the offline reader is unsure (optional, by setting).

The offline reader runs first and is sure of most offers; then no model call is made and the reply is not delayed.
When it reports an ambiguity ("5" between two price options), one structured-output call reads the unclear words,
and its answer is kept only where it names an option those words could mean. If the call fails, the offline reading
stands and the counterpart asks what was meant, as it would without a model.
"""

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from trainer.counterpart.transcript import TokenUsage, Turn
from trainer.counterpart.voice import Resolved
from trainer.files.scenario import Scenario
from trainer.llm.chat import ChatError, ChatMessage, ChatModel, ChatUsage
from trainer.llm.prompting import PromptError, render
from trainer.llm.tokens import Meter, TokenCounter
from trainer.reading.terms import Ambiguity
from trainer.reading.understanding import Understanding, proposes

PROMPTS = ("read_terms.md",)
# The answer is a short JSON list of issue/option pairs; a model that rambles is cut off here.
DEFAULT_MAX_TOKENS = 200


class OptionChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issue: str = Field(description="The issue id, as listed.")
    option: str | None = Field(description="The option id the trainee proposes, or null when it is not clear.")


class TermsAnswer(BaseModel):
    """The model's reading of the unclear words of one offer."""

    model_config = ConfigDict(extra="forbid")

    choices: list[OptionChoice] = Field(description="One entry per issue listed.")


def needs_model(u: Understanding) -> bool:
    """Only an offer with unclear words; a question that restates terms proposes nothing to read."""
    return bool(u.ambiguous) and proposes(u.acts, u.text)


class LLMReader:
    """Resolves the offline reader's ambiguities with one structured call."""

    def __init__(
        self, scenario: Scenario, chat: ChatModel, meter: Meter | None = None, max_tokens: int = DEFAULT_MAX_TOKENS
    ) -> None:
        self.scenario, self.chat, self.max_tokens = scenario, chat, max_tokens
        self.meter = meter or Meter(chat.name)
        self.counter = TokenCounter(chat.name)

    def resolve(self, u: Understanding, history: Sequence[Turn]) -> Resolved:
        if not needs_model(u):
            return Resolved(u)
        try:
            messages = self.messages(u, history)
            answer = self.chat.structured(messages, TermsAnswer, max_tokens=self.max_tokens)
        except (ChatError, PromptError) as e:
            return Resolved(u, f"the model could not read the unclear terms ({e}); the counterpart asks instead")
        usage = self._record(messages, answer.value, answer.usage)
        picks = self._valid(answer.value, u.ambiguous)
        if not picks:
            return Resolved(u, "the model could not tell what the unclear terms meant either", usage)
        rest = [a for a in u.ambiguous if a.issue not in picks]
        read = ", ".join(f"{self.scenario.issue(k).option(v).label}" for k, v in picks.items())
        understood = u.model_copy(update={"terms": {**u.terms, **picks}, "ambiguous": rest})
        return Resolved(understood, f"read by the model: {read}", usage)

    def messages(self, u: Understanding, history: Sequence[Turn]) -> list[ChatMessage]:
        """The reader's prompt: the issues in doubt with their options' labels (never their points), then the words."""
        last = next((t.text for t in reversed(history) if t.speaker == "counterpart"), "")
        system = render(
            "read_terms.md",
            title=self.scenario.title,
            role=self.scenario.trainee.role,
            other_role=self.scenario.counterpart.role,
            last_line=last,
            unclear=[self._unclear(a) for a in u.ambiguous],
        )
        return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=u.text)]

    def _unclear(self, a: Ambiguity) -> dict[str, object]:
        issue = self.scenario.issue(a.issue)
        options = [o for o in issue.options if not a.candidates or o.id in a.candidates]
        listed = [{"id": o.id, "label": o.label} for o in options]
        return {"issue": a.issue, "name": issue.name, "words": a.text, "options": listed}

    def _valid(self, answer: TermsAnswer, ambiguous: Sequence[Ambiguity]) -> dict[str, str]:
        """Only issues in doubt, and only options the unclear words could mean."""
        allowed = {a.issue: a.candidates or [o.id for o in self.scenario.issue(a.issue).options] for a in ambiguous}
        return {
            c.issue: c.option for c in answer.choices if c.option is not None and c.option in allowed.get(c.issue, [])
        }

    def _record(self, messages: list[ChatMessage], answer: TermsAnswer, reported: ChatUsage | None) -> TokenUsage:
        usage = reported if reported and reported.prompt_tokens else None
        usage = usage or ChatUsage(
            prompt_tokens=self.counter.messages(messages),
            completion_tokens=self.counter.text(answer.model_dump_json()),
            estimated=True,
        )
        self.meter.record(usage)
        return TokenUsage(
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens, estimated=usage.estimated
        )

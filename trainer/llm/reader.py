"""Reading trainee messages with the model too (optional, by setting: `--llm-reader`).

The offline reader runs first. Every message that states, refuses or asks about terms is then read by one
structured-output call that says, per issue, what the message proposes and what it refuses; the answer counts only
where it names real options, and a failing or unusable answer leaves the offline reading, noted in the transcript.
Where the offline reader found words unclear ("4,875" halfway between two prices), the call reads just those words,
and its answer is kept only where it names an option they could mean; otherwise the counterpart asks. Each call's
tokens are recorded on the trainee's turn. Small talk and questions about needs cost no call.
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

PROMPTS = ("read_terms.md", "read_message.md")
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


class IssueReading(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issue: str = Field(description="The issue id, as listed.")
    proposes: str | None = Field(description="The option id the message proposes, or null.")
    refuses: str | None = Field(description="The option id the message turns down, or null.")


class MessageAnswer(BaseModel):
    """The model's reading of a whole message: per issue, what it proposes and what it refuses."""

    model_config = ConfigDict(extra="forbid")

    issues: list[IssueReading] = Field(description="One entry per issue listed.")


def needs_model(u: Understanding) -> bool:
    """Only an offer with unclear words; a question that restates terms proposes nothing to read."""
    return bool(u.ambiguous) and proposes(u.acts, u.text)


def speaks_of_terms(u: Understanding) -> bool:
    """Whether a message states, refuses or asks about terms: what the model reads when it reads every offer."""
    return bool(u.terms or u.refused or u.mentioned or u.ambiguous or u.alternatives)


class LLMReader:
    """Resolves the offline reader's ambiguities with one structured call."""

    def __init__(
        self,
        scenario: Scenario,
        chat: ChatModel,
        meter: Meter | None = None,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        every_offer: bool = True,
    ) -> None:
        self.scenario, self.chat, self.max_tokens, self.every_offer = scenario, chat, max_tokens, every_offer
        self.meter = meter or Meter(chat.name)
        self.counter = TokenCounter(chat.name)

    def resolve(self, u: Understanding, history: Sequence[Turn]) -> Resolved:
        if self.every_offer and not u.ambiguous and speaks_of_terms(u):
            return self.read(u, history)
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

    def read(self, u: Understanding, history: Sequence[Turn]) -> Resolved:
        """The model reads the whole message; its answer counts only where it names real options, and any fault or
        unusable answer leaves the offline reading, said so in the transcript."""
        try:
            messages = self.whole_message(u, history)
            answer = self.chat.structured(messages, MessageAnswer, max_tokens=self.max_tokens)
        except (ChatError, PromptError) as e:
            return Resolved(u, f"the model could not read the message ({e}); the offline reading stands")
        usage = self._record(messages, answer.value, answer.usage)
        valid = self._valid_reading(answer.value)
        if valid is None:
            return Resolved(u, "the model's reading named no real option; the offline reading stands", usage)
        terms, refused = valid
        if terms == u.terms and refused == u.refused:
            return Resolved(u, "read by the model: as the offline reader read it", usage)
        said = ", ".join(self.scenario.issue(k).option(v).label for k, v in terms.items()) or "no terms"
        understood = u.model_copy(update={"terms": terms, "refused": refused, "refuses": u.refuses or bool(refused)})
        return Resolved(understood, f"read by the model: {said}", usage)

    def whole_message(self, u: Understanding, history: Sequence[Turn]) -> list[ChatMessage]:
        last = next((t.text for t in reversed(history) if t.speaker == "counterpart"), "")
        issues = [
            {"issue": i.id, "name": i.name, "options": [{"id": o.id, "label": o.label} for o in i.options]}
            for i in self.scenario.issues
        ]
        system = render(
            "read_message.md",
            title=self.scenario.title,
            role=self.scenario.trainee.role,
            other_role=self.scenario.counterpart.role,
            last_line=last,
            issues=issues,
        )
        return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=u.text)]

    def _valid_reading(self, answer: MessageAnswer) -> tuple[dict[str, str], dict[str, str]] | None:
        """Proposed and refused terms that name real issues and options; None when the answer names options but
        none of them is real (a model that invents ids is not believed)."""
        options = {i.id: {o.id for o in i.options} for i in self.scenario.issues}
        named = [(r.issue, o) for r in answer.issues for o in (r.proposes, r.refuses) if o is not None]
        real = {(i, o) for i, o in named if o in options.get(i, set())}
        if named and not real:
            return None
        terms = {r.issue: r.proposes for r in answer.issues if r.proposes and (r.issue, r.proposes) in real}
        refused = {
            r.issue: r.refuses
            for r in answer.issues
            if r.refuses and (r.issue, r.refuses) in real and r.refuses != r.proposes
        }
        order = [i.id for i in self.scenario.issues]
        return {k: terms[k] for k in order if k in terms}, {k: refused[k] for k in order if k in refused}

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

    def _record(
        self, messages: list[ChatMessage], answer: TermsAnswer | MessageAnswer, reported: ChatUsage | None
    ) -> TokenUsage:
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

"""One practice call: hears the trainee, lets the policy decide, has the voice speak, records every turn."""

from collections.abc import Callable, Iterator, Sequence

from trainer.acts import ContextTurn
from trainer.move import Move
from trainer.persona import Persona
from trainer.policy import Policy
from trainer.scenario import Scenario
from trainer.state import NegotiationState
from trainer.tactics import policy_for
from trainer.transcript import Outcome, Transcript, Turn, now
from trainer.understanding import Understanding, understand
from trainer.voice import OfflineVoice, Voice

MAX_MESSAGE_CHARS = 10_000
TurnHook = Callable[[Transcript, Turn], None]


class SessionEnded(Exception):
    """The call is over; no more turns can be taken."""


class Session:
    """A call between a trainee and a counterpart; every turn is recorded, and handed to on_turn (the store)."""

    def __init__(
        self,
        scenario: Scenario,
        persona: Persona,
        seed: int = 0,
        voice: Voice | None = None,
        on_turn: TurnHook | None = None,
        transcript: Transcript | None = None,
    ) -> None:
        self.scenario = scenario
        self.persona = persona
        self.policy: Policy = policy_for(scenario, persona)
        self.state = NegotiationState()
        self.voice: Voice = voice or OfflineVoice(scenario, persona, seed)
        self.fallback = OfflineVoice(scenario, persona, seed)
        self.on_turn = on_turn
        self.transcript = transcript or Transcript(scenario=scenario.id, persona=persona.id, seed=seed)

    @property
    def ended(self) -> bool:
        return self.state.stage == "ended"

    def start(self) -> Turn:
        """The counterpart opens the call."""
        return self._say(self.policy.opening(self.state))

    def hear(self, text: str) -> tuple[Turn, Understanding]:
        """Records the trainee's turn and what was understood of it."""
        if self.ended:
            raise SessionEnded("the call has ended; start a new session to practise again")
        text = text.strip()[:MAX_MESSAGE_CHARS]
        u = understand(text, self.scenario, self._context())
        turn = Turn(
            index=len(self.transcript.turns),
            speaker="trainee",
            text=text,
            acts=u.acts,
            terms=u.terms,
            ambiguous=[a.text for a in u.ambiguous],
        )
        self._record(turn)
        return turn, u

    def decide(self, u: Understanding) -> list[Move]:
        return self.policy.respond(self.state, u)

    def stream(self, moves: Sequence[Move]) -> Iterator[str]:
        """The reply in chunks as the voice makes it; the turn is recorded when the stream is done."""
        chunks: list[str] = []
        for chunk in self.voice.speak(moves, self.transcript.turns):
            chunks.append(chunk)
            yield chunk
        self._record(self._turn("".join(chunks), moves, self.voice.source))

    def reply(self, text: str) -> Turn:
        """Hears the trainee and answers in one go."""
        _, u = self.hear(text)
        moves = self.decide(u)
        for _ in self.stream(moves):
            pass
        return self.transcript.turns[-1]

    def _say(self, moves: Sequence[Move]) -> Turn:
        for _ in self.stream(moves):
            pass
        return self.transcript.turns[-1]

    def _turn(self, text: str, moves: Sequence[Move], source: str) -> Turn:
        return Turn(
            index=len(self.transcript.turns),
            speaker="counterpart",
            text=text,
            moves=list(moves),
            voice="llm" if source == "llm" else "fallback" if source == "fallback" else "offline",
        )

    def _record(self, turn: Turn) -> None:
        t = self.transcript
        t.turns.append(turn)
        if self.ended and t.outcome.status == "open":
            status = "deal" if self.state.outcome == "deal" else "walk_away"
            t.outcome = Outcome(status=status, terms=self.state.agreed if status == "deal" else {})
            t.ended_at = now()
        if self.on_turn is not None:
            self.on_turn(t, turn)

    def end(self) -> None:
        """The trainee ends the call: no deal unless one was closed."""
        if not self.ended:
            self.state.stage = "ended"
            self.transcript.outcome = Outcome(status="no_deal")
            self.transcript.ended_at = now()

    def _context(self) -> list[ContextTurn]:
        recent = self.transcript.turns[-6:]
        return [ContextTurn(speaker="self" if t.speaker == "trainee" else "other", text=t.text) for t in recent]

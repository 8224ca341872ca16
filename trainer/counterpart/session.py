"""One practice call: hears the trainee, lets the policy decide, has the voice speak, records every turn."""

from collections.abc import Callable, Iterator, Sequence

from trainer.counterpart.difficulty import persona_at
from trainer.counterpart.move import Move
from trainer.counterpart.policy import Policy
from trainer.counterpart.state import NegotiationState
from trainer.counterpart.tactics import policy_for
from trainer.counterpart.transcript import Difficulty, Heard, Outcome, TokenUsage, Transcript, Turn, new_id, now
from trainer.counterpart.voice import Correction, OfflineVoice, Voice
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.reading.acts import ContextTurn
from trainer.reading.message import Table
from trainer.reading.understanding import Understanding, understand

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
        difficulty: Difficulty | None = None,
    ) -> None:
        level = difficulty or (transcript.difficulty if transcript is not None else "normal")
        persona = persona_at(persona, level)
        self.scenario = scenario
        self.persona = persona
        self.policy: Policy = policy_for(scenario, persona)
        self.state = NegotiationState()
        self.voice: Voice = voice or OfflineVoice(scenario, persona, seed)
        self.fallback = OfflineVoice(scenario, persona, seed)
        # A model-backed voice brings its terms reader when the settings ask for one.
        self.reader = self.voice.reader
        self.on_turn = on_turn
        self.transcript = transcript or Transcript(
            scenario=scenario.id, persona=persona.id, seed=seed, difficulty=level
        )
        self.pending: list[Move] = []  # a resumed session's reply still owed to the trainee's last turn

    @classmethod
    def restore(
        cls,
        scenario: Scenario,
        persona: Persona,
        transcript: Transcript,
        upto: int | None = None,
        voice: Voice | None = None,
        on_turn: TurnHook | None = None,
    ) -> "Session":
        """A session rebuilt from a transcript's first `upto` turns (all by default).

        Decisions are made in code from what was understood, so replaying the recorded trainee turns rebuilds the
        counterpart's state exactly. With `upto`, the result is a new session (a retry) that names its parent;
        without it, the same session continues (a resume). A retry's copied turns are not handed to on_turn: the
        caller saves the new session's header and those turns itself.
        """
        kept = transcript.turns if upto is None else transcript.turns[:upto]
        if upto is None:
            target = transcript
        else:
            target = transcript.model_copy(
                update={
                    "id": new_id(),
                    "turns": [],
                    "parent": transcript.id,
                    "parent_turn": upto,
                    "outcome": Outcome(),
                    "ended_at": None,
                    "started_at": now(),
                }
            )
        session = cls(scenario, persona, transcript.seed, voice=voice, on_turn=on_turn, transcript=target)
        session.policy.opening(session.state)
        for i, turn in enumerate(kept):
            if turn.speaker == "trainee":
                u = understand(turn.text, scenario, _context_of(kept[max(0, i - 6) : i]), session.table())
                decided = session.policy.respond(session.state, _as_recorded(u, turn))
                # The reply to a last trainee turn was never stored (the process stopped first): it is still owed.
                session.pending = decided if i == len(kept) - 1 and upto is None else []
            else:
                session.fallback.said.add(turn.text)
                if isinstance(session.voice, OfflineVoice):
                    session.voice.said.add(turn.text)
            if upto is not None:
                session.transcript.turns.append(turn.model_copy())
        return session

    def _replay(self, turns: Sequence[Turn]) -> None:
        """The counterpart's state after `turns`, decided again from the trainee turns as they were answered."""
        self.policy, self.state, self.pending = policy_for(self.scenario, self.persona), NegotiationState(), []
        self.policy.opening(self.state)
        for i, turn in enumerate(turns):
            if turn.speaker == "trainee":
                u = understand(turn.text, self.scenario, _context_of(turns[max(0, i - 6) : i]), self.table())
                self.policy.respond(self.state, _as_recorded(u, turn))

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
        u = understand(text, self.scenario, self._context(), self.table())
        note, usage = ("; ".join(u.notes) or None), None
        if self.reader is not None:  # the reader decides which messages are worth a model call
            read = self.reader.resolve(u, self.transcript.turns)
            u, note, usage = read.understanding, read.note, read.usage
        turn = Turn(
            index=len(self.transcript.turns),
            speaker="trainee",
            text=text,
            acts=u.acts,
            terms=u.terms,
            ambiguous=[a.text for a in u.ambiguous],
            note=note,
            usage=usage,
            heard=heard_in(u),
        )
        self._record(turn)
        return turn, u

    def correct(self, heard: Heard) -> Turn:
        """The trainee's last message as they meant it: the counterpart takes back its reply and answers this.

        The state is rebuilt from the turns before that message (as `restore` replays them), the message is
        understood as `heard` says, and its turn is stored again at its index with `corrected` set and the corrected
        terms and acts (what scoring reads); the new reply replaces the old one at the next index. Returns the reply.
        """
        if self.ended:
            raise SessionEnded("the call has ended; a reading can only be corrected while the call is open")
        t = self.transcript
        last = next((turn for turn in reversed(t.turns) if turn.speaker == "trainee"), None)
        if last is None:
            raise ValueError("there is no message of yours to correct yet")
        before = t.turns[: last.index]
        self._replay(before)
        u = understand(last.text, self.scenario, _context_of(before), self.table())
        u = _corrected(u, heard)
        turn = last.model_copy(update={"corrected": heard, "terms": u.terms, "acts": u.acts})
        t.turns = [*before, turn]
        if self.on_turn is not None:  # stored again at its index (the store replaces it); its usage is counted
            self.on_turn(t, turn)
        for _ in self.stream(self.decide(u)):
            pass
        return t.turns[-1]

    def table(self) -> Table:
        """What is on the table for the reader: the trainee's proposal so far and the counterpart's standing offer."""
        s = self.state
        asking = bool(s.nibble)
        return Table(
            mine=s.trainee_offer,
            said=s.trainee_said,
            theirs=s.offer,
            agreed_mine=bool(s.confirming),
            agreed=dict(s.agreed) if asking else {},
            asked=dict(s.nibble),
        )

    def decide(self, u: Understanding) -> list[Move]:
        return self.policy.respond(self.state, u)

    def stream(self, moves: Sequence[Move]) -> Iterator[str]:
        """The reply in chunks; what is stored before what is shown depends on the voice.

        The offline voice's reply is whole at once, so it is recorded (handed to on_turn, the store) before its one
        chunk is yielded: whatever a caller shows has been stored. A streaming voice (the LLM) yields tokens as they
        come and the turn is recorded when the stream ends, so a process killed mid-reply may have shown part of a
        reply that is not stored; resuming then decides that reply again from the stored turns.
        A `Correction` chunk replaces what was streamed before it (the LLM voice's draft contradicted the move).
        """
        if isinstance(self.voice, OfflineVoice):
            text = "".join(self.voice.speak(moves, self.transcript.turns))
            self._record(self._turn(text, moves, self.voice.source))
            yield text
            return
        chunks: list[str] = []
        for chunk in self.voice.speak(moves, self.transcript.turns):
            if isinstance(chunk, Correction):
                chunks.clear()
            chunks.append(chunk)
            yield chunk
        turn = self._turn("".join(chunks), moves, self.voice.source)
        report = self.voice.last_turn
        if report is not None:
            turn = turn.model_copy(update={"note": report.note, "usage": report.usage})
        self._record(turn)

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
        if turn.usage is not None:
            t.usage = TokenUsage(
                prompt_tokens=t.usage.prompt_tokens + turn.usage.prompt_tokens,
                completion_tokens=t.usage.completion_tokens + turn.usage.completion_tokens,
            )
        if self.ended and t.outcome.status == "open":
            status = self.state.outcome if self.state.outcome != "open" else "walk_away"
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
        return _context_of(self.transcript.turns)


def heard_in(u: Understanding) -> Heard:
    """What the counterpart heard, as the transcript keeps it."""
    return Heard(proposes=u.terms, alternatives=u.alternatives, refuses=u.refused, acts=u.acts, notes=u.notes)


def _corrected(u: Understanding, heard: Heard) -> Understanding:
    """The understanding of a message as the trainee says they meant it; what they state is sure, never inferred."""
    acts = heard.acts
    return u.model_copy(
        update={
            "acts": list(acts),
            "terms": dict(heard.proposes),
            "refused": dict(heard.refuses),
            "alternatives": [dict(a) for a in heard.alternatives],
            "walks_away": "walk_away" in acts,
            "assents": "accept" in acts,
            "refuses": "reject" in acts or bool(heard.refuses),
            "firm": "accept" in acts,
            "inferred": False,
            "ambiguous": [],
        }
    )


def _as_recorded(u: Understanding, turn: Turn) -> Understanding:
    """A replayed message as it was answered: its corrected reading if the trainee gave one, else its stored one."""
    if turn.corrected is not None:
        return _corrected(u, turn.corrected)
    return u.model_copy(update={"acts": turn.acts, "terms": turn.terms})


def _context_of(turns: Sequence[Turn]) -> list[ContextTurn]:
    """The last six turns as the act detectors see them: the trainee is 'self'."""
    return [ContextTurn(speaker="self" if t.speaker == "trainee" else "other", text=t.text) for t in turns[-6:]]

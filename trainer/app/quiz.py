"""'Name the tactic': the trainee's guess, scored against the persona's tactic and the moves it actually made."""

from dataclasses import dataclass

from trainer.counterpart.move import TACTIC_MOVES
from trainer.counterpart.transcript import Transcript

TACTIC_NAMES = {
    "anchorer": "The anchorer: an extreme first offer, defended as objective",
    "nibbler": "The nibbler: small extras asked for once the deal is nearly done",
    "bundle-dismantler": "The bundle-dismantler: items taken out of the package, price kept",
}


@dataclass(frozen=True)
class QuizResult:
    correct: bool
    guess: str
    tactic: str
    signature_turns: list[int]
    guessed_turns: list[int]

    def explain(self) -> str:
        shown = _turns(self.signature_turns)
        if self.correct:
            if self.signature_turns:
                return f"Right: the {self.tactic}. Its signature moves came at {shown}."
            return f"Right: the {self.tactic}, though the call ended before its signature moves showed."
        where = f"its signature moves came at {shown}" if self.signature_turns else "it never got to show them"
        also = (
            f" The {self.guess} moves at {_turns(self.guessed_turns)} show up in other tactics too."
            if self.guessed_turns
            else ""
        )
        return f"Not quite: it was the {self.tactic}; {where}.{also}"


def _turns(turns: list[int]) -> str:
    return ("turn " if len(turns) == 1 else "turns ") + ", ".join(str(t) for t in turns)


def tactic_turns(transcript: Transcript, tactic: str) -> list[int]:
    """The counterpart turns that made one of a tactic's signature moves."""
    moves = TACTIC_MOVES.get(tactic, frozenset())
    return [t.index for t in transcript.counterpart_turns() if any(m.kind in moves for m in t.moves)]


def grade(guess: str, tactic: str, transcript: Transcript) -> QuizResult:
    return QuizResult(
        correct=guess == tactic,
        guess=guess,
        tactic=tactic,
        signature_turns=tactic_turns(transcript, tactic),
        guessed_turns=tactic_turns(transcript, guess),
    )

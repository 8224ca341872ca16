"""The terminal game: the trainee's brief, a line per turn, the counterpart's replies, and a summary at the end."""

import sys
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from trainer.counterpart.difficulty import DESCRIPTIONS
from trainer.counterpart.heard import heard_text
from trainer.counterpart.move import Move
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Turn
from trainer.counterpart.voice import Correction, describe_terms
from trainer.files.outcomes import deal_space
from trainer.llm.voice import LLMVoice
from trainer.scoring.evaluator import score_transcript
from trainer.scoring.scorecard import DIMENSION_TITLES, Scorecard

COMMANDS = {
    "/end": "end the call",
    "/brief": "show your brief again",
    "/table": "show the offers on the table",
    "/help": "show these commands",
}


def brief_text(session: Session) -> str:
    s, p = session.scenario, session.persona
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(
        [
            f"== {s.title}",
            wrap.fill(s.public_brief),
            "",
            f"You are: {s.trainee.role}",
            wrap.fill(s.trainee.brief),
            "",
            f"Across the table: {p.name}, {s.counterpart.role}. {p.description}",
            f"Difficulty: {session.transcript.difficulty} ({DESCRIPTIONS[session.transcript.difficulty]}).",
            "Commands: " + ", ".join(f"{k} ({v})" for k, v in COMMANDS.items()),
        ]
    )


def table_text(session: Session) -> str:
    st, sc = session.state, session.scenario
    theirs = describe_terms(sc, st.offer) if st.offer else "nothing yet"
    yours = describe_terms(sc, st.trainee_offer) if st.trainee_offer else "nothing yet"
    return f"  Their offer: {theirs}\n  Your last proposal: {yours}"


def summary_text(session: Session) -> str:
    t, sc = session.transcript, session.scenario
    space = deal_space(sc)
    lines = [f"== Call over: {t.outcome.status.replace('_', ' ')} after {len(t.trainee_turns())} of your turns."]
    if t.outcome.status == "deal":
        deal = space.score(t.outcome.terms)
        lines += [f"  {sc.issue(k).name}: {sc.issue(k).option(v).label}" for k, v in t.outcome.terms.items()]
        lines.append(
            f"  Points: you {deal.trainee} (your walk-away {sc.trainee.walkaway}), them {deal.counterpart}; "
            f"joint {deal.joint} of a possible {space.best_joint.joint}."
        )
    revealed = [sc.interest(i).description for i in session.state.revealed]
    lines.append(f"  Interests you uncovered: {len(revealed)} of {len(sc.hidden_interests)}")
    lines += [f"    - {r}" for r in revealed]
    return "\n".join(lines)


def lines_from(stream: TextIO, prompt: str, out: TextIO) -> Iterator[str]:
    """Lines typed at a prompt, or read from a pipe without one."""
    interactive = stream.isatty()
    while True:
        if interactive:
            out.write(prompt)
            out.flush()
        line = stream.readline()
        if not line:
            return
        yield line.rstrip("\n")


def scores_text(card: Scorecard) -> str:
    """The scores and the most useful tip, for the end of a call; the full card is `winwin replay` or `score`."""
    scored = [f"{DIMENSION_TITLES[n].lower()} {d.score}" for n, d in card.dimensions.items() if d.score is not None]
    lines = ["  Scores (of 100): " + (", ".join(scored) or "none yet")]
    if card.coaching:
        tip = card.coaching[0]
        lines += [f"  Top tip (turn {tip.turn}): {tip.tip}", f'    Try: "{tip.better_line}"']
    return "\n".join(lines)


def play(
    session: Session, lines: Iterable[str], out: TextIO | None = None, resumed: bool = False, quiet: bool = False
) -> Scorecard:
    """Runs the call until a deal, a walk-away, /end, or the end of input, then scores it.

    A resumed call shows its last turns first. After each trainee line, what the counterpart heard in it is shown
    (unless `quiet`), so a misreading is seen before the reply is weighed.
    """
    out = out or sys.stdout
    out.write(brief_text(session) + "\n\n")
    if resumed:
        for turn in session.transcript.turns[-4:]:
            who = session.persona.name if turn.speaker == "counterpart" else "You"
            out.write(f"{who}: {turn.text}\n")
        if session.pending and not session.ended:  # the last call stopped before its reply was stored
            _answer(session, session.pending, out)
    else:  # streamed like every other turn: a model's opening line shows as it comes, not after it is done
        _answer(session, session.policy.opening(session.state), out)
    for line in lines:
        text = line.strip()
        if text in ("/end", "/quit", "/exit"):
            break
        if text in COMMANDS or text == "/help":
            out.write(
                (
                    brief_text(session)
                    if text == "/brief"
                    else table_text(session)
                    if text == "/table"
                    else "\n".join(f"  {k}: {v}" for k, v in COMMANDS.items())
                )
                + "\n"
            )
            continue
        if not session.ended:
            turn, u = session.hear(text)
            if not quiet:
                out.write(reading_text(session, turn) + "\n")
            _answer(session, session.decide(u), out)
        if session.ended:
            break
    session.end()
    card = score_transcript(session.transcript, session.scenario, session.persona)
    out.write("\n" + summary_text(session) + "\n" + scores_text(card) + "\n")
    if isinstance(session.voice, LLMVoice):
        out.write(f"  Model use: {session.voice.meter.describe()}\n")
    return card


def reading_text(session: Session, turn: Turn) -> str:
    """'  heard: offer $5,250 with a one-year support plan (heard 5,200 as $5,250)'."""
    heard = turn.corrected or turn.heard
    if heard is None:
        return "  heard: nothing recorded"
    notes = f" ({'; '.join(heard.notes)})" if heard.notes else ""
    return f"  heard: {heard_text(session.scenario, heard)}{notes}"


def _answer(session: Session, moves: Sequence[Move], out: TextIO) -> None:
    """Shows the counterpart's reply as the session gives it: the offline reply only once it is stored."""
    out.write(f"{session.persona.name}: ")
    corrected = False
    for chunk in session.stream(moves):
        # The streamed draft did not say the decided move; what follows replaces it, under one heading once it has
        # words (a regeneration that starts empty shows nothing).
        corrected = corrected or isinstance(chunk, Correction)
        if corrected and chunk:
            out.write(f"\n  (corrected) {session.persona.name}: ")
            corrected = False
        out.write(chunk)
        out.flush()
    out.write("\n")
    turn = session.transcript.turns[-1]
    if turn.voice == "fallback" and turn.note:  # why the model's words were not used, on a line of its own
        out.write(f"  (the phrasebook answered: {turn.note})\n")
    out.flush()

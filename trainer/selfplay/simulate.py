"""Self-play: scripted trainees against every persona, with the figures that prove the counterpart's contract."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from pydantic import BaseModel

from trainer.counterpart.move import TACTIC_MOVES
from trainer.counterpart.session import Session
from trainer.counterpart.tactics import BundleDismantler, Nibbler
from trainer.counterpart.transcript import Transcript
from trainer.counterpart.voice import Voice
from trainer.files.outcomes import deal_space
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.selfplay.trainees import Trainee, TraineeKind, make_trainee

MAX_TRAINEE_TURNS = 40
# The stage at which each tactic's signature move is due, read from the counterpart's moves.
_STAGE_MOVES = {
    "anchorer": {"anchor", "counter", "concede", "re_anchor"},
    "nibbler": {"accept", "close", "nibble", "nibble_drop", "nibble_trade"},
    "bundle-dismantler": {"dismantle", "accept", "close"},
}
_SIGNATURE = {"anchorer": {"anchor"}, "nibbler": {"nibble"}, "bundle-dismantler": {"dismantle"}}


class SessionResult(BaseModel):
    scenario: str
    persona: str
    trainee: str
    seed: int
    status: str
    trainee_points: int | None
    counterpart_points: int | None
    joint_points: int | None
    best_joint_points: int
    below_walkaway: bool
    interests_revealed: int
    interests_total: int
    tactic_moves: list[str]
    reached_stage: bool
    signature: bool
    turns: int


def run_session(
    scenario: Scenario, persona: Persona, kind: TraineeKind, seed: int, voice: Voice | None = None
) -> Session:
    return play_call(Session(scenario, persona, seed=seed, voice=voice), make_trainee(kind, scenario, seed))


def play_call(session: Session, trainee: Trainee) -> Session:
    """A scripted trainee plays the call through: until it ends, the trainee stops, or the turns run out."""
    session.start()
    for _ in range(MAX_TRAINEE_TURNS):
        line = trainee.say(session)
        if line is None:
            break
        session.reply(line)
        if session.ended:
            break
    session.end()
    return session


def result_of(session: Session, kind: str) -> SessionResult:
    t, sc, persona = session.transcript, session.scenario, session.persona
    space = deal_space(sc)
    deal = space.score(t.outcome.terms) if t.outcome.status == "deal" else None
    kinds = [m.kind for turn in t.counterpart_turns() for m in turn.moves]
    return SessionResult(
        scenario=sc.id,
        persona=persona.id,
        trainee=kind,
        seed=t.seed,
        status=t.outcome.status,
        trainee_points=deal.trainee if deal else None,
        counterpart_points=deal.counterpart if deal else None,
        joint_points=deal.joint if deal else None,
        best_joint_points=space.best_joint.joint,
        below_walkaway=bool(deal and deal.counterpart < sc.counterpart.walkaway),
        interests_revealed=len(session.state.revealed),
        interests_total=len(sc.hidden_interests),
        tactic_moves=[k for k in kinds if k in TACTIC_MOVES[persona.tactic]],
        reached_stage=_reached(session, kinds),
        signature=bool(set(kinds) & _SIGNATURE[persona.tactic]),
        turns=len(t.trainee_turns()),
    )


def _reached(session: Session, kinds: Sequence[str]) -> bool:
    """Whether the tactic's signature move was due. A dismantler's and a nibbler's are due only while the package on
    the table leaves them something to strip or ask for that does not run against what they have said they need."""
    tactic = session.policy.tactic
    if not set(kinds) & _STAGE_MOVES[session.persona.tactic]:
        return False
    if set(kinds) & _SIGNATURE[session.persona.tactic] or not isinstance(tactic, BundleDismantler | Nibbler):
        return True
    closing = [m.terms for turn in session.transcript.counterpart_turns() for m in turn.moves if m.terms]
    if not closing:
        return False
    if isinstance(tactic, Nibbler):
        return tactic.extra_for(session.state, closing[-1]) is not None
    return tactic.strippable(session.state, closing[-1]) is not None


@dataclass
class Summary:
    """Figures for one scenario x persona x trainee group."""

    key: tuple[str, str, str]
    results: list[SessionResult] = field(default_factory=list)

    @property
    def deal_rate(self) -> float:
        return sum(r.status == "deal" for r in self.results) / len(self.results)

    def mean_of(self, pick: Callable[[SessionResult], int | None]) -> float | None:
        values = [v for v in map(pick, self.results) if v is not None]
        return mean(values) if values else None

    @property
    def joint_or_zero(self) -> float:
        """Mean joint points counting a no-deal as zero: the value the call created."""
        return mean(r.joint_points or 0 for r in self.results)

    @property
    def revealed_share(self) -> float:
        return mean(r.interests_revealed / max(1, r.interests_total) for r in self.results)

    @property
    def signature_rate(self) -> float | None:
        reached = [r for r in self.results if r.reached_stage]
        return sum(r.signature for r in reached) / len(reached) if reached else None

    @property
    def below_walkaway(self) -> int:
        return sum(r.below_walkaway for r in self.results)


VoiceFactory = Callable[[Scenario, Persona, int], Voice]


def simulate(
    scenarios: Iterable[Scenario],
    personas: Iterable[Persona],
    kinds: Iterable[TraineeKind],
    seeds: int,
    out: Path | None = None,
    progress: Callable[[int], None] | None = None,
    make_voice: VoiceFactory | None = None,
) -> list[Summary]:
    """Every combination, `seeds` sessions each; make_voice gives each session its voice (offline by default)."""
    summaries: list[Summary] = []
    for scenario in scenarios:
        for persona in personas:
            for kind in kinds:
                summary = Summary((scenario.id, persona.id, kind))
                for seed in range(seeds):
                    voice = make_voice(scenario, persona, seed) if make_voice else None
                    session = run_session(scenario, persona, kind, seed, voice)
                    summary.results.append(result_of(session, kind))
                    if out is not None:
                        _write(out, kind, session.transcript)
                    if progress is not None:
                        progress(1)
                summaries.append(summary)
    return summaries


def _write(out: Path, kind: str, transcript: Transcript) -> None:
    name = f"{transcript.scenario}__{transcript.persona}__{kind}__{transcript.seed:03d}.json"
    (out / name).write_text(transcript.model_dump_json(indent=2), encoding="utf-8")


def render(summaries: list[Summary]) -> str:
    head = (
        f"{'scenario':18} {'persona':18} {'trainee':9} {'deals':>6} {'you':>6} {'them':>6} {'joint':>6} "
        f"{'best':>5} {'found':>6} {'tactic':>7} {'<walk':>5}"
    )
    rows = [head, "-" * len(head)]
    for s in summaries:
        sc, pe, tr = s.key
        t, c = s.mean_of(lambda r: r.trainee_points), s.mean_of(lambda r: r.counterpart_points)
        sig = s.signature_rate
        rows.append(
            f"{sc:18} {pe:18} {tr:9} {s.deal_rate:6.0%} {_num(t):>6} {_num(c):>6} {s.joint_or_zero:6.1f} "
            f"{s.results[0].best_joint_points:5d} {s.revealed_share:6.0%} {_pct(sig):>7} {s.below_walkaway:5d}"
        )
    rows.append("")
    rows.append(
        "you/them: mean points in deals; joint: mean joint points (no deal = 0); found: hidden interests "
        "revealed; tactic: sessions with the signature move among those reaching its stage; <walk: deals "
        "below the counterpart's walk-away."
    )
    return "\n".join(rows)


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.0%}"

"""What the reader makes of the scripted trainees' natural lines: `python -m tests.selfplay.speech_report [seeds]`.

Plays every scenario x persona x trainee, then prints how many deal invariants hold and, per phrase bank, the lines
whose reading contradicts what the trainee meant (with what was read), most frequent first.
"""

import sys
from collections import Counter, defaultdict

from trainer.counterpart.session import Session
from trainer.files.library import load_library
from trainer.selfplay.intent import INVARIANTS, Misread, check, misreads
from trainer.selfplay.lines import Said
from trainer.selfplay.simulate import play_call
from trainer.selfplay.trainees import TRAINEE_KINDS, make_trainee


def report(seeds: int = 5, examples: int = 4) -> str:
    library = load_library()
    broken: Counter[str] = Counter()
    calls = lines = 0
    by_bank: dict[str, list[Misread]] = defaultdict(list)
    for scenario in library.scenarios.values():
        for persona in scenario.personas:
            for kind in TRAINEE_KINDS:
                for seed in range(seeds):
                    session = Session(scenario, library.persona(persona), seed=seed)
                    trainee = make_trainee(kind, scenario, seed)
                    play_call(session, trainee)
                    said: list[Said] = trainee.said
                    calls += 1
                    lines += len(said)
                    for v in check(session.transcript, said, [i.id for i in scenario.issues]):
                        broken[f"{kind}/{v.invariant}"] += not v.holds
                    for line, m in _misread_lines(session, said):
                        by_bank[f"{kind}: {'+'.join(line.banks)}"].append(m)
    total = calls * len(INVARIANTS)
    rows = [f"{total - sum(broken.values())} of {total} invariants hold over {calls} self-play calls"]
    rows += [f"  {k}: broken in {n}" for k, n in sorted(broken.items()) if n]
    misread = sum(len(v) for v in by_bank.values())
    rows.append(f"{misread} of {lines} trainee lines misread")
    for bank, found in sorted(by_bank.items(), key=lambda kv: -len(kv[1])):
        rows.append(f"- {bank}: {len(found)}")
        rows += [f"    {m.text!r}\n      meant {m.meant}\n      {m.read}" for m in found[:examples]]
    return "\n".join(rows)


def _misread_lines(session: Session, said: list[Said]) -> list[tuple[Said, Misread]]:
    found = misreads(session.transcript.turns, said)
    by_text = {s.text: s for s in said}
    return [(by_text[m.text], m) for m in found]


if __name__ == "__main__":
    print(report(int(sys.argv[1]) if len(sys.argv) > 1 else 5))

"""Drawing helpers of the Scorecard and History pages: scores, interests, the deal plot, tactics, evidence."""

from collections.abc import Mapping, Sequence

import streamlit as st

from trainer.app import charts
from trainer.app.moves import spoken, what_it_did, what_they_did
from trainer.app.state import PREP_FIELDS
from trainer.app.text import plain
from trainer.counterpart.transcript import Transcript, Turn
from trainer.files.outcomes import deal_space
from trainer.files.scenario import Scenario
from trainer.scoring.judge_models import JudgeReport
from trainer.scoring.scorecard import DIMENSION_TITLES, Evidence, Scorecard

MARKS = {True: ":green[:material/check_circle:]", False: ":red[:material/cancel:]", None: ":material/info:"}
NO_DEAL = {
    "no_deal": "No deal: the call ended without an agreement.",
    "walk_away": "No deal: they walked away.",
    "open": "No deal yet: this call was not finished.",
}
HANDLING = {"handled": "handled", "partly": "partly handled", "missed": "missed", "outcome": "outcome", None: ""}


def dimension_name(name: str) -> str:
    return DIMENSION_TITLES.get(name, name.replace("_", " ").capitalize())


def outcome(sc: Scorecard, scenario: Scenario) -> None:
    """The deal (or no deal) and both sides' points against their walk-aways."""
    deal = sc.deal
    if deal.status == "deal":
        st.success(f"Deal: {plain(deal.described)}", icon=":material/handshake:")
    else:
        st.warning(NO_DEAL.get(deal.status, "No deal."), icon=":material/do_not_disturb_on:")
    a, b, c = st.columns(3)
    you, them = deal.trainee_points, deal.counterpart_points
    a.metric("Your points", _points(you), _over(you, deal.trainee_walkaway))
    b.metric("Their points", _points(them), _over(them, deal.counterpart_walkaway))
    best = f"of {deal.best_joint_points} possible"
    c.metric("Joint points", _points(deal.joint_points), best, delta_color="off", delta_arrow="off")


def _points(value: int | None) -> str:
    return "-" if value is None else str(value)


def _over(points: int | None, walkaway: int) -> str | None:
    return None if points is None else f"{points - walkaway:+d} vs walk-away"


def scores(sc: Scorecard) -> None:
    named = {dimension_name(k): float(d.score) for k, d in sc.dimensions.items() if d.score is not None}
    if named:
        st.vega_lite_chart(charts.dimension_chart(named, 100), width="stretch")
    for name, dim in sc.dimensions.items():
        score = "not scored" if dim.score is None else f"{dim.score}/100"
        with st.expander(f"{dimension_name(name)}: {score}"):
            st.caption(plain(dim.formula))
            for c in dim.components:
                value = "n/a" if c.value is None else f"{c.value:.0%}"
                st.markdown(f"- **{plain(c.name)}** ({value}, {c.points:+.0f} points): {plain(c.explain)}")
            evidence_list(dim.evidence)


def evidence_list(items: Sequence[Evidence], turns: bool = True) -> None:
    for e in items:
        said = f" \u201c{plain(e.quote)}\u201d" if e.quote else ""
        where = f"turn {e.turn}: " if turns else ""
        st.markdown(f"{MARKS[e.passed]} {where}{plain(e.check)}{said}")


def interests(sc: Scorecard) -> None:
    """Every hidden interest: found (when, and by which words) or missed (with the question that finds it)."""
    found, missed = sc.interests.revealed, sc.interests.missed
    st.caption(f"You uncovered {len(found)} of {len(found) + len(missed)} hidden interests.")
    for r in found:
        asked = f"your words at turn {r.asked_at}" if r.asked_at is not None else "what you said"
        with st.container(border=True):
            st.markdown(f":green[:material/lock_open:] **{plain(r.description)}**")
            st.caption(f"Revealed at turn {r.turn}, drawn out by {asked}: \u201c{plain(r.question)}\u201d")
    for m in missed:
        with st.container(border=True):
            st.markdown(f":red[:material/lock:] **{plain(m.description)}**")
            st.caption(f"Missed. A question that would have found it: \u201c{plain(m.question)}\u201d")


def deal_plot(sc: Scorecard, scenario: Scenario) -> None:
    space = deal_space(scenario)
    deal = space.score(sc.deal.terms) if sc.deal.status == "deal" and sc.deal.terms else None
    st.vega_lite_chart(charts.deal_plot(space, deal), width="stretch")
    st.caption(
        "Each grey dot is a possible deal: your points across, theirs up. Deals on the blue frontier cannot be "
        "improved for one side without costing the other. The Nash deal shares the gains over both walk-aways best."
    )


def timeline(sc: Scorecard) -> None:
    if not sc.tactic_timeline:
        st.caption("The counterpart made no tactic moves in this call.")
        return
    for event in sc.tactic_timeline:
        handled = HANDLING[event.handling]
        st.markdown(f"**Turn {event.turn} · {plain(what_it_did(event.move).capitalize())}**: {plain(event.what)}")
        if event.reply_turn is not None:
            st.caption(f"Your answer at turn {event.reply_turn} ({handled}): \u201c{plain(event.reply)}\u201d")
        if event.note:
            st.caption(plain(event.note))


def coaching(sc: Scorecard) -> None:
    if not sc.coaching:
        st.caption("No coaching tips: a clean call.")
        return
    for tip in sc.coaching:
        with st.container(border=True):
            st.markdown(f"**Turn {tip.turn}** · {dimension_name(tip.dimension)}: {plain(tip.tip)}")
            st.markdown(f":material/lightbulb: Try: *{plain(tip.better_line)}*")


def judge(report: JudgeReport) -> None:
    st.caption(f"{plain(report.model)}, asked {report.runs} times; these checks add evidence and change no score.")
    for check in report.checks:
        st.markdown(f"{MARKS[check.passed]} {plain(check.question)} ({check.agreement:.0%} of runs agreed)")
        where = f"turn {check.turn}: " if check.turn is not None else ""
        st.caption(f"{where}\u201c{plain(check.quote)}\u201d · {plain(check.reason)}")


def evidence_by_turn(sc: Scorecard | None) -> dict[int, list[Evidence]]:
    found: dict[int, list[Evidence]] = {}
    for dim in sc.dimensions.values() if sc else []:
        for e in dim.evidence:
            found.setdefault(e.turn, []).append(e)
    return found


def turn_with_evidence(turn: Turn, evidence: Sequence[Evidence]) -> None:
    """One turn as said, what the counterpart understood or decided, and the evidence it gave."""
    with st.chat_message("user" if turn.speaker == "trainee" else "assistant"):
        st.markdown(plain(spoken(turn.text, turn.moves)))
        facts = [f"turn {turn.index}"]
        if turn.acts:
            facts.append("heard as: " + ", ".join(a.replace("_", " ") for a in turn.acts))
        if turn.moves:
            facts.append("it " + what_they_did(turn.moves))
        st.caption(" · ".join(facts))
        evidence_list(evidence, turns=False)


def call_with_evidence(transcript: Transcript, sc: Scorecard | None, upto: int | None = None) -> None:
    by_turn = evidence_by_turn(sc)
    for turn in transcript.turns[: None if upto is None else upto + 1]:
        turn_with_evidence(turn, by_turn.get(turn.index, []))


def preparation(notes: Mapping[str, str], sc: Scorecard, transcript: Transcript) -> None:
    """The plan beside what happened."""
    plan = {k: v for k, v in notes.items() if k in PREP_FIELDS}
    if not plan:
        st.caption("You did not prepare for this call. Next time, try the preparation form before you start.")
        return
    asked = [t.text for t in transcript.trainee_turns() if "question" in t.acts or "interest_probe" in t.acts]
    happened = {
        "target": _deal_line(sc),
        "walkaway": _deal_line(sc),
        "interests": "; ".join(r.description for r in sc.interests.revealed) or "none revealed",
        "questions": " / ".join(asked[:6]) or "you asked no questions",
    }
    for key, title in PREP_FIELDS.items():
        if key in plan:
            a, b = st.columns(2)
            a.markdown(f"**{title}** (your plan)  \n{plain(plan[key])}")
            b.markdown(f"**What happened**  \n{plain(happened[key])}")


def _deal_line(sc: Scorecard) -> str:
    deal = sc.deal
    if deal.status != "deal":
        return f"no deal ({deal.status.replace('_', ' ')})"
    return f"{deal.described}: {deal.trainee_points} points for you (walk-away {deal.trainee_walkaway})"

"""The Scorecard page: scores, the hidden-interest reveal, the deal plot, tactics, coaching, the quiz, the judge."""

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_helpers import DEAL_LINES, MAIN, button, home
from tests.openai_server import FakeOpenAI
from trainer.app import charts, quiz, scoring
from trainer.app.state import ReviewState, SettingsState
from trainer.app.text import plain
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Transcript
from trainer.files.library import load_library
from trainer.files.outcomes import DealSpace
from trainer.llm.settings import Settings
from trainer.store.database import Store

__all__ = ["home"]  # the fixture, used by name


def saved_call(lines: list[str], persona: str = "anchorer", notes: dict[str, str] | None = None) -> Transcript:
    """A call played straight through the package and saved, as the Practice page saves it."""
    lib = load_library()
    with Store.open() as store:
        session = Session(lib.scenario("pos-boutique"), lib.persona(persona), seed=3, on_turn=store.record)
        store.start_session(session.transcript)
        store.save_preparation(session.transcript.id, notes or {"difficulty": "normal"})
        session.start()
        for line in lines:
            if not session.ended:
                session.reply(line)
        session.end()
        store.finish_session(session.transcript)
    return session.transcript


def scorecard_page(session_id: str | None, settings: Settings | None = None) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=30)
    at.session_state["winwin.review"] = ReviewState(session_id=session_id)
    if settings is not None:
        at.session_state["winwin.settings"] = SettingsState(settings=settings)
    at.run()
    at.switch_page("screens/scorecard.py").run()
    assert not at.exception
    return at


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts + [s.value for s in at.success] + [e.value for e in at.error])


def charts_of(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_without_a_session_it_says_what_to_do(home: Path) -> None:
    at = scorecard_page(None)
    assert "Practise a call" in at.info[0].value


def test_the_scorecard_of_a_deal(home: Path) -> None:
    t = saved_call(DEAL_LINES)
    at = scorecard_page(t.id)
    assert [x.value for x in at.title] == ["Scorecard"]
    assert {e.label.split(":")[0] for e in at.expander} >= {
        "Interest discovery",
        "Active listening",
        "Mutual gain",
        "Tactic handling",
    }
    shown = text_of(at)
    for interest in load_library().scenario("pos-boutique").hidden_interests:
        assert plain(interest.description) in shown  # every hidden interest: found or missed
        assert interest.id == "partner-signoff" or plain(interest.question) in shown
    assert "Turn 0 · Made its first offer" in shown  # the tactic timeline, in words
    assert "turn 0 · it greeted you, then made its first offer" in shown  # what the counterpart did at a turn, in words
    for internal in ("moves:", "re anchor", "re_anchor", "nibble_drop", "accept_reprice"):
        assert internal not in shown, "move names are internal"
    assert "Try:" in shown  # coaching with a better line
    dimension_chart, deal_plot = charts_of(at)  # Streamlit sends the data apart from the spec
    assert dimension_chart["encoding"]["x"]["scale"] == {"domain": [0, 100]}
    assert len(deal_plot["layer"]) == 5
    assert len(at.chat_message) == len(t.turns)  # the call, turn by turn, with its evidence
    with Store.open() as store:
        assert store.load_scorecard(t.id) is not None


def test_a_saved_scorecard_is_shown_without_scoring_again(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = saved_call(DEAL_LINES)
    scorecard_page(t.id)

    def fail(_: object) -> None:
        raise AssertionError("scored again")

    monkeypatch.setattr(scoring, "score", fail)
    at = scorecard_page(t.id)
    assert len(at.metric) == 3


@pytest.mark.parametrize(("guess", "right"), [("anchorer", True), ("nibbler", False)])
def test_name_the_tactic(home: Path, guess: str, right: bool) -> None:
    at = scorecard_page(saved_call(DEAL_LINES).id)
    header = at.caption[0].value
    assert "Dana Whitlock" in header
    assert "anchorer" not in header, "the header does not give the quiz's answer away"
    at.radio[0].set_value(guess)
    button(at, "Check my answer").click().run()
    verdict = (at.success if right else at.error)[-1].value
    assert verdict.startswith("Right" if right else "Not quite")
    assert "turn 0" in verdict


def test_preparation_is_compared_with_what_happened(home: Path) -> None:
    t = saved_call(DEAL_LINES, notes={"target": "$5,250 and a case study", "difficulty": "normal"})
    shown = text_of(scorecard_page(t.id))
    assert "**Target** (your plan)" in shown
    assert plain("$5,250 and a case study") in shown


def test_the_model_judge_adds_its_checks(home: Path) -> None:
    t = saved_call(DEAL_LINES)
    answer = {
        "checks": [
            {"id": "questioned_anchor", "passed": True, "quote": "How did you arrive at that number?", "turn": 3},
        ]
    }
    answer["checks"][0]["reason"] = "The trainee asked where the figure came from."
    with FakeOpenAI(default=json.dumps(answer)) as server:
        settings = Settings(backend="openai", base_url=server.url, model="judge-model", judge_runs=1)
        at = scorecard_page(t.id, settings)
        button(at, "Ask the model judge").click().run()
    assert not at.exception
    assert plain("The trainee asked where the figure came from.") in text_of(at)
    with Store.open() as store:
        assert json.loads(store.load_scorecard(t.id) or "{}")["judge"]["model"] == "judge-model"


def test_quiz_grades_against_the_moves_made() -> None:
    lib = load_library()
    session = Session(lib.scenario("pos-boutique"), lib.persona("nibbler"), seed=1)
    session.start()
    # An offer without the extras, then yes: the nibbler asks for them one by one.
    offer = "I can do $4,900 with a one-year support plan, on-site training for all staff, six monthly instalments, "
    for line in [offer + "no second card terminal and no reference", "Yes.", "Deal."]:
        if not session.ended:
            session.reply(line)
    result = quiz.grade("nibbler", "nibbler", session.transcript)
    assert result.correct
    assert result.signature_turns
    assert all("nibble" in {m.kind for m in session.transcript.turns[i].moves} for i in result.signature_turns)
    assert not quiz.grade("anchorer", "nibbler", session.transcript).correct


def test_deal_plot_marks_every_deal_the_frontier_the_walkaways_nash_and_this_deal() -> None:
    space = DealSpace(load_library().scenario("pos-boutique"))
    deal = space.deals[0]
    spec = charts.deal_plot(space, deal)
    possible, frontier, you, them, marked = spec["layer"]
    assert sum(v["deals"] for v in possible["data"]["values"]) == len(space.deals)
    assert len(frontier["data"]["values"]) == len(space.frontier)
    assert you["data"]["values"][0]["at"] == space.trainee_walkaway
    assert them["data"]["values"][0]["at"] == space.counterpart_walkaway
    assert [v["what"] for v in marked["data"]["values"]] == ["Nash deal", "This deal"]

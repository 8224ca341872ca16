"""The History page: past sessions with filters, progress per dimension, replay with evidence, retry from a turn."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import DEAL_LINES, MAIN, button, home, open_page
from trainer.app import charts
from trainer.app.state import PracticeState, ReviewState
from trainer.counterpart.session import Session
from trainer.counterpart.transcript import Transcript
from trainer.files.library import load_library
from trainer.scoring.evaluator import score_transcript
from trainer.store.database import Store

__all__ = ["home"]  # the fixture, used by name


def saved_call(persona: str = "anchorer", trainee: str | None = None, difficulty: str = "normal") -> Transcript:
    """A scored call, saved as the app saves one."""
    lib = load_library()
    with Store.open() as store:
        session = Session(lib.scenario("pos-boutique"), lib.persona(persona), seed=5, on_turn=store.record)
        session.transcript.trainee = trainee
        store.start_session(session.transcript)
        store.save_preparation(session.transcript.id, {"difficulty": difficulty})
        session.start()
        for line in DEAL_LINES:
            if not session.ended:
                session.reply(line)
        card = score_transcript(session.transcript, session.scenario, session.persona)
        store.save_scorecard(session.transcript.id, card.to_json(), card.scores())
    return session.transcript


def test_no_sessions_yet(home: Path) -> None:
    at = open_page("history")
    assert "No sessions yet" in at.info[0].value


def test_table_filters_and_progress(home: Path) -> None:
    saved_call("anchorer", trainee="Ana")
    saved_call("nibbler", trainee="Ben")
    at = open_page("history")
    assert len(at.dataframe[0].value) == 2
    assert at.get("vega_lite_chart"), "progress over time, per dimension"
    at.selectbox[2].set_value("nibbler").run()  # the counterpart filter
    table = at.dataframe[0].value
    assert table["Counterpart"].tolist() == ["Tessa Moreno"]
    at.selectbox[2].set_value("").run()
    at.selectbox[0].set_value("Ana").run()  # the trainee filter
    assert at.dataframe[0].value["Trainee"].tolist() == ["Ana"]


def test_replay_steps_turn_by_turn_with_the_evidence(home: Path) -> None:
    t = saved_call()
    at = open_page("history")
    assert at.slider[0].value == 0
    assert len(at.chat_message) == 1
    button(at, "Next").click().run()
    button(at, "Next").click().run()
    assert at.slider[0].value == 2
    assert len(at.chat_message) == 3
    trainee_turn = at.chat_message[1]
    assert any(":material/check_circle:" in m.value for m in trainee_turn.markdown), "evidence on the turn"
    at.slider[0].set_value(len(t.turns) - 1).run()
    assert len(at.chat_message) == len(t.turns)
    button(at, "Previous").click().run()
    assert at.slider[0].value == len(t.turns) - 2


def test_retry_from_a_turn_continues_with_the_same_counterpart_state(home: Path) -> None:
    t = saved_call(difficulty="hard")
    at = open_page("history")
    at.slider[0].set_value(3).run()  # a trainee turn: say it differently
    button(at, "Retry from here").click().run()
    assert not at.exception
    assert [x.value for x in at.title] == ["Practice a call"]
    practice = at.session_state["winwin.practice"]
    assert isinstance(practice, PracticeState)
    assert practice.session is not None
    assert practice.difficulty == "hard"
    retry = practice.session.transcript
    assert retry.parent == t.id
    assert retry.parent_turn == 3
    assert [x.text for x in retry.turns] == [x.text for x in t.turns[:3]]
    at.switch_page("screens/practice.py")  # AppTest would otherwise rerun the page it was last switched to
    at.chat_input[0].set_value("What would make this an easy yes for you?").run()
    with Store.open() as store:
        saved = store.load(retry.id)
    assert len(saved.turns) == 5
    assert saved.parent == t.id


def test_open_a_sessions_scorecard(home: Path) -> None:
    saved_call()
    at = open_page("history")
    button(at, "Open its scorecard").click().run()
    assert [x.value for x in at.title] == ["Scorecard"]
    assert len(at.metric) == 3


def test_progress_chart_spec_has_one_line_per_dimension() -> None:
    from datetime import UTC, datetime

    rows = [charts.ProgressRow(datetime(2026, 1, d, tzinfo=UTC), name, 10.0 * d) for d in (1, 2) for name in "ab"]
    spec = charts.progress_chart(rows, 100)
    assert spec["encoding"]["color"]["field"] == "dimension"
    assert len(spec["data"]["values"]) == 4


def test_replay_in_history_from_the_scorecard(home: Path) -> None:
    first = saved_call()
    saved_call("nibbler")
    at = AppTest.from_file(MAIN, default_timeout=30)
    at.session_state["winwin.review"] = ReviewState(session_id=first.id)
    at.run()
    at.switch_page("screens/scorecard.py").run()
    button(at, "Replay in History").click().run()
    assert [x.value for x in at.title] == ["History"]
    assert at.selectbox(key="history.session").value == first.id

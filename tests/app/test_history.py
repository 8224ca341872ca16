"""The History page: past sessions with filters, progress per dimension, replay with evidence, retry from a turn."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import DEAL_LINES, MAIN, button, home, open_page, unescaped
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
    at.selectbox[2].set_value("nibbler").run()  # the counterpart filter
    table = at.dataframe[0].value
    assert table["Counterpart"].tolist() == ["Tessa Moreno"]
    at.selectbox[2].set_value("").run()
    at.selectbox[0].set_value("Ana").run()  # the trainee filter
    assert at.dataframe[0].value["Trainee"].tolist() == ["Ana"]
    assert at.get("vega_lite_chart"), "progress over time, per dimension"
    at.selectbox[1].set_value("saas-renewal").run()
    assert "No sessions match these filters" in at.info[0].value


def test_sessions_of_everyone_say_whose_they_are(home: Path) -> None:
    saved_call("anchorer", trainee="Ana")
    saved_call("nibbler", trainee="Ben")
    saved_call("nibbler")
    at = open_page("history")
    assert at.selectbox[0].value == ""
    assert at.selectbox[0].format_func("") == "All trainees"
    assert sorted(at.dataframe[0].value["Trainee"].tolist()) == ["(no name)", "Ana", "Ben"]
    captions = [unescaped(c.value) for c in at.caption]
    assert any(
        "everyone who uses this session store: Ana, Ben and sessions saved without a name" in c for c in captions
    )
    assert "Progress is shown for one trainee at a time: choose a trainee above." in captions
    assert not at.get("vega_lite_chart")
    assert all(
        " · Ana · " in o or " · Ben · " in o or "(no name)" in o for o in at.selectbox(key="history.session").options
    )


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
    assert any(b.label == "Retry from turn 3" for b in at.button), "a short label, nothing cut"
    button(at, "Retry from turn 3").click().run()
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


def test_progress_chart_puts_sessions_in_order_with_their_dates_one_line_per_dimension() -> None:
    from datetime import UTC, datetime

    days = (3, 1, 2)  # a session's place is its number, whatever the clock says
    rows = [
        charts.ProgressRow(n, datetime(2026, 1, d, 9, tzinfo=UTC), name, 10.0 * n)
        for n, d in enumerate(days, start=1)
        for name in "ab"
    ]
    spec = charts.progress_chart(rows, 100)
    x = spec["encoding"]["x"]
    assert (x["type"], x["sort"]) == ("ordinal", {"field": "order"}), "sessions in order, not time of day"
    assert spec["encoding"]["color"]["field"] == "dimension"
    values = spec["data"]["values"]
    assert [v["session"] for v in values if v["dimension"] == "a"] == ["#1 · 03 Jan", "#2 · 01 Jan", "#3 · 02 Jan"]
    assert {v["dimension"] for v in values} == {"a", "b"}


def test_a_single_session_shows_one_point_per_dimension(home: Path) -> None:
    saved_call(trainee="Ana")
    at = open_page("history")
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["encoding"]["x"]["type"] == "ordinal"
    assert spec["mark"]["point"], "a lone session is a visible point, not an empty line"
    assert any("One scored session so far" in c.value for c in at.caption)


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


def test_a_retry_is_listed_under_its_parent_and_marked(home: Path) -> None:
    first = saved_call(trainee="Ana")
    saved_call("nibbler", trainee="Ana")  # newer than the first, older than the retry
    at = open_page("history")
    at.selectbox(key="history.session").set_value(first.id).run()
    at.slider[0].set_value(3).run()
    button(at, "Retry from turn 3").click().run()
    at.switch_page("screens/practice.py")
    at.chat_input[0].set_value("What would make this an easy yes for you?").run()
    at.switch_page("screens/history.py").run()
    table = at.dataframe[0].value
    when = table["When (UTC)"].tolist()
    assert len(when) == 3
    assert table["Counterpart"].tolist() == ["Tessa Moreno", "Dana Whitlock", "Dana Whitlock"]
    assert when[2] == "\u21b3 retry from turn 3", "the retry sits right under its parent, marked"
    options = at.selectbox(key="history.session").options
    assert options[2].startswith(f"\u21b3 retry from turn 3 of the call of {when[1]} · ")
    at.selectbox(key="history.session").set_value(options[2]).run()
    assert any("A retry of the call of" in c.value for c in at.caption)


def test_score_columns_are_bars_that_fit_beside_the_rest(home: Path) -> None:
    saved_call()
    at = open_page("history")
    config = json.loads(at.dataframe[0].proto.columns)
    scores = {name: c for name, c in config.items() if c.get("type_config", {}).get("type") == "progress"}
    assert {c["label"] for c in scores.values()} == {"Discovery", "Listening", "Gain", "Tactics"}
    assert {c["help"] for c in scores.values()} >= {"Interest discovery, out of 100", "Tactic handling, out of 100"}
    widths = [c["width"] for c in config.values() if not c.get("hidden")]
    assert all(isinstance(w, int) for w in widths)
    assert sum(widths) <= 935, "every column in view beside the sidebar on a 1400-pixel screen"
    table = at.dataframe[0].value
    assert 0 <= table["mutual_gain"].tolist()[0] <= 100


def test_retry_of_a_counterpart_turn_starts_at_the_trainees_answer(home: Path) -> None:
    t = saved_call()
    at = open_page("history")
    assert any(b.label == "Retry from turn 1" for b in at.button), "turn 0 is theirs: you answer it at turn 1"
    at.slider[0].set_value(len(t.turns) - 1).run()  # their closing line
    [retry] = [b for b in at.button if b.label.startswith("Retry from turn")]
    assert retry.disabled
    assert any("The call ended here" in c.value for c in at.caption)

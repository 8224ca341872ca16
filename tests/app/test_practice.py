"""The Practice page, driven headless with AppTest: choosing, preparing, the chat, and a whole offline call."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import MAIN, button, home, unescaped
from trainer.app.text import plain
from trainer.counterpart.difficulty import params_for, persona_at
from trainer.files.library import load_library
from trainer.store.database import Store

__all__ = ["home"]  # the fixture, used by name

QUESTION = "Hi, what matters most to you in this deal?"
OFFER = "I can do $5,000 with a one-year support plan, training for all staff and three instalments"


def started(home: Path) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    button(at, "Start the call").click().run()
    assert not at.exception
    return at


def say(at: AppTest, text: str) -> None:
    at.chat_input[0].set_value(text).run()
    assert not at.exception


def said(at: AppTest) -> list[tuple[str, str]]:
    return [(m.name, m.markdown[0].value) for m in at.chat_message]


def test_practice_offers_cards_difficulty_and_the_brief(home: Path) -> None:
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    assert [t.value for t in at.title] == ["Practice a call"]
    chosen = [b.key for b in at.button if b.label == "Chosen"]
    assert chosen == ["scenario.pos-boutique", "persona.anchorer"]
    assert at.button(key="persona.nibbler").label == "Choose"
    assert "Sales rep at Brightline POS" in " ".join(m.value for m in at.markdown)
    at.button(key="persona.nibbler").click().run()
    assert at.button(key="persona.nibbler").label == "Chosen"
    assert at.session_state["winwin.practice"].persona_id == "nibbler"


def test_a_whole_offline_call_from_greeting_to_deal_to_scorecard(home: Path) -> None:
    at = started(home)
    assert said(at)[0][0] == "assistant"  # the counterpart opens the call
    for line in (QUESTION, "How did you arrive at that number?", OFFER, "Deal."):
        say(at, line)
    assert ("user", plain(OFFER)) in said(at)
    assert any(s.value.startswith(plain("Deal:")) for s in at.success)
    assert not at.chat_input  # the call is over
    button(at, "See the scorecard").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Scorecard"]
    assert {m.label for m in at.metric} == {"Your points", "Their points", "Joint points"}
    with Store.open() as store:
        [summary] = store.list_sessions()
        assert summary.outcome == "deal"
        assert summary.turns == 9
        assert set(summary.scores) == {"interest_discovery", "active_listening", "mutual_gain", "tactic_handling"}


def test_user_text_is_shown_as_text_never_as_markdown_or_html(home: Path) -> None:
    at = started(home)
    say(at, "<script>alert(1)</script> **bold** $5 :smile:")
    shown = said(at)[1][1]
    assert shown == r"\<script\>alert\(1\)\<\/script\> \*\*bold\*\* \$5 \:smile\:"


def test_each_turn_is_saved_as_it_is_taken(home: Path) -> None:
    at = started(home)
    say(at, QUESTION)
    session = at.session_state["winwin.practice"].session
    with Store.open() as store:
        assert len(store.load(session.transcript.id).turns) == 3


def test_the_offers_on_the_table(home: Path) -> None:
    at = started(home)
    assert at.table, "the counterpart's anchor is on the table"
    say(at, OFFER)
    rows = at.table[0].value
    assert list(rows.columns) == ["Issue", "Their offer", "Your proposal"]
    assert plain("$5,000") in rows["Your proposal"].tolist()


def test_preparation_and_difficulty_are_saved_with_the_session(home: Path) -> None:
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    at.text_input(key="prep.target").set_value("$5,250 with a case study")
    at.text_area(key="prep.questions").set_value("How do new staff learn a till?")
    at.segmented_control(key="practice.difficulty").set_value("hard").run()
    button(at, "Start the call").click().run()
    session = at.session_state["winwin.practice"].session
    assert session.persona.params.opening > load_library().persona("anchorer").params.opening
    with Store.open() as store:
        notes = store.load_preparation(session.transcript.id)
    assert notes == {
        "target": "$5,250 with a case study",
        "questions": "How do new staff learn a till?",
        "difficulty": "hard",
    }
    assert any("Your preparation" in e.label for e in at.expander)


def test_end_call_asks_first_then_leads_to_the_scorecard_without_a_deal(home: Path) -> None:
    at = started(home)
    say(at, QUESTION)
    [confirm] = [p for p in at.get("popover") if p.proto.popover.label == "End call"]
    assert "cannot be continued" in confirm.markdown[0].value
    assert not [b for b in at.button if b.label == "End call"], "no one-click end"
    assert at.session_state["winwin.practice"].session is not None
    at.button(key="practice.end").click().run()
    assert [t.value for t in at.title] == ["Scorecard"]
    assert any(w.value.startswith("No deal: the call ended") for w in at.warning)


def test_a_message_of_only_spaces_is_not_sent(home: Path) -> None:
    at = started(home)
    say(at, "   \n  ")
    assert len(at.chat_message) == 1, "no empty bubble, no answer"
    assert len(at.session_state["winwin.practice"].session.transcript.turns) == 1
    assert any("Type something before you send" in w.value for w in at.warning)
    say(at, QUESTION)
    assert len(at.chat_message) == 3
    assert not at.warning


def test_an_over_long_message_is_refused_whole_and_kept_for_the_trainee(home: Path) -> None:
    at = started(home)
    long = ("We could " + "really " * 3000 + "do a deal.").strip()
    assert len(long) > 20_000
    say(at, long)
    assert len(at.session_state["winwin.practice"].session.transcript.turns) == 1, "not sent, not cut"
    [warning] = [unescaped(w.value) for w in at.warning]
    assert f"Your message has {len(long):,} characters; a turn can have at most 10,000." in warning
    assert "back in the box" in warning
    assert at.chat_input[0].value == long, "what was typed is not lost"


def test_practise_again_after_a_deal_returns_to_the_choices(home: Path) -> None:
    at = started(home)
    for line in (OFFER, "Deal.", "Deal."):
        if at.chat_input:
            say(at, line)
    button(at, "Practise again").click().run()
    assert button(at, "Start the call")
    assert at.session_state["winwin.practice"].session is None


def test_difficulty_moves_the_persona_within_its_bounds() -> None:
    persona = load_library().persona("anchorer")
    easy, hard = params_for(persona.params, "easy"), params_for(persona.params, "hard")
    assert easy.opening < persona.params.opening < hard.opening <= 1
    assert easy.concession > persona.params.concession > hard.concession > 0
    assert easy.disclosure > persona.params.disclosure > hard.disclosure >= 0
    assert persona_at(persona, "normal") is persona
    assert persona_at(persona, "hard").lines == persona.lines


def test_a_reply_cut_short_by_a_rerun_is_spoken_on_the_next_run(home: Path) -> None:
    at = started(home)
    practice = at.session_state["winwin.practice"]
    _, understood = practice.session.hear(QUESTION)
    practice.pending = practice.session.decide(understood)  # as left by a rerun that stopped the stream
    at.run()
    assert [t.speaker for t in practice.session.transcript.turns] == ["counterpart", "trainee", "counterpart"]
    assert practice.pending is None
    at.run()
    assert len(practice.session.transcript.turns) == 3


def test_the_app_bench_times_chat_turns_as_apptest_reruns(home: Path) -> None:
    from trainer.bench.app import chat_turns
    from trainer.bench.registry import BENCHES

    timings = chat_turns(turns=4)
    assert len(timings) == 3
    assert all(0 < t < 5000 for t in timings)
    assert "app" in BENCHES

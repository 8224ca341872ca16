"""Sessions as files: JSON and Markdown out, JSON in with every problem named by file and field."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store_fixtures import make_transcript
from trainer.counterpart.move import Move
from trainer.counterpart.transcript import Outcome
from trainer.store.session_files import (
    SessionFileError,
    describe_move,
    parse_transcript,
    read_transcript,
    to_json,
    to_markdown,
)

pytest_plugins = ["tests.store_fixtures"]


def exported() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(to_json(make_transcript(3)))
    return doc


def problem(doc: Any) -> SessionFileError:
    with pytest.raises(SessionFileError) as caught:
        parse_transcript(doc if isinstance(doc, str) else json.dumps(doc), "call.json")
    return caught.value


def test_json_round_trips_and_is_schema_versioned(tmp_path: Path) -> None:
    t = make_transcript(4)
    t.outcome = Outcome(status="deal", terms={"price": "p4750"})
    path = tmp_path / "call.json"
    path.write_text(to_json(t), encoding="utf-8")
    assert read_transcript(path) == t
    doc = json.loads(path.read_text())
    assert (doc["format"], doc["schema_version"]) == ("winwin-transcript", 1)


def test_markdown_shows_facts_turns_acts_and_moves() -> None:
    t = make_transcript(2)
    t.outcome = Outcome(status="deal", terms={"price": "p4750"})
    t.turns[1].text = "first line\n\nthird line"
    text = to_markdown(t, {"mutual_gain": 0.75})
    assert text.startswith(f"# Session {t.id}: pos-boutique with anchorer\n")
    assert "- Outcome: deal (price=p4750)" in text
    assert "- Scores: mutual_gain 0.75" in text
    moves = "moves: anchor (price=p5000, training=none); reveal interest staff-turnover"
    assert f"**0 · anchorer (counterpart)** · {moves}" in text
    assert "**1 · Ana** · acts: question, open_question · terms: price=p4750 · unclear: cheap" in text
    assert "> first line\n>\n> third line" in text


def test_describe_move_names_what_each_kind_carries() -> None:
    assert describe_move(Move(kind="nibble", extra={"training": "full"})) == "nibble extra training=full"
    assert describe_move(Move(kind="dismantle", item="training")) == "dismantle item training"
    assert describe_move(Move(kind="clarify", amount="cheap")) == "clarify amount 'cheap'"


def test_malformed_json_names_the_file_and_the_place() -> None:
    text = '{\n  "format": "winwin-transcript"\n  "id": "abc"\n}'
    assert str(problem(text)) == "call.json: not JSON: Expecting ',' delimiter at line 3, column 3"


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ([1, 2], "call.json: expected a JSON object (a winwin transcript), found a list"),
        ({"name": "a chat log"}, 'call.json: not a winwin transcript: it has no "format": "winwin-transcript" field'),
        ({"format": "otter-transcript"}, "call.json: format: 'otter-transcript' is not a winwin transcript"),
        ({"format": "winwin-transcript", "schema_version": 9}, "call.json: schema_version: 9 is newer than this"),
        ({"format": "winwin-transcript", "schema_version": "one"}, "call.json: schema_version: 'one' is not a vers"),
    ],
)
def test_foreign_files_are_told_apart(doc: Any, expected: str) -> None:
    assert str(problem(doc)).startswith(expected)


def test_a_wrong_field_is_named_with_its_path() -> None:
    doc = exported()
    doc["turns"][1]["speaker"] = "bot"
    error = problem(doc)
    assert error.field == "turns.1.speaker"
    assert str(error) == "call.json: turns.1.speaker: Input should be 'trainee' or 'counterpart' (found 'bot')"


def test_unknown_and_missing_fields_are_named() -> None:
    doc = exported()
    doc["turns"][0]["mood"] = "happy"
    del doc["scenario"]
    message = str(problem(doc))
    assert message.startswith("call.json: scenario: Field required")
    assert "turns.0.mood: Extra inputs are not permitted" in message


def test_many_problems_are_summed_up() -> None:
    doc = exported()
    for turn in doc["turns"]:
        turn["speaker"], turn["index"] = "bot", "x"
    assert str(problem(doc)).endswith("(and 3 more)")


def test_turns_must_be_numbered_in_order() -> None:
    doc = exported()
    doc["turns"][2]["index"] = 5
    assert str(problem(doc)) == "call.json: turns.2.index: expected 2 (turns are numbered from 0, in order), found 5"


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="cannot read it: No such file"):
        read_transcript(tmp_path / "missing.json")
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(SessionFileError, match=r"photo.json: not UTF-8 text \(byte 0\)"):
        read_transcript(binary)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(doc=json_values, base=st.booleans())
def test_any_json_is_read_or_refused_with_a_session_file_error(doc: Any, base: bool) -> None:
    if base and isinstance(doc, dict):
        doc = {**exported(), **doc}
    try:
        parse_transcript(json.dumps(doc), "call.json")
    except SessionFileError as e:
        message = str(e)
    else:
        return
    assert message.startswith("call.json: ")


# --- limits checked before the JSON is built, and what the library cannot replay --------------------------------


def test_json_nested_too_deep_is_refused_before_it_is_built() -> None:
    doc = exported()
    text = json.dumps(doc)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested deeper than 16 levels" in str(problem(text))


def test_long_numbers_surrogates_and_64_bit_overflow_name_the_field() -> None:
    assert "a number of 5,000 digits; the limit is 30" in str(
        problem(json.dumps(exported()).replace('"seed": 7', '"seed": ' + "1" * 5000))
    )
    seed = problem({**exported(), "seed": 2**63})
    assert seed.field == "seed"
    text = json.dumps(exported()).replace('"text": "', '"text": "\\udc00', 1)
    assert problem(text).field == "turns.0.text"


def test_an_id_the_store_cannot_keep_and_a_time_it_cannot_convert_are_refused() -> None:
    assert problem({**exported(), "id": "a\x00b"}).field == "id"
    assert problem({**exported(), "id": "x" * 65}).field == "id"
    late = problem({**exported(), "started_at": "9999-12-31T23:59:59-14:00"})
    assert late.field == "started_at"
    assert "cannot be converted to UTC" in str(late)


def test_replayable_means_the_library_knows_every_name(tmp_path: Path) -> None:
    from trainer.files.library import load_library
    from trainer.store.session_files import check_replayable

    library = load_library()
    good = make_transcript(3)
    check_replayable(good, library, "call.json")
    cases = {
        "scenario": good.model_copy(update={"scenario": "elsewhere"}),
        "persona": good.model_copy(update={"persona": "ghost"}),
        "turns": good.model_copy(update={"turns": []}),
        "outcome.terms": good.model_copy(update={"outcome": Outcome(status="deal", terms={"price": "p1"})}),
        "turns.0.moves.1": good.model_copy(
            update={
                "turns": [
                    good.turns[0].model_copy(update={"moves": [Move(kind="greet"), Move(kind="reveal", interest="x")]})
                ]
            }
        ),
    }
    for field, transcript in cases.items():
        with pytest.raises(SessionFileError) as caught:
            check_replayable(transcript, library, "call.json")
        assert caught.value.field == field
        assert str(caught.value).startswith(f"call.json: {field}: ")

"""What the app says instead of library words: validation problems, and the counterpart's moves."""

from pydantic import ValidationError

from trainer.app.moves import MOVES, spoken, what_it_did, what_they_did
from trainer.app.persona_form import MOVE_GROUPS
from trainer.app.problems import plain_message
from trainer.counterpart.move import Move
from trainer.files.persona import MOVE_KINDS
from trainer.llm.settings import Settings


def problems_of(values: dict[str, object]) -> dict[str, str]:
    try:
        Settings.model_validate(values)
    except ValidationError as e:
        return {str(err["loc"][0]): plain_message(err) for err in e.errors()}
    raise AssertionError("expected the values to be refused")


def test_bounds_lengths_and_types_are_said_in_plain_words() -> None:
    found = problems_of({"token_budget": 100, "judge_runs": 40, "model": "", "timeout": 0, "backend": "gpt"})
    assert found["token_budget"] == "must be at least 300"
    assert found["judge_runs"] == "must be at most 15"
    assert found["model"] == "is required"
    assert found["timeout"] == "must be more than 0"
    assert found["backend"] == "must be one of 'offline' or 'openai'"
    assert problems_of({"judge_runs": "three"})["judge_runs"] == "must be a whole number"
    assert problems_of({"colour": "red"})["colour"] == "is not a field winwin knows; check its spelling"


def test_winwins_own_validators_keep_their_words_without_the_library_prefix() -> None:
    message = problems_of({"base_url": "localhost:11434"})["base_url"]
    assert message.startswith("'localhost:11434' is not an http(s) URL")


def test_an_unknown_error_type_is_still_plain() -> None:
    assert plain_message({"type": "uuid_parsing", "msg": "Input should be a valid UUID"}) == (
        "is not a value winwin can use here"
    )


def test_every_move_has_words_and_a_tab_and_unknown_moves_are_not_named() -> None:
    assert set(MOVES) == set(MOVE_KINDS), "a new move kind needs its words in trainer/app/moves.py"
    grouped = [k for kinds in MOVE_GROUPS.values() for k in kinds]
    assert sorted(grouped) == sorted(MOVE_KINDS)
    assert "Other moves" not in MOVE_GROUPS, "each move sits in a tab of its own kind"
    assert what_it_did("re_anchor") == "went back to its first offer"
    assert what_it_did("some_future_move") == "made a move"
    assert what_they_did([Move(kind="greet"), Move(kind="anchor")]) == "greeted you, then made its first offer"


def test_a_bare_move_name_in_a_reply_is_put_in_words() -> None:
    assert spoken("anchor", [Move(kind="anchor")]) == "(made its first offer)"
    assert spoken("Hello there. re anchor", [Move(kind="greet"), Move(kind="re_anchor")]) == (
        "Hello there. (went back to its first offer)"
    )
    assert spoken("nibble_drop", [Move(kind="nibble_drop")]) == "(dropped the extra it asked for)"


def test_real_lines_are_left_alone() -> None:
    line = "I can counter that: the close date is fixed. accept is not a word I use lightly."
    assert spoken(line, [Move(kind="counter")]) == line
    assert spoken("Counter offers are welcome.", [Move(kind="counter")]) == "Counter offers are welcome."
    assert spoken("counter", []) == "counter"

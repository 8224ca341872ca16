"""`winwin annotate`: JSON lines in, {"id", "acts"} lines out, and errors that say where and what."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from trainer.reading.annotate import AnnotateError, annotate_lines, run

ROOT = Path(__file__).resolve().parents[2]


def line(**row: Any) -> str:
    return json.dumps(row) + "\n"


def annotate(*lines: str) -> list[dict[str, Any]]:
    return [json.loads(out) for out in annotate_lines(lines)]


def test_ids_and_order_are_preserved() -> None:
    rows = [
        line(id="b-2", text="Deal.", context=[]),
        line(id="a-1", text="What do you need most?", context=[]),
        line(id=7, text="I understand", context=[{"speaker": "other", "text": "It has been a hard week."}]),
    ]
    out = annotate(*rows)
    assert [o["id"] for o in out] == ["b-2", "a-1", 7]
    assert out[0]["acts"] == ["accept"]
    assert out[1]["acts"] == ["question", "open_question", "interest_probe"]
    assert out[2]["acts"] == ["acknowledgement"]
    assert all(set(o) == {"id", "acts"} for o in out)


def test_context_is_used() -> None:
    context = [{"speaker": "other", "text": "Our budget is $5,000 for this quarter"}]
    (out,) = annotate(line(id="r", text="So the budget is fixed at $5,000 for this quarter?", context=context))
    assert "reflection" in out["acts"]


def test_extra_keys_are_ignored_and_context_is_optional() -> None:
    rows = [
        line(id="x", text="Deal.", gold=["accept"], source_labels=["agree"]),
        line(id="y", text="No way", context=[{"speaker": "other", "text": "$900", "turn": 3}]),
    ]
    assert [o["acts"] for o in annotate(*rows)] == [["accept"], ["reject"]]


def test_empty_input_gives_no_output() -> None:
    assert annotate() == []
    assert annotate("\n", "   \n") == []


def test_bad_json_names_the_line() -> None:
    with pytest.raises(AnnotateError, match=r"line 2: not valid JSON.*expected \{\"id\""):
        annotate(line(id=1, text="ok"), '{"id": 2, "text": \n')


def test_missing_text_names_the_field() -> None:
    with pytest.raises(AnnotateError, match=r'line 1: missing field "text"'):
        annotate(line(id=1, context=[]))


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("[1, 2]", r"line 1: a JSON list, not an object"),
        (line(text="hi"), r'line 1: missing field "id"'),
        (line(id=1, text=5), r'line 1: field "text" must be a string'),
        (line(id=1, text="hi", context="other: hi"), r'line 1: field "context" must be a list'),
        (line(id=1, text="hi", context=[{"speaker": "them", "text": "x"}]), r'line 1: "context" turn 0: speaker'),
        (line(id=1, text="hi", context=[{"speaker": "other"}]), r'line 1: "context" turn 0: text'),
    ],
)
def test_malformed_rows_say_what_is_wrong(raw: str, problem: str) -> None:
    with pytest.raises(AnnotateError, match=problem):
        annotate(raw)


def test_annotate_error_is_a_value_error() -> None:
    assert issubclass(AnnotateError, ValueError)


def test_long_text_and_emoji_do_not_crash() -> None:
    (out,) = annotate(line(id="long", text="I understand. " * 800 + "🙂" * 500, context=[]))
    assert "acknowledgement" in out["acts"]
    (out,) = annotate(line(id="emoji", text="🙂🤝", context=[{"speaker": "other", "text": "😡"}]))
    assert out == {"id": "emoji", "acts": []}


def test_run_writes_one_line_per_row_and_returns_zero() -> None:
    stdout = io.StringIO()
    code = run(io.StringIO(line(id=1, text="Deal.") + line(id=2, text="You idiot")), stdout)
    assert code == 0
    assert stdout.getvalue().splitlines() == ['{"id": 1, "acts": ["accept"]}', '{"id": 2, "acts": ["insult"]}']


def test_run_reports_bad_input_on_stderr_and_returns_one(capsys: pytest.CaptureFixture[str]) -> None:
    stdout = io.StringIO()
    code = run(io.StringIO(line(id=1, text="Deal.") + "not json\n"), stdout)
    assert code == 1
    assert capsys.readouterr().err.startswith("annotate: line 2: not valid JSON")


def test_module_runs_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer.reading.annotate"],
        input=line(id="s", text="Hi, how are you?", context=[]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"id": "s", "acts": ["question", "open_question", "small_talk"]}

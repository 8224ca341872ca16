"""The issue's probes kept as tests: mutated scenario, persona and transcript files fed to the commands a user runs.
Whatever the file holds, every command ends with an exit code (never a traceback), names the file when it refuses
it, and a file that loads can be played, scored and imported."""

import copy
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli.main import main
from trainer.files.paths import bundled_dir

SCENARIO = (bundled_dir("scenarios") / "pos-boutique.yaml").read_text(encoding="utf-8")
PERSONA = (bundled_dir("personas") / "anchorer.yaml").read_text(encoding="utf-8")
PLAY = "Hi, what matters most to you?\nI can do $5,000 with training.\nHow did you get to that number?\nDeal.\n/end\n"
ODD_VALUES = [
    "", "~", "[]", "{}", "-1", "1e999", ".nan", "9" * 5000, "'{terms:d}'", "'{terms!x}'", "'{name:{terms}}'",
    "'{terms[0]}'", "'\\x00'", "[" * 3000 + "]" * 3000, "&a x", "*a", "!!python/object:os.system x", "2026-01-01",
    "'" + "x" * 5000 + "'", "{a: 1, a: 2}", "'\U0001f600'",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The original file with one to three edits a careless user or an attacker makes."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "cut", "drop", "repeat", "indent", "junk", "nest", "digits"]))
        if edit == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {draw(st.sampled_from(ODD_VALUES))}\n"
        elif edit == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif edit == "drop":
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(0, 7)) + lines[at].lstrip()
        elif edit == "junk":
            lines.insert(at, draw(st.text(max_size=40)) + "\n")
        elif edit == "nest":
            n = draw(st.sampled_from([30, 1000, 10_000]))
            lines.append("extra: " + "[" * n + "]" * n + "\n")
        else:
            lines.append(f"walk: {'7' * draw(st.sampled_from([31, 4301, 20_000]))}\n")
        text = "".join(lines)
    return text


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """One command as a user runs it, with stdout encoded strictly as UTF-8, as a terminal or a pipe would."""
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(args)
        out.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()


def fresh_home(tmp: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    home = tmp / name
    monkeypatch.setenv("WINWIN_HOME", str(home))
    return home


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["scenarios", "personas"]), data=st.data())
def test_mutated_library_files_never_crash_a_command(
    kind: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = data.draw(mutated(SCENARIO if kind == "scenarios" else PERSONA))
    home = fresh_home(tmp_path_factory.mktemp("fuzz"), monkeypatch, "home")
    path = home / kind / "mine.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    listed = run(["persona", "list"] if kind == "personas" else ["scenario", "list"])
    assert listed[0] == 0
    loaded = "mine" in listed[1]
    if not loaded:
        assert f"warning: skipped {path}: " in listed[2]  # refused with its name; the bundled files still list
        assert "anchorer" in run(["persona", "list"])[1]
    code, _, err = run(["validate", str(path)])
    assert code in (0, 1)
    assert code == 0 or f"{path}: " in run(["validate", str(path)])[1]
    which = ["--scenario", "mine"] if kind == "scenarios" else ["--persona", "mine"]
    code, shown, err = run(["play", "--no-save", *which], PLAY)
    assert code == (0 if loaded else 2), err
    if loaded:
        assert "Call over:" in shown
        assert "Scores (of 100):" in shown
    else:
        assert "winwin: error: no " in err


GOOD = {
    "format": "winwin-transcript",
    "schema_version": 1,
    "id": "goodgoodgood",
    "scenario": "pos-boutique",
    "persona": "anchorer",
    "seed": 3,
    "turns": [
        {"index": 0, "speaker": "counterpart", "text": "I'm at $5,500.",
         "moves": [{"kind": "anchor", "terms": {"price": "p5500"}}]},
        {"index": 1, "speaker": "trainee", "text": "How did you get there?", "acts": ["question"]},
        {"index": 2, "speaker": "counterpart", "text": "The market.", "moves": [{"kind": "guard"}]},
    ],
}  # fmt: skip
ODD_JSON = [
    None, True, -1, 2**63, -(2**63) - 1, 10**40, "", "\ud800", "\x00", "x" * 3000, [], {},
    [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]],
    "p9999", "nope", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", {"price": "p1"}, {"ghost": "x"},
]  # fmt: skip


def paths_of(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        found += [p for k, v in node.items() for p in paths_of(v, (*prefix, k))]
    elif isinstance(node, list):
        found += [p for i, v in enumerate(node) for p in paths_of(v, (*prefix, i))]
    return found


@st.composite
def mutated_transcript(draw: st.DrawFn) -> str:
    doc = json.loads(json.dumps(GOOD))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths_of(doc)))
        node = doc
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_JSON)))  # never edit the shared values
    text = json.dumps(doc)
    if draw(st.booleans()):
        deep = draw(st.sampled_from([20, 1000, 100_000]))
        text = text[:-1] + ', "nest": ' + "[" * deep + "]" * deep + "}"
    if draw(st.integers(0, 4)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_transcript())
def test_mutated_transcripts_are_scored_or_refused_never_crash(
    text: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("transcripts")
    fresh_home(folder, monkeypatch, "home")
    path = folder / "call.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, out, err = run(["score", "--json", str(path)])
    assert code in (0, 1)
    if code:
        assert err.startswith(f"winwin: error: {path}: ")
    else:
        assert json.loads(out)["transcript"]
    imported, out, err = run(["import", str(path)])
    assert imported == code  # import refuses exactly what score cannot use
    if imported == 0:
        session = out.split()[1]
        assert run(["replay", session])[0] == 0
        assert run(["export", "--format", "markdown", session])[0] == 0
        resumed, _, err = run(["play", "--resume", session], "I could do $5,000.\n/end\n")
        assert resumed in (0, 2), err

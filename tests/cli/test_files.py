"""The file commands as a user runs them: validate, schema, scenario show, persona list."""

import json
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from tests.helpers import persona_doc, scenario_doc
from trainer.cli.main import main
from trainer.files.paths import FileKind, bundled_dir
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario
from trainer.files.schemas import schema_text


@pytest.fixture(autouse=True)
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("WINWIN_HOME", str(home))
    return home


def test_bundled_files_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "all good" in capsys.readouterr().err


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.yaml").write_text("title: [", encoding="utf-8")
    doc = scenario_doc()
    doc["trainee"]["walkaway"] = 500  # no zone of agreement
    (folder / "greedy.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    lines = persona_doc()
    del lines["lines"]["nudge"]
    (folder / "quiet.yaml").write_text(yaml.safe_dump(lines), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{folder / 'broken.yaml'}: (yaml): " in out[0]
    assert any(line.startswith(f"{folder / 'greedy.yaml'}: counterpart.walkaway: no deal") for line in out)
    fallback = "(until then the bundled anchorer lines are spoken)"
    assert f"{folder / 'quiet.yaml'}: lines.nudge: has 0 lines; write at least 2 variants {fallback}" in out


def test_validate_names_a_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_bad_user_file_does_not_stop_the_rest(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (empty_home / "personas").mkdir(parents=True)
    (empty_home / "personas" / "anchorer.yaml").write_text(yaml.safe_dump(persona_doc()), encoding="utf-8")
    (empty_home / "personas" / "mine.yaml").write_text(yaml.safe_dump(persona_doc("nibbler")), encoding="utf-8")
    assert main(["persona", "list"]) == 0
    captured = capsys.readouterr()
    assert "mine" in captured.out
    assert "Dana Whitlock" not in captured.out  # names are not listed, descriptions are
    assert "already taken" in captured.err
    assert main(["validate"]) == 1


def test_scenario_show_pos_boutique_beats_splitting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "pos-boutique", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["best_joint"]["joint_points"] >= 1.15 * figures["split"]["joint_points"]
    assert figures["split"]["frontier_distance"] > 0
    assert figures["frontier"] > 1
    assert figures["nash"]["trainee_points"] >= figures["trainee_walkaway"]
    assert main(["scenario", "show", "pos-boutique"]) == 0
    assert "Split the difference" in capsys.readouterr().out


def test_unknown_scenario_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "nope"]) == 2
    assert "no scenario 'nope'; known: " in capsys.readouterr().err


def test_bundled_schemas_are_current_and_files_name_them() -> None:
    kinds: list[tuple[FileKind, str, type[BaseModel]]] = [
        ("scenarios", "scenario", Scenario),
        ("personas", "persona", Persona),
    ]
    for kind, name, model in kinds:
        folder = bundled_dir(kind)
        assert (folder / f"{name}.schema.json").read_text(encoding="utf-8") == schema_text(model), (
            f"run: winwin schema --out {kind}  (the bundled schema is out of date)"
        )
        for path in folder.glob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={name}.schema.json", path


def test_schema_writes_to_the_user_folders(empty_home: Path) -> None:
    assert main(["schema"]) == 0
    assert json.loads((empty_home / "scenarios" / "scenario.schema.json").read_text())["title"] == "Scenario"
    assert (empty_home / "personas" / "persona.schema.json").exists()

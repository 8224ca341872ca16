from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import persona_doc, scenario_doc
from trainer.files.library import (
    MAX_FILE_BYTES,
    LoadError,
    build,
    load_library,
    load_persona,
    load_scenario,
    parse_yaml,
)
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario


def write(folder: Path, name: str, doc: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_scenario_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path / "scenarios", "tiny.yaml", scenario_doc())
    scenario = load_scenario(path)
    assert scenario.id == "tiny"
    again = write(tmp_path / "again", "tiny.yaml", scenario.model_dump(exclude_defaults=True))
    assert load_scenario(again) == scenario


def test_persona_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path / "personas", "tester.yaml", persona_doc())
    persona = load_persona(path)
    assert persona.id == "tester"
    assert persona.params.opening == 0.9
    again = write(tmp_path / "again", "tester.yaml", persona.model_dump(mode="json"))
    assert load_persona(again) == persona


def bad(tmp_path: Path, doc: Any, name: str = "deal.yaml") -> LoadError:
    path = write(tmp_path / "scenarios", name, doc)
    with pytest.raises(LoadError) as e:
        load_scenario(path)
    assert str(path) in str(e.value)
    return e.value


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    e = bad(tmp_path, "title: [unclosed\nsummary: x\n")
    assert e.field == "(yaml)"
    assert "line" in e.message


def test_unknown_key_names_the_field(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["issues"][1]["options"][0]["trainee_pionts"] = 3
    e = bad(tmp_path, doc)
    assert e.field == "issues[training].options[none].trainee_pionts"
    assert "unknown field" in e.message


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["trainee"]["walkaway"] = "lots"
    e = bad(tmp_path, doc)
    assert e.field == "trainee.walkaway"
    assert "integer" in e.message


def test_missing_field(tmp_path: Path) -> None:
    doc = scenario_doc()
    del doc["public_brief"]
    e = bad(tmp_path, doc)
    assert (e.field, e.message) == ("public_brief", "required field is missing")


def test_unknown_issue_id_in_an_interest(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["hidden_interests"][0]["issues"] = ["trainning"]
    e = bad(tmp_path, doc)
    assert "trainning" in e.message
    assert "known issues" in e.message


def test_duplicate_option_id(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["issues"][2]["options"][1]["id"] = "upfront"
    e = bad(tmp_path, doc)
    assert "duplicate option id 'upfront'" in e.message
    assert e.field.startswith("issues[payment]")


def test_empty_file(tmp_path: Path) -> None:
    e = bad(tmp_path, "")
    assert "empty" in e.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError, match="not UTF-8"):
        load_scenario(path)


def test_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9)
    )
    e = bad(tmp_path, bomb)
    assert "aliases" in e.message


def test_file_over_a_megabyte(tmp_path: Path) -> None:
    e = bad(tmp_path, "summary: " + "x" * MAX_FILE_BYTES)
    assert "limit" in e.message


def test_a_list_at_the_top(tmp_path: Path) -> None:
    e = bad(tmp_path, "- one\n- two\n")
    assert "mapping" in e.message


def test_id_must_match_file_name(tmp_path: Path) -> None:
    e = bad(tmp_path, {**scenario_doc(), "id": "other"})
    assert e.field == "id"


def test_persona_with_unknown_tactic_and_placeholder(tmp_path: Path) -> None:
    doc = persona_doc()
    doc["tactic"] = "flincher"
    path = write(tmp_path / "personas", "p.yaml", doc)
    with pytest.raises(LoadError) as e:
        load_persona(path)
    assert e.value.field == "tactic"
    doc = persona_doc()
    doc["lines"]["greet"] = ["Hello {nmae}", "Hi"]
    path = write(tmp_path / "personas", "q.yaml", doc)
    with pytest.raises(LoadError, match=r"unknown placeholder \{nmae\}"):
        load_persona(path)


def test_library_keeps_loading_past_a_bad_file_and_refuses_a_taken_id(tmp_path: Path) -> None:
    bundled, user = tmp_path / "bundled" / "scenarios", tmp_path / "user" / "scenarios"
    write(bundled, "tiny.yaml", scenario_doc())
    write(bundled, "broken.yaml", "title: [")
    write(user, "tiny.yaml", scenario_doc())
    write(user, "mine.yaml", scenario_doc())
    library = load_library([("scenarios", bundled), ("scenarios", user)])
    assert sorted(library.scenarios) == ["mine", "tiny"]
    assert library.sources["scenarios/tiny"].parent == bundled
    problems = [str(p) for p in library.problems]
    assert len(problems) == 2
    assert any("broken.yaml: (yaml)" in p for p in problems)
    assert any("is already taken" in p for p in problems)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
keys = st.sampled_from(list(scenario_doc()) + list(persona_doc()) + ["id", "unknown"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.dictionaries(keys, yaml_values, max_size=8).map(yaml.safe_dump), st.text(max_size=200)))
def test_random_yaml_raises_only_the_domain_error(text: str) -> None:
    for model in (Scenario, Persona):
        message = "random.yaml: "
        try:
            build(model, parse_yaml(text, "random.yaml"), "random.yaml", "random")
        except LoadError as e:
            message = str(e)
        assert message.startswith("random.yaml: ")

"""Bad scenario and persona files as a careless user or an attacker writes them: each is one LoadError naming the
file and the field, quickly, and never stops the rest of the library from loading."""

from pathlib import Path

import pytest
import yaml

from tests.helpers import persona_doc, scenario_doc
from trainer.files.library import MAX_DEPTH, MAX_DIGITS, LoadError, load_library, load_persona, load_scenario
from trainer.files.lint import check_library, check_paths
from trainer.files.scenario import MAX_DEALS


def write(folder: Path, name: str, doc: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def scenario_error(tmp_path: Path, doc: object) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_scenario(write(tmp_path / "scenarios", "deal.yaml", doc))
    assert str(caught.value).startswith(f"{tmp_path / 'scenarios' / 'deal.yaml'}: ")
    assert "\n" not in str(caught.value)
    return caught.value


def persona_error(tmp_path: Path, doc: object) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_persona(write(tmp_path / "personas", "who.yaml", doc))
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 500, 10_000])
def test_deep_nesting_is_refused_at_the_limit_not_after_building_it(tmp_path: Path, levels: int) -> None:
    text = yaml.safe_dump(scenario_doc()) + "summary: " + "[" * levels + "]" * levels + "\n"
    e = scenario_error(tmp_path, text)
    # The place named is the first bracket past the limit: reading stopped there (10,000 levels took 38 s to fail).
    column = len("summary: ") + MAX_DEPTH  # the top mapping is the first level
    assert (e.field, e.message) == (
        "(yaml)",
        f"line {text.count(chr(10))}, column {column}: nested deeper than {MAX_DEPTH} levels",
    )


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "title: x\nsummary:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(300))
    assert "nested deeper" in scenario_error(tmp_path, text).message


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 4_301, 100_000])
def test_a_number_too_long_to_read_is_refused_with_its_line(tmp_path: Path, digits: int) -> None:
    text = yaml.safe_dump(scenario_doc()).replace("walkaway: 20", "walkaway: " + "9" * digits, 1)
    e = scenario_error(tmp_path, text)
    assert e.field == "(yaml)"
    assert f"a number of {digits:,} digits; the limit is {MAX_DIGITS}" in e.message
    assert e.message.startswith("line ")


def test_infinite_and_huge_figures_are_refused_with_the_field(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["issues"][0]["options"][0]["amount"] = float("inf")
    assert scenario_error(tmp_path, doc).field == "issues[price].options[p1000].amount"
    doc = scenario_doc()
    doc["trainee"]["walkaway"] = 10**20
    assert scenario_error(tmp_path, doc).field == "trainee.walkaway"


def test_a_key_written_twice_is_an_error_naming_the_line(tmp_path: Path) -> None:
    text = yaml.safe_dump(scenario_doc()) + "title: Another title\n"
    e = scenario_error(tmp_path, text)
    assert e.field == "(yaml)"
    assert "the key 'title' appears twice" in e.message
    nested = yaml.safe_dump(scenario_doc()).replace("  role: Seller\n", "  role: Seller\n  role: Buyer\n", 1)
    assert "the key 'role' appears twice" in scenario_error(tmp_path, nested).message


def test_a_yaml_error_is_one_prefixed_line(tmp_path: Path) -> None:
    e = scenario_error(tmp_path, "title: x\n  summary: [a\n\tb: 1\n")
    assert e.field == "(yaml)"
    assert e.message.startswith("line ")


def test_scenario_level_errors_name_the_field_not_the_file(tmp_path: Path) -> None:
    doc = scenario_doc()
    doc["hidden_interests"][0]["issues"] = ["trainning"]
    assert scenario_error(tmp_path, doc).field == "hidden_interests[turnover].issues"
    doc = scenario_doc()
    doc["issues"][1]["id"] = "price"
    assert scenario_error(tmp_path, doc).field == "issues[price].id"
    doc = scenario_doc()
    del doc["issues"][0]["options"][1]["amount"]
    assert scenario_error(tmp_path, doc).field == "issues[price].options[p1500].amount"


def test_a_scenario_with_too_many_deals_is_refused_at_load(tmp_path: Path) -> None:
    doc = scenario_doc()
    extra = [
        {
            "id": f"i{n}",
            "name": f"I{n}",
            "kind": "term",
            "description": "x",
            "options": [
                {"id": f"o{k}", "label": f"o{k}", "trainee_points": k, "counterpart_points": -k} for k in range(10)
            ],
        }
        for n in range(5)
    ]
    doc["issues"] += extra  # 27 x 10^5 = 2,700,000 deals
    e = scenario_error(tmp_path, doc)
    assert e.field == "issues"
    assert f"2,700,000 possible deals (options multiplied across issues); the limit is {MAX_DEALS:,}" == e.message


def test_persona_description_is_one_line_of_at_most_200_characters(tmp_path: Path) -> None:
    doc = persona_doc()
    doc["description"] = "x" * 201
    e = persona_error(tmp_path, doc)
    assert e.field == "description"
    assert "at most 200 characters" in e.message
    doc["description"] = "x" * 200
    assert load_persona(write(tmp_path / "personas", "ok.yaml", doc)).description == "x" * 200


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("I'm at {terms:d}.", "{terms:d}"),
        ("I'm at {terms!x}.", "{terms!x}"),
        ("I'm at {name:{terms}}.", "{name:{terms}}"),
        ("I'm at {terms!r}.", "{terms!r}"),
        ("I'm at {price:>10}.", "{price:>10}"),
    ],
)
def test_a_line_the_voice_cannot_fill_is_refused_with_its_place(tmp_path: Path, line: str, shown: str) -> None:
    doc = persona_doc()
    doc["lines"]["counter"] = [doc["lines"]["counter"][0], line]
    e = persona_error(tmp_path, doc)
    assert e.field == "lines.counter"
    assert e.message.endswith("(line 2)")
    assert "placeholders take no format or conversion" in e.message


@pytest.mark.parametrize("line", ["{terms[0]}", "{terms.real}", "{0}", "{}", "{", "}"])
def test_indexes_positions_and_stray_braces_are_refused(tmp_path: Path, line: str) -> None:
    doc = persona_doc()
    doc["lines"]["greet"] = ["Hello.", f"Hi {line}"]
    assert persona_error(tmp_path, doc).field == "lines.greet"


def test_validate_renders_every_line_in_every_scenario(tmp_path: Path) -> None:
    """Lines that load are filled in each scenario of the library; all the bundled ones can be said everywhere."""
    library = load_library()
    assert check_library(library) == []
    persona = write(tmp_path / "personas", "fine.yaml", persona_doc())
    count, problems = check_paths([persona], library)
    assert (count, problems) == (1, [])


def test_one_bad_user_file_leaves_the_rest_of_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("WINWIN_HOME", str(home))
    write(home / "scenarios", "deep.yaml", "title: " + "[" * 10_000 + "]" * 10_000)
    write(home / "scenarios", "long.yaml", "title: " + "1" * 5_000)
    write(home / "personas", "bad-line.yaml", {**persona_doc(), "lines": {"greet": ["{terms:d}", "x"]}})
    library = load_library()
    assert set(library.scenarios) >= {"pos-boutique", "saas-renewal", "supplier-contract"}
    assert set(library.personas) >= {"anchorer", "nibbler", "bundle-dismantler"}
    assert sorted(Path(p.path).name for p in library.problems) == ["bad-line.yaml", "deep.yaml", "long.yaml"]

"""The Personas page: the gallery, and the editor that checks a persona as the files are checked and saves it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import button, home, open_page
from trainer.app import persona_form
from trainer.files.library import load_library, load_persona
from trainer.files.persona import Persona

__all__ = ["home"]  # the fixture, used by name


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def duplicated(persona_id: str = "anchorer") -> AppTest:
    at = open_page("personas")
    at.button(key=f"dup.{persona_id}").click().run()
    return at


def test_gallery_shows_bundled_personas_which_can_be_duplicated_not_edited(home: Path) -> None:
    at = open_page("personas")
    assert [t.value for t in at.title] == ["Personas"]
    for persona_id in ("anchorer", "nibbler", "bundle-dismantler"):
        assert at.button(key=f"dup.{persona_id}")
        assert not [b for b in at.button if b.key == f"edit.{persona_id}"]


def test_duplicate_save_and_play_a_custom_persona(home: Path) -> None:
    at = duplicated()
    assert at.text_input(key="pf.id").value == "anchorer-copy"
    assert any("ready to save" in s.value for s in at.success)
    at.text_input(key="pf.name").set_value("Dana the Second").run()
    button(at, "Save persona").click().run()
    assert not at.exception
    path = home / "personas" / "anchorer-copy.yaml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=persona.schema.json\n")
    assert (home / "personas" / "persona.schema.json").is_file()
    saved = load_persona(path)
    assert saved.name == "Dana the Second"
    assert saved.lines == load_library().persona("anchorer").lines
    at.switch_page("screens/practice.py").run()
    assert at.button(key="persona.anchorer-copy")  # playable at once


def test_errors_show_next_to_their_field_and_block_saving(home: Path) -> None:
    at = duplicated()
    at.text_input(key="pf.name").set_value("").run()
    assert any(e.startswith("name:") for e in errors(at))
    assert button(at, "Save persona").disabled
    at.text_input(key="pf.name").set_value("Dana").run()
    at.text_area(key="pf.lines.greet").set_value("Hello {nobody}\nHi there").run()
    assert any(e.startswith("lines.greet:") and "nobody" in e for e in errors(at))
    at.text_area(key="pf.lines.greet").set_value("Hello\nHi there").run()
    at.text_input(key="pf.id").set_value("Not A Slug").run()
    assert any(e.startswith("id:") for e in errors(at))


def test_lint_findings_are_advice_next_to_the_field(home: Path) -> None:
    at = duplicated()
    at.text_area(key="pf.lines.nudge").set_value("Only one line").run()
    assert any(w.value.startswith("lines.nudge:") for w in at.warning)
    assert not button(at, "Save persona").disabled


def test_a_bundled_id_is_refused(home: Path) -> None:
    at = duplicated()
    at.text_input(key="pf.id").set_value("nibbler").run()
    button(at, "Save persona").click().run()
    assert any("bundled" in e for e in errors(at))
    assert not (home / "personas" / "nibbler.yaml").exists()


def test_yaml_view_shows_the_file_and_applies_edits_to_the_form(home: Path) -> None:
    at = duplicated()
    assert at.code[0].value.startswith(persona_form.SCHEMA_LINE)
    text = str(at.text_area(key="pf.yaml").value).replace("name: Dana Whitlock (copy)", "name: From YAML")
    at.text_area(key="pf.yaml").set_value(text).run()
    button(at, "Apply to the form").click().run()
    assert at.text_input(key="pf.name").value == "From YAML"
    at.text_area(key="pf.yaml").set_value("tactic: [oops").run()
    assert errors(at)


def test_edit_and_delete_a_custom_persona(home: Path) -> None:
    at = duplicated("nibbler")
    button(at, "Save persona").click().run()
    at.button(key="edit.nibbler-copy").click().run()
    assert at.text_input(key="pf.id").value == "nibbler-copy"
    at.text_input(key="pf.description").set_value("Edited.").run()
    button(at, "Save persona").click().run()
    assert load_library().persona("nibbler-copy").description == "Edited."
    at.button(key="del.nibbler-copy").click().run()
    assert "nibbler-copy" not in load_library().personas


def test_form_values_round_trip_to_the_same_persona() -> None:
    for persona in load_library().personas.values():
        doc = persona_form.doc_from_values(persona_form.values_from_doc(persona.model_dump()))
        assert Persona.model_validate(doc) == persona


def test_copy_ids_and_error_fields() -> None:
    assert persona_form.copy_id("anchorer", {"anchorer"}) == "anchorer-copy"
    assert persona_form.copy_id("anchorer", {"anchorer-copy", "anchorer-copy-2"}) == "anchorer-copy-3"
    assert persona_form.field_of(("params", "opening"), "") == "params.opening"
    assert persona_form.field_of(("lines", "greet", 0), "") == "lines.greet"
    assert persona_form.field_of((), "Value error, lines.nibble: unknown placeholder") == "lines.nibble"


def test_out_of_range_numbers_from_yaml_are_kept_inside_the_widgets() -> None:
    values = persona_form.values_from_doc({"params": {"opening": 7, "rounds": "many", "patience": 3.0}})
    assert values["pf.params.opening"] == 1.0
    assert values["pf.params.rounds"] == 10
    assert values["pf.params.patience"] == 3


def test_practise_with_a_persona_from_the_gallery(home: Path) -> None:
    at = open_page("personas")
    at.button(key="practise.nibbler").click().run()
    assert [t.value for t in at.title] == ["Practice a call"]
    assert at.button(key="persona.nibbler").label == "Chosen"


def test_a_broken_file_of_yours_is_reported_and_the_rest_still_loads(home: Path) -> None:
    (home / "personas").mkdir()
    (home / "personas" / "broken.yaml").write_text("name: [oops\n", encoding="utf-8")
    at = open_page("personas")
    assert any("broken" in w.value for w in at.warning)
    assert at.button(key="dup.anchorer")

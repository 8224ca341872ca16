"""The Personas page: the gallery, and the editor that checks a persona as the files are checked and saves it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_helpers import MAIN, button, home, open_page, unescaped
from trainer.app import persona_form
from trainer.app.moves import MOVES
from trainer.app.phrasebook import lenders
from trainer.app.state import EditorState
from trainer.files.library import load_library, load_persona
from trainer.files.persona import MOVE_KINDS, Persona
from trainer.files.phrasebook import falls_back

__all__ = ["home"]  # the fixture, used by name


def errors(at: AppTest) -> list[str]:
    return [unescaped(e.value) for e in at.error]


def warnings(at: AppTest) -> list[str]:
    return [unescaped(w.value) for w in at.warning]


def new_form() -> AppTest:
    at = open_page("personas")
    button(at, "New persona").click().run()
    assert not at.exception
    return at


def fill_required(at: AppTest, persona_id: str = "tough-buyer") -> None:
    at.text_input(key="pf.id").set_value(persona_id)
    at.text_input(key="pf.name").set_value("Sam Tough")
    at.text_input(key="pf.description").set_value("Pushes hard on price.")
    at.text_input(key="pf.voice.tone").set_value("Blunt.")
    at.text_area(key="pf.lines.greet").set_value("Hi, {name} here.\nHello, let us talk.").run()


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


def test_errors_show_next_to_their_field_in_plain_words_and_block_saving(home: Path) -> None:
    at = duplicated()
    at.text_input(key="pf.name").set_value("").run()
    assert "Name is required" in errors(at)
    assert button(at, "Save persona").disabled
    at.text_input(key="pf.name").set_value("Dana").run()
    at.text_area(key="pf.lines.greet").set_value("Hello {nobody}\nHi there").run()
    assert any(e.startswith("Phrasebook: Greeting unknown placeholder {nobody}") for e in errors(at))
    at.text_area(key="pf.lines.greet").set_value("Hello\nHi there").run()
    at.text_input(key="pf.id").set_value("Not A Slug").run()
    assert any(e.startswith("Id may use only lower-case letters") for e in errors(at))
    shown = " ".join(errors(at))
    assert "String should" not in shown, "pydantic's words never show"
    assert "Value error" not in shown


def test_a_blank_new_form_shows_no_errors_before_anything_is_typed(home: Path) -> None:
    at = new_form()
    assert not at.error
    assert not at.warning
    [info] = [unescaped(i.value) for i in at.info]
    assert info == "To save, fill in: Id, Name, Description, Tone."
    assert button(at, "Save persona").disabled
    at.text_input(key="pf.name").set_value("Sam").run()
    at.text_input(key="pf.name").set_value("").run()  # typed, then cleared: now it is a problem to fix
    assert errors(at)[0] == "Name is required"
    assert any("To save, fill in: Id, Description, Tone." in e for e in errors(at))


def test_lint_findings_are_advice_next_to_the_field(home: Path) -> None:
    at = duplicated()
    at.text_area(key="pf.lines.nudge").set_value("Only one line").run()
    assert "Phrasebook: Nudging you to offer has 1 line; write at least 2, so replies vary" in warnings(at)
    assert any(w.startswith("Valid and ready to play, with advice on") for w in warnings(at))
    assert not button(at, "Save persona").disabled


def test_empty_phrasebook_sections_are_named_and_never_called_ready(home: Path) -> None:
    at = new_form()
    fill_required(at)
    assert not at.error
    assert not at.success, "not 'ready' while sections are empty"
    [verdict] = [w for w in warnings(at) if w.startswith("Can be saved")]
    assert f"{len(MOVE_KINDS) - 1} of {len(MOVE_KINDS)} phrasebook sections are empty" in verdict
    assert "First offer (the anchor)" in verdict
    assert "Greeting," not in verdict
    assert "Dana Whitlock" in verdict, "it says whose lines stand in"
    captions = [unescaped(c.value) for c in at.caption]
    assert "Empty: in a call, Dana Whitlock's lines stand in for these." in captions
    button(at, "Save persona").click().run()
    assert not at.success, "saved, but not called done"
    [saved] = [w for w in warnings(at) if w.startswith("Saved")]
    assert "can be played" in saved
    assert "stand-in lines" in saved
    assert "ready" not in saved
    gaps = len(MOVE_KINDS) - 1
    assert f":material/warning: {gaps} empty phrasebook sections: stand-in lines are used for them." in [
        c.value for c in at.caption
    ], "the gallery card says so too"


def test_a_bundled_id_is_refused(home: Path) -> None:
    at = duplicated()
    at.text_input(key="pf.id").set_value("nibbler").run()
    button(at, "Save persona").click().run()
    assert any("bundled" in e for e in errors(at))
    assert not (home / "personas" / "nibbler.yaml").exists()


def yaml_box(at: AppTest) -> str:
    return str(at.text_area(key="pf.yaml").value)


def test_yaml_view_shows_the_file_and_applies_edits_to_the_form(home: Path) -> None:
    at = duplicated()
    assert yaml_box(at).startswith(persona_form.SCHEMA_LINE)
    text = yaml_box(at).replace("name: Dana Whitlock (copy)", "name: From YAML")
    at.text_area(key="pf.yaml").set_value(text).run()
    assert any(w.startswith("You have edited the YAML") for w in warnings(at))
    button(at, "Apply to the form").click().run()
    assert at.text_input(key="pf.name").value == "From YAML"
    assert not any(w.startswith("You have edited the YAML") for w in warnings(at))
    at.text_area(key="pf.yaml").set_value("tactic: [oops").run()
    assert any(e.startswith("This YAML cannot be read: line 1") for e in errors(at))
    assert at.text_input(key="pf.name").value == "From YAML", "the form is not touched by unapplied YAML"


def test_the_yaml_follows_the_form_and_never_shows_a_stale_template(home: Path) -> None:
    at = new_form()
    assert "name: ''" in yaml_box(at)
    fill_required(at)
    assert "name: Sam Tough" in yaml_box(at)
    assert "- Hi, {name} here." in yaml_box(at)
    assert not at.error, "no 'name: required' from a stale YAML template"
    at.text_input(key="pf.name").set_value("Sam Tougher").run()
    assert "name: Sam Tougher" in yaml_box(at)


def test_yaml_typed_by_the_user_is_kept_until_applied_or_discarded(home: Path) -> None:
    at = new_form()
    fill_required(at)
    mine = yaml_box(at).replace("Blunt.", "Blunt and brief.")
    at.text_area(key="pf.yaml").set_value(mine).run()
    at.text_input(key="pf.name").set_value("Sam Changed").run()
    assert yaml_box(at) == mine, "a form edit does not overwrite YAML the user typed"
    button(at, "Discard my YAML edits").click().run()
    assert "tone: Blunt.\n" in yaml_box(at)
    assert "name: Sam Changed" in yaml_box(at)
    at.text_area(key="pf.yaml").set_value(yaml_box(at).replace("Blunt.", "Curt.")).run()
    button(at, "Apply to the form").click().run()
    assert at.text_input(key="pf.voice.tone").value == "Curt."
    assert at.text_input(key="pf.name").value == "Sam Changed"


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


def test_a_persona_with_empty_sections_never_says_a_move_name(home: Path) -> None:
    at = new_form()
    fill_required(at, "sparse")
    button(at, "Save persona").click().run()
    sparse = load_library().persona("sparse")
    assert set(sparse.lines) == {"greet"}
    lent = lenders(sparse, load_library())
    assert set(lent) == set(falls_back(sparse))
    assert {p.name for p in lent.values()} == {"Dana Whitlock"}, "the bundled persona of the same tactic"
    call = AppTest.from_file(MAIN, default_timeout=30).run()
    call.button(key="persona.sparse").click().run()
    button(call, "Start the call").click().run()
    for line in ("Hi, what matters most to you?", "I can do $5,000 with a one-year support plan", "No."):
        call.chat_input[0].set_value(line).run()
    assert not call.exception
    replies = [m.markdown[0].value for m in call.chat_message if m.name == "assistant"]
    names = set(MOVE_KINDS) | {k.replace("_", " ") for k in MOVE_KINDS}
    assert len(replies) == 4
    assert not [r for r in replies if unescaped(r).strip(".").lower() in names]
    assert any("$" in unescaped(r) for r in replies), "the first offer is worded by the stand-in lines"


def test_every_phrasebook_section_has_a_plain_title(home: Path) -> None:
    at = new_form()
    labels = {t.label for t in at.text_area}
    assert {MOVES[k][0] for k in MOVE_KINDS} <= labels
    assert not labels & {"Re anchor", "Nibble drop", "Accept reprice"}, "no move ids as labels"


def test_reopened_editor_state_has_no_errors_for_an_unchanged_bundled_copy(home: Path) -> None:
    at = duplicated()
    ed = at.session_state["winwin.editor"]
    assert isinstance(ed, EditorState)
    assert ed.initial[persona_form.key("name")] == "Dana Whitlock (copy)"
    assert not at.error


def test_closing_with_unsaved_changes_asks_first(home: Path) -> None:
    at = duplicated()
    assert any(b.label == "Close" for b in at.button), "nothing typed: closes at once"
    at.text_input(key="pf.name").set_value("Dana Changed").run()
    assert not any(b.label == "Close" for b in at.button), "a one-click close would lose what was typed"
    assert at.text_input(key="pf.name").value == "Dana Changed"
    at.button(key="personas.discard").click().run()
    assert at.button(key="dup.anchorer"), "back to the gallery"
    assert not (home / "personas" / "anchorer-copy.yaml").exists()


def test_the_last_offer_switch_round_trips_and_ignores_non_booleans() -> None:
    off = persona_form.values_from_doc({"params": {"last_offer": False}})
    assert off["pf.params.last_offer"] is False
    assert persona_form.doc_from_values(off)["params"]["last_offer"] is False
    assert persona_form.values_from_doc({"params": {"last_offer": "no"}})["pf.params.last_offer"] is True

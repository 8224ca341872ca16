"""Personas: the gallery of bundled and custom counterparts, and an editor that checks a persona as you write it."""

from pathlib import Path
from typing import Any

import streamlit as st

from trainer.app import nav, persona_form, state
from trainer.app.moves import section_title
from trainer.app.persona_form import MOVE_GROUPS, TACTIC_HELP, Checked, key
from trainer.app.phrasebook import lenders
from trainer.app.resources import library
from trainer.app.text import label, plain
from trainer.files.library import Library, LoadError
from trainer.files.persona import MOVE_KINDS, PLACEHOLDERS, TACTICS, MoveKind, Persona

ICONS = {"error": ":material/error:", "info": ":material/edit:", "warning": ":material/warning:"}
ICONS["success"] = ":material/check:"
PLACEHOLDER_HELP = "One line per variant. Placeholders: " + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS))


def open_editor(values: dict[str, Any], editing: str | None) -> None:
    """Fills the form (a callback, so it runs before the widgets are drawn); errors wait until a field is changed."""
    ed = state.editor()
    ed.open, ed.editing, ed.saved = True, editing, None
    fill(values)
    ed.initial, ed.changed = dict(ed.values), set()


def fill(values: dict[str, Any]) -> None:
    """Puts values in the form's widgets, and the YAML they make in the YAML box."""
    ed = state.editor()
    ed.yaml = persona_form.persona_yaml(persona_form.doc_from_values(values))
    ed.values = {**values, key("yaml"): ed.yaml}
    for name, value in ed.values.items():
        st.session_state[name] = value


def duplicate(persona: Persona, lib: Library) -> None:
    values = persona_form.values_from_doc(persona.model_dump())
    values[key("id")] = persona_form.copy_id(persona.id, set(lib.personas))
    values[key("name")] = f"{persona.name} (copy)"
    open_editor(values, None)


def edit(persona: Persona) -> None:
    open_editor(persona_form.values_from_doc(persona.model_dump()), persona.id)


def new_persona() -> None:
    open_editor(persona_form.values_from_doc({}), None)


def practise(persona_id: str) -> None:
    state.practice().persona_id = persona_id


def remove(persona_id: str, lib: Library) -> None:
    try:
        persona_form.delete(persona_id, lib)
    except persona_form.PersonaSaveError as e:
        st.session_state["personas.error"] = str(e)


def gallery(lib: Library) -> None:
    st.caption("Bundled personas ship with winwin; duplicate one to make it your own. Yours are saved in your folder.")
    st.button("New persona", icon=":material/add:", on_click=new_persona)
    for problem in persona_form.problems_of_user_files(lib):
        st.warning(f"Skipped your file: {plain(str(problem))}", icon=":material/error:")
    if "personas.error" in st.session_state:
        st.error(plain(st.session_state.pop("personas.error")))
    columns = st.columns(3)
    for i, persona in enumerate(lib.personas.values()):
        with columns[i % 3].container(border=True, key=f"card-{persona.id}"):
            card(persona, lib)


def card(persona: Persona, lib: Library) -> None:
    bundled = lib.is_bundled("personas", persona.id)
    st.markdown(f"**{label(persona.name)}**")
    gaps = 0 if bundled else sum(1 for k in MOVE_KINDS if not persona.lines.get(k))
    where = "bundled" if bundled else f"yours · {plain(persona.id)}.yaml"
    st.caption(f"{persona.tactic} · {where}")
    st.markdown(plain(persona.description))
    if gaps:
        st.caption(f":material/warning: {gaps} empty phrasebook sections: stand-in lines are used for them.")
    with st.container(horizontal=True):
        if st.button(
            "Practise", key=f"practise.{persona.id}", icon=":material/forum:", on_click=practise, args=(persona.id,)
        ):
            nav.go("practice")
        st.button(
            "Duplicate",
            key=f"dup.{persona.id}",
            icon=":material/content_copy:",
            on_click=duplicate,
            args=(persona, lib),
        )
        if not bundled:
            st.button("Edit", key=f"edit.{persona.id}", icon=":material/edit:", on_click=edit, args=(persona,))
            with st.popover("Delete", icon=":material/delete:"):
                st.write("Delete this persona's file for good?")
                st.button("Delete", key=f"del.{persona.id}", type="primary", on_click=remove, args=(persona.id, lib))


def touched(where: str) -> bool:
    """Whether the user has changed a field (or a field inside it) since the form opened."""
    ed = state.editor()
    ed.changed |= {n for n, v in ed.initial.items() if n in st.session_state and st.session_state[n] != v}
    names = [n for n in ed.initial if n == key(where) or n.startswith(key(where) + ".")]
    return where == "(persona)" or any(n in ed.changed for n in names)


def problems(checked: Checked, where: str) -> None:
    """The errors and advice of one field, shown right under it once the field has been changed."""
    if not touched(where):
        return
    for message in checked.errors.get(where, []):
        st.error(plain(f"{persona_form.title(where)} {message}"), icon=":material/error:")
    for message in checked.warnings.get(where, []):
        st.warning(plain(f"{persona_form.title(where)} {message}"), icon=":material/warning:")


def identity(checked: Checked) -> None:
    a, b = st.columns(2)
    with a:
        st.text_input(
            "Id (the file name)",
            key=key("id"),
            placeholder="e.g. tough-buyer",
            help="Lower-case letters, digits, - and _.",
        )
        problems(checked, "id")
    with b:
        st.text_input("Name", key=key("name"), placeholder="e.g. Sam Tough", help="The counterpart's display name.")
        problems(checked, "name")
    st.text_input("Description", key=key("description"), max_chars=200, help="One line a trainee sees when choosing.")
    problems(checked, "description")
    st.selectbox(
        "Tactic",
        TACTICS,
        key=key("tactic"),
        format_func=lambda t: f"{t.capitalize()}: {TACTIC_HELP[t]}",
        help="What the persona does to the trainee; its parameters below tune how hard.",
    )
    problems(checked, "tactic")


def tactic_params(checked: Checked) -> None:
    a, b, c = st.columns(3)
    a.slider("Opening (1 = its own best deal)", 0.0, 1.0, step=0.05, key=key("params.opening"))
    a.slider("Disclosure (how readily it reveals interests)", 0.0, 1.0, step=0.05, key=key("params.disclosure"))
    b.number_input("Concession curve (<1 concedes late)", 0.05, 5.0, step=0.05, key=key("params.concession"))
    b.number_input("Rounds to concede over", 2, 100, key=key("params.rounds"))
    b.number_input("Patience (fruitless rounds)", 1, 100, key=key("params.patience"))
    c.number_input("Insults tolerated", 0, 20, key=key("params.insult_tolerance"))
    c.number_input("Nibbles before closing", 0, 5, key=key("params.nibbles"))
    c.text_input("Nibbles for issues tagged (comma-separated)", key=key("params.nibble_for"))
    c.text_input("Strips bundle items tagged", key=key("params.strip"))
    a.checkbox("Makes a last offer when you walk away", key=key("params.last_offer"))
    for name in persona_form.NUMBERS + persona_form.TAG_LISTS + persona_form.SWITCHES:
        problems(checked, f"params.{name}")


def voice(checked: Checked) -> None:
    st.text_input("Tone", key=key("voice.tone"), help="How the persona sounds, for a model voice.")
    problems(checked, "voice.tone")
    st.text_area("Style notes (one per line)", key=key("voice.style"), height=100)
    problems(checked, "voice.style")


def phrasebook(checked: Checked, lenders: dict[MoveKind, Persona]) -> None:
    st.caption(plain(PLACEHOLDER_HELP))
    for tab, kinds in zip(st.tabs(list(MOVE_GROUPS)), MOVE_GROUPS.values(), strict=True):
        with tab:
            for kind in kinds:
                st.text_area(
                    section_title(kind),
                    key=key(f"lines.{kind}"),
                    height=110,
                    help=f"One line per variant; saved under lines: {kind}",
                )
                if kind in lenders:
                    st.caption(plain(f"Empty: in a call, {lenders[kind].name}'s lines stand in for these."))
                elif checked.persona is not None and kind in checked.empty:
                    st.caption("Empty: in a call, general lines stand in for these.")
                problems(checked, f"lines.{kind}")


def yaml_view(checked: Checked) -> None:
    """The file as it will be saved, following the form; YAML typed here is kept until applied or discarded."""
    ed = state.editor()
    text = str(st.session_state.get(key("yaml"), ed.yaml))
    if text == ed.yaml:
        st.caption("The file as it will be saved; it follows the form. Edit or paste YAML here, then apply it.")
    else:
        st.warning(
            "You have edited the YAML below. Apply it to fill the form from it, or discard your edits; until then "
            "the form keeps its own values, and those are what Save writes.",
            icon=":material/edit_note:",
        )
    st.text_area("The persona as YAML", key=key("yaml"), height=420)
    if text == ed.yaml:
        return
    try:
        typed = persona_form.check({"id": st.session_state.get(key("id"), ""), **persona_form.doc_from_yaml(text)})
    except LoadError as e:
        st.error(plain(f"This YAML cannot be read: {e.message}"), icon=":material/error:")
    else:
        for where, messages in typed.errors.items():
            st.error(plain(f"{persona_form.title(where)} {'; '.join(messages)}"), icon=":material/error:")
    with st.container(horizontal=True):
        st.button("Apply to the form", type="primary", on_click=apply_yaml, args=(text,))
        st.button("Discard my YAML edits", on_click=discard_yaml)


def apply_yaml(text: str) -> None:
    try:
        doc = persona_form.doc_from_yaml(text)
    except LoadError as e:
        st.session_state["personas.error"] = f"This YAML cannot be read: {e.message}"
        return
    fill(persona_form.values_from_doc({"id": st.session_state.get(key("id"), ""), **doc}))


def discard_yaml() -> None:
    st.session_state[key("yaml")] = state.editor().yaml


def follow_the_form(doc: dict[str, Any]) -> None:
    """Rewrites the YAML box from the form, unless it holds YAML the user typed and has not applied."""
    ed = state.editor()
    current = persona_form.persona_yaml(doc)
    if st.session_state.get(key("yaml"), ed.yaml) == ed.yaml and current != ed.yaml:
        ed.yaml = st.session_state[key("yaml")] = current


def opened_with_a_gap(prefix: str) -> bool:
    """Whether the form opened with a blank field under the prefix; its section then starts open, and stays so
    (a section that opened and closed with its errors would fold away under the user's typing)."""
    return any(n.startswith(key(prefix)) and v == "" for n, v in state.editor().initial.items())


def editor(lib: Library) -> None:
    ed = state.editor()
    for name, value in ed.values.items():
        state.seed_widget(name, value)
    doc = persona_form.doc_from_values(st.session_state.to_dict())
    checked = persona_form.check(doc)
    lenders = phrasebook_lenders(checked, lib)
    follow_the_form(doc)
    st.subheader(f"Editing {ed.editing}" if ed.editing else "A new persona", anchor=False)
    if "personas.error" in st.session_state:
        st.error(plain(st.session_state.pop("personas.error")), icon=":material/error:")
    form_tab, yaml_tab = st.tabs(["Form", "YAML"])
    with form_tab:
        identity(checked)
        with st.expander("Tactic parameters", icon=":material/tune:", expanded=False):
            tactic_params(checked)
        with st.expander("Voice", icon=":material/record_voice_over:", expanded=opened_with_a_gap("voice.tone")):
            voice(checked)
        st.markdown("**Phrasebook**: several lines for each kind of move")
        phrasebook(checked, lenders)
    with yaml_tab:
        yaml_view(checked)
    ed.values = {name: st.session_state[name] for name in ed.values if name in st.session_state}
    save_bar(lib, doc, checked, lenders)


def phrasebook_lenders(checked: Checked, lib: Library) -> dict[MoveKind, Persona]:
    return lenders(checked.persona, lib) if checked.persona is not None else {}


def verdict(checked: Checked, lenders: dict[MoveKind, Persona]) -> tuple[str, str]:
    """What the save bar says of the draft, and how loudly (error, info, warning or success)."""
    shown = [w for w in checked.errors if touched(w)]
    to_fill = [persona_form.title(w) for w in checked.errors if not touched(w)]
    fill_in = f"To save, fill in: {', '.join(to_fill)}." if to_fill else ""
    if shown:
        count = sum(len(checked.errors[w]) for w in shown)
        names = ", ".join(persona_form.title(w) for w in shown)
        return "error", f"{count} problem(s) to fix before saving: {names}. {fill_in}".strip()
    if to_fill:
        return "info", fill_in
    if checked.empty:
        sections = ", ".join(section_title(k) for k in checked.empty)
        who = sorted({p.name for p in lenders.values()})
        stand_ins = f"{who[0]}'s lines" if who else "general lines"
        if who and len(lenders) < len(checked.empty):
            stand_ins += " (general lines where they have none)"
        return "warning", (
            f"Can be saved, but {len(checked.empty)} of {len(MOVE_KINDS)} phrasebook sections are empty: {sections}. "
            f"In a call, {stand_ins} stand in for them, so your persona will not sound like itself there. Write a "
            "few lines in each to make it complete."
        )
    if checked.warnings:
        names = ", ".join(persona_form.title(w) for w in checked.warnings)
        return "warning", f"Valid and ready to play, with advice on: {names}."
    return "success", "Valid: ready to save and play."


def save_bar(lib: Library, doc: dict[str, Any], checked: Checked, lenders: dict[MoveKind, Persona]) -> None:
    ed = state.editor()
    level, words = verdict(checked, lenders)
    show = {"error": st.error, "info": st.info, "warning": st.warning, "success": st.success}[level]
    show(plain(words), icon=ICONS[level])
    with st.container(horizontal=True):
        if st.button("Save persona", type="primary", disabled=bool(checked.errors), icon=":material/save:"):
            try:
                path = persona_form.save(doc, lib, ed.editing)
            except persona_form.PersonaSaveError as e:
                st.error(plain(str(e)), icon=":material/error:")
                return
            ed.open, ed.saved = False, saved_message(path, len(lenders))
            st.rerun()
        close_button()


def close_button() -> None:
    """Closes the editor; with changes not saved, only after asking (what was typed would be lost)."""
    ed = state.editor()
    unsaved = bool(ed.changed) or st.session_state.get(key("yaml"), ed.yaml) != ed.yaml
    if not unsaved:
        st.button("Close", on_click=close)
        return
    with st.popover("Close"):
        st.markdown("Close without saving? The changes you made here will be lost.")
        st.button("Discard my changes and close", key="personas.discard", type="primary", on_click=close)


def close() -> None:
    state.editor().open = False


def saved_message(path: Path, stand_ins: int) -> str:
    if not stand_ins:
        return f"Saved {path}. It is ready to play on the Practice page."
    return (
        f"Saved {path}. It can be played on the Practice page, but {stand_ins} empty phrasebook sections use "
        "stand-in lines until you write them."
    )


def page() -> None:
    st.title("Personas")
    lib = library()
    ed = state.editor()
    if ed.saved:
        if "stand-in" in ed.saved:  # a persona with gaps is not called done
            st.warning(plain(ed.saved), icon=":material/warning:")
        else:
            st.success(plain(ed.saved), icon=":material/check:")
        ed.saved = None
    if ed.open:
        editor(lib)
    else:
        gallery(lib)


page()

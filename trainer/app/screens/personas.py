"""Personas: the gallery of bundled and custom counterparts, and an editor that checks a persona as you write it."""

from typing import Any

import streamlit as st

from trainer.app import nav, persona_form, state
from trainer.app.persona_form import MOVE_GROUPS, TACTIC_HELP, Checked, key
from trainer.app.resources import library
from trainer.app.text import label, plain
from trainer.files.library import Library, LoadError
from trainer.files.persona import PLACEHOLDERS, TACTICS, Persona

PLACEHOLDER_HELP = "One line per variant. Placeholders: " + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS))


def open_editor(values: dict[str, Any], editing: str | None) -> None:
    """Fills the form (a callback, so it runs before the widgets are drawn)."""
    ed = state.editor()
    ed.open, ed.editing, ed.saved = True, editing, None
    ed.values = {**values, key("yaml"): persona_form.persona_yaml(persona_form.doc_from_values(values))}
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
        with columns[i % 3].container(border=True):
            card(persona, lib)


def card(persona: Persona, lib: Library) -> None:
    bundled = lib.is_bundled("personas", persona.id)
    st.markdown(f"**{label(persona.name)}**")
    where = "bundled" if bundled else f"yours · {plain(persona.id)}.yaml"
    st.caption(f"{persona.tactic} · {where}")
    st.markdown(plain(persona.description))
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


def problems(checked: Checked, where: str) -> None:
    """The errors and warnings of one field, shown right under it."""
    for message in checked.errors.get(where, []):
        st.error(f"{where}: {plain(message)}", icon=":material/error:")
    for message in checked.warnings.get(where, []):
        st.warning(f"{where}: {plain(message)}", icon=":material/warning:")


def identity(checked: Checked) -> None:
    a, b = st.columns(2)
    with a:
        st.text_input("Id (the file name)", key=key("id"), help="Lower-case letters, digits, - and _.")
        problems(checked, "id")
    with b:
        st.text_input("Name", key=key("name"), help="The counterpart's display name.")
        problems(checked, "name")
    st.text_input("Description", key=key("description"), max_chars=200, help="One line a trainee sees when choosing.")
    problems(checked, "description")
    st.selectbox("Tactic", TACTICS, key=key("tactic"), help="; ".join(f"{t}: {h}" for t, h in TACTIC_HELP.items()))
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
    for name in persona_form.NUMBERS + persona_form.TAG_LISTS:
        problems(checked, f"params.{name}")


def voice(checked: Checked) -> None:
    st.text_input("Tone", key=key("voice.tone"), help="How the persona sounds, for a model voice.")
    problems(checked, "voice.tone")
    st.text_area("Style notes (one per line)", key=key("voice.style"), height=100)
    problems(checked, "voice.style")


def phrasebook(checked: Checked) -> None:
    st.caption(plain(PLACEHOLDER_HELP))
    for tab, kinds in zip(st.tabs(list(MOVE_GROUPS)), MOVE_GROUPS.values(), strict=True):
        with tab:
            for kind in kinds:
                st.text_area(kind.replace("_", " ").capitalize(), key=key(f"lines.{kind}"), height=110)
                problems(checked, f"lines.{kind}")


def yaml_view(doc: dict[str, Any]) -> None:
    st.caption("The file as it will be saved. Paste or edit YAML below and apply it to the form.")
    st.code(persona_form.persona_yaml(doc), language="yaml")
    text = st.text_area("Edit as YAML", key=key("yaml"), height=300)
    try:
        yaml_checked = persona_form.check({"id": doc.get("id", ""), **persona_form.doc_from_yaml(text)})
    except LoadError as e:
        st.error(plain(e.message), icon=":material/error:")
        return
    for where, messages in yaml_checked.errors.items():
        st.error(plain(f"{where}: {'; '.join(messages)}"), icon=":material/error:")
    st.button("Apply to the form", on_click=apply_yaml, args=(text,))


def apply_yaml(text: str) -> None:
    ed = state.editor()
    values = persona_form.values_from_doc(
        {"id": st.session_state.get(key("id"), ""), **persona_form.doc_from_yaml(text)}
    )
    open_editor(values, ed.editing)


def _has_problem(checked: Checked, prefix: str) -> bool:
    return any(where.startswith(prefix) for where in checked.errors)


def editor(lib: Library) -> None:
    ed = state.editor()
    for name, value in ed.values.items():
        state.seed_widget(name, value)
    doc = persona_form.doc_from_values(st.session_state.to_dict())
    checked = persona_form.check(doc)
    st.subheader(f"Editing {ed.editing}" if ed.editing else "A new persona", anchor=False)
    form_tab, yaml_tab = st.tabs(["Form", "YAML"])
    with form_tab:
        identity(checked)
        with st.expander("Tactic parameters", icon=":material/tune:", expanded=_has_problem(checked, "params.")):
            tactic_params(checked)
        with st.expander("Voice", icon=":material/record_voice_over:", expanded=_has_problem(checked, "voice.")):
            voice(checked)
        st.markdown("**Phrasebook**: several lines for each kind of move")
        phrasebook(checked)
    with yaml_tab:
        yaml_view(doc)
    ed.values = {name: st.session_state[name] for name in ed.values if name in st.session_state}
    save_bar(lib, doc, checked)


def save_bar(lib: Library, doc: dict[str, Any], checked: Checked) -> None:
    ed = state.editor()
    count = sum(len(m) for m in checked.errors.values())
    if count:
        st.error(f"{count} problem(s) to fix before saving: {', '.join(checked.errors)}", icon=":material/error:")
    elif checked.warnings:
        st.warning(f"Valid, with advice on: {', '.join(checked.warnings)}", icon=":material/lightbulb:")
    else:
        st.success("Valid: ready to save.", icon=":material/check:")
    a, b, _ = st.columns([1, 1, 3])
    if a.button("Save persona", type="primary", disabled=bool(count), icon=":material/save:", width="stretch"):
        try:
            path = persona_form.save(doc, lib, ed.editing)
        except persona_form.PersonaSaveError as e:
            st.error(plain(str(e)), icon=":material/error:")
            return
        ed.open, ed.saved = False, f"Saved {path}. It is ready to play on the Practice page."
        st.rerun()
    if b.button("Close", width="stretch"):
        ed.open = False
        st.rerun()


def page() -> None:
    st.title("Personas")
    lib = library()
    ed = state.editor()
    if ed.saved:
        st.success(plain(ed.saved), icon=":material/check:")
        ed.saved = None
    if ed.open:
        editor(lib)
    else:
        gallery(lib)


page()

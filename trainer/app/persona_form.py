"""The persona editor's logic: widget values <-> a persona document, checking it as the files are checked, saving.

The form keeps one widget per field under a `pf.` key; a document is built from those values on every rerun and
validated with the same model (and the same lint) as the files, and each problem is put next to its field.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from trainer.app.moves import section_title
from trainer.app.problems import plain_message
from trainer.files.library import Library, LoadError, parse_yaml
from trainer.files.lint import lint_persona
from trainer.files.model import FieldError
from trainer.files.paths import user_dir
from trainer.files.persona import MOVE_KINDS, TACTICS, MoveKind, Persona, TacticParams
from trainer.files.schemas import write_schemas

SCHEMA_LINE = "# yaml-language-server: $schema=persona.schema.json"
PREFIX = "pf."
# The form's ranges for the tactic numbers: the persona model's own bounds (concession must be above 0).
RANGES: dict[str, tuple[float, float] | tuple[int, int]] = {
    "opening": (0.0, 1.0),
    "concession": (0.05, 5.0),
    "rounds": (2, 100),
    "disclosure": (0.0, 1.0),
    "patience": (1, 100),
    "insult_tolerance": (0, 20),
    "nibbles": (0, 5),
}
NUMBERS = tuple(RANGES)
TAG_LISTS = ("nibble_for", "strip")
SWITCHES = ("last_offer",)
MOVE_GROUPS: dict[str, tuple[MoveKind, ...]] = {
    "Opening": ("greet", "anchor", "small_talk", "nudge"),
    "Offers": ("counter", "concede", "re_anchor", "restate", "accept", "confirm", "close"),
    "Questions": ("basis", "explain", "clarify"),
    "Interests": ("reveal", "deflect", "guard", "acknowledge"),
    "Tactic moves": ("nibble", "nibble_drop", "nibble_trade", "dismantle", "accept_reprice"),
    "Endings": ("dissatisfied", "walk_away", "insulted", "last_offer", "farewell"),
}
# A move added to the files before this table learns of it still gets a tab (the tests say when one is missing).
_GROUPED = {k for kinds in MOVE_GROUPS.values() for k in kinds}
if set(MOVE_KINDS) - _GROUPED:
    MOVE_GROUPS["Other moves"] = tuple(k for k in MOVE_KINDS if k not in _GROUPED)
# How the form names each field in its messages (the YAML key stays in the field's help).
FIELD_TITLES: dict[str, str] = {
    "id": "Id",
    "name": "Name",
    "description": "Description",
    "tactic": "Tactic",
    "params": "Tactic parameters",
    "params.opening": "Opening",
    "params.concession": "Concession curve",
    "params.rounds": "Rounds to concede over",
    "params.disclosure": "Disclosure",
    "params.patience": "Patience",
    "params.insult_tolerance": "Insults tolerated",
    "params.nibbles": "Nibbles before closing",
    "params.last_offer": "Last offer when you walk away",
    "params.nibble_for": "Nibbles for issues tagged",
    "params.strip": "Strips bundle items tagged",
    "voice": "Voice",
    "voice.tone": "Tone",
    "voice.style": "Style notes",
    "lines": "Phrasebook",
    **{f"lines.{kind}": f"Phrasebook: {section_title(kind)}" for kind in MOVE_KINDS},
}
TACTIC_HELP = {
    "anchorer": "opens with an extreme first offer and defends it; moves slowly unless the anchor is questioned",
    "nibbler": "agrees quickly, then asks for small extras once the deal is nearly done",
    "bundle-dismantler": "takes items out of the package and keeps the price, until the trainee re-prices",
}


@dataclass
class Checked:
    """A draft as the files are checked: the persona if it is valid, and problems by form field."""

    persona: Persona | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    empty: list[MoveKind] = field(default_factory=list)  # phrasebook sections with no lines

    def add(self, kind: str, where: str, message: str) -> None:
        target = self.errors if kind == "error" else self.warnings
        target.setdefault(where, []).append(message)


class PersonaSaveError(Exception):
    """The persona cannot be saved under that id; the message says why and what to do."""


def key(name: str) -> str:
    return PREFIX + name


def values_from_doc(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Widget values for a persona document (a loaded persona's dump, or parsed YAML); what is missing is blank."""
    params = _mapping(doc.get("params"))
    defaults = TacticParams().model_dump()
    voice = _mapping(doc.get("voice"))
    lines = _mapping(doc.get("lines"))
    values: dict[str, Any] = {
        key("id"): str(doc.get("id", "")),
        key("name"): str(doc.get("name", "")),
        key("description"): str(doc.get("description", "")),
        key("tactic"): doc.get("tactic") if doc.get("tactic") in TACTICS else TACTICS[0],
        key("voice.tone"): str(voice.get("tone", "")),
        key("voice.style"): _text_lines(voice.get("style")),
    }
    for name in NUMBERS:
        values[key(f"params.{name}")] = _number(name, params.get(name), defaults[name])
    for name in TAG_LISTS:
        values[key(f"params.{name}")] = ", ".join(str(t) for t in params.get(name, defaults[name]) or [])
    for name in SWITCHES:
        given = params.get(name, defaults[name])
        values[key(f"params.{name}")] = given if isinstance(given, bool) else defaults[name]
    for kind in MOVE_KINDS:
        values[key(f"lines.{kind}")] = _text_lines(lines.get(kind))
    return values


def _number(name: str, value: Any, default: float) -> float | int:
    """A value the number widget accepts: of the field's type and inside its range (else the default)."""
    low, high = RANGES[name]
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = default
    value = min(max(value, low), high)
    return int(value) if isinstance(low, int) else float(value)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text_lines(value: Any) -> str:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def doc_from_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The persona document the form's values describe, in the order the files use."""
    params: dict[str, Any] = {name: values.get(key(f"params.{name}")) for name in NUMBERS}
    for name in TAG_LISTS:
        params[name] = [t.strip() for t in str(values.get(key(f"params.{name}"), "")).split(",") if t.strip()]
    for name in SWITCHES:
        params[name] = bool(values.get(key(f"params.{name}"), True))
    lines = {kind: _split(values.get(key(f"lines.{kind}"))) for kind in MOVE_KINDS}
    return {
        "id": str(values.get(key("id"), "")).strip(),
        "name": values.get(key("name"), ""),
        "description": values.get(key("description"), ""),
        "tactic": values.get(key("tactic")),
        "params": params,
        "voice": {"tone": values.get(key("voice.tone"), ""), "style": _split(values.get(key("voice.style")))},
        "lines": {k: v for k, v in lines.items() if v},
    }


def _split(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def check(doc: Mapping[str, Any]) -> Checked:
    """Validates with the persona model, then lints; every problem is keyed by the form field it belongs to."""
    try:
        persona = Persona.model_validate(doc)
    except ValidationError as e:
        checked = Checked(persona=None)
        for error in e.errors():
            cause = (error.get("ctx") or {}).get("error")
            where = (
                re.sub(r"\[\d+\]", "", cause.field)
                if isinstance(cause, FieldError)
                else field_of(error["loc"], str(error["msg"]))
            )
            checked.add("error", where, _message(error))
        return checked
    checked = Checked(persona=persona, empty=[k for k in MOVE_KINDS if not persona.lines.get(k)])
    for problem in lint_persona(persona, f"{persona.id}.yaml"):
        if problem.field.removeprefix("lines.") not in checked.empty:  # empty sections get their own warning
            checked.add("warning", problem.field, _advice(problem.field, problem.message))
    return checked


def title(where: str) -> str:
    """The field's name as the form shows it."""
    return FIELD_TITLES.get(where, "The persona" if where == "(persona)" else where)


def _advice(where: str, message: str) -> str:
    found = re.match(r"has (\d+) lines; write at least (\d+) variants", message)
    if where.startswith("lines.") and found:
        have, want = found.groups()
        return f"has {have} line{'' if have == '1' else 's'}; write at least {want}, so replies vary"
    return message


def field_of(loc: tuple[int | str, ...], message: str) -> str:
    """The form field a pydantic error belongs to: 'params.opening', 'lines.greet', 'voice.style', ..."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if not parts:  # a model-level check names its field at the start of its message: "lines.greet: ..."
        found = re.match(r"(?:Value error, )?(lines\.[a-z_]+):", message)
        return found.group(1) if found else "(persona)"
    return ".".join(parts[:2])


def _message(error: Mapping[str, Any]) -> str:
    """Plain words for a problem; the field's name is shown before them, so a validator's own prefix goes."""
    return re.sub(r"^lines\.[a-z_]+: ", "", plain_message(error))


def persona_yaml(doc: Mapping[str, Any]) -> str:
    """The file as saved: the schema line first, then the fields (the id is the file name)."""
    body = {k: v for k, v in doc.items() if k != "id"}
    return SCHEMA_LINE + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110)


def doc_from_yaml(text: str) -> dict[str, Any]:
    """A document from YAML typed in the editor; LoadError for YAML that is not a mapping of fields."""
    return parse_yaml(text, "YAML")


def copy_id(base: str, taken: set[str]) -> str:
    """A free id for a copy: 'anchorer-copy', then 'anchorer-copy-2', ..."""
    candidate = f"{base}-copy"
    n = 2
    while candidate in taken:
        candidate, n = f"{base}-copy-{n}", n + 1
    return candidate


def save(doc: Mapping[str, Any], library: Library, editing: str | None) -> Path:
    """Writes a valid persona into the user's personas folder; a bundled id, or another persona's, is refused."""
    persona = Persona.model_validate(doc)
    if persona.id in library.personas and library.is_bundled("personas", persona.id):
        raise PersonaSaveError(f"{persona.id!r} is a bundled persona, which cannot be overwritten; choose another id")
    if persona.id in library.personas and persona.id != editing:
        raise PersonaSaveError(f"you already have a persona {persona.id!r}; choose another id, or edit that one")
    folder = user_dir("personas")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{persona.id}.yaml"
        path.write_text(persona_yaml(doc), encoding="utf-8")
        write_schemas({"scenarios": user_dir("scenarios"), "personas": folder})
    except OSError as e:
        raise PersonaSaveError(f"cannot write to {folder}: {e.strerror}; check the data location in Settings") from e
    return path


def delete(persona_id: str, library: Library) -> None:
    """Removes a custom persona's file; bundled personas are never removed."""
    if library.is_bundled("personas", persona_id):
        raise PersonaSaveError(f"{persona_id!r} is bundled and cannot be deleted")
    source = library.sources.get(f"personas/{persona_id}")
    if source is None:
        raise PersonaSaveError(f"there is no persona {persona_id!r}")
    try:
        source.unlink()
    except OSError as e:
        raise PersonaSaveError(f"cannot delete {source}: {e.strerror}") from e


def problems_of_user_files(library: Library) -> list[LoadError]:
    """The load problems of persona files in the user's folder, to show in the gallery."""
    folder = str(user_dir("personas"))
    return [p for p in library.problems if p.path.startswith(folder)]

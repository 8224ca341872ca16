"""Reads scenario and persona files into checked models; a bad file is one clear error and the rest still load."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from trainer.files.model import FieldError
from trainer.files.paths import FileKind, bundled_dir, user_dir
from trainer.files.persona import Persona
from trainer.files.scenario import Scenario

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # the formats nest 5 deep; anything far deeper is a mistake or an attack
MAX_DIGITS = 30  # no figure in a scenario needs more; int() of thousands of digits fails or is slow
M = TypeVar("M", bound=BaseModel)


class LoadError(Exception):
    """A file that cannot be used, with the field at fault and what is expected."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        field, message = one_line(field, 200), one_line(message, 500)  # one problem, one line of output
        super().__init__(f"{path}: {field}: {message}")
        self.path = str(path)
        self.field = field
        self.message = message


class UnknownIdError(LookupError):
    """A scenario or persona id that the library does not have."""


def read_yaml(path: Path) -> dict[str, Any]:
    """The file's mapping; refuses big, binary, aliased or non-mapping files with a LoadError."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(path, "(file)", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise LoadError(path, "(file)", f"not UTF-8 text (byte {e.start}); save the file as UTF-8") from e
    except OSError as e:
        raise LoadError(path, "(file)", f"cannot read it: {e.strerror}") from e
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str = "<text>") -> dict[str, Any]:
    """The text's top-level mapping; every failure, however odd the text, is a LoadError naming the line."""
    if len(text) > MAX_FILE_BYTES:
        raise LoadError(path, "(file)", f"text is {len(text):,} characters; the limit is {MAX_FILE_BYTES:,}")
    try:
        _check_events(text, path)
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as e:
        raise LoadError(path, "(yaml)", _yaml_problem(e)) from e
    except (RecursionError, ValueError, OverflowError) as e:  # a limit the event check did not foresee
        raise LoadError(path, "(yaml)", f"cannot be read: {one_line(str(e))}") from e
    if data is None:
        raise LoadError(path, "(file)", "the file is empty; expected a mapping of fields")
    if not isinstance(data, dict):
        raise LoadError(path, "(file)", f"expected a mapping of fields at the top, found a {type(data).__name__}")
    return data


def _check_events(text: str, path: Path | str) -> None:
    """Limits checked on the event stream, before any value is built: the stream is read lazily, so a file nested
    10,000 deep or holding a 5,000-digit number stops at the first event past the limit."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            # An alias bomb expands exponentially when validated.
            raise LoadError(path, "(yaml)", f"{_where(event)}YAML aliases (*name) are not allowed here; write it out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(path, "(yaml)", f"{_where(event)}nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and event.style is None and _NUMBER.match(event.value):
            digits = sum(c.isdigit() for c in event.value)
            if digits > MAX_DIGITS:
                raise LoadError(
                    path, "(yaml)", f"{_where(event)}a number of {digits:,} digits; the limit is {MAX_DIGITS}"
                )


_NUMBER = re.compile(r"^[-+]?(\.?[0-9])[0-9_.eE+\-:]*$")


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, but a key written twice is an error rather than the last one silently winning."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in this mapping; keep one", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _where(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""


def _yaml_problem(e: yaml.YAMLError) -> str:
    """PyYAML's message on one line: where, then what."""
    mark = getattr(e, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(e, "problem", None) or str(e)
    return where + one_line(problem)


def one_line(text: str, limit: int = 300) -> str:
    """A message fit for one line of output: whitespace runs collapsed, control characters shown, long text cut."""
    flat = " ".join(text.split())
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in flat)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def build(model: type[M], data: dict[str, Any], path: Path | str, file_id: str) -> M:
    """The validated model; the id comes from the file name unless the file says the same."""
    if "id" in data and data["id"] != file_id:
        raise LoadError(path, "id", f"{data['id']!r} differs from the file name {file_id!r}; make them the same")
    try:
        return model.model_validate({**data, "id": file_id})
    except ValidationError as e:
        first = e.errors()[0]
        raise LoadError(path, _field_of(first, data), _message(first)) from e


def _field_of(error: Any, data: Any) -> str:
    """The field at fault: where pydantic found it, plus the field a cross-field check named inside that."""
    cause = error.get("ctx", {}).get("error")
    inner = cause.field if isinstance(cause, FieldError) else ""
    outer = field_path(error["loc"], data) if error["loc"] else ""
    return ".".join(part for part in (outer, inner) if part) or "(file)"


def field_path(loc: Sequence[int | str], data: Any) -> str:
    """A readable dotted path; list items are named by their id where they have one: issues[price].options[0]."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{name if isinstance(name, str) else key}]"]
            node = item
        else:
            parts.append(key)
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(file)"


def _message(error: Any) -> str:
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldError):
        return cause.message
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown field; check the spelling against `winwin schema`"
    if error["type"] == "missing":
        return "required field is missing"
    return msg


def load_scenario(path: Path) -> Scenario:
    return build(Scenario, read_yaml(path), path, path.stem)


def load_persona(path: Path) -> Persona:
    return build(Persona, read_yaml(path), path, path.stem)


def load_any(path: Path) -> Scenario | Persona:
    """A scenario or a persona, told apart by the folder or, failing that, by the fields it has."""
    if path.parent.name in ("scenarios", "personas"):
        return load_scenario(path) if path.parent.name == "scenarios" else load_persona(path)
    data = read_yaml(path)
    if "tactic" in data:
        return build(Persona, data, path, path.stem)
    if "issues" in data:
        return build(Scenario, data, path, path.stem)
    raise LoadError(path, "(file)", "neither a scenario (it has no 'issues') nor a persona (it has no 'tactic')")


@dataclass
class Library:
    """Every scenario and persona that loaded, and the problems of those that did not."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[LoadError] = field(default_factory=list)

    def scenario(self, scenario_id: str) -> Scenario:
        if scenario_id not in self.scenarios:
            raise UnknownIdError(f"no scenario {scenario_id!r}; known: {', '.join(sorted(self.scenarios)) or 'none'}")
        return self.scenarios[scenario_id]

    def persona(self, persona_id: str) -> Persona:
        if persona_id not in self.personas:
            raise UnknownIdError(f"no persona {persona_id!r}; known: {', '.join(sorted(self.personas)) or 'none'}")
        return self.personas[persona_id]

    def is_bundled(self, kind: FileKind, item_id: str) -> bool:
        source = self.sources.get(f"{kind}/{item_id}")
        return source is not None and source.parent == bundled_dir(kind)


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_library(folders: Iterable[tuple[FileKind, Path]] | None = None) -> Library:
    """Bundled files first, then the user's; a user file may not take a bundled id."""
    if folders is None:
        kinds: tuple[FileKind, ...] = ("scenarios", "personas")
        folders = [(k, bundled_dir(k)) for k in kinds] + [(k, user_dir(k)) for k in kinds]
    library = Library()
    for kind, folder in folders:
        for path in yaml_files(folder):
            _add(library, kind, path)
    return library


def _add(library: Library, kind: FileKind, path: Path) -> None:
    try:
        item: Scenario | Persona = load_scenario(path) if kind == "scenarios" else load_persona(path)
    except LoadError as e:
        library.problems.append(e)
        return
    key = f"{kind}/{item.id}"
    if key in library.sources:
        library.problems.append(
            LoadError(path, "id", f"{item.id!r} is already taken by {library.sources[key]}; rename this file")
        )
        return
    library.sources[key] = path
    if isinstance(item, Scenario):
        library.scenarios[item.id] = item
    else:
        library.personas[item.id] = item

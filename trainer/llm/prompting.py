"""Prompt templates: prompts/*.md rendered in Jinja's sandbox, because persona and scenario text is user input and a
trainer may edit the templates. A user's copy in the user prompts folder wins over the bundled one. The hash of the
templates a session used goes into its transcript, so the session can be reproduced."""

import hashlib
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from trainer.files.paths import bundled_dir, user_dir


class PromptError(Exception):
    """A prompt file is missing or broken; the message names the file."""


def prompt_path(name: str) -> Path:
    """The user's copy of a prompt file if there is one, else the bundled one."""
    mine = user_dir("prompts") / name
    return mine if mine.is_file() else bundled_dir("prompts") / name


def prompt_source(name: str) -> str:
    path = prompt_path(name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise PromptError(f"{path}: cannot read the prompt file ({e.strerror}); reinstall winwin or restore it") from e


def prompt_hash(*names: str) -> str:
    """A short hash over the named prompt files as they are now."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + prompt_source(name).encode() + b"\0")
    return digest.hexdigest()[:16]


def render(name: str, /, **values: Any) -> str:
    """A template rendered with `values`; a name it uses and is not given is an error, not a blank."""
    path = prompt_path(name)
    source = _body(prompt_source(name))
    try:
        text: str = _compiled(str(path), source).render(**values)
        return text.strip()
    except TemplateError as e:
        raise PromptError(f"{path}: {e}") from e


def front_matter(name: str) -> dict[str, Any]:
    """The YAML block between '---' lines at the top of a prompt file (the judge's rubric lives there)."""
    text = prompt_source(name)
    if not text.startswith("---\n"):
        return {}
    block = text[4:].split("\n---\n", 1)[0]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as e:
        raise PromptError(f"{prompt_path(name)}: the front matter is not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise PromptError(f"{prompt_path(name)}: the front matter must be a mapping")
    return data


def read_toml(name: str) -> dict[str, Any]:
    path = prompt_path(name)
    try:
        return tomllib.loads(prompt_source(name))
    except tomllib.TOMLDecodeError as e:
        raise PromptError(f"{path}: not valid TOML: {e}") from e


def _body(text: str) -> str:
    """The template without its front matter."""
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        return text[4:].split("\n---\n", 1)[1]
    return text


@lru_cache(maxsize=32)
def _compiled(path: str, source: str) -> Template:
    """Compiled once per file content; an edited file compiles again."""
    try:
        return _environment().from_string(source)
    except TemplateError as e:
        raise PromptError(f"{path}: {e}") from e


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)

"""Validation errors in plain words: what is wrong with a value and what to type instead, never pydantic's text.

The app validates forms with the same models as the files; their errors name a type ('string_too_short',
'greater_than_equal', ...) and give numbers in `ctx`. The words the user sees are written here from those.
"""

from collections.abc import Mapping
from typing import Any


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _limit(kind: str, ctx: Mapping[str, Any]) -> str | None:
    """The message for a broken bound, or None when the error is not about one."""
    bounds = {
        "greater_than_equal": ("ge", "at least {}"),
        "greater_than": ("gt", "more than {}"),
        "less_than_equal": ("le", "at most {}"),
        "less_than": ("lt", "less than {}"),
    }
    if kind not in bounds:
        return None
    name, words = bounds[kind]
    return "must be " + words.format(_number(ctx.get(name)))


TYPES = {
    "missing": "is required",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be yes or no (true or false)",
    "bool_parsing": "must be yes or no (true or false)",
    "list_type": "must be a list, one item per line",
    "dict_type": "must be a section of named fields",
    "model_type": "must be a section of named fields",
    "model_attributes_type": "must be a section of named fields",
    "extra_forbidden": "is not a field winwin knows; check its spelling",
    "string_pattern_mismatch": "may use only lower-case letters, digits, - and _, starting with a letter or digit",
}


def plain_message(error: Mapping[str, Any]) -> str:
    """What is wrong, as a phrase that follows the field's name: 'is required', 'must be at most 200 characters'."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "string_too_short":
        return "is required" if ctx.get("min_length") == 1 else f"needs at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must be at most {_number(ctx.get('max_length'))} characters"
    if kind in ("too_short", "too_long"):
        return f"must have between {ctx.get('min_length', 0)} and {ctx.get('max_length', 'any number of')} items"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', 'the listed choices')}"
    bound = _limit(kind, ctx)
    if bound is not None:
        return bound
    if kind in TYPES:
        return TYPES[kind]
    if kind == "value_error":  # winwin's own validators: their messages are already written for people
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return "is not a value winwin can use here"

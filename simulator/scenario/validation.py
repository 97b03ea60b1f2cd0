"""Turn pydantic validation errors into positioned, actionable diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from simulator.diagnostics import Diagnostic
from simulator.scenario.source import SourceDocument
from simulator.yamlsource import KeyPath

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "list_type": "a list",
    "none_required": "nothing",
}


def validate(model: type[BaseModel], doc: SourceDocument) -> tuple[Any, list[Diagnostic]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _diagnostics(model, doc, exc)


def _diagnostics(
    model: type[BaseModel], doc: SourceDocument, exc: ValidationError
) -> list[Diagnostic]:
    grouped: dict[KeyPath, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" or error["type"] == "missing":
            key = (*doc.resolve(loc[:-1]), loc[-1])
        else:
            key = doc.resolve(loc)
        grouped.setdefault(key, []).append(error)
    out: list[Diagnostic] = []
    for key, errors in grouped.items():
        out.append(_one(model, doc, key, errors))
    return out


def _one(
    model: type[BaseModel], doc: SourceDocument, path: KeyPath, errors: list[dict[str, Any]]
) -> Diagnostic:
    first = errors[0]
    kind = first["type"]
    loc = tuple(first["loc"])
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else (f"allowed keys: {', '.join(sorted(allowed))}" if allowed else "")
        )
        return doc.diagnostic(path, "E101", f"unknown key '{name}'", hint=hint, key=True)
    if kind == "missing":
        name = str(path[-1])
        return doc.diagnostic(
            path[:-1],
            "E102",
            f"missing required key '{name}'",
            hint=f"add '{name}:' here",
            key=True,
            shown_path=path,
        )
    if kind == "expression":
        ctx = first.get("ctx", {})
        return doc.diagnostic(
            path,
            "E104",
            first["msg"],
            col_offset=int(ctx.get("offset", 0)),
            hint="conditions use ==, !=, <, <=, >, >=, and, or, not, visits(node), said(intent)",
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        got = first.get("input")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(got), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
        return doc.diagnostic(path, "E103", f"{got!r} is not allowed here", hint=hint)
    type_errors = [e for e in errors if e["type"] in _TYPE_NAMES]
    if type_errors and len(type_errors) == len(errors):
        wanted = " or ".join(dict.fromkeys(_TYPE_NAMES[e["type"]] for e in type_errors))
        got = _describe(first.get("input"))
        return doc.diagnostic(path, "E100", f"expected {wanted}, got {got}")
    non_type = next((e for e in errors if e["type"] not in _TYPE_NAMES), first)
    message = non_type["msg"]
    if non_type["type"] == "string_pattern_mismatch":
        message = "ids use letters, digits, '_', '-' and '.', starting with a letter"
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return doc.diagnostic(path, "E103", message[:1].lower() + message[1:])


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text {str(value)[:40]!r}"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``loc``, by following the model's annotations."""
    current: Any = model
    for step in loc:
        current = _unwrap(current)
        if current is None:
            return []
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field(current, step)
            current = field.annotation if field is not None else None
        elif get_origin(current) is list and isinstance(step, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _field(model: type[BaseModel], step: Any) -> Any:
    for name, field in model.model_fields.items():
        if step in (name, field.alias):
            return field
    return None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            models = [
                a
                for a in get_args(annotation)
                if (isinstance(a, type) and issubclass(a, BaseModel))
                or get_origin(a) in (list, dict)
                or get_origin(a) is typing.Annotated
            ]
            if not models:
                return None
            annotation = models[0]
        else:
            return annotation

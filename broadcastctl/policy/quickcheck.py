"""A yes/no check of a policy file against its schema that needs no jsonschema import.

Loading jsonschema costs about 45 ms, a twentieth of the lint of a 200,000-number campaign,
and a policy file is nearly always valid. The policy schema is compiled with the campaign
schema's compiler (`lint.schema_fast`) after its local `$ref`s are written out in place; the
two keywords that compiler does not know are checked here, where they stand under
`properties`: `uniqueItems` (text items only) and `propertyNames`. The check says yes only
when the document is valid; anything else goes to jsonschema, which also explains failures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from broadcastctl.lint.schema_fast import Check, compile_check
from broadcastctl.schema import policy_schema

_Extra = Callable[[Any], bool]  # a check of the value at one path
_Path = tuple[str, ...]


def valid_policy(document: Any) -> bool:
    """True only if the document is valid against the policy schema (False: ask jsonschema)."""
    compiled = _compiled()
    if compiled is None:
        return False
    check, extras = compiled
    return check(document) and all(extra(_at(document, path)) for path, extra in extras)


@functools.cache
def _compiled() -> tuple[Check, list[tuple[_Path, _Extra]]] | None:
    schema = policy_schema()
    extras: list[tuple[_Path, _Extra]] = []
    try:
        plain = _rewritten(schema, schema.get("$defs", {}), (), extras)
    except _Unknown:
        return None
    check = compile_check(plain)
    return None if check is None else (check, extras)


class _Unknown(Exception):
    """A form this module does not rewrite: leave the policy to jsonschema."""


def _rewritten(node: Any, defs: dict[str, Any], path: _Path | None, extras: list[Any]) -> Any:
    """The schema with `$ref`s in place and the two unknown keywords taken out into `extras`;
    `path` is where the node applies in a document, None below anything but `properties`."""
    if isinstance(node, list):
        return [_rewritten(value, defs, None, extras) for value in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _rewritten(_target(node, defs), defs, path, extras)
    rewritten: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("uniqueItems", "propertyNames"):
            if path is None:
                raise _Unknown(key)
            extras.append((path, _extra(key, value, defs)))
        elif key == "properties" and path is not None:
            rewritten[key] = {
                name: _rewritten(sub, defs, (*path, name), extras) for name, sub in value.items()
            }
        elif key in _VALUES:  # examples and the like: data, not schemas
            rewritten[key] = value
        elif key != "$defs":
            rewritten[key] = _rewritten(value, defs, None, extras)
    return rewritten


def _target(node: dict[str, Any], defs: dict[str, Any]) -> Any:
    ref = node["$ref"]
    if len(node) > 1 or not ref.startswith("#/$defs/") or ref[8:] not in defs:
        raise _Unknown(ref)
    return defs[ref[8:]]


def _extra(key: str, value: Any, defs: dict[str, Any]) -> _Extra:
    if key == "uniqueItems":
        return _unique_text if value is True else _anything
    names = compile_check(_rewritten(value, defs, None, []))
    if names is None:
        raise _Unknown(key)
    return functools.partial(_names_pass, names)


def _anything(value: Any) -> bool:
    del value
    return True


_VALUES = frozenset({"examples", "default", "const", "enum", "required"})


_MISSING = object()


def _at(document: Any, path: _Path) -> Any:
    for name in path:
        if not isinstance(document, dict) or name not in document:
            return _MISSING
        document = document[name]
    return document


def _unique_text(value: Any) -> bool:
    if value is _MISSING or not isinstance(value, list):
        return True  # not an array: uniqueItems does not apply (type says the rest)
    return all(type(item) is str for item in value) and len(set(value)) == len(value)


def _names_pass(names: Check, value: Any) -> bool:
    if value is _MISSING or not isinstance(value, dict):
        return True
    return all(names(name) for name in value)

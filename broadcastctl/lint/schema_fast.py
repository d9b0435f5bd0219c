"""A yes/no check compiled once from a JSON Schema, for the common case: a valid campaign.

jsonschema walks the schema anew for every document (a validator object for each subschema it
enters, an error object for each `if` that does not hold): about 0.3 ms a campaign, most of the
lint of 1,000 small files. Compiled into nested functions, the same schema says "valid" or
"not valid" in a few microseconds. Only a document it refuses goes through jsonschema, which
finds and explains the failures, so every message still comes from the reference
implementation.

The compiler knows the keywords the campaign schema uses, with jsonschema's meaning for each
(which types a keyword applies to, `true` never equal to 1, a pattern searched, not matched);
a schema holding any other keyword is not compiled (`compile_check` returns None) and every
document goes through jsonschema. A test holds its verdict to jsonschema's on every test file
and on generated documents.
"""

# Loops rather than all()/any() over a generator: the generator costs more than most checks.
# ruff: noqa: SIM110

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that assert nothing (jsonschema ignores them, or reads them only as annotations).
_NOTES = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "contentEncoding",
        "errorMessage",  # broadcastctl's own: the message for a failed anyOf
        "patternErrorMessage",  # broadcastctl's own: the message for a failed pattern
    }
)

_SCALARS = (str, int, float, bool, type(None))


class NotCompiled(Exception):
    """The schema uses something this compiler does not know."""


def compile_check(schema: Any) -> Check | None:
    """A function telling whether a document is valid against `schema`, or None if the schema
    holds a keyword (or form) not compiled here."""
    try:
        return _compile(schema)
    except NotCompiled:
        return None


def _compile(schema: Any) -> Check:
    if schema is True:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise NotCompiled(repr(schema))
    unknown = set(schema) - _NOTES - set(_KEYWORDS) - {"then", "else"}
    if unknown:
        raise NotCompiled(", ".join(sorted(unknown)))
    compiled = [_KEYWORDS[key](value, schema) for key, value in schema.items() if key in _KEYWORDS]
    checks = [check for check in compiled if check is not _always]
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(instance: Any) -> bool:
        for check in checks:
            if not check(instance):
                return False
        return True

    return every


def _always(instance: Any) -> bool:
    del instance
    return True


def _never(instance: Any) -> bool:
    del instance
    return False


# --- types, as jsonschema's draft 2020-12 type checker has them ---------------------------


def _is_integer(instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


def _is_number(instance: Any) -> bool:
    return isinstance(instance, numbers.Number) and not isinstance(instance, bool)


_TYPES: dict[str, Check] = {
    "array": lambda instance: isinstance(instance, list),
    "boolean": lambda instance: isinstance(instance, bool),
    "integer": _is_integer,
    "null": lambda instance: instance is None,
    "number": _is_number,
    "object": lambda instance: isinstance(instance, dict),
    "string": lambda instance: isinstance(instance, str),
}


def _type(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    names = value if isinstance(value, list) else [value]
    if not names or any(name not in _TYPES for name in names):
        raise NotCompiled(f"type {value!r}")
    kinds = [_TYPES[name] for name in names]
    if len(kinds) == 1:
        return kinds[0]
    return lambda instance: any(kind(instance) for kind in kinds)


# --- values --------------------------------------------------------------------------------


def _unbool(value: Any) -> Any:
    """JSON Schema's equality: `true` is not 1 and `false` is not 0 (jsonschema's `equal`)."""
    if value is True or value is False:
        return (bool, value)
    return value


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    return bool(_unbool(one) == _unbool(two))


def _scalars(values: list[Any]) -> list[Any]:
    if not all(isinstance(value, _SCALARS) for value in values):
        raise NotCompiled("enum or const of lists or mappings")
    return values


def _enum(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    if not isinstance(value, list):
        raise NotCompiled("enum")
    allowed = _scalars(value)

    def enum(instance: Any) -> bool:
        for each in allowed:
            if _equal(each, instance):
                return True
        return False

    return enum


def _const(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    [expected] = _scalars([value])
    return lambda instance: _equal(instance, expected)


def _bound(applies: Check, measure: Callable[[Any], Any], low: bool) -> Callable[..., Check]:
    def keyword(value: Any, schema: dict[str, Any]) -> Check:
        del schema
        if not _is_number(value):
            raise NotCompiled("a bound that is not a number")
        if low:
            return lambda instance: not applies(instance) or not measure(instance) < value
        return lambda instance: not applies(instance) or not measure(instance) > value

    return keyword


def _itself(instance: Any) -> Any:
    return instance


def _is_string(instance: Any) -> bool:
    return isinstance(instance, str)


def _is_array(instance: Any) -> bool:
    return isinstance(instance, list)


def _pattern(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    search = re.compile(value).search
    return lambda instance: not isinstance(instance, str) or search(instance) is not None


# --- objects -------------------------------------------------------------------------------


def _properties(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    if not isinstance(value, dict):
        raise NotCompiled("properties")
    compiled = {name: _compile(sub) for name, sub in value.items()}
    checks = {name: check for name, check in compiled.items() if check is not _always}
    if not checks:
        return _always
    if len(checks) < 4:  # a condition's few names: looked up in the document
        few = list(checks.items())

        def some(instance: Any) -> bool:
            if isinstance(instance, dict):
                for name, check in few:
                    if name in instance and not check(instance[name]):
                        return False
            return True

        return some

    def properties(instance: Any) -> bool:  # a document's keys: each looked up in the schema
        if not isinstance(instance, dict):
            return True
        for name, item in instance.items():
            check = checks.get(name)
            if check is not None and not check(item):
                return False
        return True

    return properties


def _additional(value: Any, schema: dict[str, Any]) -> Check:
    known = frozenset(schema.get("properties", {}))
    check = _compile(value)

    def additional(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        return all(check(instance[name]) for name in instance if name not in known)

    return additional


def _required(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    if not isinstance(value, list):
        raise NotCompiled("required")
    names = list(value)

    def required(instance: Any) -> bool:
        if isinstance(instance, dict):
            for name in names:
                if name not in instance:
                    return False
        return True

    return required


# --- arrays --------------------------------------------------------------------------------


def _items(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    check = _compile(value)
    return lambda instance: not isinstance(instance, list) or all(map(check, instance))


# --- combinations --------------------------------------------------------------------------


def _subschemas(value: Any) -> list[Check]:
    if not isinstance(value, list) or not value:
        raise NotCompiled("a combination without subschemas")
    return [_compile(sub) for sub in value]


def _all_of(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    checks = _subschemas(value)

    def all_of(instance: Any) -> bool:
        for check in checks:
            if not check(instance):
                return False
        return True

    return all_of


def _any_of(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    checks = _subschemas(value)

    def any_of(instance: Any) -> bool:
        for check in checks:
            if check(instance):
                return True
        return False

    return any_of


def _not(value: Any, schema: dict[str, Any]) -> Check:
    del schema
    check = _compile(value)
    return lambda instance: not check(instance)


def _if(value: Any, schema: dict[str, Any]) -> Check:
    condition = _compile(value)
    then = _compile(schema.get("then", True))
    otherwise = _compile(schema.get("else", True))
    return lambda instance: then(instance) if condition(instance) else otherwise(instance)


def _length(instance: Any) -> int:
    return len(instance)


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _bound(_is_number, _itself, low=True),
    "maximum": _bound(_is_number, _itself, low=False),
    "minLength": _bound(_is_string, _length, low=True),
    "maxLength": _bound(_is_string, _length, low=False),
    "minItems": _bound(_is_array, _length, low=True),
    "maxItems": _bound(_is_array, _length, low=False),
    "pattern": _pattern,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "allOf": _all_of,
    "anyOf": _any_of,
    "not": _not,
    "if": _if,
}

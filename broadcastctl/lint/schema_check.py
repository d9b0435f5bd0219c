"""Check a campaign against the JSON Schema; explain each failure on its line, in plain words.

A conditional rule names the condition that made it apply ("required because `hangUpSms` is 1
(line 12)"). The numbers are checked apart from the rest of the document: 200,000 of them go
through one compiled check instead of 200,000 trips through the schema library.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from broadcastctl.lint.campaigns import Campaign, Numbers
from broadcastctl.lint.diagnostics import Diagnostic, error, in_order, json_pointer
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.lint.schema_fast import Check, compile_check
from broadcastctl.lint.sourcemap import ScalarAt, deepest, key_mark, value_mark
from broadcastctl.privacy import mask_number, masked_at
from broadcastctl.schema import campaign_schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

REQUIRED = "required"
CONDITIONAL_REQUIRED = "conditional-required"
UNKNOWN_KEY = "unknown-key"
WRONG_TYPE = "wrong-type"
NOT_ALLOWED_VALUE = "not-allowed-value"
OUT_OF_RANGE = "out-of-range"
BAD_LENGTH = "bad-length"
BAD_FORMAT = "bad-format"
BAD_COUNT = "bad-count"
BAD_NUMBER = "bad-number"
CONFLICT = "conflict"
CONDITION = "condition"
SCHEMA_OTHER = "schema"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(REQUIRED, "fields the vendor requires are present", Group.SCHEMA),
    Rule(
        CONDITIONAL_REQUIRED,
        "fields that a switch (source, hangUpSms, toSeat) requires are present",
        Group.SCHEMA,
    ),
    Rule(UNKNOWN_KEY, "every key is an API field or one of broadcastctl's own", Group.SCHEMA),
    Rule(WRONG_TYPE, "each value has the type the API takes", Group.SCHEMA),
    Rule(NOT_ALLOWED_VALUE, "switches and codes take one of their allowed values", Group.SCHEMA),
    Rule(OUT_OF_RANGE, "numbers stay within the vendor's limits", Group.SCHEMA),
    Rule(BAD_LENGTH, "text stays within the vendor's length limits", Group.SCHEMA),
    Rule(BAD_FORMAT, "times and caller ids have the vendor's format", Group.SCHEMA),
    Rule(BAD_COUNT, "a task has 1 to 200,000 numbers and at most 3 calling windows", Group.SCHEMA),
    Rule(BAD_NUMBER, "each number is 7 to 15 digits, country code first", Group.SCHEMA),
    Rule(CONFLICT, "keys that exclude each other are not given together", Group.SCHEMA),
    Rule(
        CONDITION,
        "combinations the vendor requires (an SMS needs at least one trigger)",
        Group.SCHEMA,
    ),
    Rule(SCHEMA_OTHER, "any other rule of the schema", Group.SCHEMA),
)


_YES_NO = {"yes", "no", "y", "n", "on", "off", "true", "false"}


@dataclass(frozen=True)
class _Contract:
    """The schema, split into the document without its number items, and the item rules."""

    schema: dict[str, Any]
    document: dict[str, Any]
    valid_document: Check | None  # jsonschema's verdict on `document`, compiled; None: not compiled
    item: dict[str, Any]
    number_pattern: re.Pattern[str]
    numbers_pattern: re.Pattern[str] | None  # the item pattern over lines, when it can say so
    number_range: tuple[int, int]
    count_range: tuple[int, int]


@functools.cache
def _contract() -> _Contract:
    schema = campaign_schema()
    numbers = schema["properties"]["numberList"]
    document = copy.deepcopy(schema)
    del document["properties"]["numberList"]["items"]
    text, whole = (_branch(numbers["items"], kind) for kind in ("string", "integer"))
    return _Contract(
        schema,
        document,
        compile_check(document),
        numbers["items"],
        re.compile(text["pattern"]),
        _over_lines(text["pattern"]),
        (whole["minimum"], whole["maximum"]),
        (numbers["minItems"], numbers["maxItems"]),
    )


@functools.cache
def _engine(which: str) -> Draft202012Validator:
    """jsonschema's validator for the document or for one number, loaded only when a campaign
    fails the compiled check: its import alone costs about 50 ms, a valid repository's whole
    schema check."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - deferred on purpose

    contract = _contract()
    return Draft202012Validator(contract.document if which == "document" else contract.item)


# An item pattern of this shape (anchored at both ends, the body unable to match a line break)
# says of many numbers at once, joined by line breaks, what it says of each.
_WHOLE_TEXT = re.compile(r"\^(?P<body>\[0-9\](?:\{[0-9]+(?:,[0-9]+)?\})?)\(\?!\[\\s\\S\]\)")


def _over_lines(pattern: str) -> re.Pattern[str] | None:
    """A pattern that matches the joined numbers when every one of them matches `pattern`."""
    shape = _WHOLE_TEXT.fullmatch(pattern)
    if shape is None:
        return None
    body = shape["body"]
    # possessive: each line matches one way, and no backtracking state is kept for 200,000
    return re.compile(f"(?:{body}\n)*+{body}")


def _branch(items: dict[str, Any], kind: str) -> dict[str, Any]:
    branch: dict[str, Any] = next(b for b in items["anyOf"] if b.get("type") == kind)
    return branch


def validate(campaign: Campaign) -> list[Diagnostic]:
    """Every way the campaign breaks the schema, each once, in file order."""
    contract = _contract()
    schema = contract.document
    found = []
    if contract.valid_document is None or not contract.valid_document(campaign.data):
        found = [  # only jsonschema finds and explains failures
            diagnostic
            for failure in _engine("document").iter_errors(campaign.data)
            for diagnostic in _explain(Failure.of(failure), campaign, schema)
        ]
    if campaign.numbers is not None:
        found += check_numbers(campaign.numbers)
        found += _check_number_count(campaign)
    return sorted(_most_telling(found), key=in_order)


def _most_telling(found: list[Diagnostic]) -> set[Diagnostic]:
    """Once a value has the wrong type, its other failures (enum, range) only repeat it."""
    mistyped = {d.pointer for d in found if d.rule == WRONG_TYPE}
    return {d for d in found if d.rule == WRONG_TYPE or d.pointer not in mistyped}


# --- numbers -------------------------------------------------------------------------------


def check_numbers(numbers: Numbers) -> list[Diagnostic]:
    """Each number that breaks the item rules, checked in bulk first since nearly all pass."""
    contract = _contract()
    if _all_valid(numbers.values, contract, numbers.joined):
        return []
    return [
        _number_problem(numbers, index, contract)
        for index, value in enumerate(numbers.values)
        if not _valid_number(value, contract)
    ]


def _all_valid(values: Sequence[Any], contract: _Contract, joined: str | None = None) -> bool:
    """`joined`, if given, is the values (all text, none holding a line break) joined by line
    ends."""
    if joined is not None and contract.numbers_pattern is not None:
        return contract.numbers_pattern.fullmatch(joined) is not None
    kinds = set(map(type, values))
    if kinds == {int}:
        low, high = contract.number_range
        return bool(low <= min(values) and max(values) <= high)
    if kinds != {str}:
        return False
    if contract.numbers_pattern is not None:
        joined = "\n".join(values)
        if joined.count("\n") == len(values) - 1:  # no item holds a line break
            return contract.numbers_pattern.fullmatch(joined) is not None
    return all(map(contract.number_pattern.search, values))


def _valid_number(value: Any, contract: _Contract) -> bool:
    if type(value) is str:
        return contract.number_pattern.search(value) is not None
    low, high = contract.number_range
    return type(value) is int and low <= value <= high


def _number_problem(numbers: Numbers, index: int, contract: _Contract) -> Diagnostic:
    value = numbers.values[index]
    found = next(_engine("item").iter_errors(value), None)
    message = _item_message(value, found and Failure.of(found))
    if numbers.pointer:
        message = f"`numberList[{index}]`: {message}"
    elif numbers.read_from:
        message = f"{message}; numbers are read from {numbers.read_from}"
    return error(numbers.file, numbers.at(index), BAD_NUMBER, message, numbers.item_pointer(index))


def _item_message(value: Any, failure: Failure | None) -> str:
    if failure is None or isinstance(value, float):
        # JSON Schema counts 12025550101.0 as a whole number; as a phone number it is a slip
        return f"{mask_number(value)} is written as a decimal number; write the digits only"
    if isinstance(value, int) and not isinstance(value, bool):
        digits = len(str(abs(value)))
        return f"{mask_number(value)} has {digits} digits; a number is 7 to 15 digits"
    return f"'{_visible(mask_number(value))}' is not a phone number; {_pattern_hint(failure)}"


def _pattern_hint(failure: Failure) -> str:
    for branch in failure.context or [failure]:
        if "patternErrorMessage" in branch.rules:
            return str(branch.rules["patternErrorMessage"])
    return "write the country code and the number, 7 to 15 digits"


def _check_number_count(campaign: Campaign) -> list[Diagnostic]:
    numbers = campaign.numbers
    if numbers is None or numbers.pointer:
        return []  # inline lists are counted by the schema itself
    low, high = _contract().count_range
    if low <= len(numbers.values) <= high:
        return []
    message = (
        f"{numbers.file} holds {len(numbers.values):,} numbers; a task takes {low} to {high:,}"
    )
    return [error(campaign.file, campaign.key_at("numberFile"), BAD_COUNT, message, "/numberFile")]


# --- schema failures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One jsonschema error with plain types: `rules` is the failing subschema ({} for `false`)."""

    keyword: str | None
    path: list[str | int]
    schema_path: list[str | int]
    instance: Any
    expected: Any
    rules: dict[str, Any]
    context: list[Failure]
    message: str

    @classmethod
    def of(cls, error: ValidationError) -> Failure:
        rules = error.schema if isinstance(error.schema, dict) else {}
        return cls(
            None if error.validator is None else str(error.validator),
            list(error.absolute_path),
            list(error.absolute_schema_path),
            error.instance,
            cast(Any, error.validator_value),
            dict(rules),
            [cls.of(child) for child in error.context or []],
            error.message,
        )


Explainer = Callable[[Failure, Campaign, dict[str, Any]], list[Diagnostic]]


def _explain(failure: Failure, campaign: Campaign, schema: dict[str, Any]) -> list[Diagnostic]:
    validator = str(failure.keyword)
    explainer = _EXPLAINERS.get(validator, _explain_other)
    return explainer(failure, campaign, schema)


def _explain_required(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    """The fields one `required` lacks, in one diagnostic: one mistake (a switch turned on
    without its fields, say), one message."""
    path = failure.path
    missing = [name for name in failure.expected if name not in failure.instance]
    if not missing:
        return []
    named = _and([f"{_label([*path, name])}{_title(name)}" for name in missing])
    verb, pronoun = ("is", "it") if len(missing) == 1 else ("are", "them")
    rule, reason = _requirement(failure, campaign, schema, pronoun)
    return [
        error(
            campaign.file,
            value_mark(campaign.positions, path),
            rule,
            f"{named} {verb} required{reason}",
            json_pointer([*path, missing[0]]),
        )
    ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _requirement(
    failure: Failure, campaign: Campaign, schema: dict[str, Any], pronoun: str
) -> tuple[str, str]:
    """Rule id and reason of a `required`: plain, because of an `if`, or unless another is given."""
    branch = _branch_index(failure)
    condition = _condition(failure, schema)
    if branch is None or condition is None:
        return REQUIRED, f"; add {pronoun}"
    if failure.schema_path[branch] == "else":
        others = " or ".join(_label([name]) for name in condition.get(REQUIRED, []))
        return REQUIRED, f"; add {pronoun}, or give {others} instead"
    because = _describe(condition, negate=False, campaign=campaign)
    return CONDITIONAL_REQUIRED, f" because {because}; add {pronoun}"


def _explain_additional(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    del schema
    path = failure.path
    known = list(failure.rules.get("properties", {}))
    by_case = {name.lower(): name for name in known}
    unknown = [key for key in failure.instance if key not in by_case.values()]
    return [
        error(
            campaign.file,
            key_mark(campaign.positions, [*path, key]),
            UNKNOWN_KEY,
            _unknown_key_message(key, known, by_case, fuzzy=index < MAX_FUZZY_SUGGESTIONS),
            json_pointer([*path, key]),
        )
        for index, key in enumerate(unknown)
    ]


# A close-match search costs about a millisecond a key; past this many unknown keys in one
# mapping the file is not a campaign with typos, and only a case mismatch is still suggested.
MAX_FUZZY_SUGGESTIONS = 50


def _unknown_key_message(key: str, known: list[str], by_case: dict[str, str], fuzzy: bool) -> str:
    if key == "<<":
        return "merge keys (<<) are not supported in a campaign; write the fields out"
    guess = by_case.get(key.lower())
    if guess is None and fuzzy:
        import difflib  # noqa: PLC0415 - only for an unknown key: not at every start

        guess = next(iter(difflib.get_close_matches(key, known, 1, 0.6)), None)
    if guess:
        return f"unknown key `{key}`; did you mean `{guess}`?"
    return (
        f"unknown key `{key}`; a campaign takes only the API's fields and numberFile / audioFile "
        "(see `broadcastctl schema`)"
    )


def _explain_false(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    """A key forbidden here (`then: {properties: {baseFile: false}}`).

    jsonschema reports only the forbidden value, at the path of its mapping; the key is found
    from the schema.
    """
    path = failure.path
    rules = _at_path(schema, failure.schema_path)
    mapping = _at_path(campaign.data, path)
    because = _because(failure, campaign, schema)
    return [
        error(
            campaign.file,
            key_mark(campaign.positions, [*path, key]),
            CONFLICT,
            f"{_label([*path, key])} cannot be used because {because}; keep only one of them",
            json_pointer([*path, key]),
        )
        for key, rule in rules.items()
        if rule is False and key in mapping and mapping[key] is failure.instance
    ]


def _explain_type(failure: Failure, campaign: Campaign, schema: dict[str, Any]) -> list[Diagnostic]:
    del schema
    path = failure.path
    node, _ = deepest(campaign.positions, path)
    plain = isinstance(node, ScalarAt) and node.plain
    message = _type_message(_label(path), failure.instance, failure.expected, failure.rules, plain)
    return [_at_value(campaign, path, WRONG_TYPE, message)]


def _type_message(label: str, value: Any, expected: Any, subschema: Any, plain: bool) -> str:
    kinds = set(expected) if isinstance(expected, list) else {expected}
    if value is None:
        return f"{label} is empty; give it a value or remove it"
    if "integer" in kinds:
        return _integer_type_message(label, value, subschema)
    if "string" in kinds:
        written = _yaml_text(value)
        quote = f", but YAML reads {written} as {_kind(value)}; put it in quotes: '{written}'"
        return f"{label} must be text" + (quote if plain else f", not {_kind(value)}")
    if "array" in kinds:
        return f"{label} must be a list, one item per line starting with '- '"
    if "object" in kinds:
        return f"{label} must be a mapping of keys and values"
    return f"{label} must be {' or '.join(sorted(kinds))}, not {_kind(value)}"


def _integer_type_message(label: str, value: Any, subschema: Any) -> str:
    switch = isinstance(subschema, dict) and subschema.get("enum") == [0, 1]
    if switch and (isinstance(value, bool) or str(value).lower() in _YES_NO):
        return f"{label} is a switch the API takes as 0 or 1; write 1 for yes/on or 0 for no/off"
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return f"{label} must be a number, not text; remove the quotes: {value.strip()}"
    if isinstance(value, float):
        return f"{label} must be a whole number (got {value:g})"
    return f"{label} must be a whole number, not {_kind(value)}"


def _yaml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value_text(path: Sequence[str | int], value: Any) -> str:
    """A value for a message; phone numbers masked, line breaks and other controls shown."""
    return _visible(masked_at(path, _yaml_text(value)))


# A trailing line break (a `|` block scalar keeps one) must show in the message, not end it.
_CONTROLS = {code: f"\\x{code:02x}" for code in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def _visible(text: str) -> str:
    return text.translate(_CONTROLS)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "an empty value"


def _explain_enum(failure: Failure, campaign: Campaign, schema: dict[str, Any]) -> list[Diagnostic]:
    path = failure.path
    allowed = list(failure.expected)
    value = failure.instance
    message = f"{_label(path)} must be {_one_of(allowed)} (got {_yaml_text(value)})"
    guess = next((a for a in allowed if str(a).lower() == str(value).lower()), None)
    if guess is not None:
        message += f"; did you mean {guess}?"
    because = _because(failure, campaign, schema)
    return [
        _at_value(
            campaign,
            path,
            NOT_ALLOWED_VALUE,
            message + (f" because {because}" if because else ""),
        )
    ]


def _explain_const(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    path = failure.path
    because = _because(failure, campaign, schema)
    message = f"{_label(path)} must be {failure.expected}"
    message += f" because {because}" if because else f" (got {_yaml_text(failure.instance)})"
    return [_at_value(campaign, path, NOT_ALLOWED_VALUE, message)]


def _one_of(allowed: list[Any]) -> str:
    if len(allowed) == 2:
        return f"{allowed[0]} or {allowed[1]}"
    return "one of " + ", ".join(str(a) for a in allowed)


@dataclass(frozen=True)
class _Bounded:
    """How a failed bound reads: for numbers, text lengths, or list lengths."""

    rule: str
    low: str  # the keywords of the two bounds
    high: str
    phrase: str  # "must be {bounds} characters long"
    actual: Callable[[Any, str], str]  # what the value is instead, given it and its text


_NUMBER = _Bounded(OUT_OF_RANGE, "minimum", "maximum", "must be {}", lambda _, text: f"got {text}")
_TEXT = _Bounded(
    BAD_LENGTH,
    "minLength",
    "maxLength",
    "must be {} characters long",
    lambda v, _: f"it has {len(v)}",
)
_LIST = _Bounded(
    BAD_COUNT, "minItems", "maxItems", "must hold {} items", lambda v, _: f"it holds {len(v):,}"
)
_BOUNDS = {keyword: kind for kind in (_NUMBER, _TEXT, _LIST) for keyword in (kind.low, kind.high)}


def _explain_bounds(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    """A number, a text or a list outside its bounds, stated with both bounds."""
    del schema
    kind = _BOUNDS[str(failure.keyword)]
    bounds = kind.phrase.format(_bounds(failure.rules, kind.low, kind.high))
    actual = kind.actual(failure.instance, _value_text(failure.path, failure.instance))
    message = f"{_label(failure.path)} {bounds} ({actual})"
    return [_at_value(campaign, failure.path, kind.rule, message)]


def _bounds(subschema: Any, low_key: str, high_key: str) -> str:
    low, high = subschema.get(low_key), subschema.get(high_key)
    if low is not None and high is not None:
        return f"from {low:,} to {high:,}"
    return f"at least {low:,}" if low is not None else f"at most {high:,}"


def _explain_pattern(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    del schema
    path = failure.path
    hint = failure.rules.get("patternErrorMessage", f"it must match {failure.expected}")
    message = f"{_label(path)}: {hint} (got '{_value_text(path, failure.instance)}')"
    return [_at_value(campaign, path, BAD_FORMAT, message)]


def _explain_any_of(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    """Explain the branch meant for the value's type; a shared message when the schema gives one."""
    if "errorMessage" in failure.rules:
        if not _any_candidate_given(failure) or _a_candidate_mistyped(failure):
            # Missing altogether: `required` says so. Written as `yes`: its type error does.
            return []
        because = _because(failure, campaign, schema)
        message = failure.rules["errorMessage"] + (f", because {because}" if because else "")
        at = _condition_mark(failure, campaign, schema) or value_mark(
            campaign.positions, failure.path
        )
        return [error(campaign.file, at, CONDITION, message, json_pointer(failure.path))]
    meant = [c for c in failure.context if c.keyword != "type"]
    if meant:
        return _explain(meant[0], campaign, schema)
    kinds = " or ".join(_kind_name(c.expected) for c in failure.context)
    path = failure.path
    message = f"{_label(path)} must be {kinds}, not {_kind(failure.instance)}"
    return [_at_value(campaign, path, WRONG_TYPE, message)]


def _any_candidate_given(failure: Failure) -> bool:
    names = {name for branch in failure.rules["anyOf"] for name in branch.get("required", [])}
    return isinstance(failure.instance, dict) and any(name in failure.instance for name in names)


def _a_candidate_mistyped(failure: Failure) -> bool:
    names = {name for branch in failure.rules["anyOf"] for name in branch.get("required", [])}
    given = [failure.instance[name] for name in names if name in failure.instance]
    return any(type(value) is not int for value in given)


def _kind_name(kind: Any) -> str:
    return {"string": "text", "integer": "a whole number"}.get(str(kind), str(kind))


def _explain_other(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> list[Diagnostic]:
    if failure.keyword is None:
        return _explain_false(failure, campaign, schema)
    path = failure.path
    return [_at_value(campaign, path, SCHEMA_OTHER, f"{_label(path)}: {failure.message}")]


_EXPLAINERS: dict[str, Explainer] = {
    "required": _explain_required,
    "additionalProperties": _explain_additional,
    "type": _explain_type,
    "enum": _explain_enum,
    "const": _explain_const,
    **dict.fromkeys(_BOUNDS, _explain_bounds),
    "pattern": _explain_pattern,
    "anyOf": _explain_any_of,
}


# --- conditions ----------------------------------------------------------------------------


def _because(failure: Failure, campaign: Campaign, schema: dict[str, Any]) -> str:
    """Why a conditional rule applied: the `if` above the failing `then`/`else`, in words."""
    branch = _branch_index(failure)
    condition = _condition(failure, schema)
    if branch is None or condition is None:
        return ""
    negate = failure.schema_path[branch] == "else"
    return _describe(condition, negate=negate, campaign=campaign)


def _branch_index(failure: Failure) -> int | None:
    """Where the innermost `then` or `else` stands in the failing rule's schema path."""
    branches = [i for i, part in enumerate(failure.schema_path) if part in ("then", "else")]
    return branches[-1] if branches else None


def _condition(failure: Failure, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The `if` whose `then` or `else` holds the failing rule, if there is one."""
    branch = _branch_index(failure)
    if branch is None:
        return None
    container = _at_path(schema, failure.schema_path[:branch])
    condition = container.get("if") if isinstance(container, dict) else None
    return condition if isinstance(condition, dict) else None


def _condition_mark(
    failure: Failure, campaign: Campaign, schema: dict[str, Any]
) -> tuple[int, int] | None:
    """Where the first field of the condition above a failing rule stands, if it is given."""
    condition = _condition(failure, schema)
    names = [*(condition or {}).get("properties", {}), *(condition or {}).get("required", [])]
    given = [name for name in names if name in campaign.positions.keys]
    return campaign.key_at(given[0]) if given else None


def _describe(condition: dict[str, Any], *, negate: bool, campaign: Campaign) -> str:
    parts = []
    # A name under `properties` with `true` only declares it (for ajv's strictRequired).
    constants = {
        name: rule["const"]
        for name, rule in condition.get("properties", {}).items()
        if isinstance(rule, dict) and "const" in rule
    }
    for name, value in constants.items():
        parts.append(f"{_label([name])} is {value} ({_line(campaign, name)})")
    constrained = set(constants)
    for name in condition.get("required", []):
        if name not in constrained:
            verb = "is not given" if negate else f"is given ({_line(campaign, name)})"
            parts.append(f"{_label([name])} {verb}")
    for name in condition.get("not", {}).get("required", []):
        parts.append(f"{_label([name])} is not given")
    return " and ".join(parts)


def _line(campaign: Campaign, name: str) -> str:
    return f"line {campaign.key_at(name)[0]}"


# --- helpers -------------------------------------------------------------------------------


def _at_path(schema: Any, path: list[Any]) -> Any:
    node = schema
    for part in path:
        node = node[part]
    return node


def _at_value(campaign: Campaign, path: list[str | int], rule: str, message: str) -> Diagnostic:
    at = value_mark(campaign.positions, path)
    return error(campaign.file, at, rule, message, json_pointer(path))


def _label(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"`{text}`" if text else "the campaign"


def _title(name: str) -> str:
    title = campaign_schema()["properties"].get(name, {}).get("title")
    return f" ({title})" if title else ""

"""How many leading digits decide a number's verdict: past them, libphonenumber's patterns of
the regions judged ask only for digits, so numbers of one length sharing those first digits
share their verdict, and a list of millions is judged one prefix at a time (`listbulk`).

The patterns are read in the small language the metadata writes them in (digits, digit
classes, `\\d`, `(?:...)`, `|`, `?`, `{n}` and `{n,m}`); a pattern in any other form makes the
answer None, and every digit is then judged.
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from broadcastctl.policy.numbers import (
    _TYPES,
    _classifier_of,
    _descs,
    _metadata,
    country_code_of,
)

_TOKEN = re.compile(r"\\d|\[[0-9-]+\]|[0-9]|\(\?:|\)|\||\{[0-9]+(?:,[0-9]+)?\}|\?")
_ANY_DIGIT = {"\\d", "[0-9]"}


UNDECIDED = 99  # more digits than any number has: every digit is judged


@functools.lru_cache(maxsize=4)
def decisive_digits(first: frozenset[str], lengths: frozenset[int]) -> tuple[int, ...]:
    """For each three-digit start of a number (0 to 999), the leading digits (country code
    included) that decide its verdict by `valid_flags(..., first, lengths)` among numbers of
    its length: `UNDECIDED` where it cannot be told."""
    unreached = _classifier_of(first, lengths).unreached
    found = []
    for start in range(1000):
        code = country_code_of(f"{start:03}")
        found.append(_code_digits(code, unreached) if code else 3)
    return tuple(found)


def stretch_decides(stretch: str, unreached: frozenset[str]) -> bool:
    """Whether the numbers of one length that start with `stretch` (digits) share their verdict
    in a survey whose pattern leaves out the `unreached` regions: the digits that decide it
    lie within the stretch."""
    code = country_code_of(stretch)
    return code is not None and _code_digits(code, unreached) <= len(stretch)


@functools.lru_cache(maxsize=1024)
def _code_digits(code: str, unreached: frozenset[str]) -> int:
    widest = 3  # the country code is told by the first three digits
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ()):
        if region in unreached:
            continue  # no branch of it is built
        reach = region_reach(region, int(code))
        if reach is None:
            return UNDECIDED
        widest = max(widest, len(code) + reach)
    return widest


@functools.cache
def region_reach(region: str, country_code: int) -> int | None:
    """The national digits a region's patterns (validity, number types, leading digits) look
    at beyond `\\d`: 0 for a region without metadata (no pattern of it is built)."""
    metadata = _metadata(region, country_code)
    if metadata is None:
        return 0
    patterns = [pattern for pattern, _ in _descs(metadata, ["general_desc", *_TYPES])]
    if metadata.leading_digits:
        patterns.append(metadata.leading_digits)
    reach = 0
    for pattern in patterns:
        found = pattern_reach(pattern)
        if found is None:
            return None
        reach = max(reach, found)
    return reach


def pattern_reach(pattern: str) -> int | None:
    """The furthest position (from the start) at which any match of `pattern` meets a digit
    or class narrower than `\\d`; None for a pattern outside the metadata's small language."""
    tokens = _TOKEN.findall(pattern)
    if "".join(tokens) != pattern:
        return None
    span, rest = _alternatives(tokens)
    return span[2] if span is not None and not rest else None


# (shortest match, longest match, furthest end of a narrow atom: 0 for none)
_Span = tuple[int, int, int]


def _alternatives(tokens: list[str]) -> tuple[_Span | None, list[str]]:
    found: _Span | None = None
    while True:
        span, tokens = _sequence(tokens)
        if span is None:
            return None, tokens
        found = span if found is None else _either(found, span)
        if not tokens or tokens[0] != "|":
            return found, tokens
        tokens = tokens[1:]


def _either(a: _Span, b: _Span) -> _Span:
    return min(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2])


def _sequence(tokens: list[str]) -> tuple[_Span | None, list[str]]:
    low = high = reach = 0
    while tokens and tokens[0] not in ("|", ")"):
        atom, tokens = _atom(tokens)
        if atom is None:
            return None, tokens
        if tokens and (tokens[0] == "?" or tokens[0].startswith("{")):
            atom, tokens = _repeated(atom, tokens[0]), tokens[1:]
        if atom[2]:  # its narrow atoms end at most this far after the longest text before it
            reach = max(reach, high + atom[2])
        low, high = low + atom[0], high + atom[1]
    return (low, high, reach), tokens


def _atom(tokens: list[str]) -> tuple[_Span | None, list[str]]:
    head, tokens = tokens[0], tokens[1:]
    if head == "(?:":
        inner, tokens = _alternatives(tokens)
        if inner is None or not tokens or tokens[0] != ")":
            return None, tokens
        return inner, tokens[1:]
    if head in _ANY_DIGIT:
        return (1, 1, 0), tokens
    if head[0].isdigit() or head[0] == "[":
        return (1, 1, 1), tokens
    return None, tokens  # a quantifier with nothing before it, or a stray ')'


def _repeated(atom: _Span, quantifier: str) -> _Span:
    if quantifier == "?":
        low, high = 0, 1
    else:
        bounds = [int(n) for n in quantifier[1:-1].split(",")]
        low, high = bounds[0], bounds[-1]
    reach = (high - 1) * atom[1] + atom[2] if atom[2] and high else 0
    return atom[0] * low, atom[1] * high, reach

"""How often one person is called across the repository's campaigns: a number that the
campaigns (their numbers, their calling days) would call more often than its country allows
within the period is an error on each campaign involved, naming the others.

Each campaign calls each of its numbers once on each of its calling days (a repeated number is
sent once). When the campaigns fall under several policy files, every limit among them holds:
the smallest allowance wins.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.registry import Group
from broadcastctl.policy.countries import Frequency, country_rules
from broadcastctl.policy.localrules import Calling, purpose_of
from broadcastctl.policy.rules import CallingRule, apply_exceptions
from broadcastctl.privacy import mask_number

CALL_FREQUENCY = "call-frequency"
EXPLAINED = 20  # numbers explained one by one in each campaign; the rest are counted


@dataclass(frozen=True)
class _Breach:
    number: str
    limit: Frequency
    country: str
    calls: tuple[tuple[dt.date, Calling], ...]  # within one period, in order


def check_frequency(callings: Sequence[Calling]) -> list[Diagnostic]:
    """One error per campaign and number called too often (the first few named, the rest
    counted), with the campaign's reviewed exceptions applied."""
    if sum(len(calling.days) for calling in callings) < 2:
        return []  # one call of each number at most
    counted: Counter[str] = Counter()
    members: list[set[str]] = []
    for calling in callings:
        numbers = set(calling.audience.digits)
        numbers.discard("")
        members.append(numbers)
        for _ in calling.days:
            counted.update(numbers)
    repeated = {number for number, calls in counted.items() if calls > 1}
    if not repeated:
        return []
    by_campaign: dict[str, list[_Breach]] = defaultdict(list)
    countries = _countries(callings, repeated)
    for number in sorted(repeated):
        involved = [c for c, numbers in zip(callings, members, strict=True) if number in numbers]
        for breach in _breaches(number, countries.get(number), involved):
            for calling in {calling.campaign.file: calling for _, calling in breach.calls}.values():
                by_campaign[calling.campaign.file].append(breach)
    found: list[Diagnostic] = []
    for calling in callings:
        breaches = by_campaign.get(calling.campaign.file, [])
        found += apply_exceptions(calling.campaign, _reported(calling, breaches))
    return found


def _countries(callings: Sequence[Calling], wanted: set[str]) -> dict[str, str]:
    """The region of each number wanted, as libphonenumber's survey of its campaign found it."""
    found: dict[str, str] = {}
    for calling in callings:
        digits = calling.audience.digits
        if not wanted.difference(found).intersection(digits):
            continue
        regions = calling.audience.survey.regions
        for number, region in zip(digits, regions, strict=True):
            if region is not None and number in wanted:
                found.setdefault(number, region)
    return found


def _breaches(number: str, country: str | None, callings: list[Calling]) -> list[_Breach]:
    if country is None:
        return []
    limits: dict[tuple[str, int, int], Frequency] = {}
    for calling in callings:
        rules = country_rules(country, calling.policy.calling_rules)
        for limit in rules.limits(purpose_of(calling.campaign)):
            limits.setdefault((limit.purpose, limit.calls, limit.days), limit)
    found = []
    for limit in limits.values():
        calls = sorted(
            (
                (day, calling)
                for calling in callings
                for day in calling.days
                if _counts(calling, limit)
            ),
            key=lambda item: (item[0], item[1].campaign.file),
        )
        period = _too_many(calls, limit)
        if period:
            found.append(_Breach(number, limit, country, period))
    return found


def _counts(calling: Calling, limit: Frequency) -> bool:
    """Whether the campaign's calls count against a limit set for one purpose."""
    purpose = purpose_of(calling.campaign)
    return purpose is None or purpose == limit.purpose


def _too_many(
    calls: list[tuple[dt.date, Calling]], limit: Frequency
) -> tuple[tuple[dt.date, Calling], ...]:
    """The first run of calls within `limit.days` consecutive days that exceeds the limit."""
    for start in range(len(calls)):
        end = start
        while end < len(calls) and (calls[end][0] - calls[start][0]).days < limit.days:
            end += 1
        if end - start > limit.calls:
            return tuple(calls[start:end])
    return ()


def _reported(calling: Calling, breaches: list[_Breach]) -> list[Diagnostic]:
    if not breaches:
        return []
    numbers = calling.audience.numbers
    first = {digits: index for index, digits in reversed(list(enumerate(calling.audience.digits)))}
    found = [
        error(
            numbers.file,
            numbers.at(first[breach.number]),
            CALL_FREQUENCY,
            _message(calling, breach),
            numbers.item_pointer(first[breach.number]),
        )
        for breach in breaches[:EXPLAINED]
    ]
    if len(breaches) > EXPLAINED:
        rest = breaches[EXPLAINED:]
        found.append(
            error(
                numbers.file,
                numbers.at(first[rest[0].number]),
                CALL_FREQUENCY,
                f"{len(rest):,} more numbers here are called more often than their country "
                f"allows, with the same campaigns",
                numbers.item_pointer(first[rest[0].number]),
            )
        )
    return found


def _message(calling: Calling, breach: _Breach) -> str:
    limit = breach.limit
    days: Mapping[str, list[str]] = defaultdict(list)
    for day, other in breach.calls:
        days[other.campaign.file].append(str(day))
    said = "; ".join(
        f"{'this campaign' if file == calling.campaign.file else file} on {', '.join(on)}"
        for file, on in days.items()
    )
    rules = country_rules(breach.country, calling.policy.calling_rules)
    return (
        f"{mask_number(breach.number)} would be called {len(breach.calls)} times within "
        f"{limit.days} days ({said}); {rules.name} allows {limit} for {limit.purpose} calls "
        f"({limit.origin.short()}); the error stands on each of these campaigns: call the "
        "number fewer times, or spread the campaigns out"
    )


# The rules of this module, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    CallingRule(
        CALL_FREQUENCY,
        "no number is called more often than its country allows within the period, across the "
        "repository's campaigns",
        Group.POLICY,
        check_frequency,
    ),
)

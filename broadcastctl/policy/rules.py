"""The policy rules: real numbers, allowed countries, do-not-call lists, local calling hours.

Each rule takes the campaign, its audience and the policy, and yields diagnostics like the
lint rules; a reviewed exception in the campaign (`policyExceptions`) turns a rule's errors into
warnings that name the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import phonenumbers

from broadcastctl.lint.campaigns import Campaign, Numbers
from broadcastctl.lint.diagnostics import Diagnostic, Severity, error, warning
from broadcastctl.lint.registry import Context, Group, Rule
from broadcastctl.lint.sendtime import judged
from broadcastctl.policy.audience import Audience, schema_accepts
from broadcastctl.policy.freshness import STALE_SUPPRESSION_ID, stale_lists
from broadcastctl.policy.hours import start_of
from broadcastctl.policy.localrules import Calling, calling_days, local_rules
from broadcastctl.policy.numbers import country_code_of
from broadcastctl.policy.policyfile import Policy
from broadcastctl.policy.suppression import Wanted
from broadcastctl.privacy import mask_number

INVALID_NUMBER = "invalid-number"
COUNTRY_NOT_ALLOWED = "country-not-allowed"
SUPPRESSED_NUMBER = "suppressed-number"
CALLING_HOURS = "calling-hours"
UNJUDGED_HOURS = "unjudged-hours"
STALE_SUPPRESSION = STALE_SUPPRESSION_ID

EXPLAINED = 50  # invalid numbers explained one by one; the rest are counted in one more


@dataclass(frozen=True)
class PolicyRule(Rule):
    """Run on each campaign that loaded, with its audience and the policy over it."""

    check: Callable[[Campaign, Audience | None, Policy, Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class PolicyFileRule(Rule):
    """Run once on each policy file, for all the campaigns below it, with the last day one of
    them calls (None: no campaign with numbers)."""

    check: Callable[[Policy, Context, dt.date | None], Iterable[Diagnostic]]


@dataclass(frozen=True)
class CallingRule(Rule):
    """Run once on every campaign of the pass that has numbers, with its policy and the days it
    calls: a rule across campaigns about the people called."""

    check: Callable[[Sequence[Calling]], Iterable[Diagnostic]]


def check_policy(
    campaign: Campaign,
    policy: Policy,
    context: Context,
    audience: Audience | None,
    rules: Iterable[PolicyRule],
) -> list[Diagnostic]:
    """The policy `rules` over one campaign, with its reviewed exceptions applied."""
    found = [
        diagnostic
        for rule in rules
        for diagnostic in rule.check(campaign, audience, policy, context)
    ]
    return apply_exceptions(campaign, found)


def exceptions_of(campaign: Campaign) -> dict[str, str]:
    """rule -> reason, for each well-formed entry of policyExceptions (the schema checks them)."""
    listed = campaign.data.get("policyExceptions")
    found: dict[str, str] = {}
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("reason"), str):
            found[str(entry.get("rule"))] = entry["reason"]
    return found


def apply_exceptions(campaign: Campaign, found: list[Diagnostic]) -> list[Diagnostic]:
    excepted = exceptions_of(campaign)
    return [
        replace(
            diagnostic,
            severity=Severity.WARNING,
            message=f"{diagnostic.message} [excepted: {excepted[diagnostic.rule]}]",
        )
        if diagnostic.rule in excepted and diagnostic.severity is Severity.ERROR
        else diagnostic
        for diagnostic in found
    ]


# --- invalid-number ------------------------------------------------------------------------


def invalid_numbers(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """Numbers that cannot exist for their country, by libphonenumber's metadata."""
    del campaign, policy, context
    if audience is None:
        return
    if audience.survey.all_valid:
        yield from _mixed_plus(audience)
        return
    numbers, valid = audience.numbers, audience.survey.valid
    bad = [i for i, ok in enumerate(valid) if not ok and schema_accepts(numbers.values[i])]
    for index in bad[:EXPLAINED]:
        message = f"{_label(numbers, index)}{_why_invalid(audience.digits[index], numbers, index)}"
        yield error(
            numbers.file, numbers.at(index), INVALID_NUMBER, message, numbers.item_pointer(index)
        )
    if len(bad) > EXPLAINED:
        rest = bad[EXPLAINED:]
        lines = ", ".join(str(numbers.lines[i]) for i in rest[:5])
        yield error(
            numbers.file,
            numbers.at(rest[0]),
            INVALID_NUMBER,
            f"{len(rest):,} more numbers are not valid (lines {lines}, ...); fix the list",
            numbers.item_pointer(rest[0]),
        )
    yield from _mixed_plus(audience)


def _label(numbers: Numbers, index: int) -> str:
    return f"`numberList[{index}]`: " if numbers.pointer else ""


def _why_invalid(digits: str, numbers: Numbers, index: int) -> str:
    """What is wrong with one number, in the words of its country's numbering plan."""
    shown = mask_number(numbers.values[index])
    if digits.startswith("00"):
        return (
            f"{shown} starts with 00, a dialling prefix; write the country code first, "
            "without 00 or '+'"
        )
    if digits.startswith("0"):
        return (
            f"{shown} is written in national format (a leading 0) and has no country code; "
            "write the country code first, without the 0"
        )
    code = country_code_of(digits)
    if code is None:
        return f"{shown} starts with no known country code; write the country code first"
    return f"{shown} {_plan_problem(digits, code)}"


def _plan_problem(digits: str, code: str) -> str:
    region = phonenumbers.region_code_for_country_code(int(code))
    country = f"{region} (+{code})" if region != "ZZ" else f"+{code}"
    try:
        parsed = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return f"resolves to {country} but is too short to be a number there"
    if phonenumbers.is_valid_number(parsed):
        dialled = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        return (
            f"resolves to {country} with a national prefix after the country code; as "
            f"dialled it is wrong — write {mask_number(dialled[1:])}"
        )
    region = phonenumbers.region_code_for_number(parsed) or region
    country = f"{region} (+{code})" if region not in (None, "ZZ") else country
    national = phonenumbers.national_significant_number(parsed)
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    lengths = _lengths(region)
    if reason in (
        phonenumbers.ValidationResult.TOO_SHORT,
        phonenumbers.ValidationResult.TOO_LONG,
        phonenumbers.ValidationResult.INVALID_LENGTH,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return (
            f"resolves to {country} but has {len(national)} digits after the country code; "
            f"numbers there have {lengths}"
        )
    return (
        f"resolves to {country} but is in none of its number ranges ({len(national)} digits "
        f"after the country code, starting {national[:3]})"
    )


def _lengths(region: str | None) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region or "", None)
    if metadata is None or metadata.general_desc is None:
        return "another length"
    lengths = sorted(metadata.general_desc.possible_length or ())
    if not lengths:
        return "another length"
    if len(lengths) == 1:
        return f"{lengths[0]} digits"
    return f"{', '.join(map(str, lengths[:-1]))} or {lengths[-1]} digits"


def _mixed_plus(audience: Audience) -> Iterator[Diagnostic]:
    """A '+' on some numbers and not others: one way of writing is a slip, so say which."""
    numbers, plus, bare = audience.numbers, audience.plus, audience.bare
    if not plus or not bare or not all(map(schema_accepts, _with_plus(numbers.values))):
        return  # while the schema refuses a '+', bad-number reports each one
    minority = plus < bare
    index = next(
        i
        for i, value in enumerate(numbers.values)
        if type(value) is str and value.startswith("+") == minority
    )
    written = "with" if minority else "without"
    yield error(
        numbers.file,
        numbers.at(index),
        INVALID_NUMBER,
        f"{_label(numbers, index)}{_count(min(plus, bare))} written {written} a leading '+' "
        f"and {max(plus, bare):,} the other way; write them all alike",
        numbers.item_pointer(index),
    )


def _with_plus(values: Iterable[object]) -> list[object]:
    return [value for value in values if type(value) is str and value.startswith("+")]


def _count(count: int) -> str:
    return "1 number is" if count == 1 else f"{count:,} numbers are"


# --- country-not-allowed -------------------------------------------------------------------


def countries(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """Numbers of a region outside the policy's `countries`: one diagnostic per region."""
    del campaign, context
    if audience is None or policy.countries is None:
        return
    numbers, allowed = audience.numbers, policy.countries
    outside = {r for r in audience.by_region if r not in allowed}
    if not outside:
        return
    by_region: dict[str, list[int]] = {}
    regions = zip(audience.survey.regions, audience.survey.valid, numbers.values, strict=True)
    for i, (r, ok, value) in enumerate(regions):
        # only items the schema took as numbers: a refused one is bad-number's, and a
        # diagnostic placed on it would be dropped with the region it names
        if ok and r in outside and schema_accepts(value):
            by_region.setdefault(r, []).append(i)
    for region, indexes in sorted(by_region.items()):
        first = indexes[0]
        more = f" and {len(indexes) - 1:,} more" if len(indexes) > 1 else ""
        yield error(
            numbers.file,
            numbers.at(first),
            COUNTRY_NOT_ALLOWED,
            f"{_label(numbers, first)}{mask_number(numbers.values[first])}{more} "
            f"{'are' if more else 'is'} in {region}, not among the policy's countries "
            f"({', '.join(sorted(allowed))}, in {policy.file}); remove "
            f"{'them' if more else 'it'}, or add {region} to `countries` after review",
            numbers.item_pointer(first),
        )


# --- do-not-call lists ---------------------------------------------------------------------


def suppressed_numbers(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """Numbers on a do-not-call list, compared in E.164 form."""
    del campaign, context
    if audience is None or not policy.suppression:
        return
    numbers = audience.numbers
    survey = audience.survey
    wanted = Wanted.of(audience.digits, all_valid=survey.all_valid, stretches=survey.stretches)
    for listed in policy.suppression:
        found = listed.found_in(wanted)
        if not found:
            continue
        for index, digits in enumerate(audience.digits):
            if digits in found:
                yield error(
                    numbers.file,
                    numbers.at(index),
                    SUPPRESSED_NUMBER,
                    f"{_label(numbers, index)}{mask_number(numbers.values[index])} is on the "
                    f"do-not-call list {listed.file}; remove it — it must not be called",
                    numbers.item_pointer(index),
                )


def calling_hours_rule(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterable[Diagnostic]:
    """The calling rules of each number's country (built-in, with the policy's overrides) on
    each day the campaign calls."""
    vendor = context.vendor_timezone
    if audience is None or not judged(campaign.data.get("sendTime"), context.now, vendor):
        return ()  # a sendTime too far off for any hours to be judged is send-time's error
    count, reading = len(audience.numbers.values), context.window_zone
    days = calling_days(campaign, count, policy, context.now, vendor, reading)
    start = start_of(campaign, context.now, vendor).replace(tzinfo=vendor)
    return local_rules(campaign, audience, policy, days, vendor, context.window_zone, start)


def unjudged_hours(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """Valid numbers of no known time zone, whose calling hours no rule can judge: counted."""
    del policy, context
    count = audience.survey.unzoned() if audience is not None else 0
    if audience is None or not count:
        return
    key = "numberList" if audience.numbers.pointer else "numberFile"
    yield warning(
        campaign.file,
        campaign.key_at(key),
        UNJUDGED_HOURS,
        f"{_count(count)} of no known time zone (non-geographic, such as +800 or +979): "
        "their calling hours could not be judged — check when they would ring, or remove them",
        f"/{key}",
    )


# The rules of this module, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    PolicyRule(
        INVALID_NUMBER,
        "each number exists in its country's numbering plan",
        Group.POLICY,
        invalid_numbers,
    ),
    PolicyRule(
        COUNTRY_NOT_ALLOWED,
        "each number is of a country the policy allows",
        Group.POLICY,
        countries,
    ),
    PolicyRule(
        SUPPRESSED_NUMBER,
        "no number is on a do-not-call list of the policy",
        Group.POLICY,
        suppressed_numbers,
    ),
    PolicyRule(
        CALLING_HOURS,
        "calling windows ring each number within the hours its country allows on that local day "
        "(weekday, Saturday, Sunday, public holiday), in its time zone",
        Group.POLICY,
        calling_hours_rule,
    ),
    PolicyRule(
        UNJUDGED_HOURS,
        "every valid number has a time zone its calling hours can be judged in",
        Group.POLICY,
        unjudged_hours,
    ),
    PolicyFileRule(
        STALE_SUPPRESSION,
        "each do-not-call list is recent enough on the last day a campaign below calls",
        Group.POLICY,
        stale_lists,
    ),
)

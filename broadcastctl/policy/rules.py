"""The policy rules: real numbers, allowed countries, do-not-call lists, local calling hours.

Each rule takes the campaign, its audience and the policy, and yields diagnostics like the
lint rules; a reviewed exception in the campaign (`policyExceptions`) turns a rule's errors into
warnings that name the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import phonenumbers

from broadcastctl.lint.campaigns import Campaign, Numbers
from broadcastctl.lint.diagnostics import Diagnostic, Severity, error
from broadcastctl.lint.registry import Group, declare
from broadcastctl.lint.rules import Context
from broadcastctl.output.privacy import mask_number
from broadcastctl.policy.audience import Audience, audience_of, schema_accepts
from broadcastctl.policy.freshness import (
    STALE_SUPPRESSION_ID,
    date_problem,
    stale_on_calling_days,
)
from broadcastctl.policy.hours import calling_hours
from broadcastctl.policy.numbers import country_code_of
from broadcastctl.policy.policyfile import Policy

INVALID_NUMBER = declare(
    "invalid-number", "each number exists in its country's numbering plan", Group.POLICY
)
COUNTRY_NOT_ALLOWED = declare(
    "country-not-allowed", "each number is of a country the policy allows", Group.POLICY
)
SUPPRESSED_NUMBER = declare(
    "suppressed-number", "no number is on a do-not-call list of the policy", Group.POLICY
)
CALLING_HOURS = declare(
    "calling-hours",
    "calling windows ring each number within the local calling hours of its time zone",
    Group.POLICY,
)
STALE_SUPPRESSION = declare(
    STALE_SUPPRESSION_ID,
    "each do-not-call list is recent enough on the last day a campaign may call",
    Group.POLICY,
)

EXPLAINED = 50  # invalid numbers explained one by one; the rest are counted in one more
PolicyRule = Callable[[Campaign, Audience | None, Policy, Context], Iterable[Diagnostic]]


def check_policy(
    campaign: Campaign, policy: Policy, context: Context, audience: Audience | None = None
) -> list[Diagnostic]:
    """Every policy rule over one campaign, with its reviewed exceptions applied; `audience`
    is its numbers' (worked out here when not given)."""
    if audience is None and campaign.numbers is not None:
        audience = audience_of(campaign.numbers)
    found = [
        diagnostic
        for rule in POLICY_RULES.values()
        for diagnostic in rule(campaign, audience, policy, context)
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
    wanted = set(audience.digits)
    wanted.discard("")
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


def stale_lists(policy: Policy, context: Context) -> Iterator[Diagnostic]:
    """A do-not-call list older than the policy allows, by its export or its last commit.

    A rule of the policy file, checked once for all the campaigns below it.
    """
    if policy.file is None:
        return
    today = context.now.astimezone(context.vendor_timezone).date()
    for listed in policy.suppression:
        pointer = f"/suppression/{listed.index}"
        wrong_date = date_problem(listed, context.now)
        if wrong_date is not None:
            message = f"do-not-call list {listed.file}: {wrong_date}; date it by the day it was "
            message += "exported, or leave the line out and commit it"
            yield error(policy.file, listed.named_at, STALE_SUPPRESSION, message, pointer)
            continue
        if listed.exported is None:
            message = (
                f"the age of do-not-call list {listed.file} is unknown: give it a first line "
                "`# exported: YYYY-MM-DD`, or commit it"
            )
            yield error(policy.file, listed.named_at, STALE_SUPPRESSION, message, pointer)
            continue
        age = (today - listed.exported).days
        if age > policy.max_age_days:
            yield error(
                policy.file,
                listed.named_at,
                STALE_SUPPRESSION,
                f"do-not-call list {listed.file} was {listed.dated_by} on {listed.exported} "
                f"({age} days ago); the policy allows {policy.max_age_days} days — export "
                "it again before calling",
                pointer,
            )


def stale_for_campaign(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """Lists that will be too old by the last day the campaign may call."""
    del audience
    yield from stale_on_calling_days(
        campaign, policy.suppression, policy.max_age_days, context.now, context.vendor_timezone
    )


def calling_hours_rule(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterable[Diagnostic]:
    """The policy's calling hours, or with no policy file the default 08:00-21:00 local."""
    if audience is None:
        return ()
    return calling_hours(campaign, audience, policy, context.now, context.vendor_timezone)


POLICY_RULES: dict[str, PolicyRule] = {
    INVALID_NUMBER: invalid_numbers,
    COUNTRY_NOT_ALLOWED: countries,
    SUPPRESSED_NUMBER: suppressed_numbers,
    STALE_SUPPRESSION: stale_for_campaign,
    CALLING_HOURS: calling_hours_rule,
}

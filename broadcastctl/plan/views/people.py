"""What a plan says about the people called: numbers by country, the local time each calling
window rings in each time zone, and the policy exceptions in force. Counts and times only.

Used by the plan's views (text, markdown, json); bounded so a campaign of many countries or
time zones stays readable, saying how many more there are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from broadcastctl.output.markdown import markdown_cell, markdown_code
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.policy.hours import Span
from broadcastctl.policy.people import People, ZoneHours

COUNTRIES_SHOWN = 6
ZONES_SHOWN = 5
CALLING = (Kind.CREATE, Kind.UPDATE)  # the campaigns whose people the plan shows


def countries(people: People) -> str:
    """'3 in US, 1 in CA', then how many more countries, and numbers of none."""
    parts = [f"{count:,} in {region}" for region, count in people.by_region[:COUNTRIES_SHOWN]]
    more = len(people.by_region) - COUNTRIES_SHOWN
    if more > 0:
        parts.append(f"and {plural(more, 'more country', 'more countries')}")
    if people.unplaced:
        parts.append(f"{people.unplaced:,} of no known country")
    return ", ".join(parts) or "no numbers"


def vendor_windows(people: People) -> str:
    """The campaign's calling windows as written, and its day: 'windows 09:00-12:00 vendor
    time on Mon 2027-01-18'."""
    day = f"{people.day:%a %Y-%m-%d}"
    if not people.windows:
        return f"any hour (no allowSendTime) on {day} vendor time"
    shown = ", ".join(str(window) for window in people.windows)
    word = "window" if len(people.windows) == 1 else "windows"
    if people.reading is not None:
        return f"{word} {shown} in each callee's local time ({people.reading}) from {day}"
    return f"{word} {shown} vendor time on {day}"


def local_span(span: Span) -> str:
    """'Sun 20:00-23:00', or 'Sun 23:00-Mon 02:00' across midnight."""
    end = f"{span.end:%H:%M}" if span.end.date() == span.start.date() else f"{span.end:%a %H:%M}"
    return f"{span.start:%a %H:%M}-{end}"


def zone_times(zone: ZoneHours) -> str:
    """Each window in the zone's local time, and which fall outside its calling hours."""
    return ", ".join(
        local_span(span) + (f" (outside {zone.allowed})" if late else "")
        for span, late in zip(zone.local, zone.late, strict=True)
    )


def _more_zones(people: People) -> int:
    return max(0, len(people.zones) - ZONES_SHOWN)


# --- text ------------------------------------------------------------------------------------


def rules_applied(people: People) -> str:
    """'purpose marketing; FR: Mon-Fri 10:00-13:00, ...' ("" for a plan made without them)."""
    if not people.rules:
        return ""
    purpose = people.purpose or "none given (the strictest reading)"
    shown = [f"{region}: {text}" for region, text in people.rules[:COUNTRIES_SHOWN]]
    return f"purpose {purpose}; rules " + "; ".join(shown)


def text_lines(people: People) -> list[str]:
    """Two lines for a campaign of one time zone; one more a zone, up to ZONES_SHOWN."""
    lines = [f"calls {countries(people)}"]
    if people.rules:
        lines.append(rules_applied(people))
    if len(people.zones) == 1:
        zone = people.zones[0]
        lines.append(f"local time {zone.zone}: {zone_times(zone)}; {vendor_windows(people)}")
        return lines
    if not people.zones:
        return lines
    lines.append(
        f"local time in {plural(len(people.zones), 'time zone')}; {vendor_windows(people)}:"
    )
    lines += [
        f"  {zone.zone} ({zone.numbers:,}): {zone_times(zone)}"
        for zone in people.zones[:ZONES_SHOWN]
    ]
    if _more_zones(people):
        more = plural(_more_zones(people), "more time zone")
        lines.append(f"  … and {more} (plan --format json lists them all)")
    return lines


def text_exceptions(plan: Plan) -> list[str]:
    found = plan.exceptions
    if not found:
        return []
    lines = [f"Policy exceptions in force ({len(found)}):"]
    lines += [
        f'  {action.campaign or action.task_name} ({action.file}): {rule}, because "{reason}"'
        for action, rule, reason in found
    ]
    return lines


# --- markdown --------------------------------------------------------------------------------


def markdown_exceptions(plan: Plan) -> list[str]:
    found = plan.exceptions
    if not found:
        return []
    lines = [
        f"**Policy exceptions in force ({len(found)})**",
        "",
        "| task | file | rule | reason |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {markdown_cell(action.campaign or action.task_name)} | "
        f"{markdown_code(action.file or '')} | "
        f"{markdown_code(rule)} | {markdown_cell(reason)} |"
        for action, rule, reason in found
    ]
    return lines


def markdown_people(plan: Plan) -> list[str]:
    shown = [a for a in plan.of_kind(*CALLING) if a.people is not None]
    if not shown:
        return []
    lines = [
        "**People called**",
        "",
        "| task | numbers by country | calling windows | local time |",
        "|---|---|---|---|",
    ]
    return lines + [_people_row(action) for action in shown]


def _people_row(action: Action) -> str:
    people = action.people
    if people is None:
        return ""
    zones = [
        markdown_cell(f"{zone.zone} ({zone.numbers:,}): {zone_times(zone)}")
        for zone in people.zones[:ZONES_SHOWN]
    ]
    if _more_zones(people):
        zones.append(f"… and {plural(_more_zones(people), 'more time zone')}")
    return (
        f"| {markdown_cell(action.task_name)} | "
        f"{markdown_cell(' — '.join(filter(None, [countries(people), rules_applied(people)])))} | "
        f"{markdown_cell(vendor_windows(people))} | {'<br>'.join(zones)} |"
    )


# --- json ------------------------------------------------------------------------------------


def json_people(people: People | None) -> dict[str, Any] | None:
    """Every country and zone, each window as local date-times with their offsets."""
    if people is None:
        return None
    return {
        "day": people.day.isoformat(),
        "windows": [str(window) for window in people.windows],
        "by_country": dict(people.by_region),
        "no_known_country": people.unplaced,
        **({"purpose": people.purpose, "rules": dict(people.rules)} if people.rules else {}),
        "time_zones": [
            {
                "region": zone.region,
                "zone": zone.zone,
                "numbers": zone.numbers,
                "calling_hours": str(zone.allowed),
                "local": [
                    {"start": _iso(span.start), "end": _iso(span.end), "outside_hours": late}
                    for span, late in zip(zone.local, zone.late, strict=True)
                ],
            }
            for zone in people.zones
        ],
    }


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def json_exceptions(plan: Plan) -> list[dict[str, Any]]:
    return [
        {"task_name": action.task_name, "file": action.file, "rule": rule, "reason": reason}
        for action, rule, reason in plan.exceptions
    ]

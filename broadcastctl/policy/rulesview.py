"""The calling rules in force, by country (built-in, with a policy's overrides), as text,
markdown or JSON: what `broadcastctl rules` prints. Pure: rules in, a string out."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from broadcastctl.output.markdown import markdown_cell as cell
from broadcastctl.policy.countries import DAY_KINDS, CountryRules, Origin, builtin

KINDS = {"weekday": "Mon-Fri", "saturday": "Sat", "sunday": "Sun", "holiday": "holiday"}


def as_data(rules: Sequence[CountryRules], policy: str | None) -> dict[str, Any]:
    return {
        "policy": policy,
        "read": builtin().read,
        "note": "a starting point with sources, not legal advice; override in the policy file",
        "countries": [_country(one) for one in rules],
    }


def _country(rules: CountryRules) -> dict[str, Any]:
    return {
        "country": rules.country,
        "name": rules.name,
        "holidays": rules.holidays,
        "hours": {
            purpose.purpose: {
                kind: {"windows": [str(w) for w in rule.windows], **_origin(rule.origin)}
                for kind in DAY_KINDS
                if (rule := purpose.on(kind)) is not None
            }
            for purpose in rules.purposes
        },
        "frequency": [
            {"purpose": f.purpose, "calls": f.calls, "days": f.days, **_origin(f.origin)}
            for f in rules.frequency
        ],
        "registry": None
        if rules.registry is None
        else {
            "id": rules.registry.id,
            "name": rules.registry.name,
            "max_age_days": rules.registry.max_age_days,
            **_origin(rules.registry.origin),
        },
    }


def _origin(origin: Origin) -> dict[str, Any]:
    if origin.source is None:
        return {"status": "policy", "source": origin.policy}
    source = origin.source
    return {
        "status": origin.status,
        "source": source.url,
        "title": source.title,
        "read": source.read,
        "confirmed": source.confirmed,
        **({"note": source.note} if source.note else {}),
    }


def as_json(rules: Sequence[CountryRules], policy: str | None) -> str:
    return json.dumps(as_data(rules, policy), indent=2, ensure_ascii=False) + "\n"


def as_text(rules: Sequence[CountryRules], policy: str | None) -> str:
    lines = [_heading(policy), ""]
    for one in rules:
        lines.append(f"{one.country}  {one.name}")
        for purpose in one.purposes:
            days = "; ".join(
                f"{KINDS[kind]} {rule}" for kind in DAY_KINDS if (rule := purpose.on(kind))
            )
            lines.append(
                f"  {purpose.purpose:<13} {days}{_no_holidays(one, purpose.on('holiday'))}"
            )
            lines.append(f"  {'':<13} {_said(purpose)}")
        for limit in one.frequency:
            lines.append(f"  frequency     {limit} ({limit.purpose}) — {limit.origin}")
        if one.registry is not None:
            registry = one.registry
            lines.append(
                f"  registry      {registry.name} ({registry.id}): lists at most "
                f"{registry.max_age_days} days old — {registry.origin}"
            )
        lines.append("")
    return "\n".join(lines)


def _said(purpose: Any) -> str:
    origins = {str(rule.origin) for kind in DAY_KINDS if (rule := purpose.on(kind))}
    return " | ".join(sorted(origins))


def _no_holidays(rules: CountryRules, holiday: object) -> str:
    if holiday is not None and not rules.holidays:
        return " (holidays off: judged as their weekday)"
    return "" if holiday is not None else " (holidays: as their weekday)"


def _heading(policy: str | None) -> str:
    where = f"with the overrides of {policy}" if policy else "built-in, no policy file"
    return (
        f"Calling rules in force ({where}); sources read {builtin().read}.\n"
        "A starting point with sources, not legal advice: override them in broadcastctl.yaml "
        "(calling_rules)."
    )


def as_markdown(rules: Sequence[CountryRules], policy: str | None) -> str:
    lines = [_heading(policy).replace("\n", " "), ""]
    lines.append("| country | purpose | Mon-Fri | Sat | Sun | holiday | source |")
    lines.append("|---|---|---|---|---|---|---|")
    for one in rules:
        for purpose in one.purposes:
            hours = [
                cell(str(rule)) if (rule := purpose.on(kind)) else "as weekday"
                for kind in DAY_KINDS
            ]
            lines.append(
                f"| {one.country} | {purpose.purpose} | {' | '.join(hours)} | "
                f"{cell(_said(purpose))} |"
            )
    lines += ["", "| country | frequency | registry |", "|---|---|---|"]
    for one in rules:
        limits = "; ".join(f"{f} ({f.purpose}; {f.origin.short()})" for f in one.frequency)
        registry = (
            f"{one.registry.name}: {one.registry.max_age_days} days ({one.registry.origin.short()})"
            if one.registry
            else "none"
        )
        lines.append(f"| {one.country} | {cell(limits or 'none')} | {cell(registry)} |")
    return "\n".join(lines) + "\n"


VIEWS: dict[str, Callable[[Sequence[CountryRules], str | None], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}

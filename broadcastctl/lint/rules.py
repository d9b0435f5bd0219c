"""Checks a JSON Schema cannot express: one small function per rule, each with a stable id.

Rules read only what the schema has already accepted the shape of; a value of the wrong type is
skipped here because validation reports it.
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeGuard

from broadcastctl.audio import audio_kind
from broadcastctl.lint.campaigns import Campaign, Numbers
from broadcastctl.lint.diagnostics import Diagnostic, error, warning
from broadcastctl.lint.modeline import SCHEMA_COPY, first_line, modeline_target, stale_copy
from broadcastctl.lint.registry import CampaignRule, Context, CrossFileRule, Group
from broadcastctl.lint.sendtime import YEARS_JUDGED, send_moment, years_off
from broadcastctl.lint.sourcemap import value_mark
from broadcastctl.privacy import mask_number
from broadcastctl.schema import campaign_schema
from broadcastctl.vendorfields import ineffective_fields

DUPLICATE_TASK_NAME = "duplicate-task-name"
DUPLICATE_NUMBER = "duplicate-number"
SEND_WINDOW = "send-window"
SEND_TIME = "send-time"
BASE_FILE = "base-file"
NO_EFFECT = "no-effect"

DUPLICATE_LINES_SHOWN = 5
OTHERS_NAMED = 3


def schema_copies(campaigns: Sequence[Campaign], context: Context) -> list[Diagnostic]:
    """A modeline whose schema file is missing or from another version, once per file named:
    the editor would check the campaign against rules lint no longer (or not yet) applies."""
    del context
    first_use: dict[Path, tuple[Campaign, str]] = {}
    resolved: dict[tuple[Path, str], Path] = {}  # a folder's campaigns name one copy
    for campaign in campaigns:
        target = _modeline_target(campaign)
        if target is not None:
            key = (campaign.sources[0].parent, target)
            if key not in resolved:
                resolved[key] = key[0].joinpath(target).resolve()
            first_use.setdefault(resolved[key], (campaign, target))
    found = ((campaign, stale_copy(copy, target)) for copy, (campaign, target) in first_use.items())
    return [warning(c.file, (1, 1), SCHEMA_COPY, message) for c, message in found if message]


def _modeline_target(campaign: Campaign) -> str | None:
    return modeline_target(first_line(campaign.sources[0])) if campaign.sources else None


def duplicate_task_names(campaigns: Sequence[Campaign], context: Context) -> list[Diagnostic]:
    """Every taskName is one task at the vendor, so two files cannot share one."""
    del context
    by_name: dict[str, list[Campaign]] = defaultdict(list)
    for campaign in campaigns:
        name = campaign.data.get("taskName")
        if isinstance(name, str):
            by_name[name].append(campaign)
    return [
        _duplicate_task_name(campaign, name, same)
        for name, same in by_name.items()
        if len(same) > 1
        for campaign in same
    ]


def _duplicate_task_name(campaign: Campaign, name: str, same: list[Campaign]) -> Diagnostic:
    places = [f"{c.file}:{c.key_at('taskName')[0]}" for c in same if c is not campaign]
    others = ", ".join(places[:OTHERS_NAMED])
    if len(places) > OTHERS_NAMED:
        others += f" and {len(places) - OTHERS_NAMED} more"
    return error(
        campaign.file,
        value_mark(campaign.positions, ["taskName"]),
        DUPLICATE_TASK_NAME,
        f"taskName '{name}' is also used by {others}; a taskName names one task at the vendor — "
        "give each campaign its own",
        "/taskName",
    )


def duplicate_numbers(campaign: Campaign, context: Context) -> Iterator[Diagnostic]:
    """Numbers listed twice: called once (deploy sends each number once), but worth a look."""
    del context
    numbers = campaign.numbers
    if numbers is None:
        return
    values = numbers.values
    # text items are their own keys: 200,000 of them are not made text again
    keys: Sequence[str] = values if numbers.joined is not None else list(map(str, values))
    if len(set(keys)) == len(keys):
        return
    first: dict[str, int] = {}
    repeats = [i for i, key in enumerate(keys) if first.setdefault(key, i) != i]
    yield warning(
        numbers.file,
        numbers.at(repeats[0]),
        DUPLICATE_NUMBER,
        _repeats_message(numbers, keys, first, repeats),
        numbers.item_pointer(repeats[0]),
    )


def _repeats_message(
    numbers: Numbers, keys: Sequence[str], first: dict[str, int], repeats: list[int]
) -> str:
    if len(repeats) == 1:
        key = keys[repeats[0]]
        return (
            f"{mask_number(key)} is listed again here (first on line "
            f"{numbers.lines[first[key]]}); it is called once — remove the repeat"
        )
    lines = ", ".join(str(numbers.lines[i]) for i in repeats[1:DUPLICATE_LINES_SHOWN])
    more = ", ..." if len(repeats) > DUPLICATE_LINES_SHOWN else ""
    return (
        f"{len(repeats):,} entries repeat numbers listed earlier (here, and on lines "
        f"{lines}{more}); each number is called once — remove the repeats"
    )


def send_windows(campaign: Campaign, context: Context) -> Iterator[Diagnostic]:
    """Each calling window (allowSendTime, or localWindows) ends after it starts, and no two
    windows overlap."""
    del context
    for key in ("allowSendTime", "localWindows"):
        yield from _send_windows(campaign, key)


def _send_windows(campaign: Campaign, key: str) -> Iterator[Diagnostic]:
    windows = list(_windows(campaign.data, key))
    for index, start, end in windows:
        if start >= end:
            yield error(
                campaign.file,
                value_mark(campaign.positions, [key, index, "endTime"]),
                SEND_WINDOW,
                f"window {index + 1} ends at {end}, not after its start {start}; a window runs "
                "within one day, so split one that crosses midnight into two",
                f"/{key}/{index}/endTime",
            )
    ordered = sorted((w for w in windows if w[1] < w[2]), key=lambda w: w[1:])
    for (first, _, first_end), (second, second_start, _) in itertools.pairwise(ordered):
        if second_start < first_end:
            yield error(
                campaign.file,
                value_mark(campaign.positions, [key, second, "strTime"]),
                SEND_WINDOW,
                f"window {second + 1} starts at {second_start}, before window {first + 1} ends "
                f"at {first_end}; merge the two windows",
                f"/{key}/{second}/strTime",
            )


def _windows(data: dict[str, Any], key: str = "allowSendTime") -> Iterator[tuple[int, str, str]]:
    """(index, strTime, endTime) of each well-formed window; the schema reports the others."""
    windows = data.get(key)
    for index, window in enumerate(windows if isinstance(windows, list) else []):
        if isinstance(window, dict):
            start, end = window.get("strTime"), window.get("endTime")
            if _is_clock(start) and _is_clock(end):
                yield index, start, end


def _is_clock(value: object) -> TypeGuard[str]:
    """HH:mm as the schema requires; zero-padded, so clock times compare as text."""
    return isinstance(value, str) and len(value) == 5 and value[2] == ":"


def send_time(campaign: Campaign, context: Context) -> Iterator[Diagnostic]:
    """sendTime is a real moment of the calendar, within YEARS_JUDGED years of now, and not
    already past in the vendor's zone."""
    value = campaign.data.get("sendTime")
    if not isinstance(value, str) or len(value) != 19:
        return
    at = value_mark(campaign.positions, ["sendTime"])
    moment = send_moment(value, context.vendor_timezone)
    if moment is None:
        yield error(
            campaign.file,
            at,
            SEND_TIME,
            f"sendTime {value} is not a date on the calendar",
            "/sendTime",
        )
        return
    off = years_off(moment, context.now)
    if off is not None:
        yield error(
            campaign.file,
            at,
            SEND_TIME,
            f"sendTime {value} is more than {YEARS_JUDGED} years {off}, too far for its calling "
            "hours to be judged; check the year",
            "/sendTime",
        )
    elif moment < context.now:
        zone = moment.strftime("UTC%z")
        yield warning(
            campaign.file,
            at,
            SEND_TIME,
            f"sendTime {value} ({zone}) is in the past; the task would start calling as soon as "
            "it is created — set a future time, or remove sendTime to call now on purpose",
            "/sendTime",
        )


def base_file(campaign: Campaign, context: Context) -> Iterator[Diagnostic]:
    """baseFile (or audioFile) holds base64 audio of a kind the vendor takes: mp3, wav or m4a."""
    del context
    value = campaign.data.get("baseFile")
    if isinstance(value, str):
        at = value_mark(campaign.positions, ["baseFile"])
        try:
            content = base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            yield error(campaign.file, at, BASE_FILE, _BAD_BASE64, "/baseFile")
            return
        yield from _audio_problem(campaign, content, at, "/baseFile", "baseFile decodes to")
    if campaign.audio is not None:
        at = value_mark(campaign.positions, ["audioFile"])
        yield from _audio_problem(campaign, campaign.audio, at, "/audioFile", "audioFile holds")


_BAD_BASE64 = (
    "baseFile is not valid base64; encode the audio file with `base64 -w0 FILE`, "
    "or name the file in audioFile instead"
)


def _audio_problem(
    campaign: Campaign, content: bytes, at: tuple[int, int], pointer: str, what: str
) -> Iterator[Diagnostic]:
    kind = audio_kind(content)
    if kind is None:
        yield error(
            campaign.file,
            at,
            BASE_FILE,
            f"{what} {len(content):,} bytes that are not mp3, wav or m4a audio; the vendor takes "
            "only those three",
            pointer,
        )
        return
    name = campaign.data.get("uploadName")
    if isinstance(name, str) and not name.lower().endswith(f".{kind}"):
        yield warning(
            campaign.file,
            value_mark(campaign.positions, ["uploadName"]),
            BASE_FILE,
            f"uploadName {name!r} does not end in .{kind}, but the audio is {kind}; name it "
            f"after its format",
            "/uploadName",
        )


def no_effect(campaign: Campaign, context: Context) -> Iterator[Diagnostic]:
    """Fields the switches turn off: the API ignores them, so broadcastctl does not send them."""
    del context
    required = campaign_schema()["required"]
    for name, switch, needed in ineffective_fields(campaign.data):
        if switch not in campaign.data and switch in required:
            continue  # the missing switch is the problem, reported as such
        current = campaign.data.get(switch)
        state = (
            f"is {current} (line {campaign.key_at(switch)[0]})"
            if switch in campaign.data
            else "is not set"
        )
        yield warning(
            campaign.file,
            campaign.key_at(name),
            NO_EFFECT,
            f"`{name}` has no effect because `{switch}` {state}, not {needed}; it will not be "
            f"sent — remove it, or set `{switch}: {needed}`",
            f"/{name}",
        )


# The rules of this module, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    CrossFileRule(
        DUPLICATE_TASK_NAME,
        "each taskName is used by one file only",
        Group.RULE,
        duplicate_task_names,
    ),
    CampaignRule(
        DUPLICATE_NUMBER,
        "no number is listed twice in one campaign",
        Group.RULE,
        duplicate_numbers,
    ),
    CampaignRule(
        SEND_WINDOW,
        "calling windows end after they start and do not overlap",
        Group.RULE,
        send_windows,
    ),
    CampaignRule(
        SEND_TIME,
        "sendTime is a real calendar moment, within ten years of now, and not in the past",
        Group.RULE,
        send_time,
    ),
    CampaignRule(
        BASE_FILE,
        "baseFile / audioFile hold mp3, wav or m4a audio, named after its format",
        Group.RULE,
        base_file,
    ),
    CampaignRule(NO_EFFECT, "no field is given that its switch turns off", Group.RULE, no_effect),
    CrossFileRule(
        SCHEMA_COPY,
        "the schema an editor modeline names (a campaign's, the policy file's) exists and is "
        "this version's",
        Group.RULE,
        schema_copies,
    ),
)

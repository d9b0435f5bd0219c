"""Lint speed with every policy rule on: one campaign of 200,000 numbers of several countries,
a policy file (allowed countries, the built-in calling rules by country with an override for
France, a do-not-call list of 1,000,000 numbers and a registry list judged by its period), against
check-jsonschema on the same file with the campaign schema and no policy.

Both tools must find the file valid (lint: no error and no warning), or the comparison means
nothing; the script stops if either does not.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_policy.py

The numbers are fictional where the numbering plans set numbers aside for fiction (North
American 555-0100 to 555-0199, Ofcom's drama ranges, ARCEP's fiction ranges), the rest are
free-phone numbers (businesses, not people) near libphonenumber's own example numbers. Every
number is valid to libphonenumber, and its time zones all lie between Hawaii and Central
Europe, so one calling window (18:00-20:00 UTC) fits them all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import platform
import random
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from common import OUT, ROOT, Measured, measure, table
from phonenumbers import PhoneNumberType, timezone

SCHEMA = ROOT / "schema" / "campaign.schema.json"
HEADER = "# yaml-language-server: $schema=../../../../schema/campaign.schema.json\n"
COUNT = 200_000
LISTED = 1_000_000
COUNTRIES = ("US", "CA", "GB", "FR", "DE", "ES", "IT", "AT", "CH", "PT", "DK", "NO", "SE")
# where libphonenumber places these numbers; every zone here is awake 18:00-20:00 UTC in winter
ZONES_EAST_OF = -10
ZONES_WEST_OF = 1
# fictional ranges: Ofcom's drama numbers, ARCEP's numbers for fiction
GB_DRAMA = (
    "2079460", "1134960", "1144960", "1164960", "1174960", "1184960", "1214960", "1314960",
    "1414960", "1514960", "1614960", "1914980", "2896496", "2920180", "8081570", "9098790",
    "3069990",
)  # fmt: skip
FR_FICTION = ("19900", "26191", "35301", "46571", "53649", "97740")
EXPORTED = dt.date(2030, 1, 2)  # the day before the campaign's sendTime
FREEPHONE = ("DE", "ES", "IT", "AT", "CH", "PT", "DK", "NO", "SE")


def fictional() -> list[str]:
    north_america = [f"1{area}55501{n:02}" for area in range(200, 1000) for n in range(100)]
    britain = [f"44{start}{n:03}" for start in GB_DRAMA for n in range(1000)]
    france = [f"33{start}{n:04}" for start in FR_FICTION for n in range(10_000)]
    return [n for n in [*north_america, *britain, *france] if _fits(n)]


def freephone(count: int, rng: random.Random) -> list[str]:
    """Free-phone numbers near each country's example, the last digits varied."""
    found: list[str] = []
    for region in FREEPHONE:
        example = phonenumbers.example_number_for_type(region, PhoneNumberType.TOLL_FREE)
        assert example is not None
        digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
        head, tail = digits[:-5], len(digits[-5:])
        candidates = (f"{head}{n:0{tail}}" for n in rng.sample(range(10**tail), 10**tail))
        found += itertools.islice(filter(_fits, candidates), count // len(FREEPHONE) + 1)
    return found


def _fits(digits: str) -> bool:
    number = phonenumbers.parse("+" + digits)
    if not phonenumbers.is_valid_number(number):
        return False
    if phonenumbers.region_code_for_number(number) not in COUNTRIES:
        return False
    zones = timezone.time_zones_for_number(number)
    winter = dt.datetime(2030, 1, 2, 19, tzinfo=dt.UTC)
    offsets = [_hours(winter, zone) for zone in zones]
    return all(ZONES_EAST_OF <= offset <= ZONES_WEST_OF for offset in offsets)


def _hours(moment: dt.datetime, zone: str) -> float:
    offset = moment.astimezone(ZoneInfo(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def numbers(rng: random.Random) -> list[str]:
    chosen = fictional()
    chosen += freephone(COUNT - len(chosen), rng)
    chosen = chosen[:COUNT]
    rng.shuffle(chosen)
    return chosen


def do_not_call(rng: random.Random, today: dt.date) -> str:
    """A million North American 555 numbers outside the fictional block the campaign uses."""
    lines = "\n".join(
        f"1{n // 9900 + 200}555{_skip_fiction(n % 9900):04}"
        for n in rng.sample(range(800 * 9900), LISTED)
    )
    return f"# exported: {today}\n{lines}\n"


def _skip_fiction(line: int) -> int:
    return line + 100 if line >= 100 else line


POLICY = """\
countries: [{countries}]
calling_rules:
  FR:
    weekday: "09:00-21:00"
suppression:
  - do-not-call.txt
  - file: tps.txt
    registry: uk-tps
suppression_max_age_days: 31
"""


def campaign(listed: list[str]) -> str:
    items = "".join(f'  - "{number}"\n' for number in listed)
    return (
        f"{HEADER}appId: iaAJ6COV\ntaskName: 200k numbers\nsource: 3\nlan: EN\n"
        "text: Your parcel arrives tomorrow between 9 and 12.\n"
        # a notice that sells nothing; at the pace lint assumes, 200,000 numbers in a two-hour
        # window take more than a week, so the weekend's rules are judged too
        "purpose: informational\n"
        "sendTime: 2030-01-03 02:00:00\nallowSendTime:\n"
        '  - strTime: "02:00"\n    endTime: "04:00"\n'
        f"numberList:\n{items}loopCount: 1\nmaxCalls: 60\n"
    )


def generate() -> Path:
    rng = random.Random(2026)
    folder = OUT / "policy" / "big"
    shutil.rmtree(folder.parent, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder.parent / "broadcastctl.yaml").write_text(POLICY.format(countries=", ".join(COUNTRIES)))
    # exported the day before the campaign calls: a list is judged on the last calling day
    (folder.parent / "do-not-call.txt").write_text(do_not_call(rng, EXPORTED))
    (folder.parent / "tps.txt").write_text(f"# exported: {EXPORTED}\n447700900999\n")
    (folder / "big.yaml").write_text(campaign(numbers(rng)))
    return folder


def main() -> None:
    if sys.argv[1:] == ["--generate"]:
        generate()
        return
    # in a process of its own, so that the tools measured do not start from its memory
    subprocess.run([sys.executable, __file__, "--generate"], check=True)
    folder = OUT / "policy" / "big"
    bin_dir = Path(sys.executable).parent
    lint = [str(bin_dir / "broadcastctl"), "lint", "--strict", str(folder)]
    other = [
        str(bin_dir / "check-jsonschema"),
        "--schemafile",
        str(SCHEMA),
        str(folder / "big.yaml"),
    ]
    # As installed: pip leaves compiled bytecode beside the modules of both tools, so neither
    # compiles them again on every run (the warm-up run writes it for an editable install).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results = {"broadcastctl lint (every policy rule)": measure(lint, 5, env=environment)}
    results["check-jsonschema (schema only)"] = measure(other, 3, env=environment)
    for tool, result in results.items():
        if result.exit_code != 0:
            sys.exit(f"{tool} did not find the file valid (exit {result.exit_code})")
    baseline = results["check-jsonschema (schema only)"]
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(
        table(
            [
                "tool",
                "median wall time",
                "median CPU time",
                "peak memory",
                "speed vs check-jsonschema",
            ],
            [_row(t, r, baseline) for t, r in results.items()],
        )
    )


def _row(tool: str, result: Measured, baseline: Measured) -> list[str]:
    return [
        tool,
        f"{result.seconds:.3f} s",
        f"{result.cpu_seconds:.3f} s",
        f"{result.peak_mb:.0f} MB",
        f"{baseline.seconds / result.seconds:.1f}x",
    ]


if __name__ == "__main__":
    main()

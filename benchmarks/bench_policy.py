"""Lint speed with every policy rule on: one campaign of 200,000 numbers of several countries,
a policy file (allowed countries, the built-in calling rules by country with an override for
France, a do-not-call list of 1,000,000 numbers and a registry list judged by its period), against
check-jsonschema on the same file with the campaign schema and no policy.

Both tools must find the file valid (lint: no error and no warning), or the comparison means
nothing; the script stops if either does not.

Then a national registry's extract of 5,000,000 lines in three shapes (plain digits, formatted
`+1 (202) 555-0143`, a CSV file with a header and 3 columns): lint of a small campaign under a
policy naming it, once with no compiled form of the list (it is read: goal 10 s, 400 MB), then
from its compiled form in .broadcastctl/lists (goal 0.5 s). `--registry` runs only that part,
`--lines N` sets its size.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_policy.py

The numbers are fictional where the numbering plans set numbers aside for fiction (North
American 555-0100 to 555-0199, Ofcom's drama ranges, ARCEP's fiction ranges), the rest are
free-phone numbers (businesses, not people) near libphonenumber's own example numbers. Every
number is valid to libphonenumber, and its time zones all lie between Hawaii and Central
Europe, so one calling window (18:00-20:00 UTC) fits them all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from common import OUT, ROOT, Measured, measure, measure_in_turn, table
from phonenumbers import PhoneNumberType, timezone

from broadcastctl.policy import listcache
from broadcastctl.policy.numbers import survey

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


def do_not_call(today: dt.date) -> str:
    """A million valid US numbers (every entry of a list must be a valid number), none in the
    555 exchanges whose fictional block the campaign uses."""
    listed = [n for n in registry_numbers(LISTED + LISTED // 50) if n[4:7] != "555"][:LISTED]
    assert len(listed) == LISTED
    return f"# exported: {today}\n" + "\n".join(listed) + "\n"


POLICY = """\
countries: [{countries}]
suppression:
  - do-not-call.txt
  - file: tps.txt
    registry: uk-tps
calling_rules:
  FR:
    weekday: "09:00-21:00"
  GB:
    registry_max_age_days: 3650
# the campaign calls in January 2030 (winter, for its time zones), the lists are exported today:
# judged on the day the campaign calls, a 31-day limit (or the TPS's 28 days) would refuse them
suppression_max_age_days: 3650
"""
REGISTRY_LINES = 5_000_000
REGISTRY_SHAPES = ("plain", "formatted", "csv")


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
    today = dt.date.today()  # an export date in the future is an error
    (folder.parent / "do-not-call.txt").write_text(do_not_call(today))
    # GB's free-phone example: valid (every entry must be), and not among the campaign's numbers
    (folder.parent / "tps.txt").write_text(f"# exported: {today}\n448001234567\n")
    (folder / "big.yaml").write_text(campaign(numbers(rng)))
    return folder


def registry_numbers(count: int) -> list[str]:
    """Valid US numbers (a US registry holds no other), `count` of them in no order: the
    area code and exchange pairs libphonenumber finds valid, each with line numbers."""
    pairs = [f"1{area}{exchange}" for area in range(201, 990) for exchange in range(200, 1000)]
    low, high = survey([p + "0000" for p in pairs]), survey([p + "9999" for p in pairs])
    pairs = [
        pair
        for pair, a, b, region in zip(pairs, low.valid, high.valid, low.regions, strict=True)
        if a and b and region == "US"
    ]
    rng = random.Random(2026)
    numbers = [f"{pairs[(i * 7919) % len(pairs)]}{rng.randrange(10_000):04}" for i in range(count)]
    checked = survey(numbers[:100_000])
    assert all(checked.valid), "the generated registry holds a number that is not valid"
    return numbers


def _formatted(number: str) -> str:
    return f"+1 ({number[1:4]}) {number[4:7]}-{number[7:]}"


def generate_registry(count: int) -> None:
    numbers = registry_numbers(count)
    numbers = [n for n in numbers if n[4:7] != "555"]  # the campaign's own fictional block
    head = f"# exported: {dt.date.today()}\n"
    bodies = {
        "plain": ("registry.txt", head + "\n".join(numbers) + "\n"),
        "formatted": ("registry.txt", head + "\n".join(map(_formatted, numbers)) + "\n"),
        "csv": (
            "registry.csv",
            head
            + "id,phone,added\n"
            + "".join(
                f"{i},{_formatted(n)},2026-11-{i % 28 + 1:02}\n" for i, n in enumerate(numbers)
            ),
        ),
    }
    for shape, (name, body) in bodies.items():
        folder = OUT / "registry" / shape
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / name).write_text(body)
        (folder / "broadcastctl.yaml").write_text(f"suppression:\n  - {name}\n")
        fiction = [f"1{area}55501{n:02}" for area in (202, 212, 312) for n in range(10)]
        (folder / "campaign.yaml").write_text(
            campaign(fiction).replace("2030-01-03", str(dt.date.today() + dt.timedelta(days=2)))
        )


def run_once(command: list[str], env: dict[str, str]) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    return Measured(
        time.perf_counter() - started,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
        usage.ru_utime + usage.ru_stime,
    )


def registry(count: int, environment: dict[str, str]) -> None:
    subprocess.run([sys.executable, __file__, "--generate-registry", str(count)], check=True)
    bin_dir = Path(sys.executable).parent
    rows = []
    for shape in REGISTRY_SHAPES:
        folder = OUT / "registry" / shape
        [listed] = [p for p in folder.iterdir() if p.name.startswith("registry.")]
        lint = [str(bin_dir / "broadcastctl"), "lint", "--strict", str(folder / "campaign.yaml")]
        compiled = ROOT / listcache.FOLDER
        for old in compiled.glob(f"{listcache.owner(listed)}[-.]*"):
            old.unlink()  # its compiled form and the record of its digest
        first = run_once(lint, environment)
        later = measure(lint, 3, env=environment)
        for result in (first, later):
            if result.exit_code != 0:
                sys.exit(f"lint did not find {folder} valid (exit {result.exit_code})")
        rows.append(
            [
                shape,
                f"{listed.stat().st_size / 2**20:.0f} MiB",
                f"{first.seconds:.2f} s",
                f"{first.cpu_seconds:.2f} s",
                f"{first.peak_mb:.0f} MB",
                f"{later.seconds:.3f} s",
                f"{later.cpu_seconds:.3f} s",
                f"{later.peak_mb:.0f} MB",
                _met(first.seconds <= 10 and first.peak_mb <= 400 and later.seconds <= 0.5),
            ]
        )
    print(
        f"A do-not-call list of {count:,} lines (goals: read once in 10 s and 400 MB, 0.5 s after)"
    )
    header = ["shape", "size", "first lint", "its CPU", "its peak", "later lints", "their CPU"]
    header += ["their peak", "goals"]
    print(table(header, rows))


def _met(met: bool) -> str:
    return "met" if met else "not met"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--generate-registry", type=int)
    parser.add_argument("--registry", action="store_true", help="only the 5,000,000-line lists")
    parser.add_argument("--no-registry", action="store_true", help="only the comparison")
    parser.add_argument("--lines", type=int, default=REGISTRY_LINES)
    options = parser.parse_args()
    if options.generate:
        generate()
        return
    if options.generate_registry:
        generate_registry(options.generate_registry)
        return
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    if not options.registry:
        compare(environment)
    if not options.no_registry:
        registry(options.lines, environment)


def compare(environment: dict[str, str]) -> None:
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
    # compiles them again on every run (the warm-up run writes it for an editable install and
    # the compiled do-not-call list). The two take turns, run by run: on two cores shared with
    # other work, check-jsonschema alone took 4.8 s in one run and 7.9 s in another.
    commands = {
        "broadcastctl lint (every policy rule)": lint,
        "check-jsonschema (schema only)": other,
    }
    results = measure_in_turn(commands, 5, env=environment)
    for tool, result in results.items():
        if result.exit_code != 0:
            sys.exit(f"{tool} did not find the file valid (exit {result.exit_code})")
    baseline = results["check-jsonschema (schema only)"]
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
    ours = results["broadcastctl lint (every policy rule)"]
    ratio, cpu_ratio = baseline.seconds / ours.seconds, baseline.cpu_seconds / ours.cpu_seconds
    print(
        f"Goal: 8x check-jsonschema; {ratio:.1f}x by wall time ({_met(ratio >= 8)}), "
        f"{cpu_ratio:.1f}x by CPU time ({_met(cpu_ratio >= 8)})"
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

"""Lint speed: `broadcastctl lint` against check-jsonschema with the same schema on the same files.

(a) one campaign of 200,000 numbers; (b) 1,000 small campaigns in one invocation. Both tools
must find the files valid (exit 0; the script stops otherwise), or the comparison means nothing.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_lint.py
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import sys
from pathlib import Path

import phonenumbers
from common import OUT, ROOT, Measured, measure_in_turn, table

SCHEMA = ROOT / "schema" / "campaign.schema.json"
HEADER = "# yaml-language-server: $schema=../../../schema/campaign.schema.json\n"


def campaign(name: str, numbers: list[str]) -> str:
    listed = "".join(f'  - "{number}"\n' for number in numbers)
    return (
        f"{HEADER}appId: iaAJ6COV\ntaskName: {name}\nsource: 3\nlan: EN\n"
        "text: Your parcel arrives tomorrow between 9 and 12.\n"
        # 06:00-08:00 at UTC+8 in January is daytime in every zone of +1, Guam to Hawaii
        "sendTime: 2030-01-01 06:00:00\nallowSendTime:\n"
        '  - strTime: "06:00"\n    endTime: "08:00"\n'
        f"numberList:\n{listed}loopCount: 1\nmaxCalls: 60\n"
    )


# Numbers that exist (lint checks them against libphonenumber) and reach nobody: the North
# American range 555-0100 to 555-0199 set aside for fiction, in every area code that has it
# (12025550143 is +1 202 555 0143). 45,100 of them; a longer list repeats them.
FICTIONAL = [
    f"1{area}55501{line:02}"
    for area in range(200, 1000)
    if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{area}5550100"))
    for line in range(100)
]


def numbers(count: int, rng: random.Random) -> list[str]:
    if count <= len(FICTIONAL):
        return rng.sample(FICTIONAL, count)
    return [FICTIONAL[index % len(FICTIONAL)] for index in range(count)]


def generate() -> tuple[Path, Path]:
    rng = random.Random(2026)
    big, many = OUT / "big", OUT / "many"
    shutil.rmtree(OUT, ignore_errors=True)
    big.mkdir(parents=True)
    many.mkdir(parents=True)
    (big / "big.yaml").write_text(campaign("200k numbers", numbers(200_000, rng)))
    for index in range(1000):
        (many / f"c{index:04}.yaml").write_text(campaign(f"campaign {index}", numbers(20, rng)))
    return big, many


def commands(folder: Path) -> dict[str, list[str]]:
    files = sorted(str(path) for path in folder.glob("*.yaml"))
    bin_dir = Path(sys.executable).parent
    return {
        "broadcastctl lint": [str(bin_dir / "broadcastctl"), "lint", str(folder)],
        "check-jsonschema": [
            str(bin_dir / "check-jsonschema"),
            "--schemafile",
            str(SCHEMA),
            *files,
        ],
    }


def row(case: str, tool: str, result: Measured, baseline: Measured) -> list[str]:
    ratio = baseline.seconds / result.seconds
    return [
        case,
        tool,
        f"{result.seconds:.3f} s",
        f"{result.peak_mb:.0f} MB",
        f"{ratio:.1f}x",
        str(result.exit_code),
    ]


def main() -> None:
    big, many = generate()
    rows = []
    for case, folder, repeat in (
        ("(a) 1 file, 200,000 numbers", big, 5),
        ("(b) 1,000 small files", many, 3),
    ):
        results = measure_in_turn(commands(folder), repeat)  # the tools take turns, run by run
        failed = {tool: result.exit_code for tool, result in results.items() if result.exit_code}
        assert not failed, f"{case}: each tool must find the files valid, but {failed} exited"
        baseline = results["check-jsonschema"]
        rows += [row(case, tool, result, baseline) for tool, result in results.items()]
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(
        table(
            [
                "case",
                "tool",
                "median wall time",
                "peak memory",
                "speed vs check-jsonschema",
                "exit",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()

"""Public holidays by country, from the `holidays` package (the Open World Holidays Framework).

Asked only when a holiday would change a verdict. Loading the package costs about 0.3 s of CPU
(it imports every country's module), a third of linting 200,000 numbers, so each country's
year is kept once worked out, in the user's cache folder under the package's version: a later
lint reads a few dates from a small JSON file instead. The cache is only ever a copy of what
the package says; a file that cannot be read or written is worked out again.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

_DIST_INFO = re.compile(r"holidays-([0-9][0-9A-Za-z.+-]*)\.dist-info")


def holiday_name(country: str, day: dt.date) -> str | None:
    """The name of the public holiday on `day` in `country`, or None (also for a country the
    package does not know)."""
    names = _year(country, day.year)
    return names.get(day.isoformat()) if names is not None else None


@functools.lru_cache(maxsize=256)
def _year(country: str, year: int) -> dict[str, str] | None:
    cached = _cache_file(country, year)
    if cached is not None:
        try:
            found: dict[str, str] | None = json.loads(cached.read_text("utf-8"))
            return found
        except (OSError, ValueError):
            pass
    names = _from_package(country, year)
    if cached is not None:
        _write(cached, names)
    return names


def _from_package(country: str, year: int) -> dict[str, str] | None:
    import holidays  # noqa: PLC0415 - loaded only when no cached year answers

    try:
        found: Any = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return None  # a country the package does not cover: no holiday is known
    return {day.isoformat(): str(name) for day, name in sorted(found.items())}


def _cache_file(country: str, year: int) -> Path | None:
    version = package_version()
    if version is None or not (country.isalpha() and len(country) == 2):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "broadcastctl" / f"holidays-{version}" / f"{country}-{year}.json"


@functools.cache
def package_version() -> str | None:
    """The installed package's version, from the name of its metadata folder beside it
    (`holidays-0.86.dist-info`), without importing it; None when there is none to read."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent.parent
    try:
        names = [path.name for path in folder.glob("holidays-*.dist-info")]
    except OSError:
        return None
    found = [match[1] for name in names if (match := _DIST_INFO.fullmatch(name))]
    return found[0] if len(found) == 1 else None


def _write(path: Path, names: dict[str, str] | None) -> None:
    """Written whole under another name, then renamed: a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(names), "utf-8")
        partial.replace(path)
    except OSError:
        pass  # no cache: the next lint asks the package again

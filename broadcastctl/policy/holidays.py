"""Public holidays by country, from the `holidays` package (the Open World Holidays Framework).

Imported only when a rule asks whether a day is a holiday in a country whose rules treat
holidays differently (the package costs about 0.1 s to load), and each country's year is
built once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any


def holiday_name(country: str, day: dt.date, subdivision: str | None = None) -> str | None:
    """The name of the public holiday on `day` in `country`, or None (also for a country the
    package does not know)."""
    names = _year(country, day.year, subdivision)
    return names.get(day) if names is not None else None


@functools.lru_cache(maxsize=256)
def _year(country: str, year: int, subdivision: str | None) -> dict[dt.date, str] | None:
    import holidays  # noqa: PLC0415 - loaded only when a holiday can change a verdict

    try:
        found: Any = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:
        return None  # a country the package does not cover: no holiday is known
    return {day: "; ".join(sorted(set(str(name).split("; ")))) for day, name in found.items()}

"""Public holidays: the package's answer, kept per country and year in the cache folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import holidays
import pytest

from broadcastctl.policy import holidays as cached


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached._year.cache_clear()
    yield tmp_path / "broadcastctl" / f"holidays-{cached.package_version()}"
    cached._year.cache_clear()


def test_the_names_are_the_packages(cache: Path) -> None:
    for country in ("AU", "FR", "GB", "ID", "US"):
        known = holidays.country_holidays(country, years=2027)
        for day in (dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(365)):
            assert cached.holiday_name(country, day) == known.get(day)


def test_a_year_is_kept_in_the_cache_and_read_from_it(cache: Path) -> None:
    assert cached.package_version() == version("holidays")
    assert cached.holiday_name("AU", dt.date(2027, 1, 26)) == "Australia Day"
    kept = cache / "AU-2027.json"
    assert json.loads(kept.read_text())["2027-01-26"] == "Australia Day"
    kept.write_text(json.dumps({"2027-01-27": "a day only the cache knows"}))
    cached._year.cache_clear()
    assert cached.holiday_name("AU", dt.date(2027, 1, 27)) == "a day only the cache knows"


def test_a_broken_cache_file_is_worked_out_again(cache: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "FR-2027.json").write_text("{not json")
    assert cached.holiday_name("FR", dt.date(2027, 7, 14)) == "National Day"
    assert json.loads((cache / "FR-2027.json").read_text())["2027-07-14"] == "National Day"


def test_a_country_the_package_does_not_know_has_no_holiday(cache: Path) -> None:
    assert cached.holiday_name("ZZ", dt.date(2027, 1, 1)) is None

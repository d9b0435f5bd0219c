"""Numbers of a North American area code that libphonenumber finds valid, for the tests of
time zones (it places each in its area's zone)."""

from __future__ import annotations

import phonenumbers


def valid_numbers(area: str, count: int = 2) -> list[str]:
    """`count` valid numbers of the area code, as the vendor takes them (no '+')."""
    found = []
    for line in range(2_345_600, 2_345_700):
        parsed = phonenumbers.parse(f"+1{area}{line}")
        if phonenumbers.is_valid_number(parsed):
            found.append(f"1{area}{line}")
        if len(found) == count:
            return found
    raise AssertionError(f"no {count} valid numbers in area code {area}")

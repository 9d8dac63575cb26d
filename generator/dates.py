"""Dates as history teachers write them (1914, June 1914, 28 June 1914, 753 BC, AD 43, c. 1200 BCE),
read into one count of years so that any two can be ordered and placed on an axis.

Years are held astronomically: AD 1 is 1, 1 BC is 0, 753 BC is -752. The calendar has no year 0,
so counting this way is what makes the span from 753 BC to AD 476 come out at 1,228 years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, 1)}
MONTH_NUMBERS |= {name[:3].lower(): number for number, name in enumerate(MONTHS, 1)}
MONTH_NUMBERS["sept"] = 9
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_ERA = r"B\.?\s?C\.?(?:\s?E\.?)?|A\.?\s?D\.?|C\.?\s?E\.?"
_DATE = re.compile(
    rf"""^(?:(?:c|ca|circa)\.?\s*)?
    (?:(?P<day>\d{{1,2}})\s+)?
    (?:(?P<month>[A-Za-z]+)\.?,?\s+)?
    (?:(?P<before>{_ERA})\s*)?
    (?P<year>\d{{1,5}})
    (?:\s*(?P<after>{_ERA}))?$""",
    re.IGNORECASE | re.VERBOSE,
)

Style = Literal["", "BC", "BCE"]
"""How a timeline names eras: not at all (every year AD), BC and AD, or BCE and CE."""

DATE_FORMS = (
    "a year (1914), a month and year (June 1914), a day, month and year (28 June 1914) or a year BC (753 BC)"
)


@dataclass(frozen=True)
class Date:
    year: int
    """The astronomical year: AD years as they are, 1 BC as 0, 2 BC as -1."""
    month: int | None = None
    day: int | None = None
    style: Style = ""
    """The era names the teacher used in this date, if any."""

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    @property
    def position(self) -> float:
        """Where the date stands, in years: a year at its start, a month or a day part-way through."""
        if self.month is None:
            return float(self.year)
        return self.year + (self.month - 1) / 12 + ((self.day or 1) - 1) / 372


ERAS = ("BC", "BCE", "AD", "CE")


def _era(text: str) -> str:
    return re.sub(r"[\s.]", "", text).upper()


def read_date(text: str) -> Date | str:
    """The date, or what is wrong with it in a teacher's words."""
    found = _DATE.match(text.strip())
    if not found:
        return f"'{text}' is not a date: write {DATE_FORMS}"
    before, after = found.group("before"), found.group("after")
    month_name, day = found.group("month"), found.group("day")
    if month_name and not before and _era(month_name) in ERAS:
        before, month_name = month_name, None
    if before and after:
        return f"'{text}' names its era twice: write 753 BC or AD 43"
    era = _era(before or after or "")
    if before and era.startswith("B"):
        return f"'{text}' puts BC before the year: write {found.group('year')} {era}"
    month = MONTH_NUMBERS.get(month_name.lower()) if month_name else None
    if month_name and month is None:
        return f"'{month_name}' is not a month: write it in English, such as June or Jun"
    if day and month is None:
        return f"'{text}' has a day but no month: write it like 28 June 1914"
    number = int(found.group("year"))
    if number == 0:
        return "there is no year 0: 1 BC is followed by AD 1"
    if day and not 1 <= int(day) <= DAYS_IN_MONTH[(month or 1) - 1]:
        return f"'{text}': {month_name} has no day {int(day)}"
    style: Style = "" if not era else ("BC" if era in ("BC", "AD") else "BCE")
    year = 1 - number if era.startswith("B") else number
    return Date(year, month, int(day) if day else None, style)


def year_label(year: int, style: Style) -> str:
    """How an axis labels an astronomical year: 753 BC, AD 43 (or 753 BCE, 43 CE), or 1914 when
    the axis needs no era."""
    if not style:
        return str(year)
    if year <= 0:
        return f"{1 - year} {style}"
    return f"AD {year}" if style == "BC" else f"{year} CE"

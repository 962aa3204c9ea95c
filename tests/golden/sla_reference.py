"""A slow, obviously-right SLA reference: steps minute by minute, never uses Calendar.add.

It reads only a calendar's parameters (zone, weekdays, windows, holiday country, extra days,
counting: tests/golden/preset_reader.RefCalendar, or a portal Calendar to compare with) and
decides for each real minute whether it counts, on its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from tests.golden.preset_reader import RefCalendar

MINUTE = timedelta(minutes=1)
MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)


@lru_cache(maxsize=64)
def _country(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year, language="en_US")


def working_day(calendar: RefCalendar, day: date) -> bool:
    """Whether a local date is worked, asking the holidays package directly."""
    if day in calendar.extra_holidays:
        return False
    if day in calendar.extra_working_days:
        return True
    if calendar.holiday_country:
        # The package's own notion of a working day (weekend, holidays, moved days).
        assert calendar.weekdays == MONDAY_TO_FRIDAY, "reference knows only Mon-Fri countries"
        return bool(_country(calendar.holiday_country, day.year).is_working_day(day))
    return day.weekday() in calendar.weekdays


def minute_counts(calendar: RefCalendar, moment: datetime) -> bool:
    """Whether the real minute starting at `moment` is counted time."""
    if calendar.counting == "always":
        return True
    local = moment.astimezone(ZoneInfo(calendar.zone))
    if not working_day(calendar, local.date()):
        return False
    if calendar.counting == "working-days":
        return True
    minute_of_day = local.hour * 60 + local.minute
    return any(start <= minute_of_day < end for start, end in calendar.windows)


def reference_add(calendar: RefCalendar, start: datetime, minutes: int) -> datetime:
    """The end of the `minutes`-th counted minute from `start` (a whole-minute moment)."""
    assert start.second == 0 and start.microsecond == 0, "the reference steps whole minutes"
    zone = ZoneInfo(calendar.zone)
    if minutes == 0:
        return start.astimezone(zone)
    moment = start.astimezone(UTC)
    counted = 0
    while True:
        if minute_counts(calendar, moment):
            counted += 1
            if counted == minutes:
                return (moment + MINUTE).astimezone(zone)
        moment += MINUTE


def reference_between(calendar: RefCalendar, a: datetime, b: datetime) -> int:
    """Counted whole minutes from a to b (a <= b, both whole minutes)."""
    moment, end = a.astimezone(UTC), b.astimezone(UTC)
    counted = 0
    while moment < end:
        counted += minute_counts(calendar, moment)
        moment += MINUTE
    return counted

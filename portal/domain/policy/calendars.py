"""Reading a preset's named business calendars (`[calendars.NAME]`)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from portal.domain.calendar import COUNTINGS, MINUTES_PER_DAY, Calendar, parse_window
from portal.domain.policy.read import Reader

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_KEYS = {"zone", "fallback_zone", "weekdays", "windows", "holidays", "extra_holidays",
                 "extra_working_days", "counting", "windows_by_weekday", "date_windows",
                 "short_days", "short_before_holidays"}


def _windows(read: Reader, texts: Any, place: str) -> tuple[tuple[int, int], ...]:
    """A list of "HH:MM-HH:MM" windows (a night one ends "+1"), sorted, each problem placed."""
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        read.problem(place, 'must be a list of windows such as ["09:00-13:00", "14:00-18:00"]')
        return ()
    found = []
    for index, text in enumerate(texts):
        try:
            found.append(parse_window(text))
        except ValueError as error:
            read.problem(f"{place}[{index}]", str(error))
    found.sort()
    for (_, end), (start, _) in itertools.pairwise(found):
        if start < end:
            read.problem(place, "windows overlap")
    if found and found[-1][1] - MINUTES_PER_DAY > found[0][0]:
        read.problem(place, f"the night window ending {_clock(found[-1][1])} (next day) runs "
                     f"into the same day's first window {_clock(found[0][0])}")
    return tuple(found)


def _clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _by_weekday(read: Reader, table: Mapping[str, Any], place: str,
                weekdays: list[int]) -> dict[int, tuple[tuple[int, int], ...]]:
    found: dict[int, tuple[tuple[int, int], ...]] = {}
    raw = read.value(table, "windows_by_weekday", place, dict, required=False, default={})
    for day_name, texts in raw.items():
        where = f"{place}.windows_by_weekday.{day_name}"
        if day_name not in WEEKDAY_NAMES:
            read.problem(where, f"{day_name!r} is not one of mon..sun")
            continue
        day = WEEKDAY_NAMES.index(day_name)
        if day not in weekdays:
            read.problem(where, f"{day_name} has windows but is not a working weekday: add "
                         f"{day_name!r} to weekdays or drop its windows")
        found[day] = _windows(read, texts, where)
    return found


def _night_overlaps(read: Reader, place: str, weekdays: list[int],
                    base: tuple[tuple[int, int], ...],
                    by_weekday: dict[int, tuple[tuple[int, int], ...]]) -> None:
    """A night window of one weekday must end before the next working weekday's first."""
    for day in weekdays:
        today = by_weekday.get(day, base)
        following = (day + 1) % 7
        if not today or following not in weekdays:
            continue
        tomorrow = by_weekday.get(following, base)
        reach = today[-1][1] - MINUTES_PER_DAY
        if tomorrow and reach > tomorrow[0][0]:
            where = (f"{place}.windows_by_weekday.{WEEKDAY_NAMES[day]}" if day in by_weekday
                     else f"{place}.windows")
            read.problem(where, f"on {WEEKDAY_NAMES[day]} the night window runs to "
                         f"{_clock(reach)}, into {WEEKDAY_NAMES[following]}'s first window "
                         f"from {_clock(tomorrow[0][0])}")


def _by_date(read: Reader, table: Mapping[str, Any], place: str,
             holidays_listed: frozenset[date]) -> dict[date, tuple[tuple[int, int], ...]]:
    found: dict[date, tuple[tuple[int, int], ...]] = {}
    raw = read.value(table, "date_windows", place, dict, required=False, default={})
    for key, texts in raw.items():
        where = f"{place}.date_windows.{key}"
        try:
            day = date.fromisoformat(str(key))
        except ValueError:
            read.problem(where, f"{key!r} is not a date such as 2026-12-30")
            continue
        if day in holidays_listed:
            read.problem(where, f"{day} is also in extra_holidays: a day off has no windows")
        found[day] = _windows(read, texts, where)
    return found


def read_calendars(read: Reader, raw: Mapping[str, Any]) -> dict[str, Calendar]:
    """The preset's named calendars; one with problems is left out (and each problem named)."""
    calendars: dict[str, Calendar] = {}
    for name, table in read.value(raw, "calendars", "", dict, default={}).items():
        place = f"calendars.{name}"
        if not isinstance(table, dict):
            read.problem(place, "must be a table")
            continue
        read.known_keys(table, place, CALENDAR_KEYS)
        before = len(read.problems)
        zone = read.value(table, "zone", place, str, default="UTC")
        follows_customer = zone == "customer"
        if follows_customer:
            zone = read.value(table, "fallback_zone", place, str, default="UTC")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            read.problem(f"{place}.zone", f"unknown time zone {zone!r}")
        counting = read.choice(table, "counting", place, COUNTINGS, default="window")
        weekdays = []
        for day_name in read.strings(table, "weekdays", place, required=counting != "always"):
            if day_name in WEEKDAY_NAMES:
                weekdays.append(WEEKDAY_NAMES.index(day_name))
            else:
                read.problem(f"{place}.weekdays", f"{day_name!r} is not one of mon..sun")
        if "windows" in table or counting == "window":
            windows = _windows(read, read.value(table, "windows", place, list, default=[]),
                               f"{place}.windows")
        else:
            windows = ()
        for key in ("windows", "windows_by_weekday", "date_windows", "short_days",
                    "short_before_holidays"):
            if key in table and counting != "window":
                read.problem(f"{place}.{key}", f'not used with counting = "{counting}" '
                             '(only "window" counting has hours)')
        by_weekday = _by_weekday(read, table, place, weekdays)
        _night_overlaps(read, place, weekdays, windows, by_weekday)
        country = _holiday_country(read, table, place)
        extra = {key: _dates(read, table, key, place)
                 for key in ("extra_holidays", "extra_working_days", "short_days")}
        for day in sorted(extra["extra_holidays"] & extra["extra_working_days"]):
            read.problem(f"{place}.extra_working_days",
                         f"{day} is also in extra_holidays: it cannot be both")
        by_date = _by_date(read, table, place, extra["extra_holidays"])
        short_before = read.value(table, "short_before_holidays", place, bool, required=False,
                                  default=False)
        if short_before and not country:
            read.problem(f"{place}.short_before_holidays",
                         "needs holidays = a country code to know the holidays")
        if counting != "always" and "weekdays" in table and not weekdays:
            # Such a calendar never counts a minute: every due time would be unreachable.
            read.problem(f"{place}.weekdays", "a calendar needs at least one working weekday")
        if len(read.problems) > before:
            continue
        try:
            calendar = Calendar(
                zone=zone, weekdays=tuple(sorted(set(weekdays))), windows=windows,
                holiday_country=country, extra_holidays=extra["extra_holidays"],
                extra_working_days=extra["extra_working_days"], counting=counting,  # type: ignore[arg-type]
                follows_customer_zone=follows_customer,
                weekday_windows=tuple(sorted(by_weekday.items())),
                date_windows=tuple(sorted(by_date.items())),
                short_days=extra["short_days"], short_before_holidays=bool(short_before),
            )
        except ValueError as error:
            read.problem(place, str(error))
            continue
        if _short_day_problems(read, place, calendar):
            calendars[name] = calendar
    return calendars


def _short_day_problems(read: Reader, place: str, calendar: Calendar) -> bool:
    """Listed short days must be working days with more than an hour to shorten."""
    usable = True
    for day in sorted(calendar.short_days):
        if day in dict(calendar.date_windows):
            read.problem(f"{place}.short_days", f"{day} has its own date_windows: write its "
                         "shortened hours there instead")
            usable = False
        elif not calendar.is_working_day(day):
            read.problem(f"{place}.short_days", f"{day} is not a working day, so it cannot be "
                         "shortened")
            usable = False
        elif not calendar.windows_on(day):
            read.problem(f"{place}.short_days", f"{day}: an hour shorter leaves no working time")
            usable = False
    return usable


@functools.cache
def _known_countries() -> frozenset[str]:
    """Country codes the holidays package knows; its registry is read without importing every
    country (list_supported_countries imports them all: a tenth of a second per command)."""
    try:
        from holidays import registry

        return frozenset(code for entry in registry.COUNTRIES.values() for code in entry[1:]
                         if code.isupper() and len(code) <= 3)
    except (ImportError, AttributeError, IndexError, TypeError):
        return frozenset(holidays.list_supported_countries())


def _holiday_country(read: Reader, table: Mapping[str, Any], place: str) -> str | None:
    raw = table.get("holidays", False)
    if raw is False:
        return None
    if not isinstance(raw, str) or raw not in _known_countries():
        read.problem(f"{place}.holidays", f"{raw!r} is not a country the holidays package knows")
        return None
    return raw


def _dates(read: Reader, table: Mapping[str, Any], key: str, place: str) -> frozenset[date]:
    raw = read.value(table, key, place, list, required=False, default=[])
    if not all(isinstance(item, date) for item in raw):
        read.problem(f"{place}.{key}", "must be a list of dates such as 2026-12-30")
        return frozenset()
    return frozenset(raw)

"""Reading a preset's named business calendars (`[calendars.NAME]`)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from portal.domain.calendar import COUNTINGS, Calendar, parse_window
from portal.domain.policy.read import Reader

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_KEYS = {"zone", "fallback_zone", "weekdays", "windows", "holidays", "extra_holidays",
                 "extra_working_days", "counting"}


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
        windows = []
        for index, text in enumerate(read.strings(table, "windows", place,
                                                  required=counting == "window")):
            try:
                windows.append(parse_window(text))
            except ValueError as error:
                read.problem(f"{place}.windows[{index}]", str(error))
        windows.sort()
        for (_, end), (start, _) in itertools.pairwise(windows):
            if start < end:
                read.problem(f"{place}.windows", "windows overlap")
        country = _holiday_country(read, table, place)
        extra = {key: _dates(read, table, key, place)
                 for key in ("extra_holidays", "extra_working_days")}
        if counting != "always" and "weekdays" in table and not weekdays:
            # Such a calendar never counts a minute: every due time would be unreachable.
            read.problem(f"{place}.weekdays", "a calendar needs at least one working weekday")
        if len(read.problems) > before:
            continue
        try:
            calendars[name] = Calendar(
                zone=zone, weekdays=tuple(sorted(set(weekdays))), windows=tuple(windows),
                holiday_country=country, extra_holidays=extra["extra_holidays"],
                extra_working_days=extra["extra_working_days"], counting=counting,  # type: ignore[arg-type]
                follows_customer_zone=follows_customer,
            )
        except ValueError as error:
            read.problem(place, str(error))
    return calendars


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

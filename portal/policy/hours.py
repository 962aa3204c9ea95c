"""The working-calendar page's data: the coming days of each calendar and today's hours left."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

import holidays

from portal.domain.calendar import Calendar
from portal.domain.policy import Policy, Tier

DAYS_SHOWN = 60
DayKind = Literal["working", "moved_working", "holiday", "moved_day_off", "weekend"]
# The holidays package names days in these languages (portal language -> package language).
HOLIDAY_LANGUAGES = {"ru": "ru", "en": "en_US"}


@dataclass(frozen=True)
class Day:
    """One local date of a calendar: whether support works and why not, when it does not."""

    day: date
    kind: DayKind
    name: str = ""
    # Hours of a working date that differ from its weekday's: a short day, a date's own hours.
    windows: tuple[tuple[int, int], ...] = ()
    short: bool = False
    # A moved day off: the weekend date whose rest it takes (None when not known).
    moved_from: date | None = None

    @property
    def working(self) -> bool:
        return self.kind in ("working", "moved_working")


@dataclass(frozen=True)
class CalendarView:
    """A calendar, the tiers whose targets count in it, its coming days and today's status."""

    name: str
    calendar: Calendar
    tiers: tuple[Tier, ...]
    days: tuple[Day, ...]
    weeks: tuple[tuple[Day | None, ...], ...]
    minutes_left_today: int
    open_now: bool
    next_open: datetime | None

    @property
    def special_days(self) -> tuple[Day, ...]:
        """Holidays, moved days off, moved working days and days of other hours."""
        return tuple(d for d in self.days if d.kind in ("holiday", "moved_day_off", "moved_working")
                     or d.windows)


def _holiday_names(calendar: Calendar, years: set[int], language: str) -> dict[date, str]:
    if not calendar.holiday_country:
        return {}
    try:
        found = holidays.country_holidays(calendar.holiday_country, years=sorted(years),
                                          language=HOLIDAY_LANGUAGES.get(language, "en_US"))
    except NotImplementedError:
        return {}
    return {day: str(name) for day, name in found.items()}


_US_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def _moved_days_off(calendar: Calendar, years: set[int]) -> dict[date, date | None]:
    """Weekdays made days off by moving a weekend day (the package names them "Day off
    (substituted from 01/04/2026)"), each with the date it was moved from."""
    moved: dict[date, date | None] = {}
    for day, name in _holiday_names(calendar, years, "en").items():
        if "substituted" in name.lower():
            found = _US_DATE.search(name)
            moved[day] = (date(int(found[3]), int(found[1]), int(found[2]))
                          if found else None)
    return moved


def classify(calendar: Calendar, day: date, names: dict[date, str],
             moved: frozenset[date] | set[date] | dict[date, date | None] = frozenset()
             ) -> Day:
    """Why a date is (or is not) a working day of the calendar."""
    if calendar.counting == "always":
        return Day(day, "working")
    usual = day.weekday() in calendar.weekdays
    if calendar.is_working_day(day):
        kind: DayKind = "working" if usual else "moved_working"
        if calendar.counting == "window" and (
                day in dict(calendar.date_windows) or calendar.is_short_day(day)):
            return Day(day, kind, names.get(day, ""), calendar.windows_on(day),
                       calendar.is_short_day(day) and day not in dict(calendar.date_windows))
        return Day(day, kind)
    name = names.get(day, "")
    if usual:
        named_holiday = (name or day in calendar.extra_holidays) and day not in moved
        if named_holiday:
            return Day(day, "holiday", name)
        # The kind says "moved day off"; the package's own name would say it again.
        return Day(day, "moved_day_off", "" if day in moved else name,
                   moved_from=moved.get(day) if isinstance(moved, dict) else None)
    return Day(day, "holiday" if name else "weekend", name)


def _weeks(days: list[Day]) -> tuple[tuple[Day | None, ...], ...]:
    """Days laid out Monday to Sunday, with empty cells before the first and after the last."""
    cells: list[Day | None] = [None] * days[0].day.weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    return tuple(tuple(cells[i:i + 7]) for i in range(0, len(cells), 7))


def calendar_view(name: str, calendar: Calendar, tiers: tuple[Tier, ...], moment: datetime,
                  language: str, days_shown: int = DAYS_SHOWN) -> CalendarView:
    """The next `days_shown` days of a calendar from `moment`'s local date."""
    today = moment.astimezone(calendar.tzinfo).date()
    dates = [today + timedelta(days=offset) for offset in range(days_shown)]
    years = {d.year for d in dates}
    names = _holiday_names(calendar, years, language)
    moved = _moved_days_off(calendar, years)
    days = [classify(calendar, d, names, moved) for d in dates]
    midnight = datetime.combine(today + timedelta(days=1), time(), calendar.tzinfo)
    next_open = calendar.next_counted(moment)
    return CalendarView(
        name=name, calendar=calendar, tiers=tiers, days=tuple(days), weeks=_weeks(days),
        minutes_left_today=max(0, calendar.minutes_between(moment, midnight)),
        open_now=next_open <= moment, next_open=None if next_open <= moment else next_open,
    )


def calendar_views(policy: Policy, moment: datetime, language: str,
                   viewer_zone: str | None = None) -> list[CalendarView]:
    """One view per distinct calendar of service hours (equal ones merged).

    A tier's service hours are its `service_hours` calendar, else the calendars its targets
    count in; a calendar only counted in (Axistem's whole working days) is no "open now".
    A calendar kept in the customer's own zone is shown in `viewer_zone` when given.
    """
    serving = {tier.code: policy.service_calendars(tier) if tier.has_ticket_channel else ()
               for tier in policy.tiers}
    used = {name for names in serving.values() for name in names}
    used |= {t.calendar_name for t in policy.targets}
    views: list[CalendarView] = []
    seen: list[Calendar] = []
    for name, calendar in policy.calendars.items():
        if calendar in seen:
            continue
        same = [n for n, c in policy.calendars.items() if c == calendar]
        tiers = tuple(tier for tier in policy.tiers
                      if any(n in serving[tier.code] for n in same))
        if not tiers and any(n in used for n in same):
            continue  # counted in, but nobody's service hours
        seen.append(calendar)
        if calendar.follows_customer_zone and viewer_zone:
            calendar = calendar.in_zone(viewer_zone)
        views.append(calendar_view(name, calendar, tiers, moment, language))
    return views

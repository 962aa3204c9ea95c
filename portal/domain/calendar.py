"""Business time: which minutes count toward a support target, and adding or measuring them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

Counting = Literal["window", "working-days", "always"]
COUNTINGS: tuple[str, ...] = ("window", "working-days", "always")
MINUTES_PER_DAY = 24 * 60
_UTC = UTC
# A window of counted time on one local day, as UTC instants (start included, end excluded).
Interval = tuple[datetime, datetime]
# Windows of one day as minutes from its midnight, start included, end excluded.
Windows = tuple[tuple[int, int], ...]


@lru_cache(maxsize=256)
def _country_days(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Public holidays and working weekend days of one country in one year (cached per year)."""
    # language= keeps holiday names stable whatever the process locale is.
    calendar = holidays.country_holidays(country, years=year, language="en_US")
    days_off = frozenset(calendar.keys())
    # Working Saturdays (e.g. RU 2025-11-01) are only known through weekend_workdays.
    working_weekend = frozenset(getattr(calendar, "weekend_workdays", ()))
    return days_off, working_weekend


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    """Holidays proper of a year: without moved days off ("substituted", "observed"), which
    shorten no day before them (Labour Code art. 95 speaks of holidays)."""
    calendar = holidays.country_holidays(country, years=year, language="en_US")
    return frozenset(day for day, name in calendar.items()
                     if "substituted" not in name.lower() and "observed" not in name.lower())


def parse_window(text: str) -> tuple[int, int]:
    """Parse "09:00-13:00" into minutes of the day; "24:00" is allowed as an end.

    A window past midnight (a night shift) says so with "+1": "22:00-06:00+1" is
    (1320, 1800), its end counted from the start day's midnight; its minutes belong to the
    day it starts on. Without "+1" a window ending before it starts is a mistake.
    """
    start_text, sep, end_text = text.partition("-")
    if not sep:
        raise ValueError(f"window {text!r} is not HH:MM-HH:MM")
    next_day = end_text.strip().endswith("+1")
    if next_day:
        end_text = end_text.strip()[:-2]
    start, end = _minute_of_day(start_text), _minute_of_day(end_text)
    if next_day:
        if end > start or start == MINUTES_PER_DAY or end == MINUTES_PER_DAY:
            raise ValueError(f"window {text!r} does not run past midnight; drop the +1")
        return start, end + MINUTES_PER_DAY
    if end <= start:
        hint = f"; write {text}+1 for a window past midnight" if end < start else ""
        raise ValueError(f"window {text!r} ends before it starts{hint}")
    return start, end


def _minute_of_day(text: str) -> int:
    hours_text, sep, minutes_text = text.strip().partition(":")
    if not sep or not hours_text.isdigit() or not minutes_text.isdigit():
        raise ValueError(f"time {text!r} is not HH:MM")
    hours, minutes = int(hours_text), int(minutes_text)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"time {text!r} is out of range")
    return hours * 60 + minutes


SHORT_DAY_MINUTES = 60


def shortened(windows: Windows, minutes: int) -> Windows:
    """The windows with their last `minutes` cut off (a pre-holiday day one hour shorter)."""
    kept: list[tuple[int, int]] = []
    left = minutes
    for start, end in reversed(windows):
        cut = min(left, end - start)
        left -= cut
        if end - cut > start:
            kept.append((start, end - cut))
    return tuple(reversed(kept))


def check_windows(windows: Windows) -> None:
    """Raise ValueError unless the windows are non-empty, in order, apart and within two days
    (a night window ends on the next day but never reaches the next day's own start)."""
    previous_end = -1
    for start, end in windows:
        if not 0 <= start < end <= 2 * MINUTES_PER_DAY or start >= MINUTES_PER_DAY \
                or start < previous_end or end - start > MINUTES_PER_DAY:
            raise ValueError(f"window {start}-{end} is empty, out of the day or overlaps")
        previous_end = end
    if windows and windows[-1][1] - MINUTES_PER_DAY > windows[0][0]:
        raise ValueError("a window past midnight runs into the next day's first window")


@dataclass(frozen=True)
class Calendar:
    """A support calendar. Windows are minutes of the local day, half-open [start, end).

    counting "window" counts minutes inside the windows of working days; "working-days"
    counts every minute of a working day; "always" counts every minute (24x7).
    When `follows_customer_zone` is set, `zone` is only the fallback until `in_zone()`.

    `weekday_windows` give some weekdays their own windows (a short Friday); `date_windows`
    give single dates theirs (a pre-holiday day one hour shorter, extra hours on a Saturday:
    such a date is a working day). A window may end past midnight (end > 1440, a night
    shift): its minutes belong to the day it starts on. `short_days` lose their last hour
    (SHORT_DAY_MINUTES); with `short_before_holidays` so does every working day before a
    public holiday of `holiday_country` (the Russian production calendar, Labour Code art. 95).
    A date's own windows are taken as written, never shortened.
    """

    zone: str = "Europe/Moscow"
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    windows: tuple[tuple[int, int], ...] = ((9 * 60, 18 * 60),)
    holiday_country: str | None = "RU"
    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    counting: Counting = "window"
    follows_customer_zone: bool = False
    weekday_windows: tuple[tuple[int, Windows], ...] = ()
    date_windows: tuple[tuple[date, Windows], ...] = ()
    short_days: frozenset[date] = frozenset()
    short_before_holidays: bool = False
    _days: dict[date, tuple[Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.counting not in COUNTINGS:
            raise ValueError(f"counting {self.counting!r} is not one of {COUNTINGS}")
        if any(day not in range(7) for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        for windows in (self.windows, *(w for _, w in self.weekday_windows),
                        *(w for _, w in self.date_windows)):
            check_windows(windows)
        if any(day not in range(7) for day, _ in self.weekday_windows):
            raise ValueError("weekday_windows are for weekdays 0 (Monday) to 6 (Sunday)")
        if self.counting == "window" and not self.windows:
            raise ValueError("window counting needs at least one window")
        object.__setattr__(self, "_tz", ZoneInfo(self.zone))
        object.__setattr__(self, "_by_weekday", dict(self.weekday_windows))
        object.__setattr__(self, "_by_date", dict(self.date_windows))
        every = (self.windows, *self._by_weekday.values(), *self._by_date.values())
        # A night window reaches into the next day: walks start a day early to meet it.
        object.__setattr__(self, "_reach", timedelta(days=1) if any(
            end > MINUTES_PER_DAY for windows in every for _, end in windows) else timedelta())

    @property
    def tzinfo(self) -> ZoneInfo:
        """The calendar's time zone."""
        return self._tz  # type: ignore[attr-defined,no-any-return]

    def in_zone(self, tz_name: str) -> Calendar:
        """The same calendar run in another zone (the customer organization's)."""
        return replace(self, zone=tz_name)

    def is_working_day(self, day: date) -> bool:
        """Whether a local date is a working day (extra lists first, then holidays, then weekdays)."""
        if day in self.extra_holidays:
            return False
        if day in self.extra_working_days or day in self._by_date:  # type: ignore[attr-defined]
            return True
        if self.holiday_country:
            days_off, working_weekend = _country_days(self.holiday_country, day.year)
            if day in days_off:
                return False
            if day in working_weekend:
                return True
        return day.weekday() in self.weekdays

    def day_minutes(self) -> int:
        """Counted minutes of one ordinary working day ("N working days" = N times this)."""
        if self.counting == "window":
            return sum(end - start for start, end in self.windows)
        return MINUTES_PER_DAY

    def windows_on(self, day: date) -> Windows:
        """The windows of a local date when it is a working day: its own, or its weekday's
        (else the calendar's), an hour shorter on a short day."""
        by_date = self._by_date.get(day)  # type: ignore[attr-defined]
        if by_date is not None:
            return by_date  # type: ignore[no-any-return]
        windows = self._by_weekday.get(day.weekday(), self.windows)  # type: ignore[attr-defined]
        return shortened(windows, SHORT_DAY_MINUTES) if self.is_short_day(day) else windows

    def is_short_day(self, day: date) -> bool:
        """Whether a date loses its last hour: listed, or (when asked) before a holiday."""
        if day in self.short_days:
            return True
        if not self.short_before_holidays or not self.holiday_country:
            return False
        following = day + timedelta(days=1)
        return following in _public_holidays(self.holiday_country, following.year)

    def _spans(self, day: date) -> list[Interval]:
        """A local date's counted spans as UTC instants, as its windows write them."""
        if not self.is_working_day(day):
            return []
        spans = self.windows_on(day) if self.counting == "window" else ((0, MINUTES_PER_DAY),)
        built = []
        for start, end in spans:
            utc_start, utc_end = self._instant(day, start), self._instant(day, end)
            if utc_end > utc_start:  # a window inside a DST gap may vanish
                built.append((utc_start, utc_end))
        return built

    def _intervals(self, day: date) -> tuple[Interval, ...]:
        """Counted intervals of a local date as UTC instants, cached per date.

        A night window of the day before may reach into this day's first window when the
        clocks go forward (23:30-02:15+1 ends at 03:15 summer time): the time both cover is
        counted once, as the day before's.
        """
        cached = self._days.get(day)
        if cached is not None:
            return cached
        before = max((end for _start, end in self._spans(day - timedelta(days=1))),
                     default=None)
        intervals = []
        for start, end in self._spans(day):
            if before is not None and start < before:
                start = before
            if end > start:
                intervals.append((start, end))
        self._days[day] = tuple(intervals)
        return self._days[day]

    def _instant(self, day: date, minute_of_day: int) -> datetime:
        if minute_of_day >= MINUTES_PER_DAY:
            day, minute_of_day = day + timedelta(days=1), minute_of_day - MINUTES_PER_DAY
        local = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), self.tzinfo)
        return local.astimezone(_UTC)

    def _local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            raise ValueError("business time needs an aware datetime")
        return moment.astimezone(self.tzinfo).date()

    def next_counted(self, moment: datetime) -> datetime:
        """The start of the first counted minute at or after `moment`, in the calendar's zone."""
        if self.counting == "always":
            return moment.astimezone(self.tzinfo)
        at = moment.astimezone(_UTC)
        day = self._local_date(moment) - self._reach  # type: ignore[attr-defined]
        for _ in range(3661):  # ten years without a working day means a broken calendar
            for start, end in self._intervals(day):
                if at < end:
                    return max(at, start).astimezone(self.tzinfo)
            day += timedelta(days=1)
        raise ValueError("the calendar has no working day within ten years")

    def add(self, start: datetime, minutes: int) -> datetime:
        """The moment the last of `minutes` counted minutes from `start` ends.

        A start outside counted time begins at the next counted minute; `add(t, 0) == t`.
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        if minutes == 0:
            return start.astimezone(self.tzinfo)
        if self.counting == "always":
            return (start.astimezone(_UTC) + timedelta(minutes=minutes)).astimezone(self.tzinfo)
        at = start.astimezone(_UTC)
        left = timedelta(minutes=minutes)
        day = self._local_date(start) - self._reach  # type: ignore[attr-defined]
        # Walks by days, taking each window whole, so the cost grows with days, not minutes.
        for _ in range(3661 + minutes // self.day_minutes()):
            for interval_start, interval_end in self._intervals(day):
                if at >= interval_end:
                    continue
                begin = max(at, interval_start)
                available = interval_end - begin
                if left <= available:
                    return (begin + left).astimezone(self.tzinfo)
                left -= available
            day += timedelta(days=1)
        raise ValueError("the calendar has no working day within ten years")

    def minutes_between(self, a: datetime, b: datetime) -> int:
        """Counted minutes from a to b (negative when b is before a), whole minutes only."""
        if b < a:
            return -self.minutes_between(b, a)
        if a.tzinfo is None or b.tzinfo is None:
            raise ValueError("business time needs aware datetimes")
        if self.counting == "always":
            # Subtracting in UTC: same-zone aware datetimes subtract wall clocks, not time.
            return int((b.astimezone(_UTC) - a.astimezone(_UTC)).total_seconds() // 60)
        begin, finish = a.astimezone(_UTC), b.astimezone(_UTC)
        counted = timedelta()
        day, last_day = self._local_date(a) - self._reach, self._local_date(b)  # type: ignore[attr-defined]
        while day <= last_day:
            for start, end in self._intervals(day):
                overlap = min(end, finish) - max(start, begin)
                if overlap > timedelta():
                    counted += overlap
            day += timedelta(days=1)
        return int(counted.total_seconds() // 60)

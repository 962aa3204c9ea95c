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


@lru_cache(maxsize=256)
def _country_days(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Public holidays and working weekend days of one country in one year (cached per year)."""
    # language= keeps holiday names stable whatever the process locale is.
    calendar = holidays.country_holidays(country, years=year, language="en_US")
    days_off = frozenset(calendar.keys())
    # Working Saturdays (e.g. RU 2025-11-01) are only known through weekend_workdays.
    working_weekend = frozenset(getattr(calendar, "weekend_workdays", ()))
    return days_off, working_weekend


def parse_window(text: str) -> tuple[int, int]:
    """Parse "09:00-13:00" into minutes of the day; "24:00" is allowed as an end."""
    start_text, sep, end_text = text.partition("-")
    if not sep:
        raise ValueError(f"window {text!r} is not HH:MM-HH:MM")
    start, end = _minute_of_day(start_text), _minute_of_day(end_text)
    if end <= start:
        raise ValueError(f"window {text!r} ends before it starts")
    return start, end


def _minute_of_day(text: str) -> int:
    hours_text, sep, minutes_text = text.strip().partition(":")
    if not sep or not hours_text.isdigit() or not minutes_text.isdigit():
        raise ValueError(f"time {text!r} is not HH:MM")
    hours, minutes = int(hours_text), int(minutes_text)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"time {text!r} is out of range")
    return hours * 60 + minutes


@dataclass(frozen=True)
class Calendar:
    """A support calendar. Windows are minutes of the local day, half-open [start, end).

    counting "window" counts minutes inside the windows of working days; "working-days"
    counts every minute of a working day; "always" counts every minute (24x7).
    When `follows_customer_zone` is set, `zone` is only the fallback until `in_zone()`.
    """

    zone: str = "Europe/Moscow"
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    windows: tuple[tuple[int, int], ...] = ((9 * 60, 18 * 60),)
    holiday_country: str | None = "RU"
    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    counting: Counting = "window"
    follows_customer_zone: bool = False
    _days: dict[date, tuple[Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.counting not in COUNTINGS:
            raise ValueError(f"counting {self.counting!r} is not one of {COUNTINGS}")
        if any(day not in range(7) for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        previous_end = -1
        for start, end in self.windows:
            if not 0 <= start < end <= MINUTES_PER_DAY or start < previous_end:
                raise ValueError(f"window {start}-{end} is empty, out of the day or overlaps")
            previous_end = end
        if self.counting == "window" and not self.windows:
            raise ValueError("window counting needs at least one window")
        object.__setattr__(self, "_tz", ZoneInfo(self.zone))

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
        if day in self.extra_working_days:
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

    def _intervals(self, day: date) -> tuple[Interval, ...]:
        """Counted intervals of a local date as UTC instants, cached per date."""
        cached = self._days.get(day)
        if cached is not None:
            return cached
        intervals: tuple[Interval, ...] = ()
        if self.is_working_day(day):
            spans = self.windows if self.counting == "window" else ((0, MINUTES_PER_DAY),)
            built = []
            for start, end in spans:
                utc_start, utc_end = self._instant(day, start), self._instant(day, end)
                if utc_end > utc_start:  # a window inside a DST gap may vanish
                    built.append((utc_start, utc_end))
            intervals = tuple(built)
        self._days[day] = intervals
        return intervals

    def _instant(self, day: date, minute_of_day: int) -> datetime:
        if minute_of_day == MINUTES_PER_DAY:
            day, minute_of_day = day + timedelta(days=1), 0
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
        day = self._local_date(moment)
        for _ in range(3660):  # ten years without a working day means a broken calendar
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
        day = self._local_date(start)
        # Walks by days, taking each window whole, so the cost grows with days, not minutes.
        for _ in range(3660 + minutes // self.day_minutes()):
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
        day, last_day = self._local_date(a), self._local_date(b)
        while day <= last_day:
            for start, end in self._intervals(day):
                overlap = min(end, finish) - max(start, begin)
                if overlap > timedelta():
                    counted += overlap
            day += timedelta(days=1)
        return int(counted.total_seconds() // 60)

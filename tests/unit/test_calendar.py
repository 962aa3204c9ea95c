"""Business calendar: examples from the seeds, DST, and properties of add/minutes_between."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.calendar import Calendar, parse_window

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")

NINE_TO_SIX = Calendar(windows=(parse_window("09:00-18:00"),))
LUNCH_BREAK = Calendar(windows=(parse_window("09:00-13:00"), parse_window("14:00-18:00")))
WHOLE_DAYS = Calendar(counting="working-days")
ALWAYS = Calendar(counting="always", holiday_country=None)
BERLIN_OFFICE = Calendar(
    zone="Europe/Berlin", windows=(parse_window("08:00-12:00"), parse_window("13:00-17:00")),
    holiday_country="DE",
)
BERLIN_DAYS = Calendar(zone="Europe/Berlin", counting="working-days", holiday_country="DE")
BERLIN_ALWAYS = Calendar(zone="Europe/Berlin", counting="always", holiday_country=None)
EVERY_CALENDAR = [NINE_TO_SIX, LUNCH_BREAK, WHOLE_DAYS, ALWAYS, BERLIN_OFFICE, BERLIN_DAYS,
                  BERLIN_ALWAYS]


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)  # type: ignore[misc]


def test_eight_window_hours_from_monday_ten_end_monday_six() -> None:
    assert NINE_TO_SIX.add(msk(2026, 2, 2, 10), 8 * 60) == msk(2026, 2, 2, 18)
    assert NINE_TO_SIX.add(msk(2026, 2, 2, 10), 8 * 60 + 1) == msk(2026, 2, 3, 9, 1)


def test_add_zero_is_identity_even_outside_counted_time() -> None:
    saturday_night = msk(2026, 2, 7, 23, 30)
    assert NINE_TO_SIX.add(saturday_night, 0) == saturday_night


def test_start_outside_hours_begins_at_next_counted_minute() -> None:
    friday_evening = msk(2026, 2, 6, 20)
    assert NINE_TO_SIX.add(friday_evening, 60) == msk(2026, 2, 9, 10)
    assert NINE_TO_SIX.next_counted(friday_evening) == msk(2026, 2, 9, 9)
    assert NINE_TO_SIX.next_counted(msk(2026, 2, 9, 9, 30)) == msk(2026, 2, 9, 9, 30)


def test_lunch_break_is_not_counted() -> None:
    assert LUNCH_BREAK.add(msk(2026, 2, 2, 12), 120) == msk(2026, 2, 2, 15)
    assert LUNCH_BREAK.minutes_between(msk(2026, 2, 2, 12), msk(2026, 2, 2, 15)) == 120
    assert LUNCH_BREAK.day_minutes() == 480
    assert NINE_TO_SIX.day_minutes() == 540


def test_russian_moved_day_off_and_working_saturday() -> None:
    assert not NINE_TO_SIX.is_working_day(date(2026, 1, 9))
    assert NINE_TO_SIX.is_working_day(date(2025, 11, 1))  # Saturday worked for 2025-11-03
    assert not NINE_TO_SIX.is_working_day(date(2025, 11, 3))
    assert NINE_TO_SIX.is_working_day(date(2026, 1, 12))
    # Friday 31 Oct 17:00 + 2 h: one hour on Friday, one on the working Saturday.
    assert NINE_TO_SIX.add(msk(2025, 10, 31, 17), 120) == msk(2025, 11, 1, 10)


def test_new_year_holidays_are_skipped() -> None:
    assert NINE_TO_SIX.add(msk(2025, 12, 30, 17), 120) == msk(2026, 1, 12, 10)
    assert NINE_TO_SIX.minutes_between(msk(2025, 12, 30, 17), msk(2026, 1, 12, 10)) == 120


def test_extra_holidays_and_working_days_override_the_source() -> None:
    calendar = Calendar(
        extra_holidays=frozenset({date(2026, 2, 2)}),
        extra_working_days=frozenset({date(2026, 2, 8)}),
    )
    assert not calendar.is_working_day(date(2026, 2, 2))
    assert calendar.is_working_day(date(2026, 2, 8))
    assert calendar.add(msk(2026, 2, 7, 12), 60) == msk(2026, 2, 8, 10)


def test_whole_working_days_skip_weekend_hours() -> None:
    # Axistem: 48 h from Friday 10:00 runs Fri + Mon, due Tuesday 10:00... minus weekend.
    assert WHOLE_DAYS.add(msk(2026, 2, 6, 10), 48 * 60) == msk(2026, 2, 10, 10)
    assert WHOLE_DAYS.add(msk(2026, 2, 7, 10), 24 * 60) == msk(2026, 2, 10, 0)
    assert WHOLE_DAYS.day_minutes() == 24 * 60


def test_always_counts_every_minute() -> None:
    assert ALWAYS.add(msk(2026, 1, 1, 23, 45), 30) == msk(2026, 1, 2, 0, 15)
    assert ALWAYS.minutes_between(msk(2026, 1, 1), msk(2026, 1, 2)) == 24 * 60


def test_result_is_in_the_calendars_zone() -> None:
    start = datetime(2026, 2, 2, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
    due = NINE_TO_SIX.add(start, 60)
    assert due.utcoffset() == timedelta(hours=3)
    assert due == msk(2026, 2, 2, 11)


def test_customer_zone_moves_the_windows() -> None:
    novosibirsk = NINE_TO_SIX.in_zone("Asia/Novosibirsk")
    start = msk(2026, 2, 2, 10)  # 14:00 in Novosibirsk
    assert novosibirsk.add(start, 4 * 60) == datetime(2026, 2, 2, 18, tzinfo=ZoneInfo(
        "Asia/Novosibirsk"))
    assert NINE_TO_SIX.add(start, 4 * 60) == msk(2026, 2, 2, 14)


def test_dst_spring_forward_in_whole_working_days_counts_real_minutes() -> None:
    # 2026-03-29 is a Sunday in Berlin (not a working day); use working-days on always.
    friday = datetime(2026, 3, 27, 12, tzinfo=BERLIN)
    assert BERLIN_ALWAYS.add(friday, 3 * 24 * 60) == datetime(2026, 3, 30, 13, tzinfo=BERLIN)
    assert BERLIN_ALWAYS.minutes_between(
        datetime(2026, 3, 29, 0, tzinfo=BERLIN), datetime(2026, 3, 30, 0, tzinfo=BERLIN)
    ) == 23 * 60


def test_dst_autumn_day_in_working_days_has_25_hours() -> None:
    calendar = Calendar(zone="Europe/Berlin", counting="working-days", holiday_country=None,
                        weekdays=tuple(range(7)))
    sunday = datetime(2026, 10, 25, 0, tzinfo=BERLIN)
    assert calendar.minutes_between(sunday, sunday + timedelta(days=1)) == 25 * 60
    assert calendar.add(sunday, 25 * 60) == datetime(2026, 10, 26, 0, tzinfo=BERLIN)


def test_dst_windows_keep_local_hours() -> None:
    friday = datetime(2026, 3, 27, 16, tzinfo=BERLIN)
    due = BERLIN_OFFICE.add(friday, 2 * 60)
    assert due == datetime(2026, 3, 30, 9, tzinfo=BERLIN)
    assert due.utcoffset() == timedelta(hours=2)


def test_negative_minutes_between_is_antisymmetric() -> None:
    a, b = msk(2026, 2, 2, 10), msk(2026, 2, 3, 10)
    assert NINE_TO_SIX.minutes_between(b, a) == -NINE_TO_SIX.minutes_between(a, b) == -540


@pytest.mark.parametrize(("window", "why"), [
    ("18:00-09:00", "ends before it starts"), ("09:00-09:00", "ends before it starts"),
    ("9-18", "time '9' is not HH:MM"), ("25:00-26:00", "time '25:00' is out of range"),
])
def test_bad_windows_are_rejected(window: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_window(window)


def test_a_calendar_refuses_bad_parameters() -> None:
    with pytest.raises(ValueError, match="counting 'sometimes' is not one of"):
        Calendar(counting="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="window 600-540 is empty, out of the day or overlaps"):
        Calendar(windows=((600, 540),))
    with pytest.raises(ValueError, match="window counting needs at least one window"):
        Calendar(windows=())
    with pytest.raises(ValueError, match="minutes must not be negative"):
        NINE_TO_SIX.add(msk(2026, 2, 2, 10), -1)
    with pytest.raises(ValueError, match="business time needs an aware datetime"):
        NINE_TO_SIX.add(datetime(2026, 2, 2, 10), 1)


def test_add_is_fast_for_long_targets() -> None:
    # 24 working days (iStom development) must not walk minute by minute.
    start = msk(2025, 12, 20, 11)
    due = NINE_TO_SIX.add(start, 24 * 540)
    assert NINE_TO_SIX.minutes_between(start, due) == 24 * 540
    assert due.year == 2026 and due.month == 2


starts = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20),
    timezones=st.sampled_from([ZoneInfo("UTC"), MOSCOW, BERLIN]),
).map(lambda moment: moment.replace(second=0, microsecond=0))
calendars = st.sampled_from(EVERY_CALENDAR)
amounts = st.integers(min_value=0, max_value=20 * 540)


@settings(max_examples=300, deadline=None)
@given(calendars, starts, amounts)
def test_minutes_between_inverts_add_from_a_counted_start(
    calendar: Calendar, start: datetime, minutes: int
) -> None:
    counted = calendar.next_counted(start)
    assert calendar.minutes_between(counted, calendar.add(counted, minutes)) == minutes


@settings(max_examples=300, deadline=None)
@given(calendars, starts, amounts, amounts)
def test_add_is_monotonic(calendar: Calendar, start: datetime, m1: int, m2: int) -> None:
    low, high = sorted((m1, m2))
    assert calendar.add(start, low) <= calendar.add(start, high)
    if low < high:
        assert calendar.add(start, low) < calendar.add(start, high)


@settings(max_examples=300, deadline=None)
@given(calendars, starts, amounts, amounts)
def test_add_composes_from_a_counted_start(
    calendar: Calendar, start: datetime, m1: int, m2: int
) -> None:
    counted = calendar.next_counted(start)
    assert calendar.add(calendar.add(counted, m1), m2) == calendar.add(counted, m1 + m2)


@settings(max_examples=200, deadline=None)
@given(calendars, starts, amounts)
def test_due_is_counted_time_or_its_end(calendar: Calendar, start: datetime, minutes: int) -> None:
    due = calendar.add(start, max(minutes, 1))
    # The last counted minute ends at `due`: the minute before it is counted. The minute
    # before is taken in UTC: wall-clock arithmetic would skip the hour a clock sets back.
    minute_before = due.astimezone(UTC) - timedelta(minutes=1)
    assert calendar.minutes_between(minute_before, due) == 1

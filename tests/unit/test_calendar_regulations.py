"""Calendars as real regulations write them: each weekday its own hours (a short Friday, a
Saturday 10-15), a date's own hours, pre-holiday days an hour shorter (Labour Code art. 95),
night windows past midnight; and `policy check` placing every inconsistency."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.calendar import Calendar, parse_window, shortened
from portal.domain.policy import PRESET_DIR, check_policy_file, load_policy_file

MOSCOW = ZoneInfo("Europe/Moscow")


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)  # type: ignore[misc]


def w(*texts: str) -> tuple[tuple[int, int], ...]:
    return tuple(parse_window(text) for text in texts)


NINE_TO_SIX = w("09:00-18:00")
SHORT_FRIDAY = Calendar(windows=NINE_TO_SIX, weekday_windows=((4, w("09:00-16:45")),))
SATURDAY = Calendar(weekdays=(0, 1, 2, 3, 4, 5), windows=NINE_TO_SIX,
                    weekday_windows=((5, w("10:00-15:00")),))
PRE_HOLIDAY = Calendar(windows=NINE_TO_SIX, short_before_holidays=True)
NIGHT = Calendar(windows=w("22:00-06:00+1"), holiday_country=None)
SHIFTS = Calendar(windows=w("08:00-16:00", "20:00-04:00+1"), holiday_country=None)
CALENDARS = [SHORT_FRIDAY, SATURDAY, PRE_HOLIDAY, NIGHT, SHIFTS,
             Calendar(windows=NINE_TO_SIX, date_windows=((date(2026, 2, 7), w("10:00-14:00")),))]


def test_a_short_friday():
    """«Пятница — с 9:00 до 16:45»: 8 часов от пятницы 06.02.2026 15:00 — 1 ч 45 мин в
    пятницу, 6 ч 15 мин с понедельника 09:00, срок — понедельник 09.02 15:15."""
    assert SHORT_FRIDAY.add(msk(2026, 2, 6, 15), 8 * 60) == msk(2026, 2, 9, 15, 15)
    assert SHORT_FRIDAY.minutes_between(msk(2026, 2, 2), msk(2026, 2, 9)) == 4 * 540 + 465


def test_saturday_ten_to_three():
    """«Суббота — с 10:00 до 15:00»: 3 часа от субботы 07.02.2026 14:00 — час в субботу и два
    с понедельника 09:00, срок — понедельник 09.02 11:00; воскресенье не считается."""
    assert SATURDAY.add(msk(2026, 2, 7, 14), 3 * 60) == msk(2026, 2, 9, 11)
    assert SATURDAY.next_counted(msk(2026, 2, 7, 8)) == msk(2026, 2, 7, 10)


def test_a_pre_holiday_day_is_an_hour_shorter():
    """ТК РФ, ст. 95: «Продолжительность рабочего дня или смены, непосредственно
    предшествующих нерабочему праздничному дню, уменьшается на один час.» 30.04.2026 (чт)
    перед 1 Мая: 9:00–17:00. 2 часа от 16:00 — час 30.04, 1–3 мая выходные, ещё час 4 мая:
    срок 04.05 10:00. 08.05 (пт) перед 9 Мая — тоже короче; 20.02 перед 23 февраля — нет
    (накануне праздника воскресенье)."""
    assert PRE_HOLIDAY.add(msk(2026, 4, 30, 16), 120) == msk(2026, 5, 4, 10)
    assert PRE_HOLIDAY.windows_on(date(2026, 5, 8)) == w("09:00-17:00")
    assert PRE_HOLIDAY.windows_on(date(2026, 2, 20)) == NINE_TO_SIX
    # 2026-12-31 is a moved day off ("substituted"), not a holiday: 30 December keeps its hours.
    assert not PRE_HOLIDAY.is_short_day(date(2026, 12, 30))
    assert Calendar(windows=NINE_TO_SIX).windows_on(date(2026, 4, 30)) == NINE_TO_SIX


def test_listed_short_days_and_a_dates_own_hours():
    calendar = Calendar(windows=w("09:00-13:00", "14:00-18:00"),
                        short_days=frozenset({date(2026, 6, 11)}),
                        date_windows=((date(2026, 2, 7), w("10:00-14:00")),))
    assert calendar.windows_on(date(2026, 6, 11)) == w("09:00-13:00", "14:00-17:00")
    assert calendar.is_working_day(date(2026, 2, 7))  # a Saturday with hours of its own
    assert calendar.add(msk(2026, 2, 6, 17), 120) == msk(2026, 2, 7, 11)
    assert shortened(w("09:00-13:00", "14:00-14:30"), 60) == w("09:00-12:30")


def test_a_night_shift_belongs_to_the_day_it_starts():
    """Ночная смена 22:00–06:00, пн–пт: 4 часа от вторника 04:00 — 2 часа до 06:00 (смена
    понедельника), затем с 22:00 вторника ещё 2: срок среда 00:00. Смена пятницы идёт до
    субботы 06:00; в субботу вечером смены нет."""
    assert NIGHT.add(msk(2026, 2, 3, 4), 240) == msk(2026, 2, 4, 0)
    assert NIGHT.add(msk(2026, 2, 7, 5), 60) == msk(2026, 2, 7, 6)
    assert NIGHT.next_counted(msk(2026, 2, 7, 7)) == msk(2026, 2, 9, 22)
    assert NIGHT.minutes_between(msk(2026, 2, 2), msk(2026, 2, 9)) == 5 * 480
    assert NIGHT.day_minutes() == 480
    assert SHIFTS.minutes_between(msk(2026, 2, 3, 0), msk(2026, 2, 3, 12)) == 4 * 60 + 4 * 60


def test_a_window_past_midnight_says_so():
    assert parse_window("22:00-06:00+1") == (22 * 60, 30 * 60)
    with pytest.raises(ValueError, match=r"write 18:00-09:00\+1 for a window past midnight"):
        parse_window("18:00-09:00")
    with pytest.raises(ValueError, match="does not run past midnight"):
        parse_window("09:00-18:00+1")


moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 12, 1),
                       timezones=st.just(MOSCOW)).map(lambda m: m.replace(second=0,
                                                                          microsecond=0))


@settings(max_examples=150, deadline=None)
@given(calendar=st.sampled_from(CALENDARS), start=moments,
       minutes=st.integers(min_value=1, max_value=6000))
def test_adding_then_measuring_gives_the_minutes_back(calendar, start, minutes):
    due = calendar.add(start, minutes)
    assert calendar.minutes_between(start, due) == minutes
    assert calendar.minutes_between(start, due - timedelta(minutes=1)) == minutes - 1


@settings(max_examples=100, deadline=None)
@given(calendar=st.sampled_from(CALENDARS), start=moments,
       a=st.integers(min_value=0, max_value=3000), b=st.integers(min_value=0, max_value=3000))
def test_adding_is_monotonic_and_composes(calendar, start, a, b):
    assert calendar.add(start, min(a, b)) <= calendar.add(start, max(a, b))
    if a:
        assert calendar.add(calendar.add(start, a), b) == calendar.add(start, a + b)


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 20)))
def test_a_short_day_counts_exactly_one_hour_less(day):
    plain = Calendar(windows=NINE_TO_SIX)
    short = Calendar(windows=NINE_TO_SIX, short_days=frozenset({day}))
    start = datetime.combine(day, datetime.min.time(), MOSCOW)
    end = start + timedelta(days=1)
    lost = plain.minutes_between(start, end) - short.minutes_between(start, end)
    assert lost == (60 if plain.is_working_day(day) else 0)


DEMO = (PRESET_DIR / "demo.toml").read_text(encoding="utf-8")
OFFICE = '''windows = ["09:00-13:00", "14:00-18:00"]
holidays = "RU"'''


def preset_with(tmp_path: Path, lines: str) -> Path:
    assert OFFICE in DEMO
    path = tmp_path / "ours.toml"
    path.write_text(DEMO.replace(OFFICE, OFFICE + "\n" + lines, 1), encoding="utf-8")
    return path


def test_a_preset_writes_each_addition(tmp_path):
    path = preset_with(tmp_path, '''windows_by_weekday = { fri = ["09:00-13:00", "14:00-16:45"] }
date_windows = { 2026-02-07 = ["10:00-14:00"] }
short_days = [2026-06-11]
short_before_holidays = true''')
    assert check_policy_file(path) == []
    calendar = load_policy_file(path).calendars["moscow-office"]
    assert calendar.windows_on(date(2026, 2, 6)) == w("09:00-13:00", "14:00-16:45")
    assert calendar.windows_on(date(2026, 2, 7)) == w("10:00-14:00")
    assert calendar.windows_on(date(2026, 4, 30)) == w("09:00-13:00", "14:00-17:00")


@pytest.mark.parametrize(("lines", "place", "message"), [
    ('windows_by_weekday = { sat = ["10:00-15:00"] }', "calendars.moscow-office.windows_by_weekday.sat",
     "sat has windows but is not a working weekday"),
    ('windows_by_weekday = { fry = ["10:00-15:00"] }', "calendars.moscow-office.windows_by_weekday.fry",
     "'fry' is not one of mon..sun"),
    ('windows_by_weekday = { fri = ["16:00-10:00"] }',
     "calendars.moscow-office.windows_by_weekday.fri[0]", "write 16:00-10:00+1"),
    ('windows_by_weekday = { thu = ["09:00-13:00", "20:00-10:00+1"] }',
     "calendars.moscow-office.windows_by_weekday.thu",
     "on thu the night window runs to 10:00, into fri's first window from 09:00"),
    ('date_windows = { 2026-02-31 = ["10:00-14:00"] }',
     "calendars.moscow-office.date_windows.2026-02-31", "is not a date"),
    ('extra_holidays = [2026-02-09]\ndate_windows = { 2026-02-09 = ["10:00-14:00"] }',
     "calendars.moscow-office.date_windows.2026-02-09", "also in extra_holidays"),
    ("short_days = [2026-02-08]", "calendars.moscow-office.short_days",
     "2026-02-08 is not a working day"),
    ("extra_holidays = [2026-02-09]\nextra_working_days = [2026-02-09]",
     "calendars.moscow-office.extra_working_days", "cannot be both"),
])
def test_policy_check_places_each_inconsistency(tmp_path, lines, place, message):
    path = preset_with(tmp_path, lines)
    if "extra_holidays = [2026-02-09]" in lines:  # the demo lists empty ones: replace them
        text = path.read_text(encoding="utf-8").replace("extra_holidays = []\n", "", 1)
        if "extra_working_days = [2026" in lines:
            text = text.replace("extra_working_days = []\n", "", 1)
        path.write_text(text, encoding="utf-8")
    found = {problem.place: problem.message for problem in check_policy_file(path)}
    assert place in found, found
    assert message in found[place]


def test_hours_are_refused_where_the_counting_has_none(tmp_path):
    text = DEMO.replace('''[calendars.always]
zone = "Europe/Moscow"''', '''[calendars.always]
zone = "Europe/Moscow"
windows = ["09:00-18:00"]''', 1)
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    found = {problem.place: problem.message for problem in check_policy_file(path)}
    assert 'not used with counting = "always"' in found["calendars.always.windows"]


def test_service_hours_must_name_a_calendar_of_the_preset(tmp_path):
    text = (PRESET_DIR / "axistem.toml").read_text(encoding="utf-8")
    old = 'service_hours = "service-hours"'
    assert old in text
    path = tmp_path / "ours.toml"
    path.write_text(text.replace(old, 'service_hours = "office-hours"', 1), encoding="utf-8")
    found = {problem.place: problem.message for problem in check_policy_file(path)}
    assert found == {"tiers.basic.service_hours": "unknown calendar 'office-hours'"}


BERLIN_NIGHTS = Calendar(zone="Europe/Berlin", weekdays=tuple(range(7)), holiday_country="DE",
                         windows=w("03:00-04:30", "23:30-02:15+1"))
real_instants = st.datetimes(min_value=datetime(2026, 3, 20), max_value=datetime(2026, 11, 5),
                             timezones=st.just(ZoneInfo("UTC"))).map(
    lambda m: m.replace(second=0, microsecond=0).astimezone(ZoneInfo("Europe/Berlin")))


@settings(max_examples=200, deadline=None)
@given(start=real_instants, minutes=st.integers(min_value=1, max_value=3000))
def test_night_windows_hold_across_daylight_saving_changes(start, minutes):
    due = BERLIN_NIGHTS.add(start, minutes)
    assert BERLIN_NIGHTS.minutes_between(start, due) == minutes


def test_a_night_window_over_the_spring_change_keeps_its_length():
    """29.03.2026 в Берлине часы переводят с 02:00 на 03:00, и 02:15 на часах не бывает. Конец
    окна читается со смещением до перевода (как PEP 495 при fold=0): 02:15 CET — это 03:15 CEST,
    и окно субботы 23:30–02:15 длится свои 165 минут; осенью (25.10) — тоже 165, а не 225."""
    night = Calendar(zone="Europe/Berlin", weekdays=(5,), holiday_country=None,
                     windows=w("23:30-02:15+1"))
    berlin = ZoneInfo("Europe/Berlin")
    spring = datetime(2026, 3, 28, 23, 30, tzinfo=berlin)
    assert night.minutes_between(spring, spring + timedelta(hours=12)) == 165
    assert night.add(spring, 165) == datetime(2026, 3, 29, 3, 15, tzinfo=berlin)
    autumn = datetime(2026, 10, 24, 23, 30, tzinfo=berlin)
    assert night.minutes_between(autumn, autumn + timedelta(hours=12)) == 165


def test_a_night_window_reaching_into_the_next_days_window_is_counted_once():
    """29.03.2026 в Берлине субботнее окно 23:30–02:15 кончается в 03:15 по летнему времени,
    а воскресное окно начинается в 03:00: четверть часа 03:00–03:15 — одни и те же минуты, их
    считают один раз (за субботу). С 23:30 субботы до 04:30 воскресенья: 165 + 75 = 240."""
    berlin = ZoneInfo("Europe/Berlin")
    saturday = datetime(2026, 3, 28, 23, 30, tzinfo=berlin)
    sunday_end = datetime(2026, 3, 29, 4, 30, tzinfo=berlin)
    assert BERLIN_NIGHTS.minutes_between(saturday, sunday_end) == 240
    assert BERLIN_NIGHTS.add(saturday, 166) == datetime(2026, 3, 29, 3, 16, tzinfo=berlin)
    assert BERLIN_NIGHTS.add(saturday, 240) == sunday_end

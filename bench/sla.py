"""Benchmark: due times from Calendar.add against businesstimedelta on the same random cases.

Run: .venv/bin/python bench/sla.py [--count 100000] [--seed 2026]
Both compute "N working minutes after a start" in a Moscow office calendar (09:00-13:00 and
14:00-18:00, Mon-Fri, Russian holidays). Only cases both can express are kept: businesstimedelta
knows no working Saturdays, so spans touching 2025-11-01 are left out. Every answer must agree.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import businesstimedelta
import holidays
import pytz

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.domain.calendar import Calendar, parse_window

MOSCOW = ZoneInfo("Europe/Moscow")
WORKING_SATURDAY = date(2025, 11, 1)
TARGET_MINUTES = (30, 60, 120, 240, 480, 960, 2400, 4800)


def office_calendar() -> Calendar:
    return Calendar(zone="Europe/Moscow",
                    windows=(parse_window("09:00-13:00"), parse_window("14:00-18:00")))


def businesstimedelta_rules() -> businesstimedelta.Rules:
    zone = pytz.timezone("Europe/Moscow")
    weekdays = [0, 1, 2, 3, 4]
    days_off = set(holidays.country_holidays("RU", years=[2025, 2026, 2027], language="en_US"))
    return businesstimedelta.Rules([
        businesstimedelta.WorkDayRule(start_time=clock(9), end_time=clock(18),
                                      working_days=weekdays, tz=zone),
        businesstimedelta.LunchTimeRule(start_time=clock(13), end_time=clock(14),
                                        working_days=weekdays, tz=zone),
        businesstimedelta.HolidayRule(days_off, tz=zone),
    ])


def cases(count: int, seed: int) -> list[tuple[datetime, int]]:
    """Random whole-minute starts in 2025-2026 with a target length each, all expressible."""
    rng = random.Random(seed)
    first = datetime(2025, 1, 1, tzinfo=MOSCOW)
    probe = office_calendar()
    found: list[tuple[datetime, int]] = []
    while len(found) < count:
        start = first + timedelta(minutes=rng.randrange(0, 729 * 1440))
        minutes = rng.choice(TARGET_MINUTES)
        if start.date() <= WORKING_SATURDAY <= probe.add(start, minutes).date():
            continue  # businesstimedelta cannot know the working Saturday
        found.append((start, minutes))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    work = cases(args.count, args.seed)

    calendar = office_calendar()  # fresh: its per-day cache fills during the timed run
    began = time.perf_counter()
    ours = [calendar.add(start, minutes) for start, minutes in work]
    ours_seconds = time.perf_counter() - began

    # The app keeps one calendar per preset, so the cache above is warm in real use; a fresh
    # calendar per call shows the cost without it (holiday lookups stay cached per year).
    cold_work = work[: max(1, len(work) // 10)]
    began = time.perf_counter()
    cold = [office_calendar().add(start, minutes) for start, minutes in cold_work]
    cold_seconds = time.perf_counter() - began
    assert cold == ours[: len(cold)], "a fresh calendar must answer as the cached one"

    rules = businesstimedelta_rules()
    began = time.perf_counter()
    theirs = [start + businesstimedelta.BusinessTimeDelta(rules, timedelta=timedelta(minutes=m))
              for start, m in work]
    theirs_seconds = time.perf_counter() - began

    disagreements = [(start.isoformat(), m, a.isoformat(), b.isoformat())
                     for (start, m), a, b in zip(work, ours, theirs, strict=True) if a != b]
    report = {
        "cases": len(work),
        "calendar_add_per_second": round(len(work) / ours_seconds),
        "calendar_add_fresh_calendar_per_second": round(len(cold_work) / cold_seconds),
        "businesstimedelta_per_second": round(len(work) / theirs_seconds),
        "ratio": round(theirs_seconds / ours_seconds, 1),
        "ratio_fresh_calendar": round(theirs_seconds / len(work) * len(cold_work) / cold_seconds, 1),
        "disagreements": len(disagreements),
    }
    print(json.dumps(report, indent=1))
    for example in disagreements[:5]:
        print("disagree:", example, file=sys.stderr)
    return 1 if disagreements else 0


if __name__ == "__main__":
    raise SystemExit(main())

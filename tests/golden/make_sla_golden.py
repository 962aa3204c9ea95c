"""Write tests/golden/sla_<preset>.json from the minute-stepping reference (not from Calendar.add).

Run: .venv/bin/python -m tests.golden.make_sla_golden
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.domain.policy import PRESET_CODES, load_preset
from tests.golden.sla_reference import reference_add

GOLDEN_DIR = Path(__file__).resolve().parent

# Moments every preset is tried at: holidays, moved days, edges of hours (Moscow time).
RUSSIAN_EDGES = [
    "2025-12-30T17:00:00+03:00",  # last working evening before New Year
    "2025-12-31T12:00:00+03:00",  # 31 Dec 2025: a moved day off
    "2026-01-08T10:00:00+03:00",  # New Year holidays
    "2026-01-09T11:00:00+03:00",  # 9 Jan 2026: a moved day off
    "2026-01-12T08:30:00+03:00",  # before hours on the first working day
    "2025-10-31T17:30:00+03:00",  # Friday before the working Saturday
    "2025-11-01T10:15:00+03:00",  # Saturday 1 Nov 2025: a working day
    "2025-11-03T12:00:00+03:00",  # Monday 3 Nov 2025: a day off
    "2025-04-30T16:45:00+03:00",  # before the May holidays
    "2025-05-08T09:00:00+03:00",  # May holidays
    "2026-05-08T17:50:00+03:00",  # Friday before 9-11 May 2026
    "2026-03-06T18:30:00+03:00",  # after hours before 8-9 Mar 2026
    "2025-06-11T13:30:00+03:00",  # lunch time before Russia Day
    "2026-02-21T23:59:00+03:00",  # Saturday night
    "2026-07-15T07:05:00+00:00",  # given in UTC
    "2025-12-31T23:30:00+03:00",  # New Year's Eve night
]
KYIV_EDGES = [
    "2026-03-27T17:00:00+02:00",  # Friday before the spring DST change
    "2026-03-30T08:00:00+03:00",  # Monday after it, before hours
    "2025-10-24T16:00:00+03:00",  # Friday before the autumn change
    "2025-10-27T09:00:00+02:00",  # Monday after it
]

SELECTORS = ("priority", "level", "line", "zone")


def combos(code: str) -> list[dict[str, object]]:
    """The (tier, selectors) queries tried for a preset."""
    if code == "demo":
        return [{"tier": tier, "priority": p} for tier in ("standard", "priority")
                for p in (1, 2, 3, 4)] + [{"tier": "community"}]
    if code == "axistem":
        return [{"tier": "basic"}, {"tier": "extended"}, {"tier": "free"}]
    if code == "terrasoft":
        return [{"tier": tier, "priority": p} for tier in ("premium", "basic", "business")
                for p in (1, 2, 3, 4)]
    if code == "istom":
        return [{"tier": tier, "level": level} for tier in ("free", "commercial")
                for level in ("urgent", "standard", "consulting", "development")] + [
            {"tier": "vip"}, {"tier": "noncommercial"}, {"tier": "vip", "level": "consulting"}]
    if code == "procrm":
        return [{"tier": "support", "line": line} for line in ("sla1", "sla2", "sla3")]
    if code == "ascon":
        return [{"tier": tier} for tier in ("warranty", "individual", "basic")] + [
            {"tier": "warranty", "zone": zone}
            for zone in ("Asia/Vladivostok", "Europe/Kaliningrad", "Asia/Yekaterinburg")]
    raise ValueError(code)


def random_starts(code: str, count: int) -> list[str]:
    """Whole-minute moments spread over 2025-2026, the same on every run."""
    rng = random.Random(f"sla-golden-{code}")
    first = datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Moscow"))
    return [(first + timedelta(minutes=rng.randrange(0, 2 * 365 * 1440 - 60 * 1440)))
            .isoformat(timespec="seconds") for _ in range(count)]


def expected(code: str, query: dict[str, object], start_text: str) -> dict[str, object]:
    """The answer of `portal sla due --json`, computed by the reference."""
    policy = load_preset(code)
    answer: dict[str, object] = {}
    guaranteed = True
    for kind in ("first_response", "resolution"):
        target = policy.target(str(query["tier"]), kind, query.get("priority"),  # type: ignore[arg-type]
                               query.get("level"), query.get("line"))  # type: ignore[arg-type]
        due = None
        if target is not None:
            guaranteed = guaranteed and target.minutes is not None
            if target.minutes is not None:
                calendar = target.calendar
                if query.get("zone") and calendar.follows_customer_zone:
                    calendar = calendar.in_zone(str(query["zone"]))
                start = datetime.fromisoformat(start_text)
                due = reference_add(calendar, start, target.minutes)
        answer[f"{kind}_due"] = due.isoformat(timespec="seconds") if due else None
    answer["guaranteed"] = guaranteed
    return answer


def cases(code: str) -> list[dict[str, object]]:
    """Every query at a few starts each, so each preset gets well over 30 cases."""
    queries = combos(code)
    starts = RUSSIAN_EDGES + (KYIV_EDGES if code == "procrm" else []) + random_starts(code, 12)
    found = []
    for index, start in enumerate(starts):
        # Each start meets three queries, rotating, so every query meets many starts.
        for shift in range(3):
            query = queries[(index * 3 + shift) % len(queries)]
            found.append({**query, "start": start,
                          "expected": expected(code, query, start)})
    return found


def main() -> None:
    for code in PRESET_CODES:
        path = GOLDEN_DIR / f"sla_{code}.json"
        document = {
            "preset": code,
            "generated_by": "tests/golden/make_sla_golden.py (minute-stepping reference)",
            "cases": cases(code),
        }
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"{path.name}: {len(document['cases'])} cases")


if __name__ == "__main__":
    main()

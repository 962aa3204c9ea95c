"""Write tests/golden/sla_<preset>.json from the minute-stepping reference (not from Calendar.add).

The reference reads each preset with its own reader (tests/golden/preset_reader.py: tomllib,
its own target lookup), never the portal's policy parsing; `replays` are ticket histories
(pauses, reopen, escalation) replayed by tests/golden/sla_replay.py.

Run: .venv/bin/python -m tests.golden.make_sla_golden
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.golden.preset_reader import preset_codes, read_preset
from tests.golden.sla_reference import reference_add
from tests.golden.sla_replay import replay

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
    policy = read_preset(code)
    answer: dict[str, object] = {}
    promised: dict[str, bool] = {}
    guaranteed = True  # every target the tier has promises a time
    for kind in ("first_response", "resolution"):
        target = policy.target(str(query["tier"]), kind, query.get("priority"),  # type: ignore[arg-type]
                               query.get("level"), query.get("line"))  # type: ignore[arg-type]
        due = None
        promised[kind] = target is not None and target.minutes is not None
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
    # Each kind on its own: no target of the kind promises nothing.
    answer["first_response_guaranteed"] = promised["first_response"]
    answer["resolution_guaranteed"] = promised["resolution"]
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


# Ticket histories: (query, [(event, local time, data)], now). Times are local to the preset's
# office; each history crosses something (a weekend, holidays, a working Saturday, DST).
REPLAYS: dict[str, list[tuple[dict[str, object], list[tuple[str, str, dict]], str]]] = {
    "demo": [
        ({"tier": "standard", "priority": 2}, [
            ("created", "2025-12-26T16:00", {}), ("reply", "2025-12-26T16:30", {}),
            ("waiting", "2025-12-26T16:40", {}), ("customer", "2025-12-30T11:00", {}),
            ("resolved", "2026-01-12T12:00", {}), ("reopened", "2026-01-13T10:00", {}),
        ], "2026-01-14T12:00"),
        ({"tier": "priority", "priority": 1}, [
            ("created", "2026-02-21T23:50", {}), ("waiting", "2026-02-22T00:10", {}),
            ("customer", "2026-02-22T00:40", {}), ("note", "2026-02-22T00:45", {}),
            ("reply", "2026-02-22T00:50", {}), ("resolved", "2026-02-22T05:00", {}),
            ("reopened", "2026-02-22T09:00", {}),
        ], "2026-02-22T10:00"),
        ({"tier": "standard", "priority": 1}, [
            ("created", "2026-03-06T17:30", {}), ("reply", "2026-03-10T09:30", {}),
            ("deferred", "2026-03-10T10:00", {}), ("reopened", "2026-03-11T15:00", {}),
            ("waiting", "2026-03-11T16:00", {}),
        ], "2026-03-12T12:00"),
    ],
    "axistem": [
        ({"tier": "basic"}, [
            ("created", "2025-10-30T15:00", {}), ("waiting", "2025-10-31T10:00", {}),
            ("customer", "2025-11-03T12:00", {}),
        ], "2025-11-06T12:00"),
        ({"tier": "extended"}, [
            ("created", "2025-12-30T17:00", {}), ("reply", "2026-01-12T17:00", {}),
        ], "2026-01-13T09:00"),
    ],
    "terrasoft": [
        ({"tier": "premium", "priority": 2}, [
            ("created", "2026-05-08T17:50", {}), ("reply", "2026-05-08T19:40", {}),
            ("waiting", "2026-05-12T10:00", {}), ("customer", "2026-05-13T10:00", {}),
            ("resolved", "2026-05-14T09:00", {}), ("reopened", "2026-05-15T09:00", {}),
        ], "2026-05-15T12:00"),
        ({"tier": "business", "priority": 1}, [
            ("created", "2025-11-01T17:30", {}), ("reply", "2025-11-02T09:30", {}),
            ("resolved", "2025-11-03T10:00", {}),
        ], "2025-11-03T11:00"),
        ({"tier": "premium", "priority": 1}, [
            ("created", "2025-12-31T23:30", {}), ("waiting", "2026-01-01T00:10", {}),
            ("customer", "2026-01-01T03:00", {}), ("resolved", "2026-01-01T04:00", {}),
            ("reopened", "2026-01-01T05:00", {}),
        ], "2026-01-01T06:00"),
    ],
    "istom": [
        ({"tier": "commercial", "level": "urgent"}, [
            ("created", "2026-01-09T11:00", {}), ("customer", "2026-01-09T12:00", {}),
            ("reply", "2026-01-12T11:00", {}), ("resolved", "2026-01-13T12:00", {}),
        ], "2026-01-13T13:00"),
        ({"tier": "vip"}, [
            ("created", "2026-03-06T19:30", {}), ("waiting", "2026-03-06T19:40", {}),
            ("customer", "2026-03-10T10:15", {}),
        ], "2026-03-10T11:00"),
    ],
    "procrm": [
        ({"tier": "support"}, [
            ("created", "2026-03-27T17:00", {"line": "sla1"}), ("reply", "2026-03-27T17:30", {}),
            ("line", "2026-03-27T17:45", {"line": "sla2"}),
            ("line", "2026-03-30T10:00", {"line": "sla3"}),
        ], "2026-03-30T11:00"),
        ({"tier": "support"}, [
            ("created", "2025-10-24T16:00", {"line": "sla1"}),
            ("line", "2025-10-27T10:30", {"line": "sla2"}), ("waiting", "2025-10-27T11:00", {}),
            ("customer", "2025-10-27T15:00", {}), ("reply", "2025-10-27T17:00", {}),
        ], "2025-10-27T18:00"),
        ({"tier": "support"}, [
            ("created", "2025-10-24T16:00", {"line": "sla1"}),
            ("line", "2025-10-24T16:30", {"line": "sla2"}),
            ("line", "2025-10-24T16:40", {"line": "sla1"}),
        ], "2025-10-24T17:00"),
    ],
    "ascon": [
        ({"tier": "warranty"}, [
            ("created", "2025-06-11T16:00", {}), ("reply", "2025-06-16T09:30", {}),
            ("waiting", "2025-06-16T12:00", {}), ("customer", "2025-06-17T13:30", {}),
            ("resolved", "2025-06-20T17:00", {}), ("reopened", "2025-06-23T09:00", {}),
        ], "2025-06-24T12:00"),
        ({"tier": "basic"}, [
            ("created", "2025-06-11T16:00", {}), ("reply", "2025-06-16T09:30", {}),
            ("resolved", "2025-06-17T10:00", {}),
        ], "2025-06-18T12:00"),
    ],
}
OFFICE_ZONES = {"procrm": "Europe/Kyiv"}


def replay_moment(code: str, local: str) -> datetime:
    zone = ZoneInfo(OFFICE_ZONES.get(code, "Europe/Moscow"))
    return datetime.fromisoformat(local).replace(tzinfo=zone)


def replay_expected(code: str, query: dict[str, object], events: list, now: str) -> dict:
    """First-response and resolution clocks of a history, by the reference's replay."""
    history = [(kind, replay_moment(code, at), data) for kind, at, data in events]
    return replay(read_preset(code), str(query["tier"]), query.get("priority"),  # type: ignore[arg-type]
                  query.get("level"), history, replay_moment(code, now))  # type: ignore[arg-type]


def replays(code: str) -> list[dict[str, object]]:
    found = []
    for query, events, now in REPLAYS.get(code, []):
        found.append({**query, "events": [list(event) for event in events], "now": now,
                      "expected": replay_expected(code, query, events, now)})
    return found


def main() -> None:
    for code in preset_codes():
        path = GOLDEN_DIR / f"sla_{code}.json"
        document = {
            "preset": code,
            "generated_by": "tests/golden/make_sla_golden.py (minute-stepping reference)",
            "cases": cases(code),
            "replays": replays(code),
        }
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"{path.name}: {len(document['cases'])} cases, "
              f"{len(document['replays'])} replays")


if __name__ == "__main__":
    main()

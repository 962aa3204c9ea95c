"""The golden reference's own reading of a preset file: tomllib and nothing of the portal.

A bug in the portal's preset parsing or target lookup (portal/domain/policy) must not reach
the golden files, so the reference reads calendars and targets here, by the rules written at
the top of portal/presets/demo.toml:
- a target names a tier (or a list), a kind, optional priority / level / line, one of
  minutes / hours / working_days (times the calendar's counted minutes of one day) /
  guarantee = false, and a calendar;
- among the targets whose named selectors all equal the query's, a target naming a line wins,
  then the one naming the most selectors.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

PRESET_DIR = Path(__file__).resolve().parents[2] / "portal" / "presets"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SELECTORS = ("priority", "level", "line")


@dataclass(frozen=True)
class RefCalendar:
    """A calendar's parameters as written (the reference decides each minute from them)."""

    zone: str
    weekdays: tuple[int, ...]
    windows: tuple[tuple[int, int], ...]
    holiday_country: str | None
    extra_holidays: frozenset[date]
    extra_working_days: frozenset[date]
    counting: str
    follows_customer_zone: bool

    def in_zone(self, zone: str) -> RefCalendar:
        return replace(self, zone=zone)

    def day_minutes(self) -> int:
        if self.counting == "window":
            return sum(end - start for start, end in self.windows)
        return 24 * 60


@dataclass(frozen=True)
class RefTarget:
    tiers: tuple[str, ...]
    kind: str
    priority: int | None
    level: str | None
    line: str | None
    minutes: int | None  # None: no guarantee
    calendar: RefCalendar


def _minute(text: str) -> int:
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def _calendar(table: dict) -> RefCalendar:
    zone = table.get("zone", "UTC")
    follows = zone == "customer"
    if follows:
        zone = table.get("fallback_zone", "UTC")
    windows = []
    for text in table.get("windows", []):
        start, end = text.split("-")
        windows.append((_minute(start), _minute(end)))
    holidays = table.get("holidays", False)
    return RefCalendar(
        zone=zone,
        weekdays=tuple(sorted(DAY_NAMES.index(day) for day in table.get("weekdays", []))),
        windows=tuple(sorted(windows)),
        holiday_country=holidays if holidays else None,
        extra_holidays=frozenset(table.get("extra_holidays", [])),
        extra_working_days=frozenset(table.get("extra_working_days", [])),
        counting=table.get("counting", "window"),
        follows_customer_zone=follows,
    )


@dataclass(frozen=True)
class RefPreset:
    code: str
    calendars: dict[str, RefCalendar]
    targets: tuple[RefTarget, ...]
    at_risk_ratio: str

    def target(self, tier: str, kind: str, priority: int | None = None,
               level: str | None = None, line: str | None = None) -> RefTarget | None:
        query = {"priority": priority, "level": level, "line": line}
        best: RefTarget | None = None
        best_rank = (-1, -1)
        for target in self.targets:
            if target.kind != kind or tier not in target.tiers:
                continue
            named = {name: getattr(target, name) for name in SELECTORS
                     if getattr(target, name) is not None}
            if any(query[name] != value for name, value in named.items()):
                continue
            rank = (int("line" in named), len(named))
            if rank > best_rank:
                best, best_rank = target, rank
        return best


@lru_cache(maxsize=16)
def read_preset(code: str) -> RefPreset:
    """The preset `code` from portal/presets/<code>.toml, read with tomllib only."""
    raw = tomllib.loads((PRESET_DIR / f"{code}.toml").read_text(encoding="utf-8"))
    calendars = {name: _calendar(table) for name, table in raw.get("calendars", {}).items()}
    targets = []
    for table in raw.get("targets", []):
        tiers = table["tier"] if isinstance(table["tier"], list) else [table["tier"]]
        calendar = calendars[table["calendar"]]
        if "minutes" in table:
            minutes: int | None = table["minutes"]
        elif "hours" in table:
            minutes = table["hours"] * 60
        elif "working_days" in table:
            minutes = table["working_days"] * calendar.day_minutes()
        else:
            assert table.get("guarantee") is False, table
            minutes = None
        targets.append(RefTarget(tuple(tiers), table["kind"], table.get("priority"),
                                 table.get("level"), table.get("line"), minutes, calendar))
    return RefPreset(code, calendars, tuple(targets), str(raw.get("at_risk_ratio", "")))


def preset_codes() -> list[str]:
    return sorted(path.stem for path in PRESET_DIR.glob("*.toml"))

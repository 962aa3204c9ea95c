"""The one place the app reads the clock (the domain never does: it is passed `now`)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)


def stored_now() -> datetime:
    """The current moment as stored in the database: naive UTC (portable to both engines)."""
    return utc_now().replace(tzinfo=None)


def today_in(zone: str) -> date:
    """Today's date where the viewer (or the portal's display zone) is."""
    return utc_now().astimezone(ZoneInfo(zone)).date()

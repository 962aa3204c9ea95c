"""The one place the app reads the clock (the domain never does: it is passed `now`).

Tests stop time here, once, with `frozen_at(moment)`; every service and page then sees it.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_frozen: datetime | None = None


def utc_now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC)


def stored_now() -> datetime:
    """The current moment as stored in the database: naive UTC (portable to both engines)."""
    return as_stored(utc_now())


def as_stored(moment: datetime) -> datetime:
    """An aware moment as the database stores it: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def today_in(zone: str) -> date:
    """Today's date where the viewer (or the portal's display zone) is."""
    return utc_now().astimezone(ZoneInfo(zone)).date()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make `moment` (timezone-aware) the current moment until the block ends."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("a frozen moment needs its time zone")
    before, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = before

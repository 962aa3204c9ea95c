"""The period a report covers: whole days from `first` to `last` (both included) in the
portal's display zone, read from the picker's `from` / `to` (ISO dates) or a named preset."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from portal.errors import Invalid

MAX_DAYS = 3 * 366
PRESETS = ("month", "last_month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    zone: str

    def _bound(self, day: date) -> datetime:
        local = datetime.combine(day, time.min, ZoneInfo(self.zone))
        return local.astimezone(UTC).replace(tzinfo=None)

    @property
    def start(self) -> datetime:
        """The first moment, as stored (naive UTC)."""
        return self._bound(self.first)

    @property
    def end(self) -> datetime:
        """The moment after the last day ends, as stored (naive UTC)."""
        return self._bound(self.last + timedelta(days=1))

    def query(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}

    def months(self) -> list[str]:
        """Every month the period touches, "YYYY-MM"."""
        found, day = [], self.first.replace(day=1)
        while day <= self.last:
            found.append(day.strftime("%Y-%m"))
            day = (day + timedelta(days=32)).replace(day=1)
        return found


def preset(name: str, today: date, zone: str) -> Period:
    """This month to date, the last whole month, this quarter to date, the last 12 months."""
    if name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last, zone)
    if name == "quarter":
        return Period(today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today, zone)
    if name == "year":
        first = today.replace(day=1)
        first = first.replace(year=first.year - 1)
        return Period((first + timedelta(days=32)).replace(day=1), today, zone)
    return Period(today.replace(day=1), today, zone)


def parse(args, today: date, zone: str) -> Period:
    """The period the picker asks for; this month to date when it asks for none."""
    if args.get("preset") in PRESETS:
        return preset(args["preset"], today, zone)
    raw_first, raw_last = args.get("from", ""), args.get("to", "")
    if not raw_first and not raw_last:
        return preset("month", today, zone)
    try:
        first = date.fromisoformat(raw_first) if raw_first else today.replace(day=1)
        last = date.fromisoformat(raw_last) if raw_last else today
    except ValueError:
        raise Invalid(_("Give the dates as YYYY-MM-DD."), field="first") from None
    if last < first:
        raise Invalid(_("The period ends before it starts."), field="last")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(_("Choose a period of at most three years."), field="last")
    return Period(first, last, zone)

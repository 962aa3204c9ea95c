"""The numbers of the head of support's reports, counted in SQL from stored rows: target
outcomes (tickets.outcomes), ratings and deflections, open tickets and their assignees.

Compliance per target = met / (met + breached) over the targets due in the period; a target
still running with its due moment behind `now` is breached (the stored row may predate the
moment it ran out); running, paused and no-guarantee targets are left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from peewee import Case, fn

from portal.accounts.models import User
from portal.db import is_postgres
from portal.domain.tickets import ACTIVE
from portal.reports.period import Period
from portal.tickets.models import Deflection, Ticket
from portal.tickets.outcomes import SlaOutcome

DIMENSIONS = ("tier", "priority", "line", "product", "month")
TIMED_KINDS = ("first_response", "resolution")
KIND_ORDER = ("first_response", "next_response", "resolution", "update_interval")
# Backlog age buckets: (upper bound in days, key); the last is open-ended.
AGE_BUCKETS = ((1, "under_1d"), (3, "1_3d"), (7, "3_7d"), (30, "7_30d"), (None, "over_30d"))


@dataclass(frozen=True)
class Share:
    """Met and breached targets of one group, and whether they reach the policy's bar."""

    group: str
    kind: str
    met: int
    breached: int

    @property
    def total(self) -> int:
        return self.met + self.breached

    @property
    def ratio(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.met) / Decimal(self.total)).quantize(Decimal("0.0001"),
                                                                  ROUND_HALF_UP)

    def percent(self) -> Decimal | None:
        ratio = self.ratio
        return None if ratio is None else (ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def reaches(self, bar: Decimal) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio >= bar


def _month(column, period: Period):
    """The month of a stored (naive UTC) moment in `zone`: PostgreSQL converts with the zone's
    rules; SQLite shifts by the zone's offset in the middle of the period (a DST zone's other
    offset may move a target due in the hour around midnight of a month's first day)."""
    if is_postgres():
        return fn.to_char(fn.timezone(period.zone, fn.timezone("UTC", column)), "YYYY-MM")
    middle = (period.start + (period.end - period.start) / 2).replace(tzinfo=UTC)
    offset = middle.astimezone(ZoneInfo(period.zone)).utcoffset()
    return fn.strftime("%Y-%m", column, f"{int(offset.total_seconds() // 60):+d} minutes")


def _breached(now: datetime):
    return ((SlaOutcome.status == "breached")
            | ((SlaOutcome.status == "running") & (SlaOutcome.due_at < now)))


def _decided(period: Period, now: datetime):
    """Targets due in the period that were met or breached."""
    return ((SlaOutcome.due_at >= period.start) & (SlaOutcome.due_at < period.end)
            & ((SlaOutcome.status == "met") | _breached(now)))


def compliance(period: Period, now: datetime, dimension: str | None = None) -> list[Share]:
    """Met and breached per target kind, in each group of `dimension` (None: overall)."""
    if dimension is not None and dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    met = fn.SUM(Case(None, [(SlaOutcome.status == "met", 1)], 0))
    breached = fn.SUM(Case(None, [(_breached(now), 1)], 0))
    if dimension is None:
        rows = (SlaOutcome.select(SlaOutcome.kind, met, breached).where(_decided(period, now))
                .group_by(SlaOutcome.kind).tuples())
        found = [Share("", kind, int(m or 0), int(b or 0)) for kind, m, b in rows]
    else:
        group = (_month(SlaOutcome.due_at, period) if dimension == "month"
                 else getattr(SlaOutcome, dimension))
        rows = (SlaOutcome.select(group, SlaOutcome.kind, met, breached)
                .where(_decided(period, now)).group_by(group, SlaOutcome.kind).tuples())
        found = [Share("" if grp is None else str(grp), kind, int(m or 0), int(b or 0))
                 for grp, kind, m, b in rows]
    # Groups in their natural order (P1 before P2, months in turn), targets as the page lists.
    return sorted(found, key=lambda s: (_sort_key(s.group), KIND_ORDER.index(s.kind)
                                        if s.kind in KIND_ORDER else len(KIND_ORDER)))


def _sort_key(group: str) -> tuple[int, str]:
    return (0, group.zfill(6)) if group.isdigit() else (1, group)


def totals(shares: list[Share]) -> list[Share]:
    """The groups' shares summed over every target kind, per group, in group order."""
    found: dict[str, list[int]] = {}
    for share in shares:
        counts = found.setdefault(share.group, [0, 0])
        counts[0] += share.met
        counts[1] += share.breached
    return [Share(group, "all", met, breached) for group, (met, breached) in found.items()]


def percentile(values: list[int], share: int) -> int | None:
    """The nearest-rank percentile of sorted `values` (share in percent)."""
    if not values:
        return None
    rank = max(1, -(-share * len(values) // 100))
    return values[rank - 1]


@dataclass(frozen=True)
class Times:
    kind: str
    count: int
    median: int | None  # counted (business) minutes
    p90: int | None


def times(period: Period) -> list[Times]:
    """Median and 90th percentile of the counted minutes first responses and resolutions took,
    over those met (on time or late) in the period."""
    found = []
    for kind in TIMED_KINDS:
        values = [row[0] for row in SlaOutcome.select(SlaOutcome.used_minutes).where(
            (SlaOutcome.kind == kind) & SlaOutcome.used_minutes.is_null(False)
            & (SlaOutcome.met_at >= period.start) & (SlaOutcome.met_at < period.end))
            .order_by(SlaOutcome.used_minutes).tuples()]
        found.append(Times(kind, len(values), percentile(values, 50), percentile(values, 90)))
    return found


@dataclass(frozen=True)
class Ratings:
    count: int
    average: Decimal | None
    by_score: dict[int, int]
    comments: list[tuple[str, int, str, datetime]]  # number, score, comment, rated at


def ratings(period: Period) -> Ratings:
    """CSAT: ratings given in the period, their average, how many of each score, comments."""
    inside = ((Ticket.rated_at >= period.start) & (Ticket.rated_at < period.end)
              & Ticket.rating.is_null(False))
    by_score = {score: 0 for score in range(5, 0, -1)}
    for score, count in (Ticket.select(Ticket.rating, fn.COUNT(Ticket.id)).where(inside)
                         .group_by(Ticket.rating).tuples()):
        by_score[int(score)] = int(count)
    count = sum(by_score.values())
    average = None
    if count:
        total = sum(score * n for score, n in by_score.items())
        average = (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    comments = list(Ticket.select(Ticket.number, Ticket.rating, Ticket.rating_comment,
                                  Ticket.rated_at)
                    .where(inside & (Ticket.rating_comment != ""))
                    .order_by(Ticket.rated_at.desc()).limit(200).tuples())
    return Ratings(count, average, by_score, comments)


def deflections(period: Period) -> list[tuple[str, int]]:
    """Tickets not filed because an offered article solved it: per article, most first."""
    count = fn.COUNT(Deflection.id)
    return [(url, int(n)) for url, n in Deflection.select(Deflection.article_url, count)
            .where((Deflection.at >= period.start) & (Deflection.at < period.end))
            .group_by(Deflection.article_url).order_by(count.desc(), Deflection.article_url)
            .tuples()]


def backlog(now: datetime) -> list[tuple[str, int]]:
    """Active tickets by how long ago they were filed."""
    whens = [(Ticket.created_at > now - timedelta(days=days), key)
             for days, key in AGE_BUCKETS if days is not None]
    bucket = Case(None, whens, AGE_BUCKETS[-1][1])
    counted = dict(Ticket.select(bucket, fn.COUNT(Ticket.id))
                   .where(Ticket.status.in_(ACTIVE)).group_by(bucket).tuples())
    return [(key, int(counted.get(key, 0))) for _days, key in AGE_BUCKETS]


@dataclass(frozen=True)
class Load:
    name: str
    active: int
    overdue: int
    resolved: int


def agent_load(period: Period, now: datetime) -> list[Load]:
    """Per staff member: active tickets assigned now, of them overdue, and resolved in the
    period (tickets whose resolution they hold); unassigned active tickets last."""
    active = fn.SUM(Case(None, [(Ticket.status.in_(ACTIVE), 1)], 0))
    overdue = fn.SUM(Case(None, [(Ticket.status.in_(ACTIVE) & (Ticket.next_due_at < now), 1)],
                          0))
    resolved = fn.SUM(Case(None, [((Ticket.resolved_at >= period.start)
                                   & (Ticket.resolved_at < period.end), 1)], 0))
    rows = (Ticket.select(User.name, active, overdue, resolved)
            .join(User, on=(Ticket.assignee == User.id))
            .group_by(User.id, User.name).order_by(User.name).tuples())
    found = [Load(name, int(a or 0), int(o or 0), int(r or 0)) for name, a, o, r in rows
             if a or r]
    unassigned = (Ticket.select(active, overdue).where(Ticket.assignee.is_null()).tuples()
                  .first())
    if unassigned and unassigned[0]:
        found.append(Load("", int(unassigned[0] or 0), int(unassigned[1] or 0), 0))
    return found

"""One SLA clock: counted minutes of a calendar that stop during pauses of the ticket."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from portal.domain.calendar import Calendar
from portal.domain.policy.model import Target

Status = Literal["met", "breached", "running", "paused", "no_guarantee"]
PauseReason = Literal["waiting", "resolved", "deferred"]


@dataclass(frozen=True)
class Pause:
    """A span when the ticket's clock stood still; `end` None while it lasts."""

    start: datetime
    end: datetime | None
    reason: PauseReason


@dataclass(frozen=True)
class Walked:
    """Where counting `minutes` from a start ends: a due moment, or a pause still under way."""

    due: datetime | None
    minutes_left: int  # counted minutes still to run when stopped by an open pause


def walk(calendar: Calendar, start: datetime, minutes: int, pauses: Sequence[Pause]) -> Walked:
    """Count `minutes` of `calendar` from `start`, skipping the (sorted, disjoint) pauses.

    Exact when every moment is a whole minute (ticket_sla cuts event times to the minute).
    """
    at, left = start, minutes
    for pause in pauses:
        if pause.end is not None and pause.end <= at:
            continue
        if pause.start <= at:
            if pause.end is None:
                return Walked(None, left)
            at = pause.end
            continue
        candidate = calendar.add(at, left)
        if candidate <= pause.start:
            return Walked(candidate, 0)
        # Whole minutes only, rounded down: a pause may lengthen a target, never shorten it.
        left -= calendar.minutes_between(at, pause.start)
        if pause.end is None:
            return Walked(None, left)
        at = pause.end
    return Walked(calendar.add(at, left), 0)


@dataclass(frozen=True)
class ClockState:
    """One target of a ticket at a moment: its due moment and whether it was met.

    `minutes_left` counts the calendar's minutes from `now` to `due` (negative once overdue)
    or, while paused, the minutes still to run; None once met or without a guarantee.
    """

    kind: str
    started_at: datetime
    status: Status
    due: datetime | None
    minutes_left: int | None
    met_at: datetime | None
    minutes: int | None
    calendar: Calendar | None
    target: Target | None
    line: str | None = None
    overridden: bool = False
    at_risk_at: datetime | None = None

    @property
    def breached(self) -> bool:
        """A target passed without being met (met late counts as breached too)."""
        return self.status == "breached"


@dataclass
class Clock:
    """A clock while the history is replayed (mutable; becomes a ClockState at the end)."""

    kind: str
    started_at: datetime
    minutes: int | None
    calendar: Calendar | None
    target: Target | None
    line: str | None = None
    overridden: bool = False
    met_at: datetime | None = None

    def state(self, pauses: Sequence[Pause], now: datetime,
              at_risk_ratio: Decimal | None = None) -> ClockState:
        """The clock at `now`, given the pauses that apply to its kind."""
        base = {"kind": self.kind, "started_at": self.started_at, "met_at": self.met_at,
                "minutes": self.minutes, "calendar": self.calendar, "target": self.target,
                "line": self.line, "overridden": self.overridden}
        if self.minutes is None or self.calendar is None:
            status: Status = "met" if self.met_at is not None else "no_guarantee"
            return ClockState(status=status, due=None, minutes_left=None, **base)
        calendar, minutes = self.calendar, self.minutes
        if self.met_at is not None:
            met_at = self.met_at
            # Pauses after the target was met do not matter; one open then ends there.
            clipped = [Pause(p.start, met_at if p.end is None or p.end > met_at else p.end,
                             p.reason) for p in pauses if p.start < met_at]
            due = walk(calendar, self.started_at, minutes, clipped).due
            status = "met" if due is None or met_at <= due else "breached"
            return ClockState(status=status, due=due, minutes_left=None, **base)
        walked = walk(calendar, self.started_at, minutes, pauses)
        if walked.due is None:
            return ClockState(status="paused", due=None, minutes_left=walked.minutes_left, **base)
        left = calendar.minutes_between(now, walked.due)
        status = "breached" if now > walked.due else "running"
        at_risk_at = None
        if status == "running" and at_risk_ratio is not None:
            at_risk_at = walk(calendar, self.started_at, int(minutes * at_risk_ratio),
                              pauses).due
        return ClockState(status=status, due=walked.due, minutes_left=left,
                          at_risk_at=at_risk_at, **base)

    def breached_by(self, pauses: Sequence[Pause], moment: datetime) -> bool:
        """Whether this unmet clock had run out by `moment`."""
        if self.minutes is None or self.calendar is None:
            return False
        due = walk(self.calendar, self.started_at, self.minutes, pauses).due
        return due is not None and due < moment

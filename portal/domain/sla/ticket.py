"""The SLA of one ticket: its targets' due moments and states, replayed from its history.

Rules (DOMAIN.md section 2) and the decisions taken where the seeds are silent:
- first response starts when the ticket is filed and is met by the first public staff reply;
  next response (where the tier has one) starts at a customer message once a reply was given
  and no reaction is pending; update interval restarts at every public staff reply and is met
  by the next one, or by the resolution.
- resolution is met when the ticket is resolved; a reopen takes the mark away and resumes it.
- the clock stops while waiting for the customer and while resolved; a deferral (a stated
  reason such as "needs development") stops resolution and updates, not the reactions.
- a priority or level change recomputes every open target from its start; a target already
  met stays met. Lowering P1 to P3/P4 meets P1's resolution target at that moment, and the
  new priority's resolution target runs from then.
- escalation to a line that has its own reaction target starts it; the pending reaction is
  replaced unless it had already run out (a breach stays a breach).
- a per-ticket override replaces one kind of target on every open and later clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from portal.domain.calendar import Calendar
from portal.domain.policy.model import Target
from portal.domain.sla.clock import Clock, ClockState, Pause, PauseReason
from portal.domain.sla.events import (
    Created,
    CustomerWrote,
    Deferred,
    Event,
    LevelChanged,
    LineChanged,
    PriorityChanged,
    Reopened,
    Resolved,
    StaffReplied,
    TargetOverridden,
    WaitingForCustomer,
)

__all__ = ["TargetSource", "TicketSla", "ticket_sla"]

REACTIONS = ("first_response", "next_response")
# Which pauses stop which kind of target.
PAUSED_BY: dict[str, tuple[PauseReason, ...]] = {
    "first_response": ("waiting", "resolved"),
    "next_response": ("waiting", "resolved"),
    "resolution": ("waiting", "resolved", "deferred"),
    "update_interval": ("waiting", "resolved", "deferred"),
}
# Lowering P1 to one of these means work was restored (Terrasoft).
RESTORED_PRIORITIES = (3, 4)
# Calendar of an agreed target when the tier has none of that kind to borrow one from.
AROUND_THE_CLOCK = Calendar(zone="UTC", holiday_country=None, counting="always")


class TargetSource(Protocol):
    """What the SLA needs of a policy: the target for a tier and selectors."""

    def target(self, tier: str, kind: str, priority: int | None = None,
               level: str | None = None, line: str | None = None) -> Target | None: ...


@dataclass(frozen=True)
class TicketSla:
    """Every target clock of a ticket at `now` and the next moment any of them changes."""

    clocks: tuple[ClockState, ...]
    paused: bool
    pause_reason: PauseReason | None
    next_change_at: datetime | None

    def current(self, kind: str) -> ClockState | None:
        """The latest clock of `kind` (earlier ones are history)."""
        found = [clock for clock in self.clocks if clock.kind == kind]
        return found[-1] if found else None

    @property
    def breached(self) -> bool:
        """Whether any target passed without being met."""
        return any(clock.breached for clock in self.clocks)


class _Replay:
    """The state of a ticket while its history is replayed in order."""

    def __init__(self, policy: TargetSource, tier: str) -> None:
        self.policy, self.tier = policy, tier
        self.created_at: datetime | None = None
        self.priority: int | None = None
        self.level: str | None = None
        self.line: str | None = None
        self.clocks: list[Clock] = []
        self.pauses: list[Pause] = []
        self.overrides: dict[str, TargetOverridden] = {}

    # --- targets -------------------------------------------------------------------------
    def _lookup(self, kind: str, line: str | None) -> Target | None:
        return self.policy.target(self.tier, kind, priority=self.priority, level=self.level,
                                  line=line)

    def _aim(self, clock: Clock) -> None:
        """Set the clock's minutes and calendar from the current selectors and overrides."""
        target = self._lookup(clock.kind, clock.line)
        override = self.overrides.get(clock.kind)
        clock.target, clock.overridden = target, override is not None
        if override is not None:
            clock.minutes = override.minutes
            clock.calendar = override.calendar or (target.calendar if target else AROUND_THE_CLOCK)
        else:
            clock.minutes = target.minutes if target else None
            clock.calendar = target.calendar if target else None

    def start(self, kind: str, at: datetime, line: str | None = None) -> None:
        """Start a clock of `kind` when the tier has such a target (or one was agreed)."""
        if self._lookup(kind, line) is None and kind not in self.overrides:
            return
        clock = Clock(kind=kind, started_at=at, minutes=None, calendar=None, target=None,
                      line=line)
        self._aim(clock)
        self.clocks.append(clock)

    def open_clocks(self, *kinds: str) -> list[Clock]:
        return [c for c in self.clocks if c.met_at is None and c.kind in kinds]

    def pauses_for(self, kind: str) -> list[Pause]:
        return [p for p in self.pauses if p.reason in PAUSED_BY[kind]]

    # --- pauses --------------------------------------------------------------------------
    @property
    def pause_reason(self) -> PauseReason | None:
        last = self.pauses[-1] if self.pauses else None
        return last.reason if last is not None and last.end is None else None

    def stop(self, at: datetime, reason: PauseReason) -> None:
        self.resume(at)
        self.pauses.append(Pause(at, None, reason))

    def resume(self, at: datetime) -> None:
        if self.pause_reason is not None:
            last = self.pauses.pop()
            if last.start < at:  # a zero-length pause changes nothing
                self.pauses.append(Pause(last.start, at, last.reason))

    # --- events --------------------------------------------------------------------------
    def apply(self, event: Event) -> None:
        at = event.at
        match event:
            case Created(priority=priority, level=level, line=line):
                self.created_at = at
                self.priority, self.level, self.line = priority, level, line
                self.start("first_response", at, line)
                self.start("resolution", at)
            case PriorityChanged(priority=priority):
                lowered_from_p1 = self.priority == 1 and priority in RESTORED_PRIORITIES
                self.priority = priority
                if lowered_from_p1:
                    for clock in self.open_clocks("resolution"):
                        clock.met_at = at
                self.recompute()
                if lowered_from_p1:
                    self.start("resolution", at)
            case LevelChanged(level=level):
                self.level = level
                self.recompute()
            case LineChanged(line=line):
                self.escalate(at, line)
            case WaitingForCustomer():
                if self.pause_reason != "resolved":
                    self.stop(at, "waiting")
            case Deferred():
                if self.pause_reason != "resolved":
                    self.stop(at, "deferred")
            case Resolved():
                for clock in self.open_clocks("resolution", "update_interval"):
                    clock.met_at = at
                self.stop(at, "resolved")
            case Reopened():
                if self.pause_reason == "resolved":
                    for clock in self.clocks:
                        if clock.kind == "resolution" and clock.met_at == self.pauses[-1].start:
                            clock.met_at = None
                self.resume(at)
            case StaffReplied(public=True):
                for clock in self.open_clocks(*REACTIONS, "update_interval"):
                    clock.met_at = at
                if self.pause_reason != "resolved":
                    self.start("update_interval", at)
            case CustomerWrote():
                if self.pause_reason == "waiting":
                    self.resume(at)
                answered = any(c.kind in REACTIONS and c.met_at for c in self.clocks)
                resolved = self.pause_reason == "resolved"
                if answered and not resolved and not self.open_clocks(*REACTIONS):
                    self.start("next_response", at, self.line)
            case TargetOverridden(kind=kind):
                self.overrides[kind] = event
                for clock in self.open_clocks(kind):
                    self._aim(clock)
                # A tier without a resolution target gets the agreed one from the start.
                if (kind == "resolution" and self.pause_reason != "resolved"
                        and not any(c.kind == kind for c in self.clocks)):
                    self.start(kind, self.created_at or at)

    def recompute(self) -> None:
        """Open clocks take the targets of the new priority or level, from their own start."""
        for clock in self.open_clocks(*PAUSED_BY):
            self._aim(clock)

    def escalate(self, at: datetime, line: str) -> None:
        self.line = line
        line_target = self._lookup("first_response", line)
        if line_target is None or line_target.line != line:
            return  # the line has no reaction target of its own: nothing restarts
        for clock in self.open_clocks(*REACTIONS):
            if not clock.breached_by(self.pauses_for(clock.kind), at):
                self.clocks.remove(clock)
        self.start("first_response", at, line)


def ticket_sla(policy: TargetSource, tier: str, history: Iterable[Event], now: datetime,
               at_risk_ratio: Decimal | None = None) -> TicketSla:
    """The SLA of a ticket of `tier` at `now` from its history (events after `now` ignored).

    Event times are cut to the whole minute. With `at_risk_ratio` (e.g. 0.75), running clocks also tell when that share of their
    counted time is used up, and `next_change_at` includes that warning moment.
    """
    # Whole minutes: due moments are exact to the minute and the calendar counts minutes.
    events = sorted((replace(e, at=e.at.replace(second=0, microsecond=0))
                     for e in history if e.at <= now), key=lambda e: e.at)
    if not events or not isinstance(events[0], Created):
        raise ValueError("a ticket's history starts with its creation")
    replay = _Replay(policy, tier)
    for event in events:
        replay.apply(event)
    states = tuple(clock.state(replay.pauses_for(clock.kind), now, at_risk_ratio)
                   for clock in replay.clocks)
    moments = [m for s in states if s.status == "running"
               for m in (s.due, s.at_risk_at) if m is not None and m > now]
    return TicketSla(clocks=states, paused=replay.pause_reason is not None,
                     pause_reason=replay.pause_reason,
                     next_change_at=min(moments) if moments else None)


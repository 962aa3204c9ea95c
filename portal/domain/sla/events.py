"""The events of a ticket's history that start, pause, meet or recompute its SLA clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.domain.calendar import Calendar


@dataclass(frozen=True)
class Created:
    """The ticket was filed, with the priority, SLA level and support line it was given."""

    at: datetime
    priority: int | None = None
    level: str | None = None
    line: str | None = None


@dataclass(frozen=True)
class PriorityChanged:
    """Staff changed the priority (recomputes open targets from the ticket's start)."""

    at: datetime
    priority: int


@dataclass(frozen=True)
class LevelChanged:
    """Staff re-classified the SLA level (recomputes open targets from the ticket's start)."""

    at: datetime
    level: str


@dataclass(frozen=True)
class LineChanged:
    """The ticket was escalated to another support line (L1 -> L2 -> L3)."""

    at: datetime
    line: str


@dataclass(frozen=True)
class WaitingForCustomer:
    """Staff asked the customer for something; the clock stops until the customer writes."""

    at: datetime


@dataclass(frozen=True)
class Resolved:
    """Staff marked the ticket resolved; the clock stops until a reopen."""

    at: datetime


@dataclass(frozen=True)
class Reopened:
    """The ticket went back to work after being resolved or deferred."""

    at: datetime


@dataclass(frozen=True)
class Deferred:
    """Staff put the resolution off with a stated reason (e.g. it needs a product update)."""

    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class StaffReplied:
    """A reply of staff; only a public one reaches the customer and meets reaction targets."""

    at: datetime
    public: bool = True


@dataclass(frozen=True)
class CustomerWrote:
    """A message of the customer (also ends a wait for the customer)."""

    at: datetime


@dataclass(frozen=True)
class TargetOverridden:
    """A target of this one ticket set by agreement: `minutes` (None: no guarantee).

    `calendar` defaults to the replaced target's calendar.
    """

    at: datetime
    kind: str
    minutes: int | None
    calendar: Calendar | None = None


Event = (
    Created | PriorityChanged | LevelChanged | LineChanged | WaitingForCustomer | Resolved
    | Reopened | Deferred | StaffReplied | CustomerWrote | TargetOverridden
)

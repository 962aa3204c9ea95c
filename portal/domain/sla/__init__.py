"""The SLA of a ticket (DOMAIN.md section 2): targets, clocks and pauses, from its history.

Callers import from here: `events` are what happens to a ticket, `clock` walks one target's
counted minutes through pauses, `ticket` replays a history into every target's state.
"""

from __future__ import annotations

from portal.domain.sla.clock import Clock, ClockState, Pause, PauseReason, walk
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
from portal.domain.sla.ticket import TargetSource, TicketSla, ticket_sla

__all__ = [
    "Clock", "ClockState", "Created", "CustomerWrote", "Deferred", "Event", "LevelChanged",
    "LineChanged", "Pause", "PauseReason", "PriorityChanged", "Reopened", "Resolved",
    "StaffReplied", "TargetOverridden", "TargetSource", "TicketSla", "WaitingForCustomer",
    "ticket_sla", "walk",
]

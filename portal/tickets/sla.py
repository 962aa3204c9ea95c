"""A ticket's SLA from its timeline: replayed by the pure engine, stored with every change,
and described for the ticket page."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from portal.clock import as_stored
from portal.domain.policy import CustomerZoned, Policy
from portal.domain.sla import ClockState, TicketSla, ticket_sla
from portal.domain.tickets import sla_history
from portal.tickets import outcomes
from portal.tickets.models import Ticket

SHOWN_KINDS = ("first_response", "next_response", "resolution", "update_interval")


def zone_of(ticket: Ticket) -> str:
    """The customer's zone: their organization's, else the requester's own."""
    if ticket.organization_id is not None:
        return ticket.organization.timezone
    return ticket.requester.timezone


def sla_of(ticket: Ticket, policy: Policy, now: datetime) -> TicketSla:
    """The ticket's targets at `now`, customer-zone calendars in the customer's zone."""
    source = CustomerZoned(policy, zone_of(ticket))
    return ticket_sla(source, ticket.tier, sla_history(ticket.happenings()), now,
                      at_risk_ratio=policy.at_risk_ratio)


def _stored(moment: datetime | None) -> datetime | None:
    return as_stored(moment) if moment else None


def refresh(ticket: Ticket, policy: Policy, now: datetime) -> TicketSla:
    """Store the SLA's answer on the ticket (call inside the transaction of the change)."""
    sla = sla_of(ticket, policy, now)
    running = [clock.due for clock in sla.clocks if clock.status == "running" and clock.due]
    risks = [clock.at_risk_at for clock in sla.clocks
             if clock.status == "running" and clock.at_risk_at]
    ticket.next_due_at = _stored(min(running)) if running else None
    ticket.at_risk_at = _stored(min(risks)) if risks else None
    ticket.breached = sla.breached
    ticket.sla_state = json.dumps([
        {"kind": c.kind, "status": c.status, "due": c.due.isoformat() if c.due else None,
         "met_at": c.met_at.isoformat() if c.met_at else None} for c in sla.clocks])
    Ticket.update(next_due_at=ticket.next_due_at, at_risk_at=ticket.at_risk_at,
                  breached=ticket.breached,
                  sla_state=ticket.sla_state, updated_at=_stored(now)).where(
        Ticket.id == ticket.id).execute()
    outcomes.store(ticket, sla)  # the rows the head of support's reports count
    return sla


@dataclass(frozen=True)
class Countdown:
    """One target as the ticket page says it."""

    kind: str
    status: str  # running | paused | met | breached | no_guarantee
    due: datetime | None
    minutes_left: int | None
    calendar_zone: str | None
    at_risk: bool


def countdowns(sla: TicketSla, now: datetime) -> list[Countdown]:
    """The current clock of each kind the tier has, in the order the page shows them."""
    found = []
    for kind in SHOWN_KINDS:
        clock: ClockState | None = sla.current(kind)
        if clock is None:
            continue
        at_risk = bool(clock.status == "running" and clock.at_risk_at and now >= clock.at_risk_at)
        found.append(Countdown(kind, clock.status, clock.due, clock.minutes_left,
                               clock.calendar.zone if clock.calendar else None, at_risk))
    return found

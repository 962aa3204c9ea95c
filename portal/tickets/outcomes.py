"""Each target clock of a ticket as the last SLA refresh saw it: the rows reports count.

`store(ticket, sla)` replaces the ticket's rows inside the refresh's transaction. A met clock
keeps the counted minutes it used (its calendar's minutes from start to the mark, pauses left
out): the target's minutes less the counted minutes still left at the mark, or plus those run
past the due moment. A clock without a guarantee has no calendar and so no used minutes.
"""
from __future__ import annotations

from datetime import UTC

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField

from portal.clock import as_stored
from portal.db import BaseModel
from portal.domain.sla import ClockState, TicketSla
from portal.tickets.models import Ticket


class SlaOutcome(BaseModel):
    """One target clock of a ticket: met, breached, running, paused or without guarantee."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="outcomes", on_delete="CASCADE")
    position = IntegerField()  # the clock's place among the ticket's clocks
    kind = CharField(max_length=32)
    status = CharField(max_length=16)
    started_at = DateTimeField()
    due_at = DateTimeField(null=True)
    met_at = DateTimeField(null=True)
    target_minutes = IntegerField(null=True)
    used_minutes = IntegerField(null=True)
    tier = CharField(max_length=64)
    priority = IntegerField(null=True)
    level = CharField(max_length=64, null=True)
    line = CharField(max_length=64, null=True)
    product = CharField(max_length=64, default="")

    class Meta:
        table_name = "sla_outcome"
        indexes = ((("ticket", "position"), True), (("due_at", "kind"), False))

    @property
    def key(self) -> str:
        """Names this target on its ticket for notices: kind and place (first_response#0)."""
        return f"{self.kind}#{self.position}"


def used_minutes(clock: ClockState) -> int | None:
    """Counted minutes from the clock's start to its mark, pauses left out."""
    if clock.met_at is None or clock.due is None or clock.calendar is None \
            or clock.minutes is None:
        return None
    return clock.minutes - clock.calendar.minutes_between(clock.met_at, clock.due)


def _stored(moment):
    return as_stored(moment) if moment is not None else None


def store(ticket: Ticket, sla: TicketSla) -> None:
    """Replace the ticket's outcome rows with the clocks of `sla`."""
    SlaOutcome.delete().where(SlaOutcome.ticket == ticket.id).execute()
    rows = [{
        "ticket": ticket.id, "position": position, "kind": clock.kind, "status": clock.status,
        "started_at": _stored(clock.started_at.astimezone(UTC)), "due_at": _stored(clock.due),
        "met_at": _stored(clock.met_at), "target_minutes": clock.minutes,
        "used_minutes": used_minutes(clock), "tier": ticket.tier, "priority": ticket.priority,
        "level": ticket.level, "line": clock.line or ticket.line, "product": ticket.product or "",
    } for position, clock in enumerate(sla.clocks)]
    if rows:
        SlaOutcome.insert_many(rows).execute()

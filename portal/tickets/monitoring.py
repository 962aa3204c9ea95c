"""The SLA watch the worker runs (portal/worker.py): notices to staff when a target is at risk
or breached, reminders when a progress update is due, and closing resolved tickets after the
policy's window with the customer told the day before.

- At-risk (the policy's share of a target used) and breach notices go to the assignee and every
  head of support, only while the target's own calendar is counting (its working time): one
  that falls due at night is sent when the office opens. Each target is told once: a row of
  `sla_notice` (unique per ticket, notice and target) is written before the mail is queued,
  in one transaction.
- A progress-update reminder goes to the assignee (the heads when nobody holds the ticket) once
  the policy's update interval has run out without a public reply, in working time, once per
  interval.
- A resolved ticket is closed `auto_close_days` after its resolution; the customer is mailed a
  day before, and a ticket is never closed less than a day after that warning.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegrityError

from portal.accounts.models import User
from portal.clock import as_stored
from portal.db import BaseModel, db
from portal.domain.calendar import Calendar
from portal.domain.policy import Policy
from portal.domain.sla import ClockState
from portal.domain.tickets import ACTIVE, CLOSED, RESOLVED
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url
from portal.roles import HEAD, STAFF
from portal.tickets import mailing, sla
from portal.tickets.models import Ticket
from portal.tickets.services import record_status

WATCHED = ("first_response", "next_response", "resolution")
WARNING_LEAD = timedelta(days=1)


class SlaNotice(BaseModel):
    """Something the watch told about one target (or one resolution) of a ticket."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="notices", on_delete="CASCADE")
    kind = CharField(max_length=16)  # at_risk | breach | update | closing
    target = CharField(max_length=80)
    sent_at = DateTimeField()

    class Meta:
        table_name = "sla_notice"
        indexes = ((("ticket", "kind", "target"), True),)


def target_key(clock: ClockState) -> str:
    """A target clock's identity on its ticket: its kind and when it started."""
    return f"{clock.kind}@{clock.started_at.astimezone(UTC):%Y-%m-%dT%H:%M}"


def in_working_time(calendar: Calendar | None, now: datetime) -> bool:
    """Whether `now` is a counted minute of the calendar (always true around the clock)."""
    if calendar is None:
        return False
    return calendar.next_counted(now) <= now


def _claim(ticket: Ticket, kind: str, target: str, now: datetime) -> bool:
    """Record the notice; False when it was already given (by this or another worker)."""
    try:
        with db.atomic():
            SlaNotice.create(ticket=ticket, kind=kind, target=target, sent_at=as_stored(now))
    except IntegrityError:
        return False
    return True


def _staff_for(ticket: Ticket, heads_always: bool = True) -> list[User]:
    """The ticket's assignee (while active staff) and the heads of support; without
    `heads_always` the heads only when nobody holds the ticket."""
    people: list[User] = []
    if ticket.assignee_id is not None:
        assignee = ticket.assignee
        if assignee.active and assignee.role in STAFF:
            people.append(assignee)
    if heads_always or not people:
        people += list(User.select().where((User.role == HEAD) & (User.active == True))
                       .order_by(User.id))
    seen: set[int] = set()
    return [p for p in people if not (p.id in seen or seen.add(p.id))]


def _tell_staff(ticket: Ticket, template: str, people: list[User], clock: ClockState,
                policy: Policy) -> None:
    link = external_url("tickets.ticket", number=ticket.number)
    for person in people:
        queue_mail(person.email, template, person.language, thread_key=f"staff-{ticket.number}",
                   name=person.name, number=ticket.number, subject=ticket.subject,
                   target=clock.kind, due=clock.due, zone=person.timezone, link=link,
                   priority=ticket.priority, tier=policy.tier(ticket.tier))


def watch(policy: Policy, now: datetime) -> dict[str, int]:
    """One sweep of active tickets: at-risk and breach notices, update reminders."""
    stored = as_stored(now)
    told = {"at_risk": 0, "breach": 0, "update": 0}
    candidates = Ticket.select().where(
        Ticket.status.in_(ACTIVE) & ((Ticket.at_risk_at <= stored)
                                     | (Ticket.next_due_at <= stored) | (Ticket.breached == True)))
    for ticket in candidates.order_by(Ticket.id):
        state = sla.sla_of(ticket, policy, now)
        ran_out = ticket.next_due_at is not None and ticket.next_due_at <= stored
        if ran_out or state.breached != ticket.breached:
            with db.atomic():  # a target that ran out is stored so (the reports count it)
                state = sla.refresh(ticket, policy, now)
        for clock in state.clocks:
            if clock.met_at is not None or not in_working_time(clock.calendar, now):
                continue
            if clock.kind == "update_interval":
                if clock.status == "breached" and _claim(ticket, "update", target_key(clock),
                                                          now):
                    _tell_staff(ticket, "sla_update_due", _staff_for(ticket, heads_always=False),
                                clock, policy)
                    told["update"] += 1
                continue
            if clock.kind not in WATCHED:
                continue
            if clock.status == "breached":
                kind = "breach"
            elif clock.status == "running" and clock.at_risk_at and now >= clock.at_risk_at:
                kind = "at_risk"
            else:
                continue
            if _claim(ticket, kind, target_key(clock), now):
                _tell_staff(ticket, f"sla_{kind}", _staff_for(ticket), clock, policy)
                told[kind] += 1
    return told


def close_resolved(policy: Policy, now: datetime) -> dict[str, int]:
    """Warn the customer a day before a resolved ticket closes; close it when its time came."""
    days = policy.auto_close_days
    done = {"warned": 0, "closed": 0}
    if days <= 0:
        return done
    window = timedelta(days=days)
    warn_from = as_stored(now) - window + WARNING_LEAD
    for ticket in (Ticket.select().where((Ticket.status == RESOLVED)
                                         & (Ticket.resolved_at <= warn_from))
                   .order_by(Ticket.id)):
        key = f"resolved@{ticket.resolved_at:%Y-%m-%dT%H:%M}"
        warning = SlaNotice.get_or_none((SlaNotice.ticket == ticket) & (SlaNotice.kind == "closing")
                                        & (SlaNotice.target == key))
        if warning is None:
            with db.atomic():
                if _claim(ticket, "closing", key, now):
                    closes = (ticket.resolved_at + window).replace(tzinfo=UTC)
                    closes = max(closes, now.astimezone(UTC) + WARNING_LEAD)
                    mailing.closing_soon(ticket, policy, closes)
                    done["warned"] += 1
            continue
        closes_at = max(ticket.resolved_at + window, warning.sent_at + WARNING_LEAD)
        if as_stored(now) >= closes_at:
            with db.atomic():
                # Only a ticket still resolved (the customer may have reopened it meanwhile).
                fresh = Ticket.get_by_id(ticket.id)
                if fresh.status != RESOLVED:
                    continue
                record_status(fresh, CLOSED, None, now, reason="auto_close")
                sla.refresh(fresh, policy, now)
                mailing.closed_by_policy(fresh, policy)
                done["closed"] += 1
    return done

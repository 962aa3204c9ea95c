"""The staff's work on a ticket: public replies, internal notes, status, priority, level and
line changes, resolving. The staff console ([S1]) and the tests both go through here."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _

from portal.accounts.models import User
from portal.db import db
from portal.domain.policy import Policy
from portal.domain.tickets import (
    CLOSED,
    DEFER_REASONS,
    RESOLVED,
    STAFF_MOVES,
    TARGET_OVERRIDABLE,
    TIME_KINDS,
    WAITING,
)
from portal.errors import Conflict, Forbidden, Invalid
from portal.roles import is_staff
from portal.tickets import mailing, sla
from portal.tickets.files import Upload
from portal.tickets.models import Ticket, TicketEvent, TimeEntry
from portal.tickets.services import checked_uploads, record_status, store_attachments, stored_moment


def _require_staff(actor: User) -> None:
    if not is_staff(actor):
        raise Forbidden(_("Only support staff may do this."))


def reply(policy: Policy, ticket: Ticket, actor: User, body: str, now: datetime,
          uploads: list[Upload] | None = None, public: bool = True,
          wait_for_customer: bool = False) -> TicketEvent:
    """A public reply (meets reaction targets) or an internal note (`public=False`, never
    shown to customers, never mailed, never indexed)."""
    _require_staff(actor)
    if not body.strip():
        raise Invalid(_("Write the reply."), field="body")
    checked = checked_uploads(uploads or [], policy)
    with db.atomic():
        event = TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="staff_message",
                                   author=actor, body=body, public=public)
        store_attachments(ticket, event, checked)
        if public and wait_for_customer and ticket.status != WAITING:
            record_status(ticket, WAITING, actor, now)
        sla.refresh(ticket, policy, now)
        mailing.staff_replied(ticket, event, policy)
    return event


def note(policy: Policy, ticket: Ticket, actor: User, body: str, now: datetime) -> TicketEvent:
    return reply(policy, ticket, actor, body, now, public=False)


def set_status(policy: Policy, ticket: Ticket, actor: User, to: str, now: datetime,
               reason: str = "") -> TicketEvent:
    """Waiting for the customer, deferred or declined (closed) with one of the seeds'
    reasons, which the customer sees, back to work, resolved."""
    _require_staff(actor)
    if to not in STAFF_MOVES.get(ticket.status, ()):
        raise Conflict(_("This ticket cannot move to that status now."))
    declining = to == CLOSED and ticket.status != RESOLVED
    if (to == "deferred" or declining) and reason not in DEFER_REASONS:
        raise Invalid(_("Give the reason for deferring or declining the ticket."),
                      field="reason")
    with db.atomic():
        event = record_status(ticket, to, actor, now, **({"reason": reason} if reason else {}))
        sla.refresh(ticket, policy, now)
        mailing.status_changed(ticket, policy, to)
    return event


def resolve(policy: Policy, ticket: Ticket, actor: User, now: datetime) -> TicketEvent:
    return set_status(policy, ticket, actor, RESOLVED, now)


def _change(policy: Policy, ticket: Ticket, actor: User, kind: str, value, now: datetime):
    _require_staff(actor)
    before = getattr(ticket, kind)
    if before == value:
        raise Conflict(_("Nothing to change."))
    with db.atomic():
        Ticket.update({getattr(Ticket, kind): value}).where(Ticket.id == ticket.id).execute()
        setattr(ticket, kind, value)
        event = TicketEvent.create(ticket=ticket, at=stored_moment(now), kind=kind, author=actor,
                                   data=json.dumps({"from": before, "to": value}))
        sla.refresh(ticket, policy, now)
    return event


def set_priority(policy: Policy, ticket: Ticket, actor: User, priority: int,
                 now: datetime) -> TicketEvent:
    if priority not in {p.number for p in policy.priorities}:
        raise Invalid(_("Choose one of the policy's priorities."), field="priority")
    return _change(policy, ticket, actor, "priority", priority, now)


def set_level(policy: Policy, ticket: Ticket, actor: User, level: str,
              now: datetime) -> TicketEvent:
    """Staff may re-classify a ticket's SLA level where the policy lets them (iStom)."""
    if policy.levels_reclassified_by != "staff":
        raise Forbidden(_("This support policy does not let staff change a ticket's level."))
    if policy.level(level) is None:
        raise Invalid(_("Choose one of the policy's levels."), field="level")
    return _change(policy, ticket, actor, "level", level, now)




def set_line(policy: Policy, ticket: Ticket, actor: User, line: str, now: datetime,
             reason: str = "") -> TicketEvent:
    """Escalation to another support line, with a reason; that line's reaction starts now."""
    if policy.line(line) is None:
        raise Invalid(_("Choose one of the policy's support lines."), field="line")
    event = _change(policy, ticket, actor, "line", line, now)
    if reason.strip():
        TicketEvent.update(body=reason.strip()[:2000]).where(TicketEvent.id == event.id).execute()
    return event


def assign(policy: Policy, ticket: Ticket, actor: User, assignee: User | None,
           now: datetime) -> TicketEvent:
    """Take the ticket (assignee = actor) or give it to another member of staff."""
    _require_staff(actor)
    if assignee is not None and not is_staff(assignee):
        raise Invalid(_("Tickets are assigned to support staff only."), field="assignee")
    if (assignee.id if assignee else None) == ticket.assignee_id:
        raise Conflict(_("Nothing to change."))
    with db.atomic():
        before = ticket.assignee.name if ticket.assignee_id else ""
        Ticket.update(assignee=assignee).where(Ticket.id == ticket.id).execute()
        ticket.assignee = assignee
        event = TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="assigned",
                                   author=actor, public=False, data=json.dumps(
                                       {"from": before, "to": assignee.name if assignee
                                        else ""}))
        sla.refresh(ticket, policy, now)
    return event


def override_target(policy: Policy, ticket: Ticket, actor: User, target: str,
                    minutes: int | None, now: datetime, note: str = "") -> TicketEvent:
    """One target of this ticket set by agreement (Terrasoft P3: "may be set individually");
    `minutes` None means no guaranteed time."""
    _require_staff(actor)
    if target not in TARGET_OVERRIDABLE:
        raise Invalid(_("Choose a target to set."), field="target")
    if minutes is not None and minutes <= 0:
        raise Invalid(_("Give the agreed time in minutes, or none."), field="minutes")
    with db.atomic():
        event = TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="override",
                                   author=actor, body=note.strip()[:2000],
                                   data=json.dumps({"target": target, "minutes": minutes}))
        sla.refresh(ticket, policy, now)
    return event


def log_time(ticket: Ticket, actor: User, minutes: int, work: str, product_failure: bool,
             now: datetime, note: str = "") -> TimeEntry:
    """Time spent on the ticket; what it costs the customer follows the tier's rules."""
    _require_staff(actor)
    if work not in TIME_KINDS:
        raise Invalid(_("Choose what the time was spent on."), field="work")
    if not 0 < minutes <= 24 * 60:
        raise Invalid(_("Give the minutes spent, at most a day."), field="minutes")
    with db.atomic():
        entry = TimeEntry.create(ticket=ticket, organization=ticket.organization_id,
                                 staff=actor, at=stored_moment(now), minutes=minutes,
                                 work=work, product_failure=product_failure,
                                 note=note.strip()[:300])
        TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="time", author=actor,
                           public=False, data=json.dumps({"minutes": minutes, "work": work,
                                                          "product_failure": product_failure}))
    return entry

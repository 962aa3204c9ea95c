"""The staff's work on a ticket: public replies, internal notes, status, priority, level and
line changes, resolving. The staff console ([S1]) and the tests both go through here."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _

from portal.accounts.models import User
from portal.db import db
from portal.domain.policy import Policy
from portal.domain.tickets import DEFER_REASONS, RESOLVED, STAFF_MOVES, WAITING
from portal.errors import Conflict, Forbidden, Invalid
from portal.roles import is_staff
from portal.tickets import mailing, sla
from portal.tickets.files import Upload
from portal.tickets.models import Ticket, TicketEvent
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
    """Waiting for the customer, deferred (with a stated reason), back to work, resolved."""
    _require_staff(actor)
    if to not in STAFF_MOVES.get(ticket.status, ()):
        raise Conflict(_("This ticket cannot move to that status now."))
    if to == "deferred" and reason not in DEFER_REASONS:
        raise Invalid(_("Give the reason for deferring the ticket."), field="reason")
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


def set_line(policy: Policy, ticket: Ticket, actor: User, line: str,
             now: datetime) -> TicketEvent:
    """Escalation to another support line starts that line's reaction target."""
    if policy.line(line) is None:
        raise Invalid(_("Choose one of the policy's support lines."), field="line")
    return _change(policy, ticket, actor, "line", line, now)

"""Tickets as the API shows them (what the web's ticket page shows, as data), and a filing
request checked against the policy as the web form checks it."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.accounts.models import User
from portal.clock import today_in
from portal.domain.policy import Policy
from portal.domain.tickets import CLOSED, RESOLVED, may_reopen
from portal.errors import Forbidden, Invalid
from portal.roles import is_staff
from portal.tickets import services, sla
from portal.tickets.models import Attachment, Ticket, TicketEvent

# What an event's data may tell (the web's timeline shows these).
SHOWN_FACTS = ("from", "to", "reason", "score", "steps", "target", "minutes", "work",
               "priority", "level", "line")


def person(user: User | None) -> dict | None:
    return None if user is None else {"name": user.name, "support": is_staff(user)}


def ticket_of(ticket: Ticket, viewer: User, policy: Policy) -> dict:
    tier = policy.tier(ticket.tier)
    mine = ticket.requester_id == viewer.id
    resolved_on = ticket.resolved_at.date() if ticket.resolved_at else None
    organization = ticket.organization
    follow_up = ticket.follow_up_of
    return {
        "number": ticket.number, "subject": ticket.subject, "status": ticket.status,
        "category": ticket.category, "product": ticket.product, "version": ticket.version,
        "priority": ticket.priority, "level": ticket.level, "line": ticket.line,
        "tier": ticket.tier,
        "organization": {"id": organization.id, "name": organization.name}
        if organization is not None else None,
        "requester": person(ticket.requester),
        "created_at": ticket.created_at, "updated_at": ticket.updated_at,
        "resolved_at": ticket.resolved_at, "rating": ticket.rating,
        "rating_comment": ticket.rating_comment or "",
        "follow_up_of": follow_up.number if follow_up is not None else None,
        "may_reopen": mine and may_reopen(ticket.status, resolved_on,
                                          tier.reopen_days if tier else 0,
                                          today_in(sla.zone_of(ticket))),
        "may_rate": mine and ticket.status in (RESOLVED, CLOSED) and ticket.rating is None,
        "url": url_for("tickets.ticket", number=ticket.number, _external=True),
    }


def attachment_of(row: Attachment, ticket: Ticket) -> dict:
    return {"id": row.id, "filename": row.filename, "content_type": row.content_type,
            "size": row.size, "inline": row.inline,
            "url": url_for("api.attachment", number=ticket.number, attachment_id=row.id,
                           _external=True)}


def event_of(event: TicketEvent, ticket: Ticket, attachments: list[Attachment]) -> dict:
    facts = event.facts
    return {
        "id": event.id, "kind": event.kind, "at": event.at, "author": person(event.author),
        "public": event.public, "body": event.body, "by_mail": event.inbound_id is not None,
        "data": {key: facts[key] for key in SHOWN_FACTS
                 if key in facts and isinstance(facts[key], str | int | float | bool | None)},
        "attachments": [attachment_of(row, ticket) for row in attachments],
    }


def timeline_of(ticket: Ticket, viewer: User, policy: Policy) -> dict:
    """The ticket and its events: public ones only for customers."""
    events = list(ticket.events_after(0, public_only=not is_staff(viewer)))
    files: dict[int, list[Attachment]] = {}
    for row in Attachment.select().where(Attachment.ticket == ticket).order_by(Attachment.id):
        files.setdefault(row.event_id, []).append(row)
    return {**ticket_of(ticket, viewer, policy),
            "events": [event_of(event, ticket, files.get(event.id, [])) for event in events]}


REFUSALS = {
    "no_organization": lambda: _("You are not a contact of an organization with support. "
                                 "Join yours with a license key, or buy support."),
    "no_support": lambda: _("Your organization has no support now."),
    "no_ticket_channel": lambda: _("Your organization's support tier has no tickets."),
    "not_responsible": lambda: _("Only a responsible contact of your organization may file "
                                 "tickets."),
}


def file_request(policy: Policy, user: User, data: dict) -> services.NewTicket:
    """The filing `data` as the service takes it, its choices checked against the policy the
    way the web form offers them; refusals name their fields."""
    right = services.right_to_file(user, policy)
    if not right.allowed:
        refusal = REFUSALS.get(right.reason)
        raise Forbidden(refusal() if refusal else _("You may not file a ticket."))
    problems: dict[str, str] = {}
    product = data["product"] or ""
    if product and policy.product(product) is None:
        problems["product"] = _("Choose one of: %(values)s.", values=", ".join(
            p.code for p in policy.products) or "—")
    uses = policy.selectors_of(right.tier.code)
    priority = None
    if "priority" in uses and policy.priorities:
        numbers = [p.number for p in policy.priorities]
        priority = data["priority"]
        if priority not in numbers:
            problems["priority"] = _("Choose one of: %(values)s.",
                                     values=", ".join(str(n) for n in numbers))
    level = None
    levels = [lv.code for lv in policy.levels if not lv.tiers or right.tier.code in lv.tiers]
    if "level" in uses and levels:
        level = data["level"]
        if level not in levels:
            problems["level"] = _("Choose one of: %(values)s.", values=", ".join(levels))
    if problems:
        raise Invalid(_("Correct the fields named below."), fields=problems)
    return services.NewTicket(
        subject=data["subject"], description=data["description"], category=data["category"],
        product=product, version=data["version"] or "", priority=priority, level=level,
        steps=data["steps"] or "", page_address=data["page_address"] or "")

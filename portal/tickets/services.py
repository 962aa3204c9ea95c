"""Tickets for customers: who may file, filing, messages with attachments, close, reopen,
rate, escalate; and the one access rule (another organization's ticket is "not found")."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from peewee import IntegrityError

from portal.accounts.models import Organization, User
from portal.billing.entitlements import entitlement_of
from portal.clock import as_stored
from portal.db import db
from portal.domain.policy import Policy
from portal.domain.tickets import (
    CLOSED,
    OPEN,
    RESOLVED,
    WAITING,
    AttachmentRules,
    FilingRight,
    filing_right,
    may_escalate,
    may_reopen,
    ticket_number,
    valid_rating,
)
from portal.errors import Conflict, Forbidden, Invalid, NotFound
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url
from portal.roles import HEAD, is_staff
from portal.sequences import next_number
from portal.tickets import mailing, sla
from portal.tickets.files import Upload, check, safe_filename
from portal.tickets.models import Attachment, Deflection, Ticket, TicketEvent
from portal.tickets.storage import attachment_store

stored_moment = as_stored


# --- who ---------------------------------------------------------------------------------------
def organization_of(user: User) -> tuple[Organization | None, bool]:
    """The organization a contact files for (a responsible membership first) and whether
    they are responsible there."""
    memberships = list(user.memberships())
    chosen = next((m for m in memberships if m.responsible), memberships[0] if memberships
                  else None)
    return (chosen.organization, chosen.responsible) if chosen else (None, False)


def right_to_file(user: User, policy: Policy) -> FilingRight:
    organization, responsible = organization_of(user)
    rights = entitlement_of(organization, policy) if organization else None
    return filing_right(policy, rights, responsible)


def shared_organizations(user: User, policy: Policy) -> list[int]:
    """Organizations of `user` whose tier lets colleagues see each other's tickets."""
    found = []
    for membership in user.memberships():
        rights = entitlement_of(membership.organization, policy)
        if rights.tier is not None and rights.tier.colleagues_see_tickets:
            found.append(membership.organization_id)
    return found


def ticket_for(user: User, number: str, policy: Policy) -> Ticket:
    """The ticket if `user` may see it; NotFound to everyone else (never "forbidden")."""
    if not number or "\x00" in number or len(number) > 64:  # no number looks like that
        raise NotFound(_("Page not found"))
    ticket = Ticket.get_or_none(Ticket.number == number)
    if ticket is None:
        raise NotFound(_("Page not found"))
    if is_staff(user) or ticket.requester_id == user.id:
        return ticket
    if ticket.organization_id in shared_organizations(user, policy):
        return ticket
    raise NotFound(_("Page not found"))


def attachment_rules(policy: Policy) -> AttachmentRules:
    config = current_app.config
    return AttachmentRules(max_files=int(config.get("ATTACHMENTS_PER_MESSAGE", 10)),
                           max_bytes=int(config.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)),
                           video=policy.video_attachments)


# --- filing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewTicket:
    subject: str
    description: str
    category: str
    product: str = ""
    version: str = ""
    priority: int | None = None
    level: str | None = None
    steps: str = ""
    page_address: str = ""
    uploads: list[Upload] = field(default_factory=list)
    origin_url: str = ""  # a page of this portal the ticket grew from (a community question)
    origin_title: str = ""


def checked_uploads(uploads: list[Upload], policy: Policy):
    rules = attachment_rules(policy)
    checked = [check(upload, rules, position) for position, upload in enumerate(uploads)]
    refused = [c for c in checked if not c.verdict.accepted]
    if refused:
        raise Invalid(" ".join(refusal_text(c.upload.filename, c.verdict.reason, rules)
                               for c in refused), field="attachments")
    return checked


def refusal_text(filename: str, reason: str, rules: AttachmentRules) -> str:
    name = safe_filename(filename)
    texts = {
        "too_many": _("%(name)s: at most %(count)d files per message.", name=name,
                      count=rules.max_files),
        "empty": _("%(name)s is empty.", name=name),
        "too_large": (_("%(name)s is larger than %(size)d MB.", name=name,
                        size=rules.max_bytes // (1024 * 1024))
                      if rules.max_bytes >= 1024 * 1024 else
                      _("%(name)s is larger than %(size)d KB.", name=name,
                        size=rules.max_bytes // 1024)),
        "bitmap": _("%(name)s is a BMP image: pack it into a ZIP or RAR archive first.",
                    name=name),
        "bad_archive": _("%(name)s cannot be opened as an archive, or unpacks to far more "
                         "than it weighs.", name=name),
    }
    if reason in texts:
        return texts[reason]
    if rules.video:
        return _("%(name)s: attach JPG, GIF or PNG screenshots, MP4 or WebM videos; put other "
                 "files into a ZIP or RAR archive.", name=name)
    return _("%(name)s: attach JPG, GIF or PNG screenshots; put other files into a ZIP or "
             "RAR archive.", name=name)


def store_attachments(ticket: Ticket, event: TicketEvent, checked) -> None:
    store = attachment_store()
    for item in checked:
        key = store.save(item.upload.data)
        Attachment.create(ticket=ticket, event=event, filename=safe_filename(
            item.upload.filename), content_type=item.content_type or "application/octet-stream",
            size=len(item.upload.data), storage_key=key, inline=item.verdict.inline)


def file_ticket(policy: Policy, user: User, request: NewTicket, token: str,
                now: datetime, follow_up_of: Ticket | None = None) -> Ticket:
    """File a ticket; the same form submitted twice (one `token`) files one."""
    existing = Ticket.get_or_none(Ticket.token == token)
    if existing is not None:
        return existing
    right = right_to_file(user, policy)
    if not right.allowed:
        raise Forbidden(_("You may not file a ticket."))
    checked = checked_uploads(request.uploads, policy)
    organization, _responsible = organization_of(user)
    tier = right.tier.code
    if organization is not None:
        tier = entitlement_of(organization, policy).tier_of(request.product) or tier
    description = request.description
    # Where reaction targets belong to support lines (the integrator's SLA1-SLA3), a new
    # ticket starts on the first line; staff escalate from there.
    line = None
    if policy.lines and "line" in policy.needed_selectors(tier, "first_response",
                                                          request.priority, request.level):
        line = policy.lines[0].code
    try:
        with db.atomic():
            number = ticket_number(now.year, next_number("ticket", now.year))
            ticket = Ticket.create(
                number=number, token=token, organization=organization, requester=user,
                tier=tier, product=request.product, version=request.version,
                category=request.category, priority=request.priority, level=request.level,
                line=line,
                subject=request.subject.strip()[:200], page_address=request.page_address,
                status=OPEN, created_at=stored_moment(now), updated_at=stored_moment(now),
                follow_up_of=follow_up_of, mail_token=secrets.token_hex(16),
                origin_url=request.origin_url[:500], origin_title=request.origin_title[:200])
            TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="created", author=user,
                               data=json.dumps({"priority": request.priority,
                                                "level": request.level, "line": line}))
            message = TicketEvent.create(
                ticket=ticket, at=stored_moment(now), kind="customer_message", author=user,
                body=description, data=json.dumps({"steps": request.steps,
                                                   "opening": True}))
            store_attachments(ticket, message, checked)
            sla.refresh(ticket, policy, now)
            mailing.filed(ticket, policy, now)
    except IntegrityError:
        existing = Ticket.get_or_none(Ticket.token == token)
        if existing is None:
            raise
        return existing
    return ticket


# --- the customer's actions ----------------------------------------------------------------
def add_message(policy: Policy, ticket: Ticket, author: User, body: str,
                uploads: list[Upload], now: datetime, *, message_id: str = "",
                verified: bool = True, inbound=None) -> TicketEvent:
    """A customer's message: it ends a wait for them; a closed ticket takes no more. One that
    came by mail keeps its Message-ID, and whether its sender was proven."""
    if ticket.status == CLOSED:
        raise Conflict(_("This ticket is closed. Open a follow-up instead."))
    if not body.strip() and not uploads:
        raise Invalid(_("Write a message or attach a file."), field="body")
    checked = checked_uploads(uploads, policy)
    with db.atomic():
        event = TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="customer_message",
                                   author=author, body=body, message_id=message_id,
                                   sender_verified=verified, inbound=inbound)
        store_attachments(ticket, event, checked)
        if ticket.status == WAITING:
            record_status(ticket, OPEN, author, now)
        sla.refresh(ticket, policy, now)
    return event


def record_status(ticket: Ticket, to: str, actor: User | None, now: datetime,
                **data) -> TicketEvent:
    before = ticket.status
    ticket.status = to
    values = {"status": to}
    if to == RESOLVED:
        values["resolved_at"] = ticket.resolved_at = stored_moment(now)
    Ticket.update(values).where(Ticket.id == ticket.id).execute()
    return TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="status", author=actor,
                              data=json.dumps({"from": before, "to": to, **data}))


def close(policy: Policy, ticket: Ticket, user: User, now: datetime) -> None:
    """The customer closes their own ticket (the problem went away, or it is done)."""
    if ticket.requester_id != user.id:
        raise Forbidden(_("Only the person who filed the ticket may close it."))
    if ticket.status == CLOSED:
        raise Conflict(_("This ticket is already closed."))
    with db.atomic():
        record_status(ticket, CLOSED, user, now)
        sla.refresh(ticket, policy, now)


def reopen(policy: Policy, ticket: Ticket, user: User, now: datetime, today) -> None:
    """Back to work within the tier's reopen window; the resolution clock resumes."""
    tier = policy.tier(ticket.tier)
    resolved_on = ticket.resolved_at.date() if ticket.resolved_at else None
    if not may_reopen(ticket.status, resolved_on, tier.reopen_days if tier else 0, today):
        raise Conflict(_("This ticket can no longer be reopened. Open a follow-up instead."))
    with db.atomic():
        record_status(ticket, OPEN, user, now)
        sla.refresh(ticket, policy, now)


def rate(ticket: Ticket, user: User, score: int, comment: str, now: datetime) -> None:
    """Once, by the person who filed it, after resolution."""
    if ticket.requester_id != user.id:
        raise Forbidden(_("Only the person who filed the ticket may rate it."))
    if ticket.status not in (RESOLVED, CLOSED):
        raise Conflict(_("A ticket is rated once it is resolved."))
    if not valid_rating(score):
        raise Invalid(_("Choose from 1 to 5."), field="score")
    with db.atomic():
        rated = (Ticket.update(rating=score, rating_comment=comment.strip()[:2000],
                               rated_at=stored_moment(now))
                 .where((Ticket.id == ticket.id) & Ticket.rating.is_null()).execute())
        if rated != 1:
            raise Conflict(_("This ticket is already rated. Thank you!"))
        TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="rated", author=user,
                           body=comment.strip()[:2000], data=json.dumps({"score": score}))


def escalate(ticket: Ticket, user: User, reason: str, now: datetime) -> None:
    """"Escalate to the head of support": marked on the timeline and mailed to them."""
    last = ticket.escalated_at.replace(tzinfo=UTC) if ticket.escalated_at else None
    if not may_escalate(ticket.status, last, now):
        raise Conflict(_("The head of support already has this ticket in view; you can write "
                         "again tomorrow."))
    if not reason.strip():
        raise Invalid(_("Tell the head of support what went wrong."), field="reason")
    with db.atomic():
        Ticket.update(escalated_at=stored_moment(now)).where(Ticket.id == ticket.id).execute()
        TicketEvent.create(ticket=ticket, at=stored_moment(now), kind="escalated", author=user,
                           body=reason.strip()[:2000])
    link = external_url("tickets.ticket", number=ticket.number)
    heads = User.select().where((User.role == HEAD) & (User.active == True))
    for head in heads:
        queue_mail(head.email, "ticket_escalated", head.language, name=head.name,
                   number=ticket.number, subject=ticket.subject, requester=user.name,
                   reason=reason.strip()[:2000], link=link)


def record_deflection(user: User | None, article_url: str, subject: str) -> None:
    """An offered article solved it: a ticket not filed (counted in reports)."""
    Deflection.create(user=user, article_url=article_url[:500], subject=subject.strip()[:200])


def personal_data(user: User) -> dict:
    """The tickets `user` filed and the messages they wrote, for their data download."""
    def moment(value):
        return value.isoformat() + "Z" if value else None

    tickets = Ticket.select().where(Ticket.requester == user.id).order_by(Ticket.id)
    messages = (TicketEvent.select(TicketEvent, Ticket).join(Ticket)
                .where((TicketEvent.author == user.id) & TicketEvent.public
                       & (TicketEvent.kind == "customer_message"))
                .order_by(TicketEvent.id))
    return {"tickets": [{"number": t.number, "subject": t.subject, "status": t.status,
                         "created_at": moment(t.created_at), "rating": t.rating,
                         "rating_comment": t.rating_comment} for t in tickets],
            "ticket_messages": [{"ticket": e.ticket.number, "at": moment(e.at), "body": e.body}
                                for e in messages]}

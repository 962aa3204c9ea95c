"""Mail that reached the support mailbox: stored once, matched to its ticket, or answered.

One handler for both ways in (`portal mail fetch` over IMAP, `portal mail-in` from an MTA).
A message is matched by the ticket's token in the reply address or by a portal Message-ID it
answers (the sender is proven); else by the `[TID-...]` of its subject when the sender is a
contact who may see that ticket (marked "sender not verified"); a known contact's mail with no
id opens a ticket where the tier takes tickets by mail. Everything else gets a polite bounce,
never an auto-reply, bounce or bulk mail, and never more than a few an hour to one sender.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale

from portal.accounts.models import Membership, User
from portal.db import db
from portal.domain.policy import Policy
from portal.errors import PortalError
from portal.mail.models import OutboxMessage
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url
from portal.tickets import mailing, services
from portal.tickets.files import check
from portal.tickets.mail_parse import Parsed, parse
from portal.tickets.models import InboundMail, Ticket

BOUNCES_PER_HOUR = 3


@dataclass(frozen=True)
class Outcome:
    status: str  # added | opened | bounced | ignored | duplicate
    reason: str = ""
    ticket: Ticket | None = None


def handle(raw: bytes, policy: Policy, now: datetime) -> Outcome:
    """Store `raw` once and act on it; an error leaves it stored as "failed" (retried later)
    and is raised to the caller."""
    parsed = parse(raw)
    message_id = parsed.message_id or f"<{hashlib.sha256(raw).hexdigest()}@no-message-id>"
    row = InboundMail.get_or_none(InboundMail.message_id == message_id)
    if row is not None and row.status != "failed":
        return Outcome("duplicate", row.reason, row.ticket)
    if row is None:
        row = InboundMail.create(message_id=message_id, raw=raw, sender=parsed.sender,
                                 subject=parsed.subject, status="failed",
                                 error="not handled yet", received_at=services.stored_moment(
                                     now))
    try:
        with db.atomic():
            outcome = _route(parsed, row, policy, now)
            InboundMail.update(status=outcome.status, reason=outcome.reason, error="",
                               ticket=outcome.ticket).where(InboundMail.id == row.id).execute()
    except Exception as error:
        InboundMail.update(status="failed", error=f"{type(error).__name__}: {error}"[:2000]) \
            .where(InboundMail.id == row.id).execute()
        raise
    return outcome


def _known_ticket(parsed: Parsed) -> Ticket | None:
    """The ticket the sender proves they answer: by its token, or a portal Message-ID."""
    if parsed.token:
        found = Ticket.get_or_none(Ticket.mail_token == parsed.token)
        if found is not None:
            return found
    if parsed.in_reply_to:
        sent = (OutboxMessage.select(OutboxMessage.thread_key)
                .where(OutboxMessage.message_id.in_(parsed.in_reply_to)
                       & (OutboxMessage.thread_key != "")).first())
        if sent is not None:
            return Ticket.get_or_none(Ticket.number == sent.thread_key)
    return None


def _may_see(user: User | None, ticket: Ticket, policy: Policy) -> bool:
    if user is None:
        return False
    if user.id == ticket.requester_id:
        return True
    tier = policy.tier(ticket.tier)
    return bool(ticket.organization_id and tier and tier.colleagues_see_tickets
                and Membership.get_or_none((Membership.user == user)
                                           & (Membership.organization == ticket.organization_id)))


def _route(parsed: Parsed, row: InboundMail, policy: Policy, now: datetime) -> Outcome:
    if parsed.automatic:
        return Outcome("ignored", parsed.automatic)
    sender = User.by_email(parsed.sender) if parsed.sender else None
    ticket = _known_ticket(parsed)
    if ticket is not None:
        author = sender if _may_see(sender, ticket, policy) else ticket.requester
        return _add(parsed, row, policy, now, ticket, author, verified=True)
    if parsed.ticket_number:
        ticket = Ticket.get_or_none(Ticket.number == parsed.ticket_number)
        if ticket is not None and _may_see(sender, ticket, policy):
            return _add(parsed, row, policy, now, ticket, sender, verified=False)
        return _bounce(parsed, now, "unknown_sender")
    if sender is None:
        return _bounce(parsed, now, "unknown_sender")
    right = services.right_to_file(sender, policy)
    if not right.allowed or not right.tier.mail_opens_tickets:
        return _bounce(parsed, now, "may_not_file")
    request = services.NewTicket(
        subject=parsed.subject or parsed.text[:80] or "—", description=parsed.text or "—",
        category="question", **_least_urgent(policy, right.tier.code),
        uploads=_kept(parsed, policy, None))
    ticket = services.file_ticket(policy, sender, request, f"mail:{row.id}", now)
    return Outcome("opened", "", ticket)


def _least_urgent(policy: Policy, tier: str) -> dict:
    """Mail cannot choose a class: it gets the least urgent one; staff may re-classify."""
    uses = policy.selectors_of(tier)
    found: dict = {}
    if "priority" in uses and policy.priorities:
        found["priority"] = policy.priorities[-1].number
    levels = [lv for lv in policy.levels if lv.tiers and tier in lv.tiers]
    if "level" in uses and levels:
        found["level"] = levels[-1].code
    return found


def _kept(parsed: Parsed, policy: Policy, ticket: Ticket | None) -> list:
    """The files the rules accept; the sender is told which were not kept and why."""
    rules = services.attachment_rules(policy)
    checked = [check(upload, rules, position) for position, upload in enumerate(parsed.uploads)]
    refused = [c for c in checked if not c.verdict.accepted]
    if refused and parsed.sender:
        sender = User.by_email(parsed.sender)
        language = sender.language if sender else "ru"
        with force_locale(language):
            reasons = [services.refusal_text(c.upload.filename, c.verdict.reason, rules)
                       for c in refused]
        mailing.refused_files(ticket, parsed.sender, language,
                              [c.upload.filename for c in refused], reasons)
    return [c.upload for c in checked if c.verdict.accepted]


def _add(parsed: Parsed, row: InboundMail, policy: Policy, now: datetime, ticket: Ticket,
         author: User, verified: bool) -> Outcome:
    uploads = _kept(parsed, policy, ticket)
    try:
        services.add_message(policy, ticket, author, parsed.text, uploads, now,
                             message_id=row.message_id, verified=verified, inbound=row)
    except PortalError:
        return _bounce(parsed, now, "ticket_closed")
    return Outcome("added", "" if verified else "not_verified", ticket)


def _bounce(parsed: Parsed, now: datetime, reason: str) -> Outcome:
    """Say why, politely; at most a few times an hour to one sender, never to ourselves."""
    since = services.stored_moment(now - timedelta(hours=1))
    recent = (InboundMail.select().where((InboundMail.sender == parsed.sender)
                                         & (InboundMail.status == "bounced")
                                         & (InboundMail.received_at >= since)).count())
    own = current_app.config["MAIL_SUPPORT_ADDRESS"].partition("@")[2]
    if parsed.sender and recent < BOUNCES_PER_HOUR and not parsed.sender.endswith("@" + own):
        sender = User.by_email(parsed.sender)
        queue_mail(parsed.sender, "mail_bounce", sender.language if sender else "ru",
                   reason=reason, original_subject=parsed.subject or "—",
                   portal_link=external_url("core.home"))
    return Outcome("bounced", reason)

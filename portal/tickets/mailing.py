"""Mail about tickets: the filing confirmation, staff replies and status changes, threaded.

Every message names the ticket in its subject, carries a Message-ID of the portal's, replies
to the ticket's earlier mail (In-Reply-To, References) and has a Reply-To holding the ticket's
secret token, so an answer finds its ticket. Internal notes are never mailed. Messages are
queued inside the change's transaction: a rolled-back change sends nothing.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.accounts.models import Membership, User
from portal.domain.policy import Policy
from portal.mail.models import OutboxMessage
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url
from portal.tickets import sla
from portal.tickets.models import Ticket, TicketEvent


def reply_address(ticket: Ticket) -> str:
    """support+TOKEN@domain: where the customer's answers go."""
    local, _, domain = current_app.config["MAIL_SUPPORT_ADDRESS"].partition("@")
    return f"{local}+{ticket.mail_token}@{domain}"


def recipients(ticket: Ticket, policy: Policy) -> list[User]:
    """The requester, and the colleagues the tier lets follow the organization's tickets."""
    people = [ticket.requester]
    tier = policy.tier(ticket.tier)
    if ticket.organization_id is not None and tier is not None and tier.colleagues_see_tickets:
        people += [m.user for m in Membership.select().where(
            Membership.organization == ticket.organization_id)]
    seen: set[int] = set()
    return [p for p in people if p.active and not (p.id in seen or seen.add(p.id))]


def _thread(ticket: Ticket) -> tuple[str, list[str]]:
    ids = [row.message_id for row in OutboxMessage.select(OutboxMessage.message_id)
           .where(OutboxMessage.thread_key == ticket.number).order_by(OutboxMessage.id)
           if row.message_id]
    return (ids[-1] if ids else ""), ids[-20:]


def _send(ticket: Ticket, policy: Policy, template: str, people: list[User],
          auto: bool = True, **context) -> None:
    in_reply_to, references = _thread(ticket)
    link = external_url("tickets.ticket", number=ticket.number)
    for person in people:
        queue_mail(person.email, template, person.language, thread_key=ticket.number,
                   in_reply_to=in_reply_to, references=references,
                   reply_to=reply_address(ticket), auto_generated=auto, name=person.name,
                   number=ticket.number, subject=ticket.subject, link=link, ticket=ticket,
                   **context)


def filed(ticket: Ticket, policy: Policy, now: datetime) -> None:
    """The confirmation: the id, the tier and level, the due times in both zones."""
    countdowns = sla.countdowns(sla.sla_of(ticket, policy, now), now)
    _send(ticket, policy, "ticket_filed", [ticket.requester],
          tier=policy.tier(ticket.tier), level=policy.level(ticket.level) if ticket.level
          else None, countdowns=countdowns, customer_zone=sla.zone_of(ticket))


def staff_replied(ticket: Ticket, event: TicketEvent, policy: Policy) -> None:
    """A public reply, written by a person (so not marked auto-generated)."""
    if not event.public:
        return
    _send(ticket, policy, "ticket_reply", recipients(ticket, policy), auto=False,
          body=event.body, author=event.author.name if event.author else "")


def status_changed(ticket: Ticket, policy: Policy, to: str) -> None:
    """Waiting for the customer, deferred, resolved (with the rating links), back to work."""
    rate_links = {score: external_url("tickets.rate", number=ticket.number, score=score)
                  for score in range(5, 0, -1)} if to == "resolved" else {}
    _send(ticket, policy, "ticket_status", recipients(ticket, policy), status=to,
          rate_links=rate_links)


def refused_files(ticket: Ticket | None, address: str, language: str, names: list[str],
                  reasons: list[str]) -> None:
    """Tell a sender which of their mailed files were not kept, and why."""
    queue_mail(address, "mail_files_refused", language, thread_key=ticket.number if ticket
               else "", number=ticket.number if ticket else "", files=list(zip(names, reasons,
                                                                             strict=True)))


def closing_soon(ticket: Ticket, policy: Policy, closes_at: datetime) -> None:
    """The day before a resolved ticket closes by the policy's window (tickets.monitoring)."""
    _send(ticket, policy, "ticket_closing", recipients(ticket, policy), closes_at=closes_at,
          zone=sla.zone_of(ticket))


def closed_by_policy(ticket: Ticket, policy: Policy) -> None:
    """A resolved ticket closed after the policy's window."""
    _send(ticket, policy, "ticket_auto_closed", recipients(ticket, policy), closes_at=None,
          zone=sla.zone_of(ticket))

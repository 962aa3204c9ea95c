"""Tickets over the API: list with filters, file, read with the timeline, reply with files,
rate, reopen, and the files themselves. The same services and access rule as the web: another
organization's ticket is "not found"; customers see only public events."""
from __future__ import annotations

import hashlib
import secrets

from flask import Response, url_for
from flask_babel import gettext as _

from portal.api import paging
from portal.api.auth import needs
from portal.api.blueprint import bp
from portal.api.models import READ, WRITE
from portal.api.ticket_schemas import (
    Event,
    NewTicket,
    Rating,
    Reply,
    TicketPage,
    TicketQuery,
    TicketWithTimeline,
)
from portal.api.ticket_schemas import Ticket as TicketSchema
from portal.api.tickets_shown import event_of, file_request, ticket_of, timeline_of
from portal.clock import today_in, utc_now
from portal.errors import NotFound
from portal.policy import active_policy
from portal.roles import is_staff
from portal.tickets import services, sla
from portal.tickets.files import Upload
from portal.tickets.models import Attachment, Ticket, TicketEvent
from portal.tickets.storage import attachment_store

TAG = {"tags": ["tickets"]}


@bp.route("/tickets", methods=["GET"], **TAG)
@needs(READ)
@bp.arguments(TicketQuery, location="query")
@bp.response(200, TicketPage, headers={"Link": {"description": 'The next page (rel="next")',
                                                 "schema": {"type": "string"}}})
def list_tickets(query, user):
    """The tickets the token's user may see, newest first

    A contact sees their own tickets, and their organization's where its tier shares them;
    filters narrow the list. Pages come with `next_cursor` (and a Link header).
    """
    policy = active_policy()
    rows = Ticket.visible_to(user, services.shared_organizations(user, policy))
    if query["status"]:
        rows = rows.where(Ticket.status == query["status"])
    if query["priority"]:
        rows = rows.where(Ticket.priority == query["priority"])
    if query["product"]:
        rows = rows.where(Ticket.product == query["product"])
    words = (query["q"] or "").strip()
    if words:
        rows = rows.where(Ticket.subject.contains(words) | (Ticket.number == words.upper()))
    after = paging.decode("ticket", query["cursor"])
    if after is not None:
        rows = rows.where(Ticket.id < after)
    found = list(rows.order_by(Ticket.id.desc()).limit(query["limit"] + 1))
    cursor = paging.encode("ticket", found[query["limit"] - 1].id) if len(
        found) > query["limit"] else None
    items = [ticket_of(row, user, policy) for row in found[:query["limit"]]]
    return {"items": items, "next_cursor": cursor}, 200, paging.next_link(cursor)


@bp.route("/tickets", methods=["POST"], **TAG)
@needs(WRITE)
@bp.doc(parameters=[{"in": "header", "name": "Idempotency-Key", "required": False,
                     "schema": {"type": "string"},
                     "description": "The same key again (from the same user) files nothing "
                                    "new: the ticket it filed is answered"}])
@bp.arguments(NewTicket)
@bp.response(201, TicketWithTimeline, headers={"Location": {
    "description": "The ticket in the API", "schema": {"type": "string"}}})
def file_ticket(data, user):
    """File a ticket

    Who may file, the products, priorities and levels are those of the web form (see /tiers).
    An `Idempotency-Key` header makes a retried request file the ticket once.
    """
    from flask import request

    policy = active_policy()
    key = request.headers.get("Idempotency-Key", "").strip()
    token = (hashlib.sha256(f"api:{user.id}:{key}".encode()).hexdigest() if key
             else secrets.token_urlsafe(24))
    ticket = services.file_ticket(policy, user, file_request(policy, user, data), token,
                                  utc_now())
    location = url_for("api.read_ticket", number=ticket.number)
    return timeline_of(ticket, user, policy), 201, {"Location": location}


def _ticket(user, number: str) -> Ticket:
    return services.ticket_for(user, number, active_policy())


@bp.route("/tickets/<number>", methods=["GET"], **TAG)
@needs(READ)
@bp.response(200, TicketWithTimeline)
def read_ticket(number: str, user):
    """One ticket with its timeline

    Customers get the public events only (internal notes are left out); another
    organization's ticket is not found.
    """
    return timeline_of(_ticket(user, number), user, active_policy())


@bp.route("/tickets/<number>/messages", methods=["POST"], **TAG)
@needs(WRITE)
@bp.arguments(Reply, location="form_and_files")
@bp.response(201, Event)
def reply(data, number: str, user):
    """Write to the ticket, with files (multipart/form-data)

    The files are judged by their content as on the web: screenshots (JPG, GIF, PNG) and ZIP
    or RAR archives. A closed ticket takes no more messages.
    """
    found = _ticket(user, number)
    uploads = [Upload(item.filename or "file", item.read()) for item in data["attachments"]]
    policy = active_policy()
    if is_staff(user):
        from portal.tickets import staff

        event = staff.reply(policy, found, user, data["body"], utc_now(), uploads)
    else:
        event = services.add_message(policy, found, user, data["body"], uploads, utc_now())
    attachments = list(Attachment.select().where(Attachment.event == event.id))
    return event_of(TicketEvent.get_by_id(event.id), found, attachments)


@bp.route("/tickets/<number>/rating", methods=["POST"], **TAG)
@needs(WRITE)
@bp.arguments(Rating)
@bp.response(200, TicketSchema)
def rate(data, number: str, user):
    """Rate the ticket, once, after it is resolved (the person who filed it)"""
    found = _ticket(user, number)
    services.rate(found, user, data["score"], data["comment"], utc_now())
    return ticket_of(Ticket.get_by_id(found.id), user, active_policy())


@bp.route("/tickets/<number>/reopen", methods=["POST"], **TAG)
@needs(WRITE)
@bp.response(200, TicketSchema)
def reopen(number: str, user):
    """Reopen a resolved ticket within the tier's reopen window"""
    found = _ticket(user, number)
    policy = active_policy()
    services.reopen(policy, found, user, utc_now(), today_in(sla.zone_of(found)))
    return ticket_of(Ticket.get_by_id(found.id), user, policy)


@bp.route("/tickets/<number>/attachments/<int:attachment_id>", methods=["GET"], **TAG)
@needs(READ)
@bp.response(200, {"type": "string", "format": "binary"},
             content_type="application/octet-stream", description="The file, as it was sent")
def attachment(number: str, attachment_id: int, user):
    """A file of the ticket (of a public event, for customers)"""
    found = _ticket(user, number)
    row = Attachment.get_or_none((Attachment.id == attachment_id)
                                 & (Attachment.ticket == found))
    if row is None or (not TicketEvent.get_by_id(row.event_id).public and not is_staff(user)):
        raise NotFound(_("No such file on this ticket."))
    response = Response(attachment_store().read(row.storage_key),
                        mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = "attachment"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

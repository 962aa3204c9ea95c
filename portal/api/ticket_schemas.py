"""Schemas of tickets in the API: what a list, a ticket with its timeline and an attachment
look like, and what filing, replying and rating take."""
from __future__ import annotations

import marshmallow as ma

from portal.api.fields import File, Moment, choice, text, whole
from portal.api.paging import PageQuery
from portal.domain.tickets import CATEGORIES, STATUSES

F = ma.fields


class Party(ma.Schema):
    id = F.Integer(required=True)
    name = F.String(required=True)


class Person(ma.Schema):
    name = F.String(required=True)
    support = F.Boolean(required=True, metadata={"description": "A member of support staff"})


class Ticket(ma.Schema):
    number = F.String(required=True, metadata={"example": "TID-2026-000123"})
    subject = F.String(required=True)
    status = F.String(required=True, metadata={"enum": list(STATUSES)})
    category = F.String(required=True, metadata={"enum": list(CATEGORIES)})
    product = F.String(required=True)
    version = F.String(required=True)
    priority = F.Integer(required=True, allow_none=True)
    level = F.String(required=True, allow_none=True)
    line = F.String(required=True, allow_none=True)
    tier = F.String(required=True)
    organization = F.Nested(Party, required=True, allow_none=True)
    requester = F.Nested(Person, required=True)
    created_at = Moment(required=True)
    updated_at = Moment(required=True)
    resolved_at = Moment(required=True, allow_none=True)
    rating = F.Integer(required=True, allow_none=True)
    rating_comment = F.String(required=True)
    follow_up_of = F.String(required=True, allow_none=True)
    may_reopen = F.Boolean(required=True)
    may_rate = F.Boolean(required=True)
    url = F.String(required=True, metadata={"description": "The ticket's page in the portal"})


class Attachment(ma.Schema):
    id = F.Integer(required=True)
    filename = F.String(required=True)
    content_type = F.String(required=True)
    size = F.Integer(required=True)
    inline = F.Boolean(required=True, metadata={"description": "An image shown in place"})
    url = F.String(required=True, metadata={"description": "Where the API gives the file"})


class Event(ma.Schema):
    id = F.Integer(required=True)
    kind = F.String(required=True, metadata={
        "description": "created, customer_message, staff_message, status, priority, level, "
                       "line, assigned, override, time, rated, escalated"})
    at = Moment(required=True)
    author = F.Nested(Person, required=True, allow_none=True)
    public = F.Boolean(required=True, metadata={
        "description": "False for internal notes (only staff see them)"})
    body = F.String(required=True)
    by_mail = F.Boolean(required=True)
    data = F.Dict(keys=F.String(), values=F.Raw(allow_none=True), required=True,
                  metadata={"description": "What changed: from, to, reason, score, steps ..."})
    attachments = F.List(F.Nested(Attachment), required=True)


class TicketWithTimeline(Ticket):
    events = F.List(F.Nested(Event), required=True)


class TicketPage(ma.Schema):
    items = F.List(F.Nested(Ticket), required=True)
    next_cursor = F.String(required=True, allow_none=True)


class TicketQuery(PageQuery):
    status = choice(STATUSES, load_default=None, allow_none=True)
    priority = whole(1, 99, load_default=None, allow_none=True)
    product = text(64)
    q = text(100, description="Words of the subject, or the ticket's number")


class NewTicket(ma.Schema):
    subject = text(200, required=True, filled=True)
    description = text(20000, required=True, lines=True, filled=True)
    category = choice(CATEGORIES, required=True)
    product = text(64, load_default="", allow_none=False,
                   description="A product code of the catalogue (see /tiers)")
    version = text(32, load_default="", allow_none=False)
    priority = whole(1, 99, strict=True, load_default=None, allow_none=True,
                     description="Needed where the tier's targets depend on it")
    level = text(64, description="Needed where the tier's targets depend on it")
    steps = text(10000, lines=True, load_default="", allow_none=False)
    page_address = text(500, load_default="", allow_none=False)


class Reply(ma.Schema):
    body = text(20000, lines=True, load_default="", allow_none=False)
    attachments = F.List(File(), load_default=list, metadata={
        "description": "Screenshots (JPG, GIF, PNG) and archives (ZIP, RAR)"})


class Rating(ma.Schema):
    score = whole(1, 5, strict=True, required=True)
    comment = text(2000, lines=True, load_default="", allow_none=False)

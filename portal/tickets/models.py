"""Ticket tables: tickets, their timeline events, attachments, and deflected tickets."""
from __future__ import annotations

import json

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from portal.accounts.models import Organization, User
from portal.clock import stored_now
from portal.db import BaseModel
from portal.domain.tickets import OPEN, Happening
from portal.roles import is_staff


class Ticket(BaseModel):
    """A request of a customer contact; its history is the timeline."""

    id = AutoField()
    number = CharField(max_length=20, unique=True)  # TID-2026-000123
    token = CharField(max_length=64, unique=True)  # one ticket per submitted form
    organization = ForeignKeyField(Organization, null=True, backref="tickets",
                                   on_delete="CASCADE")
    requester = ForeignKeyField(User, backref="tickets", on_delete="CASCADE")
    tier = CharField(max_length=64)
    product = CharField(max_length=64, default="")
    version = CharField(max_length=32, default="")
    category = CharField(max_length=32)
    priority = IntegerField(null=True)
    level = CharField(max_length=64, null=True)
    line = CharField(max_length=64, null=True)
    subject = CharField(max_length=200)
    page_address = CharField(max_length=500, default="")
    # The portal page the ticket was filed from (a community question), "" for none.
    origin_url = CharField(max_length=500, default="", index=True)
    origin_title = CharField(max_length=200, default="")
    status = CharField(max_length=16, default=OPEN, index=True)
    created_at = DateTimeField(default=stored_now)
    updated_at = DateTimeField(default=stored_now)
    resolved_at = DateTimeField(null=True)
    # The SLA engine's answer, stored with every change: the queue sorts by next_due_at.
    next_due_at = DateTimeField(null=True, index=True)
    at_risk_at = DateTimeField(null=True)  # when the policy's share of a running target is used
    sla_state = TextField(default="[]")
    breached = BooleanField(default=False)
    rating = IntegerField(null=True)
    rating_comment = TextField(default="")
    rated_at = DateTimeField(null=True)
    escalated_at = DateTimeField(null=True)
    follow_up_of = ForeignKeyField("self", null=True, backref="follow_ups", on_delete="SET NULL")
    # The secret in the Reply-To address (support+TOKEN@...): mail to it joins this ticket.
    mail_token = CharField(max_length=32, unique=True)
    assignee = ForeignKeyField(User, null=True, backref="assigned_tickets", on_delete="SET NULL")

    class Meta:
        table_name = "ticket"
        indexes = ((("organization", "status"), False), (("requester", "created_at"), False))

    @classmethod
    def visible_to(cls, user, shared_organizations=()):
        """Tickets `user` may see: staff all; a contact their own, and those of the
        organizations (ids) whose tier lets colleagues see each other's tickets."""
        if is_staff(user):
            return cls.select()
        mine = cls.requester == user
        if shared_organizations:
            mine = mine | cls.organization.in_(list(shared_organizations))
        return cls.select().where(mine)

    def events_after(self, event_id: int, public_only: bool):
        query = TicketEvent.select().where((TicketEvent.ticket == self)
                                           & (TicketEvent.id > event_id))
        if public_only:
            query = query.where(TicketEvent.public == True)
        return query.order_by(TicketEvent.id)

    def happenings(self) -> list[Happening]:
        return [event.happening() for event in
                TicketEvent.select().where(TicketEvent.ticket == self).order_by(TicketEvent.id)]


class InboundMail(BaseModel):
    """One message that reached the support mailbox (IMAP or the MTA pipe), kept whole."""

    id = AutoField()
    message_id = CharField(max_length=255, unique=True)
    received_at = DateTimeField(default=stored_now)
    sender = CharField(max_length=254, default="")
    subject = CharField(max_length=300, default="")
    raw = BlobField()
    status = CharField(max_length=16, index=True)  # added | opened | bounced | ignored | failed
    reason = CharField(max_length=64, default="")
    error = TextField(default="")
    ticket = ForeignKeyField(Ticket, null=True, backref="inbound_mail", on_delete="SET NULL")

    class Meta:
        table_name = "inbound_mail"
        indexes = ((("sender", "received_at"), False),)

    @classmethod
    def failed(cls):
        return cls.select().where(cls.status == "failed").order_by(cls.received_at.desc())


class TicketEvent(BaseModel):
    """One thing that happened to a ticket: a message, a change, a rating, an escalation."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=stored_now)
    kind = CharField(max_length=32)
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    public = BooleanField(default=True)  # False: an internal note, never shown to customers
    body = TextField(default="")
    data = TextField(default="{}")
    # A message that came by mail: its Message-ID, and whether its sender was proven (the
    # reply token or a portal Message-ID) or only named the ticket's id in the subject.
    message_id = CharField(max_length=255, default="", index=True)
    sender_verified = BooleanField(default=True)
    inbound = ForeignKeyField(InboundMail, null=True, backref="events", on_delete="SET NULL")

    class Meta:
        table_name = "ticket_event"
        indexes = ((("ticket", "id"), False),)

    @property
    def facts(self) -> dict:
        return json.loads(self.data or "{}")

    def happening(self) -> Happening:
        from datetime import UTC

        return Happening(self.kind, self.at.replace(tzinfo=UTC), self.public, self.facts)


class Attachment(BaseModel):
    """A file of a message, stored under its content's hash (see storage.py)."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="attachments", on_delete="CASCADE")
    event = ForeignKeyField(TicketEvent, backref="attachments", on_delete="CASCADE")
    filename = CharField(max_length=200)
    content_type = CharField(max_length=100)
    size = IntegerField()
    storage_key = CharField(max_length=80)
    inline = BooleanField(default=False)
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "ticket_attachment"


class TimeEntry(BaseModel):
    """Minutes a staff member spent on a ticket, by the kind of work (billed by the rules)."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="time_entries", on_delete="CASCADE")
    organization = ForeignKeyField(Organization, null=True, backref="time_entries",
                                   on_delete="CASCADE")
    staff = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    at = DateTimeField(default=stored_now)
    minutes = IntegerField()
    work = CharField(max_length=20)  # consulting | diagnostics | user_error | fix
    product_failure = BooleanField(default=False)
    note = CharField(max_length=300, default="")

    class Meta:
        table_name = "ticket_time"
        indexes = ((("organization", "at"), False),)


class Presence(BaseModel):
    """Staff who have a ticket open now (their page polls, which renews the mark)."""

    ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    seen_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "ticket_presence"
        primary_key = CompositeKey("ticket", "user")


class CannedReply(BaseModel):
    """A ready answer staff insert into a reply and then adapt."""

    id = AutoField()
    title = CharField(max_length=120, unique=True)
    body = TextField()

    class Meta:
        table_name = "canned_reply"


class Deflection(BaseModel):
    """A ticket not filed: an article offered on the form solved it."""

    id = AutoField()
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    article_url = CharField(max_length=500)
    subject = CharField(max_length=200, default="")
    at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "ticket_deflection"

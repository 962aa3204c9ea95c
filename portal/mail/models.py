"""The outbox: every mail the portal sends, with its delivery state."""
from __future__ import annotations

from peewee import AutoField, CharField, DateTimeField, IntegerField, TextField

from portal.db import BaseModel

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


class OutboxMessage(BaseModel):
    """One rendered message; a worker claims it (pending -> sending) before talking to SMTP."""

    id = AutoField()
    to_address = CharField(max_length=254)
    subject = CharField(max_length=300)
    text_body = TextField()
    html_body = TextField()
    language = CharField(max_length=8)
    template = CharField(max_length=100)
    status = CharField(max_length=16, default=PENDING)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField()
    claimed_by = CharField(max_length=64, null=True)
    claimed_at = DateTimeField(null=True)
    last_error = TextField(default="")
    created_at = DateTimeField()
    sent_at = DateTimeField(null=True)

    class Meta:
        table_name = "outbox_message"
        indexes = ((("status", "next_attempt_at"), False),)

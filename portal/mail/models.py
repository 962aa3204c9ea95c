"""The outbox: every mail the portal sends, with its delivery state."""
from __future__ import annotations

from datetime import timedelta

from peewee import AutoField, BooleanField, CharField, DateTimeField, IntegerField, TextField

from portal.db import BaseModel

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
# A claim older than this belongs to a worker that died mid-send; the message is retried.
STALE_CLAIM = timedelta(minutes=15)


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
    # Threading: the portal's own Message-ID, the thread it answers, where replies go.
    message_id = CharField(max_length=255, default="")
    in_reply_to = CharField(max_length=255, default="")
    references_header = TextField(default="")
    reply_to = CharField(max_length=254, default="")
    thread_key = CharField(max_length=100, default="")  # e.g. a ticket's id; "" for none
    auto_generated = BooleanField(default=True)  # no person wrote it (RFC 3834)
    list_unsubscribe = CharField(max_length=500, default="")  # a one-click address (RFC 8058)

    class Meta:
        table_name = "outbox_message"
        indexes = ((("status", "next_attempt_at"), False), (("thread_key",), False))

    @classmethod
    def due(cls, now):
        """Messages a worker should send now: due ones, and claims a dead worker left."""
        return (((cls.status == PENDING) & (cls.next_attempt_at <= now))
                | ((cls.status == SENDING) & (cls.claimed_at < now - STALE_CLAIM)))

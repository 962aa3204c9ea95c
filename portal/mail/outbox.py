"""Queue a message in the outbox: rendered in the recipient's language, with its headers.

Writing to the outbox is the whole of "sending" for a service; `portal.mail.delivery` (run by
the worker) claims, sends and retries. Outside a transaction the worker is asked at once;
inside one, when the app context ends (`send_waiting`), and the worker's minute-by-minute
sweep picks up anything left.
"""
from __future__ import annotations

import secrets
from collections.abc import Sequence

from blinker import Namespace
from flask import current_app, g

from portal.clock import stored_now
from portal.db import db
from portal.mail.models import PENDING, OutboxMessage
from portal.mail.render import render_mail

# Sent when a message can be delivered at once; the worker (portal.worker) listens.
message_queued = Namespace().signal("message-queued")


def new_message_id(domain: str) -> str:
    """A Message-ID made by the portal: unique, and of the sender's domain."""
    return f"<{secrets.token_hex(12)}@{domain or 'portal.localhost'}>"


def queue_mail(to: str, template: str, language: str, *, thread_key: str = "",
               in_reply_to: str = "", references: Sequence[str] = (), reply_to: str = "",
               auto_generated: bool = True, list_unsubscribe: str = "",
               **context) -> OutboxMessage:
    """Render `template` for the recipient and store it with its threading headers.

    `thread_key` names the thread the message belongs to (a ticket, say); `in_reply_to` and
    `references` are Message-IDs of that thread; `reply_to` is where answers should go;
    `list_unsubscribe` an address that unsubscribes with one POST (RFC 8058).
    """
    rendered = render_mail(template, language, **context)
    now = stored_now()
    domain = current_app.config["MAIL_SENDER"].rpartition("@")[2]
    message = OutboxMessage.create(
        to_address=to, subject=rendered.subject[:300], text_body=rendered.text,
        html_body=rendered.html, language=language, template=template,
        status=PENDING, next_attempt_at=now, created_at=now,
        message_id=new_message_id(domain), in_reply_to=in_reply_to,
        references_header=" ".join(references), reply_to=reply_to, thread_key=thread_key,
        auto_generated=auto_generated, list_unsubscribe=list_unsubscribe)
    if db.in_transaction():
        # Sent for delivery once the app context ends, after the writer has committed (a
        # rolled-back message is gone by then and is simply not found).
        g.setdefault("mail_after_commit", []).append(message.id)
    else:
        message_queued.send(current_app._get_current_object(), message_id=message.id)
    return message


def send_waiting(error: BaseException | None = None) -> None:
    """At the end of an app context: hand the mail queued inside its transactions over."""
    waiting = g.pop("mail_after_commit", [])
    if error is None:
        for message_id in waiting:
            message_queued.send(current_app._get_current_object(), message_id=message_id)

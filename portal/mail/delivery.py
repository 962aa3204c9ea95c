"""Deliver queued mail: claim a message, send it over SMTP, retry with back-off, give up."""
from __future__ import annotations

import secrets
import smtplib
from collections.abc import Collection
from datetime import datetime, timedelta

from flask import current_app
from peewee import fn

from portal.clock import stored_now
from portal.mail.models import FAILED, PENDING, SENDING, SENT, STALE_CLAIM, OutboxMessage
from portal.mail.smtp import is_permanent, send_over_smtp

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: 1, 2, 4 ... minutes, at most an hour."""
    exponent = max(0, min(attempts - 1, 16))
    return min(FIRST_RETRY * (2 ** exponent), LONGEST_RETRY)


def claim(message_id: int, now: datetime, worker: str) -> bool:
    """Take a due message for this worker; the conditional UPDATE lets only one worker win."""
    claimed = (OutboxMessage
               .update(status=SENDING, claimed_by=worker, claimed_at=now,
                       attempts=OutboxMessage.attempts + 1)
               .where((OutboxMessage.id == message_id) & OutboxMessage.due(now))
               .execute())
    return claimed == 1


def deliver(message_id: int, now: datetime | None = None) -> str | None:
    """Claim and send one message; returns its new status, or None when not ours to send."""
    now = now or stored_now()
    worker = secrets.token_hex(8)
    if not claim(message_id, now, worker):
        return None
    message = OutboxMessage.get_by_id(message_id)
    try:
        send_over_smtp(current_app.config, message)
    except (smtplib.SMTPException, OSError) as error:
        return _record_failure(message, worker, now, error)
    except Exception as error:  # e.g. a header the email package refuses
        # Left in "sending", the message would be retried forever and never shown as failed.
        current_app.logger.exception("mail %s could not be built or sent", message_id)
        return _record_failure(message, worker, now, error, permanent=True)
    (OutboxMessage.update(status=SENT, sent_at=stored_now(), last_error="")
     .where((OutboxMessage.id == message_id) & (OutboxMessage.claimed_by == worker)).execute())
    return SENT


def _record_failure(message: OutboxMessage, worker: str, now: datetime, error,
                    permanent: bool = False) -> str:
    give_up = permanent or is_permanent(error) or message.attempts >= MAX_ATTEMPTS
    status = FAILED if give_up else PENDING
    (OutboxMessage
     .update(status=status, last_error=f"{type(error).__name__}: {error}"[:2000],
             next_attempt_at=now + retry_delay(message.attempts))
     .where((OutboxMessage.id == message.id) & (OutboxMessage.claimed_by == worker))
     .execute())
    current_app.logger.warning("mail %s to %s: attempt %s failed: %s",
                               message.id, message.to_address, message.attempts, error)
    return status


def due_message_ids(now: datetime, limit: int = 100) -> list[int]:
    query = (OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.due(now))
             .order_by(OutboxMessage.id).limit(limit))
    return [row.id for row in query]


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Send every message that is due; counts of outcomes (None: another worker had it)."""
    now = now or stored_now()
    outcome: dict[str, int] = {}
    for message_id in due_message_ids(now):
        status = deliver(message_id, now) or "skipped"
        outcome[status] = outcome.get(status, 0) + 1
    return outcome


def retry_failed(message_id: int) -> bool:
    """An administrator sends a failed message again, with a fresh set of attempts."""
    return (OutboxMessage
            .update(status=PENDING, attempts=0, next_attempt_at=stored_now(), claimed_by=None)
            .where((OutboxMessage.id == message_id) & (OutboxMessage.status == FAILED))
            .execute()) == 1


def recent(limit: int = 50, hidden: Collection[str] = ()):
    """The newest mail, leaving out mail to the `hidden` addresses (the demo mailbox)."""
    query = OutboxMessage.select()
    if hidden:
        folded = sorted({address.lower() for address in hidden})
        query = query.where(fn.LOWER(OutboxMessage.to_address).not_in(folded))
    return query.order_by(OutboxMessage.id.desc()).limit(limit)


def failed_or_waiting(now: datetime | None = None):
    """For administrators: failed mail, mail waiting to retry, and claims of a dead worker."""
    now = now or stored_now()
    stale = (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM)
    return (OutboxMessage.select()
            .where((OutboxMessage.status == FAILED)
                   | ((OutboxMessage.status == PENDING) & (OutboxMessage.attempts > 0))
                   | stale)
            .order_by(OutboxMessage.id.desc()))

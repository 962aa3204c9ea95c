"""Mail tasks: send one queued message now, and a minute-by-minute sweep of due mail."""
from __future__ import annotations

from huey import crontab

from portal.jobs import app_context, huey


@huey.task()
def send_message(message_id: int) -> str | None:
    """Send one outbox message (queued right after it is written)."""
    from portal.mail.services import deliver

    with app_context():
        return deliver(message_id)


@huey.periodic_task(crontab(minute="*"))
def send_due_mail() -> dict[str, int]:
    """Retry what failed before and pick up mail queued inside transactions."""
    from portal.mail.services import deliver_due

    with app_context():
        return deliver_due()

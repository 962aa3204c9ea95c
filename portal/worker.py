"""The task queue: one huey instance and every task the portal runs in the background.

Run the worker with `huey_consumer portal.worker.huey`. The queue's storage follows the app's
configuration (`portal.config`): Redis when PORTAL_REDIS_URL is set, else a SQLite file in the
instance directory. `create_app` calls `configure(app.config)` again with its overrides, so a
test app (TESTING) runs every task at once, in memory, in the calling thread.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from portal import config as portal_config
from portal.mail.outbox import message_queued

QUEUE_NAME = "portal"


def runs_immediately(config: Mapping) -> bool:
    """Tests (and PORTAL_TASKS_IMMEDIATE) run each task at once, in memory, in the caller."""
    return bool(config.get("TESTING") or config.get("TASKS_IMMEDIATE"))


def storage_settings(config: Mapping) -> tuple[type, dict]:
    """Redis when configured, else a SQLite file in the instance directory."""
    if config.get("REDIS_URL"):
        return RedisStorage, {"url": config["REDIS_URL"]}
    instance = Path(str(config["INSTANCE_DIR"]))
    instance.mkdir(parents=True, exist_ok=True)
    return SqliteStorage, {"filename": str(instance / "huey.sqlite3")}


def build_queue(config: Mapping) -> Huey:
    """A queue as `config` describes it (results are not kept: nobody reads them)."""
    storage_class, storage_kwargs = storage_settings(config)
    return Huey(QUEUE_NAME, results=False, immediate=runs_immediately(config),
                storage_class=storage_class, **storage_kwargs)


def configure(config: Mapping) -> None:
    """Point the one queue at what `config` names (create_app calls this with its overrides)."""
    huey.storage_class, huey.storage_kwargs = storage_settings(config)
    huey.immediate = runs_immediately(config)
    huey.storage = huey.create_storage()


# The consumer imports this module and nothing else: the queue it reads is the configured one.
huey = build_queue(portal_config.load())

_worker_app = None
_worker_app_lock = threading.Lock()


@contextmanager
def app_context():
    """The Flask app a task needs: the caller's (immediate mode), else one per worker process."""
    from flask import current_app, has_app_context

    if has_app_context():
        yield current_app._get_current_object()
        return
    global _worker_app
    with _worker_app_lock:
        if _worker_app is None:
            from portal import create_app

            _worker_app = create_app()
    from portal.db import connect_checked, db

    with _worker_app.app_context():
        connect_checked()
        try:
            yield _worker_app
        finally:
            if not db.is_closed():
                db.close()


# --- mail ------------------------------------------------------------------------------------
@huey.task()
def send_message(message_id: int) -> str | None:
    """Send one outbox message (queued right after it is written)."""
    from portal.mail import delivery

    with app_context():
        return delivery.deliver(message_id)


@huey.periodic_task(crontab(minute="*"))
def send_due_mail() -> dict[str, int]:
    """Retry what failed before and pick up mail queued inside transactions."""
    from portal.mail import delivery

    with app_context():
        return delivery.deliver_due()


@message_queued.connect
def _send_at_once(_app, message_id: int) -> None:
    """Mail queued outside a transaction is handed to a worker at once."""
    send_message(message_id)


# --- billing ---------------------------------------------------------------------------------
@huey.periodic_task(crontab(minute="15", hour="6"))
def sweep_contract_ends() -> dict[str, int]:
    """Every morning: reminders before contracts end, and a note when one has ended."""
    from portal.billing import expiry
    from portal.clock import today_in

    with app_context() as app:
        return expiry.sweep(today_in(app.config["DISPLAY_TIMEZONE"]))


# --- tickets ---------------------------------------------------------------------------------
@huey.periodic_task(crontab(minute="*"))
def fetch_support_mail() -> dict[str, int]:
    """Every minute: new mail of the support mailbox, when one is configured."""
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets.imap import fetch

    with app_context() as app:
        if not app.config.get("IMAP_HOST"):
            return {}
        report = fetch(app.config, active_policy(), utc_now())
        return {**report.handled, "failed": report.failed}


@huey.periodic_task(crontab(minute="*/5"))
def watch_sla() -> dict[str, int]:
    """Every five minutes: at-risk and breach notices, progress-update reminders (in the
    targets' working time, once each; tickets.monitoring)."""
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets import monitoring

    with app_context():
        return monitoring.watch(active_policy(), utc_now())


@huey.periodic_task(crontab(minute="40"))
def close_resolved_tickets() -> dict[str, int]:
    """Every hour: the warning a day before, then closing resolved tickets after the policy's
    window (tickets.monitoring)."""
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets import monitoring

    with app_context():
        return monitoring.close_resolved(active_policy(), utc_now())

"""The worker as it runs in production: its own app (from the environment, no caller's app
context), the minute mail sweep, and tasks taken from a real Redis queue when
PORTAL_TEST_REDIS_URL names one (CI sets it; `.ci/run` starts Redis).

The rest of the suite runs tasks at once inside the caller's app, so without these tests the
worker's own setup and the periodic sweep would run nowhere before production.
"""
from __future__ import annotations

import os

import pytest

from portal import worker
from portal.db import db
from portal.mail.models import OutboxMessage
from portal.mail.outbox import queue_mail

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")
LINK = "https://portal.example/confirm/abc"


@pytest.fixture
def worker_env(app, mailbox, database_url, tmp_path, monkeypatch):
    """The environment a worker process starts with, pointing at the test database and SMTP
    server; the worker builds its app afresh, and the test app's queue is restored after."""
    monkeypatch.setenv("PORTAL_DATABASE_URL", database_url)
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path / "worker-instance"))
    monkeypatch.setenv("PORTAL_SECRET_KEY", "worker-test-secret")
    monkeypatch.setenv("PORTAL_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("PORTAL_MAIL_PORT", str(mailbox.port))
    monkeypatch.setenv("PORTAL_KB_DIR", str(tmp_path / "no-kb"))
    monkeypatch.delenv("PORTAL_REDIS_URL", raising=False)
    monkeypatch.setattr(worker, "_worker_app", None)
    yield monkeypatch
    worker.configure(app.config)


def queue_while_the_server_is_down(app, mailbox, to: str) -> int:
    """A message whose first attempt failed: it waits for the worker's minute sweep."""
    mailbox.stop()
    with app.app_context():
        db.connect(reuse_if_open=True)
        message_id = queue_mail(to, "confirm_email", "ru", name="Анна", link=LINK).id
        db.close()
    mailbox.start()
    with app.app_context():
        message = OutboxMessage.get_by_id(message_id)
        assert (message.status, message.attempts) == ("pending", 1)
        # Its retry is due now (the back-off has passed).
        OutboxMessage.update(next_attempt_at=message.created_at).where(
            OutboxMessage.id == message_id).execute()
    return message_id


def status_of(app, message_id: int) -> str:
    with app.app_context():
        try:
            return OutboxMessage.get_by_id(message_id).status
        finally:
            db.close()


def test_the_minute_sweep_sends_waiting_mail_from_the_workers_own_app(app, mailbox, worker_env):
    message_id = queue_while_the_server_is_down(app, mailbox, "anna@romashka.example")
    assert mailbox.to("anna@romashka.example") == []
    # As the consumer calls it: no app context of the caller's.
    assert worker.send_due_mail.call_local() == {"sent": 1}
    assert db.is_closed(), "the worker left its connection open"
    assert LINK in mailbox.text(mailbox.last(to="anna@romashka.example"))
    assert status_of(app, message_id) == "sent"
    # The worker built its own app from the environment and left no connection open.
    own = worker._worker_app
    assert own is not None and own is not app
    assert own.config["DATABASE_URL"] == app.config["DATABASE_URL"]
    assert own.config["MAIL_PORT"] == mailbox.port and not own.config["TESTING"]
    # The next sweep finds nothing to do and reuses the same app.
    assert worker.send_due_mail.call_local() == {}
    assert worker._worker_app is own


def test_inside_a_callers_app_a_task_uses_that_app(app, mailbox, worker_env):
    message_id = queue_while_the_server_is_down(app, mailbox, "boris@romashka.example")
    with app.app_context():
        assert worker.send_message.call_local(message_id) == "sent"
    assert worker._worker_app is None  # nothing built: the caller's app served
    assert LINK in mailbox.text(mailbox.last(to="boris@romashka.example"))


@pytest.mark.skipif(not REDIS_URL, reason="PORTAL_TEST_REDIS_URL is not set")
def test_a_task_queued_in_redis_is_sent_by_a_worker(app, mailbox, worker_env):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    try:
        worker_env.setenv("PORTAL_REDIS_URL", REDIS_URL)
        worker_env.delenv("PORTAL_TASKS_IMMEDIATE", raising=False)
        with worker.app_context() as own:  # the worker process starts: the queue is Redis
            assert own.config["REDIS_URL"] == REDIS_URL
        assert not worker.huey.immediate and worker.huey.pending_count() == 0
        with app.app_context():
            db.connect(reuse_if_open=True)
            message_id = queue_mail("olga@vektor.example", "confirm_email", "ru", name="Ольга",
                                    link=LINK).id
            db.close()
        # Queued outside a transaction: handed to the queue at once, not sent in the caller.
        assert worker.huey.pending_count() == 1 and mailbox.to("olga@vektor.example") == []
        assert connection.dbsize() > 0, "the task was kept somewhere else than Redis"
        worker.huey.execute(worker.huey.dequeue())  # what huey_consumer does
        assert LINK in mailbox.text(mailbox.last(to="olga@vektor.example"))
        assert status_of(app, message_id) == "sent"
        assert worker.huey.pending_count() == 0
    finally:
        connection.flushdb()

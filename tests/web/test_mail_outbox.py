"""The outbox: two-part mail in the recipient's language, outage and retry, claiming, admin view."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from portal.clock import stored_now
from portal.db import db
from portal.mail import delivery, outbox
from portal.mail.models import FAILED, PENDING, SENT, OutboxMessage


def _queue(app, to, language="ru", name="Анна"):
    with app.app_context():
        return outbox.queue_mail(to, "confirm_email", language, name=name,
                                   link="https://portal.example/confirm/abc")


def _rows(app):
    with app.app_context():
        return list(OutboxMessage.select().order_by(OutboxMessage.id))


def test_every_mail_has_text_and_html_in_the_recipients_language(app, mailbox):
    _queue(app, "anna@romashka.example", "ru", name="<Анна>")
    _queue(app, "olga@vektor.example", "en", name="Olga")
    russian = mailbox.last(to="anna@romashka.example")
    english = mailbox.last(to="olga@vektor.example")
    assert russian["Subject"] == "Подтвердите адрес почты"
    assert english["Subject"] == "Confirm your e-mail address"
    assert russian["Content-Language"] == "ru" and english["Content-Language"] == "en"
    assert russian.get_content_type() == "multipart/alternative"
    assert "Здравствуйте, <Анна>!" in mailbox.text(russian)
    assert "&lt;Анна&gt;" in mailbox.html(russian)  # escaped in HTML, plain in text
    assert '<html lang="en">' in mailbox.html(english)
    assert "https://portal.example/confirm/abc" in mailbox.text(english)
    assert [row.status for row in _rows(app)] == [SENT, SENT]


def test_outage_then_each_mail_arrives_exactly_once(app, mailbox):
    mailbox.stop()
    addresses = [f"contact{n}@romashka.example" for n in range(5)]
    for address in addresses:
        _queue(app, address)
    rows = _rows(app)
    assert {row.status for row in rows} == {PENDING}
    assert all(row.attempts == 1 and "Connection refused" in row.last_error for row in rows)
    assert mailbox.messages == []

    with app.app_context():  # not due yet: back-off holds the retry
        assert delivery.deliver_due(stored_now()) == {}

    mailbox.start()
    later = stored_now() + timedelta(minutes=2)
    outcomes: list[dict] = []

    def worker():
        with app.app_context():
            outcomes.append(delivery.deliver_due(later))
            db.close()

    # Three workers sweep the same outbox at once: the claim lets one of them send each mail.
    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for address in addresses:
        mailbox.last(to=address)
    received = Counter(m["To"] for m in mailbox.messages)
    assert received == Counter(addresses)
    assert sum(outcome.get(SENT, 0) for outcome in outcomes) == 5
    assert {row.status for row in _rows(app)} == {SENT}
    with app.app_context():  # a later sweep sends nothing again
        assert delivery.deliver_due(later + timedelta(hours=1)) == {}
    assert len(mailbox.messages) == 5


def test_a_message_is_claimed_by_one_worker_only(app, mailbox):
    mailbox.stop()
    message = _queue(app, "anna@romashka.example")
    later = stored_now() + timedelta(minutes=5)
    with app.app_context():
        assert delivery.claim(message.id, later, "worker-a") is True
        assert delivery.claim(message.id, later, "worker-b") is False
        # Administrators see a claim that a dead worker left behind ...
        assert list(delivery.failed_or_waiting(later + timedelta(minutes=1))) == []
        assert [m.id for m in delivery.failed_or_waiting(later + timedelta(hours=1))] == [
            message.id]
        # ... and it is taken over after a while.
        assert delivery.claim(message.id, later + timedelta(hours=1), "worker-c") is True


def test_retries_back_off_then_fail_visibly_for_admins(app, client, auth, mailbox, make_user,
                                                       monkeypatch):
    mailbox.stop()
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 3)
    message = _queue(app, "anna@romashka.example")
    moment = stored_now()
    with app.app_context():
        for _ in range(2):
            row = OutboxMessage.get_by_id(message.id)
            assert row.status == PENDING
            moment = row.next_attempt_at
            delivery.deliver_due(moment)
        row = OutboxMessage.get_by_id(message.id)
    assert (row.status, row.attempts) == (FAILED, 3)
    waits = [delivery.retry_delay(n) for n in (1, 2, 3)]
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]

    make_user(role="agent", email="agent@lotsman.example")
    auth.login("agent@lotsman.example")
    assert client.get("/admin/mail").status_code == 403
    auth.logout()
    make_user(role="admin", email="admin@lotsman.example")
    auth.login("admin@lotsman.example")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "anna@romashka.example" in page and "ConnectionRefusedError" in page

    mailbox.start()
    assert client.post(f"/admin/mail/{message.id}/retry").status_code == 303
    with app.app_context():
        assert delivery.deliver_due(stored_now() + timedelta(seconds=1)) == {SENT: 1}
    mailbox.last(to="anna@romashka.example")
    assert "Все письма доставлены" in client.get("/admin/mail").get_data(as_text=True)


def test_a_refused_mailbox_fails_at_once(app, mailbox):
    mailbox.refused.add("ghost@romashka.example")
    _queue(app, "ghost@romashka.example")
    [row] = _rows(app)
    assert row.status == FAILED and row.attempts == 1 and "550" in row.last_error


def test_mail_queued_inside_a_transaction_waits_for_the_sweep(app, mailbox):
    with app.app_context():
        with db.atomic():
            outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                                link="https://portal.example/x")
        assert mailbox.messages == []
        assert delivery.deliver_due(stored_now()) == {SENT: 1}
    mailbox.last(to="anna@romashka.example")


def test_demo_mailbox_only_in_demo_mode(app, client, mailbox):
    _queue(app, "anna@romashka.example")
    assert client.get("/demo/mail").status_code == 404
    app.config["DEMO_MODE"] = True
    page = client.get("/demo/mail").get_data(as_text=True)
    assert "Подтвердите адрес почты" in page
    assert 'href="https://portal.example/confirm/abc"' in page


def test_an_unexpected_error_fails_the_message_visibly(app, mailbox, monkeypatch):
    def refuse(config, message):
        raise ValueError("header line too long")

    monkeypatch.setattr(delivery, "send_over_smtp", refuse)
    _queue(app, "anna@romashka.example")
    [row] = _rows(app)
    assert (row.status, row.attempts) == (FAILED, 1)
    assert "ValueError: header line too long" in row.last_error
    with app.app_context():
        assert [m.id for m in delivery.failed_or_waiting()] == [row.id]


def test_threading_headers_reach_the_recipient(app, mailbox):
    with app.app_context():
        first = outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                                  link="https://portal.example/confirm/x",
                                  thread_key="TID-2026-000001",
                                  reply_to="support+t0k3n@portal.localhost")
        second = outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                                   link="https://portal.example/confirm/y",
                                   thread_key="TID-2026-000001", in_reply_to=first.message_id,
                                   references=[first.message_id], auto_generated=False)
    first_mail, second_mail = mailbox.to("anna@romashka.example")
    assert first_mail["Message-ID"] == first.message_id
    assert first.message_id.endswith("@portal.localhost>")
    assert first_mail["Reply-To"] == "support+t0k3n@portal.localhost"
    assert first_mail["Auto-Submitted"] == "auto-generated"
    assert second_mail["In-Reply-To"] == first.message_id
    assert second_mail["References"] == first.message_id
    # A person wrote the second one: auto-responders may answer it.
    assert second_mail["Auto-Submitted"] is None
    assert first.message_id != second.message_id
    with app.app_context():
        assert OutboxMessage.select().where(
            OutboxMessage.thread_key == "TID-2026-000001").count() == 2


def test_a_long_russian_subject_arrives_with_its_spaces(app, mailbox):
    from portal.mail.smtp import MAIL_POLICY

    subject = "Ваше письмо не попало в поддержку: Re: [TID-2026-000001] " + "Отчёт " * 12
    with app.app_context():
        message = outbox.queue_mail("anna@romashka.example", "confirm_email", "ru", name="Анна",
                                    link="https://portal.example/confirm/abc")
        OutboxMessage.update(subject=subject.strip(), status="pending", attempts=0).where(
            OutboxMessage.id == message.id).execute()
        delivery.deliver(message.id, stored_now())
    received = mailbox.to("anna@romashka.example")[-1]
    assert received["Subject"] == subject.strip()
    assert MAIL_POLICY.max_line_length == 998

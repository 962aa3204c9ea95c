"""Mail about tickets, read at a real SMTP server: threading, Reply-To token, who gets what."""
from __future__ import annotations

from portal.accounts.models import User
from portal.clock import utc_now
from portal.db import db
from portal.policy import active_policy
from portal.tickets import staff
from portal.tickets.models import Ticket


def _staff(app, number, act, *args):
    with app.app_context():
        db.connect(reuse_if_open=True)
        agent = User.by_email("agent@lotsman.example")
        act(active_policy(), Ticket.get(Ticket.number == number), agent, *args, utc_now())


def test_the_confirmation_names_the_ticket_its_tier_and_due_times_and_threads_replies(
        app, mailbox, file_ticket):
    number = file_ticket()
    confirmation = mailbox.last(to="anna@romashka.example")
    assert confirmation["Subject"] == f"[{number}] Обращение принято: Отчёт не строится"
    body = mailbox.text(confirmation)
    assert "Поддержка: Стандарт" in body and "Первый ответ: до пн, 2 февраля, 15:00" in body
    assert confirmation["Auto-Submitted"] == "auto-generated"
    with app.app_context():
        token = Ticket.get(Ticket.number == number).mail_token
    assert confirmation["Reply-To"] == f"support+{token}@portal.localhost"
    _staff(app, number, staff.reply, "Проверили, исправляем.")
    reply = mailbox.last(to="anna@romashka.example")
    assert reply["Subject"] == f"[{number}] Отчёт не строится"
    assert reply["In-Reply-To"] == confirmation["Message-ID"]
    assert confirmation["Message-ID"] in reply["References"]
    assert reply["Auto-Submitted"] is None  # a person wrote it
    assert "Проверили, исправляем." in mailbox.text(reply)


def test_colleagues_get_replies_in_their_language_and_internal_notes_go_to_nobody(
        app, mailbox, file_ticket):
    with app.app_context():
        User.update(language="en").where(User.email == "boris@romashka.example").execute()
    number = file_ticket()
    _staff(app, number, staff.note, "Внутреннее: клиент на старой версии")
    assert mailbox.to("boris@romashka.example") == []
    assert len(mailbox.to("anna@romashka.example")) == 1  # the confirmation only
    _staff(app, number, staff.reply, "Please update to 6.0.")
    english = mailbox.last(to="boris@romashka.example")
    assert "of support wrote:" in mailbox.text(english)
    assert all("Внутреннее" not in mailbox.text(m) for m in mailbox.messages)


def test_resolution_mail_carries_rating_links_that_open_the_confirm_page(
        app, client, mailbox, file_ticket):
    number = file_ticket()
    _staff(app, number, staff.resolve)
    mail = mailbox.last(to="anna@romashka.example")
    assert "решённым" in mailbox.text(mail)
    links = [link for link in mailbox.links(mail) if "/rate?score=" in link]
    assert len(links) == 5
    path = links[0].split("portal.test", 1)[-1] if "portal.test" in links[0] else links[0]
    page = client.get(path.replace("http://127.0.0.1:5000", ""))
    assert page.status_code == 200
    with app.app_context():
        assert Ticket.get(Ticket.number == number).rating is None

"""Following a ticket: the polled timeline, internal notes, pauses, rating, reopen, escalation."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from portal.db import db
from portal.tickets import staff
from portal.tickets.models import Ticket, TicketEvent
from tests.plugins.tickets import MONDAY_TEN


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def the_ticket(app, number):
    with app.app_context():
        db.connect(reuse_if_open=True)
        return Ticket.get(Ticket.number == number)


def as_staff(app, number, act, *args, at=None):
    """Run a staff service on the ticket as the agent, at `at` (default: the frozen now)."""
    from portal.accounts.models import User
    from portal.clock import utc_now
    from portal.policy import active_policy

    with app.app_context():
        db.connect(reuse_if_open=True)
        agent = User.by_email("agent@lotsman.example")
        return act(active_policy(), Ticket.get(Ticket.number == number), agent, *args,
                   at or utc_now())


def last_id(app, number) -> int:
    with app.app_context():
        return TicketEvent.select().where(
            TicketEvent.ticket == the_ticket(app, number)).order_by(
            TicketEvent.id.desc()).first().id


def test_a_staff_reply_reaches_the_open_page_by_polling_and_meets_the_first_answer(
        app, client, file_ticket):
    number = file_ticket()
    cursor = last_id(app, number)
    assert client.get(f"/tickets/{number}/events?after={cursor}").status_code == 204
    as_staff(app, number, staff.reply, "Проверяем отчёт, ответим сегодня.", at=MONDAY_TEN)
    poll = client.get(f"/tickets/{number}/events?after={cursor}", headers={"HX-Request": "true"})
    assert poll.status_code == 200
    body = poll.get_data(as_text=True)
    assert "Проверяем отчёт" in body and 'hx-swap-oob="beforeend:#timeline"' in body
    assert f"after={cursor + 1}" in body  # the new cursor
    assert "Первый ответ выполнено" in text(poll)
    assert the_ticket(app, number).next_due_at is not None  # resolution still runs


def test_an_internal_note_never_reaches_the_customer(app, client, file_ticket):
    number = file_ticket()
    cursor = last_id(app, number)
    as_staff(app, number, staff.note, "Клиент на старой версии, см. KB-12")
    assert client.get(f"/tickets/{number}/events?after={cursor}").status_code == 204
    assert "KB-12" not in client.get(f"/tickets/{number}").get_data(as_text=True)
    ticket = the_ticket(app, number)
    assert ticket.status == "open"
    # A note meets no reaction target.
    assert '"first_response", "status": "running"' in ticket.sla_state


def test_waiting_for_the_customer_pauses_the_clock_until_they_write(app, client, file_ticket):
    number = file_ticket()
    as_staff(app, number, staff.reply, "Пришлите, пожалуйста, журнал.", at=MONDAY_TEN)
    as_staff(app, number, staff.set_status, "waiting")
    page = text(client.get(f"/tickets/{number}"))
    assert "ждём вашего ответа" in page and "остановлено, пока обращение ждёт" in page
    assert client.post(f"/tickets/{number}/messages", data={"body": "Журнал во вложении"}
                       ).status_code == 303
    assert the_ticket(app, number).status == "open"


def test_rating_once_after_resolution_and_a_mailed_link_only_opens_the_confirm_page(
        app, client, file_ticket):
    number = file_ticket()
    assert client.post(f"/tickets/{number}/rate", data={"score": "5"}).status_code == 409
    as_staff(app, number, staff.resolve)
    confirm = client.get(f"/tickets/{number}/rate?score=5")
    assert confirm.status_code == 200
    assert '<input checked id="score-0" name="score" required type="radio" value="5">' in (
        confirm.get_data(as_text=True))
    assert the_ticket(app, number).rating is None  # a followed link records nothing
    assert client.post(f"/tickets/{number}/rate", data={"score": "9"}).status_code == 422
    assert client.post(f"/tickets/{number}/rate", data={"score": "4", "comment": "Спасибо"}
                       ).status_code == 303
    again = client.post(f"/tickets/{number}/rate", data={"score": "1"})
    assert again.status_code == 409 and "уже оценено" in text(again)
    ticket = the_ticket(app, number)
    assert (ticket.rating, ticket.rating_comment) == (4, "Спасибо")


def test_reopen_within_the_window_resumes_and_after_it_a_follow_up_is_offered(
        app, client, file_ticket, freeze_clock):
    number = file_ticket()
    as_staff(app, number, staff.resolve)
    assert client.post(f"/tickets/{number}/reopen").status_code == 303
    assert the_ticket(app, number).status == "open"
    as_staff(app, number, staff.resolve)
    freeze_clock(MONDAY_TEN + timedelta(days=20))  # Standard reopens within 14 days
    refused = client.post(f"/tickets/{number}/reopen", follow_redirects=True)
    assert "больше нельзя открыть повторно" in text(refused)
    assert the_ticket(app, number).status == "resolved"
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert f"/tickets/new?follow_up={number}" in page
    form = client.get(f"/tickets/new?follow_up={number}").get_data(as_text=True)
    assert f"Продолжение {number}" in html.unescape(form)
    follow = client.post("/tickets/new", data={
        "token": "fu", "subject": f"Продолжение {number}", "description": "Снова ошибка",
        "category": "defect", "priority": "2", "follow_up_of": number})
    assert follow.status_code == 303
    newest = follow.headers["Location"].rsplit("/", 1)[1]
    assert the_ticket(app, newest).follow_up_of.number == number


def test_escalation_is_marked_mailed_to_the_head_and_not_repeated_the_same_day(
        app, client, file_ticket, make_user, mailbox):
    make_user(role="head", email="head@lotsman.example", name="Марина")
    number = file_ticket()
    assert client.post(f"/tickets/{number}/escalate", data={"reason": ""}).status_code == 422
    assert client.post(f"/tickets/{number}/escalate",
                       data={"reason": "Мне кажется, про меня забыли"}).status_code == 303
    mail = mailbox.last(to="head@lotsman.example")
    assert number in mail["Subject"] and "забыли" in mailbox.text(mail)
    assert "Передано руководителю поддержки." in text(client.get(f"/tickets/{number}"))
    again = client.post(f"/tickets/{number}/escalate", data={"reason": "Снова"})
    assert again.status_code == 409


def test_only_the_requester_closes_and_colleagues_see_only_where_the_tier_shares(
        app, client, auth, file_ticket):
    number = file_ticket()
    auth.logout()
    auth.login("boris@romashka.example")
    # Standard lets colleagues follow each other's tickets.
    assert client.get(f"/tickets/{number}").status_code == 200
    assert number in client.get("/tickets/").get_data(as_text=True)
    client.post(f"/tickets/{number}/close")
    assert the_ticket(app, number).status == "open"
    auth.logout()
    auth.login("anna@romashka.example")
    assert client.post(f"/tickets/{number}/close").status_code == 303
    assert the_ticket(app, number).status == "closed"
    assert client.post(f"/tickets/{number}/messages", data={"body": "ещё"}).status_code == 409


def test_a_priority_change_by_staff_recomputes_the_targets(app, client, file_ticket):
    number = file_ticket(priority=3)
    before = the_ticket(app, number).next_due_at
    as_staff(app, number, staff.set_priority, 1)
    after = the_ticket(app, number).next_due_at
    assert after < before
    assert "Приоритет: 3 → 1" in text(client.get(f"/tickets/{number}"))


def test_customers_cannot_use_the_staff_layer(app, file_ticket):
    from portal.accounts.models import User
    from portal.errors import Forbidden
    from portal.policy import active_policy

    number = file_ticket()
    with app.app_context():
        anna = User.by_email("anna@romashka.example")
        with pytest.raises(Forbidden, match="только сотрудники поддержки"):
            staff.resolve(active_policy(), Ticket.get(Ticket.number == number), anna,
                          MONDAY_TEN)


def test_my_tickets_filters_by_status_and_finds_by_subject_or_number(app, client,
                                                                     file_ticket):
    first = file_ticket(subject="Отчёт по сделкам")
    second = file_ticket(subject="Импорт контактов")
    as_staff(app, second, staff.resolve)
    client.get("/")  # the filing notices are shown (and gone) here
    listing = client.get("/tickets/?status=resolved").get_data(as_text=True)
    assert second in listing and first not in listing
    found = client.get("/tickets/?q=сделк").get_data(as_text=True)
    assert first in found and second not in found
    assert second in client.get(f"/tickets/?q={second.lower()}").get_data(as_text=True)


def test_the_demo_gives_anna_an_answered_ticket_and_a_resolved_one(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    with app.app_context():
        db.connect(reuse_if_open=True)
        statuses = sorted(t.status for t in Ticket.select())
        assert statuses == ["open", "resolved"]
        assert TicketEvent.select().where(TicketEvent.kind == "staff_message").count() == 2

"""Staff work on a ticket page: who may, taking, reasons, versions, targets, time and its bill."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from portal.db import db
from portal.tickets.models import CannedReply, Ticket, TicketEvent

STAFF_POSTS = ("assign", "status", "priority", "level", "line", "override", "note", "time")


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def the_ticket(app, number):
    with app.app_context():
        db.connect(reuse_if_open=True)
        return Ticket.get(Ticket.number == number)


def seen(app, number) -> str:
    from portal.tickets.staff_views import version_of

    with app.app_context():
        return version_of(the_ticket(app, number))


@pytest.fixture
def at_work(app, client, auth, file_ticket):
    """Анна's ticket, and the agent logged in instead."""
    number = file_ticket()
    auth.logout()
    auth.login("agent@lotsman.example")
    return number


def test_customers_are_refused_every_staff_action(app, client, file_ticket):
    number = file_ticket()
    for action in STAFF_POSTS:
        assert client.post(f"/tickets/{number}/{action}", data={}).status_code == 403, action
    assert client.get("/tickets/inbound").status_code == 403


def test_taking_a_ticket_is_on_the_timeline_for_staff_only(app, client, auth, at_work,
                                                           licensed):
    response = client.post(f"/tickets/{at_work}/assign",
                           data={"assignee": str(licensed["agent"].id),
                                 "seen": seen(app, at_work)})
    assert response.status_code == 303
    assert the_ticket(app, at_work).assignee_id == licensed["agent"].id
    assert "Исполнитель: — → Сергей" in text(client.get(f"/tickets/{at_work}"))
    auth.logout()
    auth.login("anna@romashka.example")
    assert "Исполнитель:" not in text(client.get(f"/tickets/{at_work}"))


def test_declining_needs_one_of_the_seeds_reasons_which_the_customer_sees(app, client, auth,
                                                                          at_work):
    refused = client.post(f"/tickets/{at_work}/status", data={
        "to": "closed", "reason": "", "seen": seen(app, at_work)}, follow_redirects=True)
    assert "Укажите причину" in text(refused)
    assert the_ticket(app, at_work).status == "open"
    client.post(f"/tickets/{at_work}/status", data={
        "to": "closed", "reason": "out_of_scope", "seen": seen(app, at_work)})
    assert the_ticket(app, at_work).status == "closed"
    auth.logout()
    auth.login("anna@romashka.example")
    assert "Вне рамок поддержки" in text(client.get(f"/tickets/{at_work}"))


def test_a_form_shown_before_a_colleagues_change_changes_nothing(app, client, at_work):
    stale = seen(app, at_work)
    assert client.post(f"/tickets/{at_work}/priority", data={
        "priority": "1", "seen": stale}).status_code == 303
    answer = client.post(f"/tickets/{at_work}/priority", data={"priority": "4", "seen": stale},
                         follow_redirects=True)
    assert "обращение изменили" in text(answer)
    assert the_ticket(app, at_work).priority == 1


def test_an_agreed_target_replaces_the_tiers_one(app, client, at_work):
    before = the_ticket(app, at_work).next_due_at
    client.post(f"/tickets/{at_work}/override", data={
        "target": "first_response", "minutes": "30", "note": "Договорились по телефону",
        "seen": seen(app, at_work)})
    after = the_ticket(app, at_work).next_due_at
    assert after < before
    assert "Согласованный срок" in text(client.get(f"/tickets/{at_work}"))


def test_an_internal_note_reaches_no_customer_page_and_no_mail(app, client, auth, at_work,
                                                               mailbox):
    sent = len(mailbox.messages)
    client.post(f"/tickets/{at_work}/note", data={"body": "Секрет: обход через SQL",
                                                  "seen": seen(app, at_work)})
    assert "Секрет" in text(client.get(f"/tickets/{at_work}"))
    assert len(mailbox.messages) == sent
    auth.logout()
    auth.login("anna@romashka.example")
    assert "Секрет" not in client.get(f"/tickets/{at_work}").get_data(as_text=True)
    assert "Секрет" not in client.get("/tickets/").get_data(as_text=True)
    assert "обход через SQL" not in client.get("/search?q=обход").get_data(as_text=True)


def test_time_is_billed_beyond_the_free_hours_and_shown_to_the_customer(app, client, auth,
                                                                        at_work, licensed):
    for minutes in ("120", "240"):  # Standard: 5 free hours, then 3 000 ₽ an hour
        client.post(f"/tickets/{at_work}/time", data={"minutes": minutes, "work": "consulting",
                                                      "seen": seen(app, at_work)})
    auth.logout()
    auth.login("anna@romashka.example")
    page = text(client.get(f"/organizations/{licensed['organization'].id}/licenses"))
    assert "5 часов в год договора; использовано 6, осталось 0" in page
    assert "Платные работы в этом году договора 3 000,00 ₽" in page
    assert "Консультации сверх бесплатных часов: 1 ч × 3 000,00 ₽" in page


def test_minutes_outside_a_day_are_refused(app, client, at_work):
    answer = client.post(f"/tickets/{at_work}/time", data={
        "minutes": "5000", "work": "consulting", "seen": seen(app, at_work)},
        follow_redirects=True)
    with app.app_context():
        assert TicketEvent.select().where(TicketEvent.kind == "time").count() == 0
    assert answer.status_code == 200


def test_canned_replies_and_the_article_picker_help_the_reply(app, client, at_work):
    with app.app_context():
        CannedReply.create(title="Нужен журнал", body="Пришлите, пожалуйста, журнал ошибок.")
    page = client.get(f"/tickets/{at_work}").get_data(as_text=True)
    assert "Нужен журнал" in page and 'data-insert-into="body"' in page
    from portal.search import index

    with app.app_context():
        db.connect(reuse_if_open=True)
        index.upsert_document("article", "licensing/renewal", "ru", "Продление лицензии",
                              "Лицензия продлевается на год.", "/kb/licensing/renewal", ["crm"],
                              "licensing")
    picker = client.get("/search/suggest?picker=1&q=лицензия", headers={"HX-Request": "true"})
    assert "Вставить ссылку" in picker.get_data(as_text=True)
    assert "/kb/licensing/renewal" in picker.get_data(as_text=True)


def test_two_agents_on_one_ticket_see_each_other(app, client, auth, at_work, make_user):
    client.get(f"/tickets/{at_work}")
    auth.logout()
    make_user(role="head", email="head@lotsman.example", name="Марина")
    auth.login("head@lotsman.example")
    page = text(client.get(f"/tickets/{at_work}"))
    assert "Сейчас с обращением работает также: Сергей" in page


def test_escalating_to_the_next_line_starts_its_reaction(app_config, app, client, auth,
                                                         make_user, make_org, make_contact,
                                                         monday):
    from portal.billing.models import SupportContract

    app.config["POLICY_PRESET"] = "terrasoft"
    organization = make_org("Ромашка", tier=None)
    with app.app_context():
        SupportContract.create(organization=organization, tier="premium", kind="paid",
                               first_day=date(2026, 1, 1), last_day=date(2026, 12, 31),
                               currency="EUR")
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    make_user(role="agent", email="agent@lotsman.example", name="Сергей")
    auth.login("anna@romashka.example")
    filed = client.post("/tickets/new", data={"token": "l", "subject": "S", "description": "D",
                                              "category": "defect", "priority": "2"})
    number = filed.headers["Location"].rsplit("/", 1)[1]
    auth.logout()
    auth.login("agent@lotsman.example")
    client.post(f"/tickets/{number}/line", data={"line": "l2", "reason": "Нужен инженер",
                                                 "seen": seen(app, number)})
    assert the_ticket(app, number).line == "l2"
    page = text(client.get(f"/tickets/{number}"))
    assert "Нужен инженер" in page and "Передано на линию поддержки" in page


def test_help_installing_updates_is_a_kind_of_logged_time(app, client, auth, at_work, licensed):
    """iStom (002, 3.2) bills only «помощь в установке обновления (1500 руб/час)»: staff log it
    as its own kind; under the demo preset, which does not bill it, nothing is charged."""
    answer = client.post(f"/tickets/{at_work}/time", data={
        "minutes": "90", "work": "update_help", "seen": seen(app, at_work)})
    assert answer.status_code in (200, 303)
    with app.app_context():
        event = TicketEvent.get(TicketEvent.kind == "time")
        assert "update_help" in str(event.data)
    page = text(client.get(f"/tickets/{at_work}"))
    assert "90 мин (Помощь в установке обновлений)" in page
    auth.logout()
    auth.login("anna@romashka.example")
    licenses = text(client.get(f"/organizations/{licensed['organization'].id}/licenses"))
    assert "Платные работы в этом году договора нет" in licenses

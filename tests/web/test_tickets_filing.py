"""Filing a ticket: who may, the form, numbers, one ticket per form, attachments by content."""
from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from portal.db import db
from portal.tickets.models import Attachment, Ticket
from tests.plugins.tickets import PNG


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def tickets(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        return list(Ticket.select().order_by(Ticket.id))


def test_a_responsible_contact_files_and_sees_the_first_answer_due_in_working_time(
        app, client, file_ticket):
    number = file_ticket(priority=2)
    assert number == "TID-2026-000001"
    (ticket,) = tickets(app)
    # Standard, P2: 4 working hours from Monday 10:00, lunch 13-14 not counted: 15:00 MSK.
    assert ticket.next_due_at.isoformat() == "2026-02-02T12:00:00"
    page = text(client.get(f"/tickets/{number}"))
    assert "Первый ответ до пн, 2 февраля, 15:00" in page
    assert "осталось 4 часа учитываемого времени" in page


def test_numbers_are_unique_and_run_on_and_a_form_sent_twice_files_once(app, file_ticket):
    first = file_ticket(token="same")
    again = file_ticket(token="same")
    second = file_ticket()
    assert first == again == "TID-2026-000001" and second == "TID-2026-000002"
    assert len(tickets(app)) == 2


def test_the_priority_is_required_where_the_tier_chooses_targets_by_it(app, client, auth,
                                                                       licensed):
    auth.login("anna@romashka.example")
    response = client.post("/tickets/new", data={"token": "x", "subject": "S",
                                                  "description": "D", "category": "defect"})
    assert response.status_code == 422 and tickets(app) == []
    page = html.unescape(client.get("/tickets/new").get_data(as_text=True))
    # Each priority with the preset's definition beside it.
    assert 'name="priority"' in page
    from portal.domain.policy import load_preset

    for priority in load_preset("demo").priorities:
        assert priority.definition.ru in page


def test_a_colleague_who_is_not_responsible_is_told_who_files(app, client, auth, licensed):
    auth.login("boris@romashka.example")
    page = client.get("/tickets/new")
    assert page.status_code == 200
    assert "создают её ответственные лица" in text(page)
    client.post("/tickets/new", data={"token": "b", "subject": "S", "description": "D",
                                      "category": "defect", "priority": "2"})
    assert tickets(app) == []


def test_without_a_ticket_channel_or_support_people_are_sent_where_help_is(
        app_config, app, client, auth, make_user, make_org, make_contact, monday):
    community = make_org("Без поддержки", tier=None)  # demo: drops to the community tier
    make_contact(make_user(email="c@example.com"), community, responsible=True)
    auth.login("c@example.com")
    page = text(client.get("/tickets/new"))
    assert "обращений нет" in page and "Купить поддержку с обращениями" in page
    auth.logout()
    make_user(email="alone@example.com")
    auth.login("alone@example.com")
    page = text(client.get("/tickets/new"))
    assert "Присоединиться к своей организации по лицензионному ключу" in page


def test_istom_lets_a_registered_user_without_a_contract_file_at_the_free_level(
        app, client, auth, make_user, monday):
    app.config["POLICY_PRESET"] = "istom"
    make_user(email="free@example.com")
    auth.login("free@example.com")
    page = client.get("/tickets/new").get_data(as_text=True)
    assert 'name="level"' in page  # iStom chooses targets by level
    response = client.post("/tickets/new", data={
        "token": "i", "subject": "Вопрос", "description": "Как настроить?",
        "category": "question", "level": "standard"})
    assert response.status_code == 303
    (ticket,) = tickets(app)
    assert ticket.tier == "free" and ticket.organization is None


def test_screenshots_are_kept_and_shown_inline(app, client, file_ticket):
    number = file_ticket(files=[("экран.png", PNG)])
    with app.app_context():
        (row,) = Attachment.select()
    assert row.inline and row.content_type == "image/png"
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert f"/tickets/{number}/attachments/{row.id}/" in page and "<img" in page
    served = client.get(f"/tickets/{number}/attachments/{row.id}/{row.filename}")
    assert served.data == PNG and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def _zip(declared: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("log.txt", "x" * (declared or 100))
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "body", "reason"), [
    ("screen.bmp", b"BM" + b"\x00" * 200, "упакуйте его в архив"),
    ("picture.png", b"<html><script>alert(1)</script></html>", "прикладывайте снимки экрана"),
    ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "прикладывайте снимки"),
    ("bomb.zip", _zip(declared=50 * 1024 * 1024), "распаковывается"),
])
def test_a_file_of_the_wrong_kind_is_refused_with_the_reason_and_the_text_is_kept(
        app, client, auth, licensed, name, body, reason):
    auth.login("anna@romashka.example")
    response = client.post("/tickets/new", content_type="multipart/form-data", data={
        "token": "f", "subject": "Мой отчёт", "description": "Подробности", "category": "defect",
        "priority": "2", "attachments": [(io.BytesIO(body), name)]})
    assert response.status_code == 422
    page = text(response)
    assert reason in page and name in page
    assert 'value="Мой отчёт"' in response.get_data(as_text=True)  # nothing typed is lost
    assert tickets(app) == []


def test_an_archive_is_accepted_as_a_download_and_a_large_file_is_refused(app, client, auth,
                                                                           licensed,
                                                                           file_ticket):
    number = file_ticket(files=[("logs.zip", _zip())])
    with app.app_context():
        (row,) = Attachment.select()
    served = client.get(f"/tickets/{number}/attachments/{row.id}/logs.zip")
    assert served.mimetype == "application/octet-stream"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    app.config["ATTACHMENT_MAX_BYTES"] = 100 * 1024
    response = client.post("/tickets/new", content_type="multipart/form-data", data={
        "token": "big", "subject": "S", "description": "D", "category": "defect",
        "priority": "2", "attachments": [(io.BytesIO(PNG + b"\x00" * 200 * 1024),
                                          "big.png")]})
    assert response.status_code == 422 and "Файл big.png больше 100 КБ." in text(response)


def test_another_organizations_ticket_and_files_are_not_found(app, client, auth, file_ticket,
                                                              make_user, make_org,
                                                              make_contact):
    number = file_ticket(files=[("a.png", PNG)])
    with app.app_context():
        (row,) = Attachment.select()
    auth.logout()
    make_contact(make_user(email="olga@vektor.example"), make_org("Вектор"), responsible=True)
    auth.login("olga@vektor.example")
    for path in (f"/tickets/{number}", f"/tickets/{number}/events?after=0",
                 f"/tickets/{number}/attachments/{row.id}/a.png", "/tickets/TID-2026-999999"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/tickets/{number}/messages", data={"body": "x"}).status_code == 404
    assert number not in client.get("/tickets/").get_data(as_text=True)


def test_markup_in_a_ticket_is_shown_as_text(client, file_ticket):
    number = file_ticket(subject="<script>alert('s')</script>")
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "<script>alert('s')</script>" not in page
    assert "&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;" in page


def test_this_solved_it_counts_a_ticket_not_filed_and_opens_the_article(app, client, auth,
                                                                        licensed):
    from portal.tickets.models import Deflection

    auth.login("anna@romashka.example")
    response = client.post("/tickets/deflected", data={"article_url": "/kb/licensing/renewal",
                                                       "subject": "Ключ"})
    assert response.status_code == 303 and response.headers["Location"] == "/kb/licensing/renewal"
    assert client.post("/tickets/deflected", data={
        "article_url": "https://evil.example/"}).status_code == 400
    with app.app_context():
        assert [(d.article_url, d.subject) for d in Deflection.select()] == [
            ("/kb/licensing/renewal", "Ключ")]
    assert tickets(app) == []


def test_tickets_filed_at_the_same_moment_get_distinct_numbers(app, licensed, monday):
    import threading

    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets import services

    numbers, problems = [], []

    def file(index: int) -> None:
        with app.test_request_context():
            try:
                db.connect(reuse_if_open=True)
                ticket = services.file_ticket(
                    active_policy(), licensed["anna"],
                    services.NewTicket(subject=f"S{index}", description="D", category="defect",
                                       priority=2), f"c-{index}", utc_now())
                numbers.append(ticket.number)
            except Exception as error:  # noqa: BLE001 - collected and shown below
                problems.append(repr(error))
            finally:
                db.close()

    threads = [threading.Thread(target=file, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert problems == []
    assert sorted(numbers) == [f"TID-2026-{n:06d}" for n in range(1, 7)]


def test_where_targets_belong_to_lines_a_new_ticket_starts_on_the_first(
        app, client, auth, make_user, make_org, make_contact, monday):
    from datetime import date

    from portal.billing.models import License, SupportContract

    app.config["POLICY_PRESET"] = "procrm"
    organization = make_org("Ромашка", tier=None)
    with app.app_context():
        SupportContract.create(organization=organization, tier="support", kind="paid",
                               first_day=date(2026, 1, 1), last_day=date(2026, 12, 31),
                               currency="UAH")
        License.create(organization=organization, product="bitrix24", edition="enterprise",
                       quantity=1, purchased_on=date(2026, 1, 1), license_key="P-1")
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    auth.login("anna@romashka.example")
    response = client.post("/tickets/new", data={"token": "p", "subject": "S",
                                                 "description": "D", "category": "question",
                                                 "priority": "3"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    (ticket,) = tickets(app)
    assert ticket.line == "sla1" and ticket.next_due_at is not None

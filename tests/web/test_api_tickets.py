"""Tickets over the API: list with filters and cursors, file, read with the timeline (public
events only for customers), reply with files, rate, reopen; another organization's ticket is
not found."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from tests.plugins.api import bearer
from tests.plugins.tickets import PNG

NEW = {"subject": "Отчёт не строится", "description": "После обновления отчёт даёт ошибку.",
       "category": "defect", "priority": 2, "product": "crm"}


@pytest.fixture
def anna_token(licensed, make_token):
    return make_token(licensed["anna"])


def file_via_api(client, secret, **changes):
    response = client.post("/api/v1/tickets", json={**NEW, **changes}, headers=bearer(secret))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_filing_answers_the_ticket_with_its_location_and_timeline(client, anna_token):
    response = client.post("/api/v1/tickets", json=NEW, headers=bearer(anna_token))
    assert response.status_code == 201
    ticket = response.get_json()
    assert ticket["number"].startswith("TID-2026-")
    assert response.headers["Location"] == f"/api/v1/tickets/{ticket['number']}"
    assert (ticket["status"], ticket["priority"], ticket["product"]) == ("open", 2, "crm")
    assert ticket["requester"] == {"name": "Анна", "support": False}
    assert ticket["organization"]["name"] == "Ромашка"
    assert [e["kind"] for e in ticket["events"]] == ["created", "customer_message"]
    assert ticket["events"][1]["body"] == NEW["description"]
    assert ticket["created_at"].endswith("+00:00")
    listed = client.get("/api/v1/tickets", headers=bearer(anna_token)).get_json()
    assert [t["number"] for t in listed["items"]] == [ticket["number"]]


def test_an_idempotency_key_files_once_per_user(client, licensed, anna_token, make_token):
    headers = bearer(anna_token, **{"Idempotency-Key": "run-17"})
    first = client.post("/api/v1/tickets", json=NEW, headers=headers).get_json()
    again = client.post("/api/v1/tickets", json=NEW, headers=headers).get_json()
    assert again["number"] == first["number"]
    other = make_token(licensed["boris"])
    # Борис may not file (not responsible), whatever key he sends: never Анна's ticket.
    refused = client.post("/api/v1/tickets", json=NEW,
                          headers=bearer(other, **{"Idempotency-Key": "run-17"}))
    assert refused.status_code == 403
    assert "ответственное лицо" in refused.get_json()["detail"]


def test_filing_checks_choices_against_the_policy(client, anna_token):
    response = client.post("/api/v1/tickets", json={**NEW, "priority": 42, "product": "nope"},
                           headers=bearer(anna_token))
    assert response.status_code == 422
    problem = response.get_json()
    assert set(problem["errors"]) == {"priority", "product"}
    missing = client.post("/api/v1/tickets", json={"subject": "x"}, headers=bearer(anna_token))
    assert missing.status_code == 422
    assert {"description", "category"} <= set(missing.get_json()["errors"])
    assert missing.get_json()["errors"]["category"] == ["Это поле обязательно."]
    nul = client.post("/api/v1/tickets", json={**NEW, "subject": "a\x00b"},
                      headers=bearer(anna_token))
    assert nul.status_code == 422 and "subject" in nul.get_json()["errors"]
    as_text = client.post("/api/v1/tickets", json={**NEW, "priority": "2"},
                          headers=bearer(anna_token))
    assert as_text.status_code == 422 and "priority" in as_text.get_json()["errors"]


def test_the_list_filters_and_pages_with_cursors(client, anna_token):
    numbers = [file_via_api(client, anna_token, subject=f"Тема {n}",
                            priority=1 if n % 2 else 2)["number"] for n in range(5)]
    first = client.get("/api/v1/tickets?limit=2", headers=bearer(anna_token))
    page = first.get_json()
    assert [t["number"] for t in page["items"]] == numbers[::-1][:2]
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(f"/api/v1/tickets?limit=2&cursor={page['next_cursor']}",
                        headers=bearer(anna_token)).get_json()
    third = client.get(f"/api/v1/tickets?limit=2&cursor={second['next_cursor']}",
                       headers=bearer(anna_token)).get_json()
    assert [t["number"] for t in second["items"] + third["items"]] == numbers[::-1][2:]
    assert third["next_cursor"] is None
    urgent = client.get("/api/v1/tickets?priority=1", headers=bearer(anna_token)).get_json()
    assert sorted(t["number"] for t in urgent["items"]) == sorted(numbers[1::2])
    found = client.get("/api/v1/tickets?q=Тема 3", headers=bearer(anna_token)).get_json()
    assert [t["number"] for t in found["items"]] == [numbers[3]]
    assert client.get("/api/v1/tickets?status=resolved",
                      headers=bearer(anna_token)).get_json()["items"] == []
    forged = client.get("/api/v1/tickets?cursor=bm9wZQ", headers=bearer(anna_token))
    assert forged.status_code == 422 and "cursor" in forged.get_json()["errors"]


def test_another_organizations_ticket_is_not_found(client, anna_token, make_user, make_org,
                                                   make_contact, make_token):
    number = file_via_api(client, anna_token)["number"]
    outsider = make_user(email="ivan@other.example")
    make_contact(outsider, make_org("Другая"), responsible=True)
    theirs = make_token(outsider)
    for path in (f"/api/v1/tickets/{number}", f"/api/v1/tickets/{number}/attachments/1"):
        response = client.get(path, headers=bearer(theirs))
        assert response.status_code == 404, path
        assert response.content_type == "application/problem+json"
    for path, body in ((f"/api/v1/tickets/{number}/rating", {"score": 5}),
                       (f"/api/v1/tickets/{number}/reopen", None)):
        assert client.post(path, json=body, headers=bearer(theirs)).status_code == 404
    posted = client.post(f"/api/v1/tickets/{number}/messages", data={"body": "hi"},
                         headers=bearer(theirs), content_type="multipart/form-data")
    assert posted.status_code == 404
    assert client.get("/api/v1/tickets", headers=bearer(theirs)).get_json()["items"] == []


def test_customers_see_public_events_and_staff_see_internal_notes(app, client, licensed,
                                                                 anna_token, make_token):
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets import staff
    from portal.tickets.models import Ticket

    number = file_via_api(client, anna_token)["number"]
    with app.app_context():
        ticket = Ticket.get(Ticket.number == number)
        staff.note(active_policy(), ticket, licensed["agent"], "Похоже на баг 5.2", utc_now())
        staff.reply(active_policy(), ticket, licensed["agent"], "Проверяем.", utc_now())
    shown = client.get(f"/api/v1/tickets/{number}", headers=bearer(anna_token)).get_json()
    assert [e["body"] for e in shown["events"] if e["kind"] == "staff_message"] == ["Проверяем."]
    assert all(e["public"] for e in shown["events"])
    agent = make_token(licensed["agent"])
    seen = client.get(f"/api/v1/tickets/{number}", headers=bearer(agent)).get_json()
    notes = [e for e in seen["events"] if not e["public"]]
    assert [n["body"] for n in notes] == ["Похоже на баг 5.2"]
    assert notes[0]["author"] == {"name": "Сергей", "support": True}


def test_a_reply_carries_files_judged_by_content(client, anna_token):
    number = file_via_api(client, anna_token)["number"]
    response = client.post(f"/api/v1/tickets/{number}/messages", headers=bearer(anna_token),
                           content_type="multipart/form-data",
                           data={"body": "Скриншот ошибки",
                                 "attachments": [(io.BytesIO(PNG), "screen.png")]})
    assert response.status_code == 201, response.get_data(as_text=True)
    event = response.get_json()
    assert event["kind"] == "customer_message" and event["body"] == "Скриншот ошибки"
    (file,) = event["attachments"]
    assert (file["filename"], file["content_type"], file["inline"]) == (
        "screen.png", "image/png", True)
    download = client.get(file["url"].replace("http://portal.test", ""),
                          headers=bearer(anna_token))
    assert download.status_code == 200 and download.data == PNG
    assert download.content_type == "application/octet-stream"
    refused = client.post(f"/api/v1/tickets/{number}/messages", headers=bearer(anna_token),
                          content_type="multipart/form-data",
                          data={"body": "x", "attachments": [(io.BytesIO(b"MZ\x90\x00"),
                                                              "tool.exe")]})
    assert refused.status_code == 422
    assert "tool.exe" in refused.get_json()["errors"]["attachments"][0]
    empty = client.post(f"/api/v1/tickets/{number}/messages", headers=bearer(anna_token),
                        content_type="multipart/form-data", data={"body": " "})
    assert empty.status_code == 422 and "body" in empty.get_json()["errors"]


def _resolve(app, number, agent):
    from portal.clock import utc_now
    from portal.policy import active_policy
    from portal.tickets import staff
    from portal.tickets.models import Ticket

    with app.app_context():
        staff.set_status(active_policy(), Ticket.get(Ticket.number == number), agent,
                         "resolved", utc_now())


def test_rating_once_after_resolution(app, client, licensed, anna_token):
    number = file_via_api(client, anna_token)["number"]
    early = client.post(f"/api/v1/tickets/{number}/rating", json={"score": 5},
                        headers=bearer(anna_token))
    assert early.status_code == 409
    assert early.get_json()["detail"] == "Оценить обращение можно после его решения."
    _resolve(app, number, licensed["agent"])
    rated = client.post(f"/api/v1/tickets/{number}/rating", json={"score": 4, "comment": "ok"},
                        headers=bearer(anna_token))
    assert rated.status_code == 200
    assert (rated.get_json()["rating"], rated.get_json()["may_rate"]) == (4, False)
    again = client.post(f"/api/v1/tickets/{number}/rating", json={"score": 1},
                        headers=bearer(anna_token))
    assert again.status_code == 409
    out_of_range = client.post(f"/api/v1/tickets/{number}/rating", json={"score": 9},
                               headers=bearer(anna_token))
    assert out_of_range.status_code == 422


def test_reopening_within_the_window_only(app, client, licensed, anna_token, freeze_clock,
                                          monday):
    number = file_via_api(client, anna_token)["number"]
    assert client.post(f"/api/v1/tickets/{number}/reopen",
                       headers=bearer(anna_token)).status_code == 409
    _resolve(app, number, licensed["agent"])
    assert client.get(f"/api/v1/tickets/{number}",
                      headers=bearer(anna_token)).get_json()["may_reopen"] is True
    reopened = client.post(f"/api/v1/tickets/{number}/reopen", headers=bearer(anna_token))
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "open"
    _resolve(app, number, licensed["agent"])
    freeze_clock(monday + timedelta(days=60))
    late = client.post(f"/api/v1/tickets/{number}/reopen", headers=bearer(anna_token))
    assert late.status_code == 409
    assert late.get_json()["title"] == "Текущее состояние этого не позволяет"

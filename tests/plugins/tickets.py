"""Ticket fixtures: a licensed organization's contacts, a moment in working time, filing.

    def test_x(client, licensed, file_ticket):
        number = file_ticket(subject="Отчёт не строится")   # as Анна, the responsible contact
"""
from __future__ import annotations

import io
import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY_TEN = datetime(2026, 2, 2, 10, 0, tzinfo=MOSCOW)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
_tokens = itertools.count(1)


@pytest.fixture
def monday(freeze_clock):
    """Monday 2 February 2026, 10:00 in Moscow: a working day's start."""
    freeze_clock(MONDAY_TEN)
    return MONDAY_TEN


@pytest.fixture
def licensed(app, make_user, make_org, make_contact, monday):
    """Ромашка on Standard for 2026: Анна responsible, Борис a colleague; an agent."""
    from portal.billing.models import SupportContract

    organization = make_org("Ромашка", tier=None)
    with app.app_context():
        SupportContract.create(organization=organization, tier="standard", kind="paid",
                               first_day=date(2026, 1, 1), last_day=date(2026, 12, 31),
                               currency="RUB")
    anna = make_user(email="anna@romashka.example", name="Анна")
    boris = make_user(email="boris@romashka.example", name="Борис")
    make_contact(anna, organization, responsible=True)
    make_contact(boris, organization)
    agent = make_user(role="agent", email="agent@lotsman.example", name="Сергей")
    return {"organization": organization, "anna": anna, "boris": boris, "agent": agent}


@pytest.fixture
def file_ticket(client, auth, licensed):
    """File as Анна (logged in afterwards); returns the ticket's number."""

    def file(subject: str = "Отчёт не строится", priority: int = 2, files=(), token=None,
             **extra):
        auth.login("anna@romashka.example")
        data = {"token": token or f"t-{next(_tokens)}", "subject": subject,
                "description": "После обновления отчёт по сделкам даёт ошибку 500.",
                "category": "defect", "priority": str(priority), "product": "crm",
                "attachments": [(io.BytesIO(body), name) for name, body in files], **extra}
        response = client.post("/tickets/new", data=data, content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response.headers["Location"].rsplit("/", 1)[1]

    return file

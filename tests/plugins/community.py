"""Community fixtures: people who ask and answer, and helpers that post through the web.

    def test_x(client, people, ask):
        question_id = ask("Как импортировать контакты из CSV?")   # as Ольга (logged in after)
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

_tokens = itertools.count(1)
BODY = "Выгружаю контакты из старой системы в CSV, а импорт пишет «неверная кодировка»."


@pytest.fixture
def people(app, make_user):
    """Ольга asks (an account of a month), Пётр answers (a month too), Нина is new today,
    Сергей is a support agent."""
    from portal.accounts.models import User
    from portal.clock import stored_now

    olga = make_user(email="olga@example.com", name="Ольга")
    petr = make_user(email="petr@example.com", name="Пётр")
    nina = make_user(email="nina@example.com", name="Нина")
    agent = make_user(role="agent", email="agent@lotsman.example", name="Сергей")
    with app.app_context():
        month_ago = stored_now() - timedelta(days=30)
        User.update(created_at=month_ago).where(User.id.in_([olga.id, petr.id])).execute()
    return {"olga": olga, "petr": petr, "nina": nina, "agent": agent}


def token() -> str:
    return f"c-{next(_tokens)}"


@pytest.fixture
def ask(client, auth, people):
    """Ask as someone (Ольга by default); returns the question's id."""

    def post(title: str = "Как импортировать контакты из CSV?", body: str = BODY,
             as_email: str = "olga@example.com", **extra) -> int:
        auth.logout()
        auth.login(as_email)
        response = client.post("/community/ask", data={"token": token(), "title": title,
                                                       "body": body, **extra})
        assert response.status_code == 303, response.get_data(as_text=True)[:1500]
        return int(response.headers["Location"].rsplit("/", 1)[1])

    return post


@pytest.fixture
def answer(client, auth):
    """Answer a question as someone; returns the answer's id."""

    def post(question_id: int, as_email: str = "petr@example.com",
             body: str = "Сохраните файл в UTF-8: «Файл → Сохранить как → CSV UTF-8».") -> int:
        auth.logout()
        auth.login(as_email)
        response = client.post(f"/community/questions/{question_id}/answers",
                               data={"token": token(), "body": body})
        assert response.status_code == 303, response.get_data(as_text=True)[:1500]
        return int(response.headers["Location"].rsplit("#answer-", 1)[1])

    return post


def now() -> datetime:
    from portal.clock import stored_now

    return stored_now()

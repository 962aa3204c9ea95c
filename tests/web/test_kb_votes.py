"""The "Was this helpful?" vote: one per browser or user, htmx in place, counts for staff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.kb.models import KbVote

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
ARTICLE = "/kb/basics/first-steps"
VOTE_URL = "/kb/basics/first-steps/helpful"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://portal.test/kb/basics/first-steps"}
RU = {"Accept-Language": "ru"}


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return {**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True}


def votes() -> list[tuple[str, bool, str]]:
    rows = KbVote.select().order_by(KbVote.id)
    return [(row.article_path, row.helpful, row.comment) for row in rows]


def test_a_vote_is_recorded_and_the_browser_remembered(client):
    response = client.post(VOTE_URL, data={"answer": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/kb/basics/first-steps#helpful")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("kb_voter=")
    assert "HttpOnly" in cookie and "Path=/kb" in cookie and "SameSite=Lax" in cookie
    assert votes() == [("basics/first-steps.md", True, "")]
    html = client.get(ARTICLE, headers=RU).get_data(as_text=True)
    assert "Спасибо! Ваш ответ: Да." in html


def test_one_vote_per_browser_a_new_answer_replaces_the_old(client, app):
    client.post(VOTE_URL, data={"answer": "yes"})
    response = client.post(VOTE_URL, data={"answer": "no", "comment": "Нет примера для 5.2"})
    assert "Set-Cookie" not in response.headers  # the same browser keeps its id
    assert votes() == [("basics/first-steps.md", False, "Нет примера для 5.2")]
    # Changing the answer alone keeps the comment.
    client.post(VOTE_URL, data={"answer": "yes"})
    assert votes() == [("basics/first-steps.md", True, "Нет примера для 5.2")]
    other_browser = app.test_client()
    other_browser.post(VOTE_URL, data={"answer": "no"})
    assert len(votes()) == 2


def test_votes_of_the_translation_are_separate(client):
    client.post(VOTE_URL, data={"answer": "yes"})
    client.post("/kb/basics/first-steps/en/helpful", data={"answer": "no"})
    assert votes() == [("basics/first-steps.md", True, ""), ("basics/first-steps.en.md", False, "")]


def test_a_forged_cookie_counts_as_a_new_browser(client, app):
    client.post(VOTE_URL, data={"answer": "yes"})
    forger = app.test_client()
    forger.set_cookie("kb_voter", "not-a-signed-value", domain="portal.test", path="/kb")
    response = forger.post(VOTE_URL, data={"answer": "no"})
    assert response.headers["Set-Cookie"].startswith("kb_voter=")
    assert len(votes()) == 2


def test_htmx_vote_swaps_the_widget_in_place(client):
    response = client.post(VOTE_URL, data={"answer": "no"}, headers=HTMX)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(VOTE_URL)
    widget = client.get(VOTE_URL, headers={**HTMX, **RU})
    html = widget.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="helpful"')
    assert "<html" not in html
    assert "Спасибо! Ваш ответ: Нет." in html
    assert 'name="comment"' in html  # the optional comment comes once the answer is in


def test_the_widget_url_without_htmx_leads_to_the_article(client):
    response = client.get(VOTE_URL)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/kb/basics/first-steps#helpful")


@pytest.mark.parametrize(
    "data",
    [{}, {"answer": "maybe"}, {"answer": "yes", "comment": "x" * 1001}],
)
def test_invalid_votes_are_refused(client, data):
    response = client.post(VOTE_URL, data=data, headers=RU)
    assert response.status_code == 400
    assert votes() == []
    html = response.get_data(as_text=True)
    assert 'id="helpful"' in html


def test_invalid_htmx_vote_returns_the_widget_with_the_error(client):
    response = client.post(VOTE_URL, data={"answer": "maybe"}, headers={**HTMX, **RU})
    assert response.status_code == 200
    assert "Выберите «Да» или «Нет»." in response.get_data(as_text=True)
    assert votes() == []
    assert "kb_voter=" not in response.headers.get("Set-Cookie", "")


def test_unknown_article_cannot_be_voted_on(client):
    assert client.post("/kb/basics/nothing/helpful", data={"answer": "yes"}).status_code == 404
    assert votes() == []


def test_counts_are_shown_to_staff_only(client, app, auth, make_user):
    client.post(VOTE_URL, data={"answer": "yes", "comment": "Помогло"})
    make_user(role="customer", email="reader@example.com")
    auth.login("reader@example.com")
    client.post(VOTE_URL, data={"answer": "no"})
    reader = client.get(ARTICLE, headers=RU).get_data(as_text=True)
    assert "Да: 1 · Нет: 1" not in reader and "Помогло" not in reader
    auth.logout()
    make_user(role="agent", email="agent@example.com")
    auth.login("agent@example.com")
    staff = client.get(ARTICLE, headers=RU).get_data(as_text=True)
    assert "Ответы читателей (видны только сотрудникам)" in staff
    assert "Да: 1 · Нет: 1" in staff
    assert "<strong>Да:</strong> Помогло" in staff


def test_a_logged_in_user_has_one_vote_whatever_the_browser(app, auth, client, make_user):
    make_user(email="anna@example.com")
    auth.login("anna@example.com")
    client.post(VOTE_URL, data={"answer": "yes"})
    laptop = app.test_client()
    laptop.post("/login", data={"email": "anna@example.com", "password": "correct-horse-battery"})
    laptop.post(VOTE_URL, data={"answer": "no"})
    assert votes() == [("basics/first-steps.md", False, "")]
    assert KbVote.get().voter.startswith("user:")


def test_votes_need_the_csrf_token(csrf_app, tmp_path):
    client = csrf_app.test_client()
    assert client.post(VOTE_URL, data={"answer": "yes"}).status_code == 400
    with csrf_app.app_context():
        assert votes() == []
    # With the page's token the same vote is taken: the refusal was the missing token.
    html = client.get(ARTICLE).get_data(as_text=True)
    token = html.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post(VOTE_URL, data={"answer": "yes", "csrf_token": token}).status_code == 303
    with csrf_app.app_context():
        assert votes() == [("basics/first-steps.md", True, "")]


def test_votes_from_one_address_are_rate_limited(app_config, app):
    from portal import create_app

    limited = create_app({**app_config, "RATELIMIT_ENABLED": True})
    statuses = [
        limited.test_client().post(VOTE_URL, data={"answer": "yes"}).status_code for _ in range(61)
    ]
    assert statuses[:60] == [303] * 60 and statuses[60] == 429
    assert len(votes()) == 60

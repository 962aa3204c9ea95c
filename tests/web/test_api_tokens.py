"""Personal access tokens: made on the profile's tokens page (shown once, kept as a hash),
listed with their last use, revoked; scopes; CSRF on the page but not for token requests."""
from __future__ import annotations

import hashlib
import re

import pytest

from tests.plugins.api import bearer


def secret_on(page: str) -> str:
    found = re.search(r'value="(pat_[A-Za-z0-9_-]+)"', page)
    assert found, "the new token is not on the page"
    return found.group(1)


def test_a_contact_makes_a_token_that_is_shown_once_and_kept_as_a_hash(app, client, auth,
                                                                       licensed):
    from portal.api.models import ApiToken

    auth.login("anna@romashka.example")
    profile = client.get("/profile").get_data(as_text=True)
    assert 'href="/profile/tokens"' in profile
    response = client.post("/profile/tokens", data={"name": "Мониторинг", "read": "y"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = secret_on(response.get_data(as_text=True))
    assert len(secret) > 40
    with app.app_context():
        row = ApiToken.get()
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (row.token_hash, row.prefix) and secret.startswith(row.prefix)
        assert (row.name, row.scopes, row.last_used_at) == ("Мониторинг", "read", None)
    listing = client.get("/profile/tokens").get_data(as_text=True)
    assert "Мониторинг" in listing and secret not in listing and "ни разу" in listing
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 200
    with app.app_context():
        assert ApiToken.get().last_used_at is not None
    assert "ни разу" not in client.get("/profile/tokens").get_data(as_text=True)


def test_a_token_needs_a_name_and_a_scope(client, auth, licensed):
    auth.login("anna@romashka.example")
    nameless = client.post("/profile/tokens", data={"name": "", "read": "y"})
    assert nameless.status_code == 422 and "pat_" not in nameless.get_data(as_text=True)
    scopeless = client.post("/profile/tokens", data={"name": "Скрипт"})
    assert scopeless.status_code == 422
    assert "Выберите, что можно делать с токеном." in scopeless.get_data(as_text=True)


def test_the_tokens_page_needs_a_log_in(client):
    response = client.get("/profile/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_read_token_cannot_write(client, licensed, make_token):
    secret = make_token(licensed["anna"], scopes=("read",))
    response = client.post("/api/v1/tickets", json={"subject": "x"}, headers=bearer(secret))
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == 'Bearer error="insufficient_scope" scope="write"'
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 200
    writer = make_token(licensed["anna"], scopes=("write",))
    assert client.get("/api/v1/tickets", headers=bearer(writer)).status_code == 403


def test_a_revoked_token_is_refused(app, client, auth, licensed, make_token):
    from portal.api.models import ApiToken

    secret = make_token(licensed["anna"], name="Старый")
    assert client.get("/api/v1/organizations", headers=bearer(secret)).status_code == 200
    auth.login("anna@romashka.example")
    with app.app_context():
        token_id = ApiToken.get().id
    response = client.post("/profile/tokens/revoke", data={"token": str(token_id)})
    assert response.status_code == 303
    page = client.get("/profile/tokens").get_data(as_text=True)
    assert "Старый" in page and "отозван" in page
    refused = client.get("/api/v1/organizations", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert refused.get_json()["detail"] == "Токен доступа недействителен или отозван."


def test_nobody_revokes_another_persons_token(app, client, auth, licensed, make_token):
    from portal.api.models import ApiToken

    secret = make_token(licensed["anna"])
    auth.login("boris@romashka.example")
    with app.app_context():
        token_id = ApiToken.get().id
    assert client.post("/profile/tokens/revoke",
                       data={"token": str(token_id)}).status_code == 404
    assert client.get("/api/v1/organizations", headers=bearer(secret)).status_code == 200


def test_a_deactivated_users_tokens_stop_working(app, client, licensed, make_token):
    from portal.accounts.models import User

    secret = make_token(licensed["anna"])
    with app.app_context():
        User.update(active=False).where(User.id == licensed["anna"].id).execute()
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer ", "Basic YW5uYTpwdw==", "Bearer pat_guess",
                                    "Bearer " + "x" * 500])
def test_requests_without_a_valid_token_are_unauthorized(client, licensed, header):
    response = client.get("/api/v1/tickets", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


def test_the_tokens_page_requires_csrf_but_token_requests_do_not(csrf_app, make_user,
                                                                make_org, make_contact):
    from portal.api.tokens import create_token

    anna = make_user(email="anna@romashka.example")
    make_contact(anna, make_org("Ромашка"), responsible=True)
    client = csrf_app.test_client()
    page = client.post("/login", data={"email": "anna@romashka.example",
                                       "password": "correct-horse-battery"})
    assert page.status_code == 400  # the log-in form itself wants its CSRF token
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"email": "anna@romashka.example", "csrf_token": token,
                                       "password": "correct-horse-battery"}).status_code == 303
    refused = client.post("/profile/tokens", data={"name": "Без CSRF", "read": "y"})
    assert refused.status_code == 400 and "pat_" not in refused.get_data(as_text=True)
    form = client.get("/profile/tokens").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    made = client.post("/profile/tokens", data={"name": "С CSRF", "read": "y", "write": "y",
                                                "csrf_token": csrf})
    secret = secret_on(made.get_data(as_text=True))
    # The logged-in browser's cookies are no authority in the API: only the token is.
    assert client.get("/api/v1/tickets").status_code == 401
    assert client.post("/api/v1/tickets", json={}).status_code == 401
    with csrf_app.app_context():
        create_token(anna, "second", ["read"])
    filed = client.post("/api/v1/tickets", headers=bearer(secret), json={
        "subject": "Без CSRF", "description": "Токен вместо формы.", "category": "question",
        "priority": 3, "product": "crm"})
    assert filed.status_code == 201, filed.get_data(as_text=True)

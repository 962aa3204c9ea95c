"""Registration, confirmation, log-in, log-out and password reset through mailed links."""
from __future__ import annotations

import pytest

from portal.accounts.models import User
from tests.plugins.accounts import DEFAULT_PASSWORD

REGISTRATION = {"email": "Anna@Romashka.example", "name": "Анна", "password": "sunny-meadow-42",
                "timezone": "Asia/Yekaterinburg", "consent": "y"}


def _users(app) -> list[User]:
    with app.app_context():
        return list(User.select())


def _main(response) -> str:
    """The page's main content (the head carries a per-second CSRF token)."""
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def _register(client, **changes):
    return client.post("/register", data=dict(REGISTRATION, **changes))


def test_register_confirm_by_mailed_link_then_log_in_and_out(app, client, mailbox):
    response = _register(client)
    assert response.status_code == 303
    assert "/register/sent" in response.headers["Location"]
    [user] = _users(app)
    assert user.email == "anna@romashka.example"
    assert user.timezone == "Asia/Yekaterinburg" and user.language == "ru"
    assert not user.email_confirmed

    message = mailbox.last(to="anna@romashka.example")
    assert message["Subject"] == "Подтвердите адрес почты"
    assert "Здравствуйте, Анна!" in mailbox.text(message)
    assert 'href="http' in mailbox.html(message)

    # Not confirmed yet: the log-in is refused with a way to get a new link.
    refused = client.post("/login", data={"email": "anna@romashka.example",
                                          "password": "sunny-meadow-42"})
    assert refused.status_code == 403
    assert "подтвердите адрес почты" in refused.get_data(as_text=True)

    confirmed = client.get(mailbox.link_path(message))
    assert confirmed.status_code == 303 and confirmed.headers["Location"] == "/login"
    assert _users(app)[0].email_confirmed

    logged_in = client.post("/login", data={"email": "ANNA@romashka.example",
                                            "password": "sunny-meadow-42", "next": "/profile"})
    assert logged_in.status_code == 303 and logged_in.headers["Location"] == "/profile"
    assert "anna@romashka.example" in client.get("/profile").get_data(as_text=True)

    assert client.post("/logout").status_code == 303
    assert client.get("/profile").status_code == 302  # back to the log-in page


def test_second_confirmation_is_refused_without_change(app, client, mailbox):
    _register(client)
    path = mailbox.link_path(mailbox.last(to="anna@romashka.example"))
    client.get(path)
    first = _users(app)[0].email_confirmed_at
    again = client.get(path)
    assert again.status_code == 409
    assert "Этот адрес уже подтверждён" in again.get_data(as_text=True)
    assert _users(app)[0].email_confirmed_at == first


def test_tampered_confirmation_link_is_refused(app, client, mailbox):
    _register(client)
    path = mailbox.link_path(mailbox.last(to="anna@romashka.example"))
    forged = path[:-3] + ("xyz" if not path.endswith("xyz") else "abc")
    response = client.get(forged)
    assert response.status_code == 400
    assert "Ссылка недействительна" in response.get_data(as_text=True)
    assert not _users(app)[0].email_confirmed


def test_expired_confirmation_link_is_refused(app, client, mailbox, monkeypatch):
    _register(client)
    path = mailbox.link_path(mailbox.last(to="anna@romashka.example"))
    monkeypatch.setattr("portal.accounts.tokens.CONFIRM_MAX_AGE", -1)
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert not _users(app)[0].email_confirmed


def test_a_known_address_gets_the_same_answer_and_a_mail_with_a_reset_link(app, client, mailbox):
    """No account enumeration: a taken address (in any letter case) answers as a new one
    would, creates nothing, and its owner is told by mail, with a way to reset."""
    first = _register(client)
    mailbox.last(to="anna@romashka.example")
    again = _register(client, email="ANNA@ROMASHKA.EXAMPLE", name="Другая Анна")
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert [u.name for u in _users(app)] == ["Анна"]
    confirm, exists = mailbox.to("anna@romashka.example")  # tests send at once
    assert confirm["Subject"] == "Подтвердите адрес почты"
    assert exists["Subject"] == "У вас уже есть учётная запись"
    assert mailbox.link_path(exists) == "/reset"
    assert "Другая Анна" not in mailbox.text(exists)


@pytest.mark.parametrize("password, message", [
    ("short1", "не короче 10 символов"),
    ("password123", "слишком распространён"),
    ("qwertyuiop", "слишком распространён"),
])
def test_weak_password_is_refused_in_the_ui_language(app, client, password, message):
    response = _register(client, password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _users(app) == []


def test_weak_password_message_in_english(app, client):
    response = client.post("/register", data=dict(REGISTRATION, password="short1"),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "Use at least 10 characters." in response.get_data(as_text=True)


def test_wrong_password_and_unknown_address_get_the_same_answer(client, make_user):
    make_user(email="boris@romashka.example")
    wrong = client.post("/login", data={"email": "boris@romashka.example", "password": "nope-nope-1"})
    unknown = client.post("/login", data={"email": "nobody@romashka.example",
                                          "password": "nope-nope-1"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Неверный адрес почты или пароль" in wrong.get_data(as_text=True)
    assert "Неверный адрес почты или пароль" in unknown.get_data(as_text=True)


def test_login_never_redirects_off_site(client, make_user):
    make_user(email="boris@romashka.example")
    response = client.post("/login", data={"email": "boris@romashka.example",
                                           "password": DEFAULT_PASSWORD,
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    make_user(email="boris@romashka.example")
    response = client.post("/login", data={"email": "boris@romashka.example",
                                           "password": DEFAULT_PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def _browser_restarted(app, client):
    """A new client holding only the remember-me cookie, as after closing the browser."""
    token = client.get_cookie("remember_token", domain=app.config["SERVER_NAME"])
    restarted = app.test_client()
    restarted.set_cookie("remember_token", token.value, domain=token.domain)
    return restarted


def test_remember_me_outlives_the_session_until_the_password_changes(app, client, make_user):
    make_user(email="boris@romashka.example")
    client.post("/login", data={"email": "boris@romashka.example", "password": DEFAULT_PASSWORD,
                                "remember": "y"})
    assert _browser_restarted(app, client).get("/profile").status_code == 200
    forgetful = app.test_client()
    forgetful.post("/login", data={"email": "boris@romashka.example",
                                   "password": DEFAULT_PASSWORD})
    assert forgetful.get_cookie("remember_token", domain=app.config["SERVER_NAME"]) is None

    remembered = _browser_restarted(app, client)
    assert client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                                  "new_password": "another-long-secret"}
                       ).status_code == 303
    assert remembered.get("/profile").status_code == 302  # the old cookie no longer works


def test_password_reset_by_mailed_link(app, client, mailbox, make_user):
    make_user(email="boris@romashka.example", language="en")
    answer = client.post("/reset", data={"email": "Boris@romashka.example"})
    assert answer.status_code == 200
    message = mailbox.last(to="boris@romashka.example")
    assert message["Subject"] == "Set a new password"  # the recipient's language
    path = mailbox.link_path(message)
    assert client.get(path).status_code == 200

    weak = client.post(path, data={"password": "12345678"})
    assert weak.status_code == 422
    assert client.post(path, data={"password": "brand-new-secret-7"}).status_code == 303

    assert client.post("/login", data={"email": "boris@romashka.example",
                                       "password": DEFAULT_PASSWORD}).status_code == 401
    assert client.post("/login", data={"email": "boris@romashka.example",
                                       "password": "brand-new-secret-7"}).status_code == 303

    used = client.get(path)
    assert used.status_code == 410
    assert "This link has already been used" in used.get_data(as_text=True)  # her language


def test_reset_for_an_unknown_address_answers_the_same_and_says_no_account_uses_it(
        client, mailbox, make_user):
    """Both addresses get one mail (the same work, the same time): a link, or the news that
    no account uses the address."""
    make_user(email="boris@romashka.example")
    known = client.post("/reset", data={"email": "boris@romashka.example"})
    unknown = client.post("/reset", data={"email": "ghost@romashka.example"})
    assert known.status_code == unknown.status_code == 200
    assert _main(known) == _main(unknown)
    assert "/reset/" in mailbox.link_path(mailbox.last(to="boris@romashka.example"))
    [nothing] = mailbox.to("ghost@romashka.example")
    assert nothing["Subject"] == "Запрошен сброс пароля"
    assert mailbox.link_path(nothing) == "/register"


def test_expired_reset_link(client, mailbox, make_user, monkeypatch):
    make_user(email="boris@romashka.example")
    client.post("/reset", data={"email": "boris@romashka.example"})
    path = mailbox.link_path(mailbox.last(to="boris@romashka.example"))
    monkeypatch.setattr("portal.accounts.tokens.RESET_MAX_AGE", -1)
    assert client.get(path).status_code == 410
    assert client.post(path, data={"password": "brand-new-secret-7"}).status_code == 410
    assert client.post("/login", data={"email": "boris@romashka.example",
                                       "password": DEFAULT_PASSWORD}).status_code == 303


def test_login_and_register_pages_are_not_boosted(client):
    for path in ("/login", "/register", "/reset"):
        html = client.get(path).get_data(as_text=True)
        assert 'hx-boost="false"' in html, path


@pytest.mark.parametrize("changes, status, message", [
    ({"email": "anna-at-romashka"}, 422, "Введите правильный адрес электронной почты."),
    ({"timezone": "Mars/Olympus"}, 422, "Неверный вариант."),
    ({"name": "   "}, 422, "Обязательное поле."),
])
def test_bad_registration_fields_change_nothing(app, client, mailbox, changes, status, message):
    response = _register(client, **changes)
    assert response.status_code == status
    assert _users(app) == [] and mailbox.messages == []
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and message in html

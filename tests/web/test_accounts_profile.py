"""Profile: name, language, time zone, password change, e-mail change with confirmation."""
from __future__ import annotations

from portal.accounts.models import User
from tests.plugins.accounts import DEFAULT_PASSWORD


def _user(app, email):
    with app.app_context():
        return User.by_email(email)


def test_profile_needs_login(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Войдите, чтобы открыть эту страницу." in page


def test_language_and_time_zone_change_the_page(app, client, auth, make_user):
    make_user(email="anna@romashka.example")
    auth.login("anna@romashka.example")
    assert '<html lang="ru">' in client.get("/profile").get_data(as_text=True)
    response = client.post("/profile", data={"name": "Anna K.", "language": "en",
                                             "timezone": "Asia/Vladivostok"})
    assert response.status_code == 303
    html = client.get("/profile").get_data(as_text=True)
    assert '<html lang="en">' in html and "Your profile is saved." in html
    user = _user(app, "anna@romashka.example")
    assert (user.name, user.language, user.timezone) == ("Anna K.", "en", "Asia/Vladivostok")


def test_unknown_time_zone_is_refused(app, client, auth, make_user):
    make_user(email="anna@romashka.example")
    auth.login("anna@romashka.example")
    response = client.post("/profile", data={"name": "Anna", "language": "ru",
                                             "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert _user(app, "anna@romashka.example").timezone == "Europe/Moscow"


def test_password_change_needs_the_current_one_and_ends_other_sessions(app, auth, client,
                                                                       make_user):
    make_user(email="anna@romashka.example")
    other_device = app.test_client()
    other_device.post("/login", data={"email": "anna@romashka.example",
                                      "password": DEFAULT_PASSWORD})
    assert other_device.get("/profile").status_code == 200
    auth.login("anna@romashka.example")

    wrong = client.post("/profile/password", data={"current_password": "not-the-password",
                                                   "new_password": "another-long-secret"})
    assert wrong.status_code == 422
    assert "Текущий пароль указан неверно" in wrong.get_data(as_text=True)

    weak = client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                                  "new_password": "qwerty2026"})
    assert weak.status_code == 422

    done = client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                                  "new_password": "another-long-secret"})
    assert done.status_code == 303
    assert client.get("/profile").status_code == 200  # this session stays
    assert other_device.get("/profile").status_code == 302  # the other one ended


def test_email_change_applies_only_after_confirmation(app, client, auth, mailbox, make_user):
    make_user(email="anna@romashka.example")
    auth.login("anna@romashka.example")
    response = client.post("/profile/email", data={"new_email": "Anna.K@Romashka.example",
                                                   "password": DEFAULT_PASSWORD})
    assert response.status_code == 303
    assert _user(app, "anna@romashka.example") is not None
    message = mailbox.last(to="anna.k@romashka.example")
    assert message["Subject"] == "Подтвердите новый адрес почты"
    path = mailbox.link_path(message)
    assert client.get(path).status_code == 303
    assert _user(app, "anna@romashka.example") is None
    assert _user(app, "anna.k@romashka.example").email_confirmed
    assert client.get(path).status_code == 409  # a second click changes nothing


def test_email_change_to_a_taken_address_is_refused(app, client, auth, mailbox, make_user):
    make_user(email="anna@romashka.example")
    make_user(email="boris@romashka.example")
    auth.login("anna@romashka.example")
    response = client.post("/profile/email", data={"new_email": "BORIS@romashka.example",
                                                   "password": DEFAULT_PASSWORD})
    assert response.status_code == 409
    assert "Учётная запись с этим адресом почты уже есть" in response.get_data(as_text=True)
    assert mailbox.to("boris@romashka.example") == []


def test_header_shows_the_users_name_and_log_out(client, auth, make_user):
    make_user(email="anna@romashka.example", name="Анна Ромашкина")
    auth.login("anna@romashka.example")
    html = client.get("/").get_data(as_text=True)
    assert "Анна Ромашкина" in html and "/logout" in html


def test_forms_need_csrf(csrf_app, make_user):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "a@romashka.example", "password": "x"})
    assert response.status_code == 400

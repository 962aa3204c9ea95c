"""Forms and accounts: every registration error at once, a malformed reset address said to be
one, IDNA domains, notices of a changed password or address, one open invitation per
address, a growing log-in delay lifted by a reset, and personal data (152-FZ)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from portal.accounts.models import Invitation, User

EN = {"Accept-Language": "en"}
GOOD = {"email": "anna@romashka.example", "name": "Анна", "password": "sunny-meadow-42",
        "timezone": "Europe/Moscow", "consent": "y"}


def test_registration_shows_every_error_at_once(client):
    response = client.post("/register", data={"email": "not-an-address", "name": "",
                                              "password": "short", "timezone": "Europe/Moscow"},
                           headers=EN)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page and "Enter a valid e-mail address." in page
    assert 'id="name-error"' in page
    assert 'id="password-error"' in page and "Use at least 10 characters." in page
    assert 'id="consent-error"' in page and "needs your consent" in page


def test_registration_records_the_consent_with_its_time(app, client, mailbox, freeze_clock):
    freeze_clock(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    assert client.post("/register", data=GOOD).status_code == 303
    with app.app_context():
        user = User.get(User.email == "anna@romashka.example")
        assert user.privacy_consent_at == datetime(2026, 12, 1, 9, 30)


def test_reset_with_a_malformed_address_says_so(client, mailbox):
    response = client.post("/reset", data={"email": "anna@@romashka"}, headers=EN)
    assert response.status_code == 422
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)
    neutral = client.post("/reset", data={"email": "nobody@romashka.example"}, headers=EN)
    assert neutral.status_code == 200 and "Check your mail" in neutral.get_data(as_text=True)


def test_a_non_ascii_domain_is_kept_in_its_idna_form(app, client, mailbox):
    assert client.post("/register", data=dict(GOOD, email="Anna@Пример.РФ")).status_code == 303
    with app.app_context():
        assert User.get_or_none(User.email == "anna@xn--e1afmkfd.xn--p1ai") is not None
    mailbox.last(to="anna@xn--e1afmkfd.xn--p1ai")


def test_a_non_ascii_local_part_is_refused_with_a_reason(client):
    response = client.post("/register", data=dict(GOOD, email="анна@romashka.example"),
                           headers=EN)
    assert response.status_code == 422
    assert "Latin letters before the @" in response.get_data(as_text=True)


def test_a_password_change_mails_a_notice_with_a_way_back(client, auth, make_user, mailbox):
    make_user(email="boris@romashka.example")
    auth.login("boris@romashka.example")
    response = client.post("/profile/password", data={"current_password": "correct-horse-battery",
                                                      "new_password": "brand-new-meadow-77"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    notice = mailbox.last(to="boris@romashka.example")
    assert "Пароль на портале поддержки изменён" in notice["Subject"]
    assert mailbox.link_path(notice) == "/reset"


def test_an_address_change_tells_the_old_address(app, client, auth, make_user, mailbox):
    make_user(email="vera@romashka.example")
    auth.login("vera@romashka.example")
    client.post("/profile/email", data={"new_email": "vera@lotsman.example",
                                        "password": "correct-horse-battery"})
    confirm = mailbox.link_path(mailbox.last(to="vera@lotsman.example"))
    client.get(confirm)
    told = mailbox.last(to="vera@romashka.example")
    assert "перенесена на другой адрес" in told["Subject"]
    assert "vera@lotsman.example" in told.get_body(("plain",)).get_content()
    assert app.config["MAIL_SUPPORT_ADDRESS"] in told.get_body(("plain",)).get_content()


def test_inviting_an_address_twice_keeps_one_open_invitation(app, client, auth, make_user,
                                                            make_org, make_contact, mailbox):
    boss = make_user(email="gleb@romashka.example")
    organization = make_org()
    make_contact(boss, organization, responsible=True)
    auth.login("gleb@romashka.example")
    url = f"/organizations/{organization.id}/invite"
    client.post(url, data={"email": "dina@romashka.example"})
    again = client.post(url, data={"email": "Dina@Romashka.example"}, follow_redirects=True,
                        headers=EN)
    assert "уже было открытое приглашение; новое заменяет его" in again.get_data(as_text=True)
    with app.app_context():
        assert len(list(Invitation.open(organization))) == 1


@pytest.fixture
def counted(app):
    app.config["RATELIMIT_ENABLED"] = True
    return app


def test_wrong_passwords_make_a_growing_delay_lifted_by_a_reset(counted, client, auth,
                                                                make_user, mailbox,
                                                                freeze_clock):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    freeze_clock(start)
    make_user(email="egor@romashka.example")
    for _ in range(5):
        assert auth.attempt("egor@romashka.example", "wrong-password-1").status_code == 401
    blocked = auth.attempt("egor@romashka.example", "correct-horse-battery")
    assert blocked.status_code == 429  # even the right password waits out the delay
    assert "Попробуйте снова в 12:01" in blocked.get_data(as_text=True)  # Moscow time
    freeze_clock(start + timedelta(minutes=2))
    assert auth.attempt("egor@romashka.example", "wrong-password-1").status_code == 401
    longer = auth.attempt("egor@romashka.example", "correct-horse-battery")
    assert "Попробуйте снова в 12:04" in longer.get_data(as_text=True)  # 2 minutes now
    # Another address is not blocked by this one's failures.
    elsewhere = client.post("/login", data={"email": "egor@romashka.example",
                                            "password": "correct-horse-battery"},
                            environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 303
    client.post("/logout")
    client.post("/reset", data={"email": "egor@romashka.example"})
    reset = mailbox.link_path(mailbox.last(to="egor@romashka.example"))
    client.post(reset, data={"password": "brand-new-meadow-77"})
    assert auth.attempt("egor@romashka.example", "brand-new-meadow-77").status_code == 303


def test_the_privacy_page_says_what_why_how_long_and_whom(client, app):
    page = client.get("/privacy", headers=EN).get_data(as_text=True)
    for part in ("What we store and why", "For how long", "Whom to ask", "152-FZ",
                 app.config["MAIL_SUPPORT_ADDRESS"]):
        assert part in page
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)  # in every footer


def test_one_can_download_ones_data(client, auth, make_user, make_org, make_contact):
    user = make_user(email="zoya@romashka.example", name="Зоя")
    make_contact(user, make_org(), responsible=True)
    auth.login("zoya@romashka.example")
    response = client.get("/profile/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "zoya@romashka.example"
    assert data["account"]["name"] == "Зоя"
    assert data["organizations"][0]["responsible"] is True
    assert len(data["log_ins"]) == 1


def test_one_can_ask_to_delete_the_account(app, client, auth, make_user, mailbox):
    user = make_user(email="ilya@romashka.example")
    auth.login("ilya@romashka.example")
    wrong = client.post("/profile/delete", data={"password": "not-it"})
    assert wrong.status_code == 422
    assert client.post("/profile/delete", data={"password": "correct-horse-battery"}).status_code == 303
    with app.app_context():
        assert User.get_by_id(user.id).deletion_requested_at is not None
    told = mailbox.last(to=app.config["MAIL_SUPPORT_ADDRESS"])
    assert "ilya@romashka.example" in told.get_body(("plain",)).get_content()
    assert "попросили удалить" in client.get("/profile").get_data(as_text=True)

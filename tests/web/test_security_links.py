"""A change of address or password voids every open reset, confirmation and address-change
link sent before it."""
from __future__ import annotations

from tests.plugins.accounts import DEFAULT_PASSWORD

EMAIL = "boris@romashka.example"


def _reset_link(client, mailbox, email=EMAIL) -> str:
    client.post("/reset", data={"email": email})
    return mailbox.link_path(mailbox.last(to=email))


def _change_address(client, mailbox, new: str) -> str:
    assert client.post("/profile/email", data={"new_email": new, "password": DEFAULT_PASSWORD}
                       ).status_code == 303
    return mailbox.link_path(mailbox.last(to=new))


def test_a_reset_link_dies_when_the_address_changes(app, client, auth, mailbox, make_user):
    make_user(email=EMAIL)
    stale = _reset_link(app.test_client(), mailbox)
    auth.login(EMAIL)
    assert client.get(_change_address(client, mailbox, "boris@new.example")).status_code == 303
    assert app.test_client().get(stale).status_code == 410
    assert app.test_client().post(stale, data={"password": "brand-new-secret-7"}
                                  ).status_code == 410


def test_a_reset_link_dies_when_the_password_changes(app, client, auth, mailbox, make_user):
    make_user(email=EMAIL)
    stale = _reset_link(app.test_client(), mailbox)
    auth.login(EMAIL)
    client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                           "new_password": "another-long-secret"})
    assert app.test_client().get(stale).status_code == 410


def test_an_address_change_link_dies_when_the_password_changes(app, client, auth, mailbox,
                                                              make_user):
    make_user(email=EMAIL)
    auth.login(EMAIL)
    stale = _change_address(client, mailbox, "boris@new.example")
    client.post("/profile/password", data={"current_password": DEFAULT_PASSWORD,
                                           "new_password": "another-long-secret"})
    assert client.get(stale).status_code == 410
    from portal.accounts.models import User

    with app.app_context():
        assert User.by_email(EMAIL) is not None


def test_a_confirmation_link_dies_when_the_password_is_reset(app, client, mailbox):
    client.post("/register", data={"email": EMAIL, "name": "Борис",
                                   "password": "sunny-meadow-42", "timezone": "Europe/Moscow",
                                   "consent": "y"})
    confirmation = mailbox.link_path(mailbox.last(to=EMAIL))
    from portal.accounts.models import User
    from portal.accounts.services import _store_password

    with app.app_context():
        _store_password(User.by_email(EMAIL), "another-long-secret")
    response = client.get(confirmation, headers={"Accept-Language": "en"})
    assert response.status_code == 410
    assert "the password or the address changed" in response.get_data(as_text=True)
    with app.app_context():
        assert not User.by_email(EMAIL).email_confirmed

"""No account enumeration: log-in, reset and registration answer alike, and do the same work
(a password hash, one queued mail), for addresses with and without an account."""
from __future__ import annotations

import pytest

from tests.plugins.accounts import DEFAULT_PASSWORD

KNOWN, UNKNOWN = "boris@romashka.example", "ghost@romashka.example"


@pytest.fixture
def work(monkeypatch):
    """The costly steps a request takes, in order: "hash" (Argon2) and "mail" (queued)."""
    from portal.accounts import services

    steps: list[str] = []

    def spy(name, kind):
        real = getattr(services, name)

        def recorded(*args, **kwargs):
            steps.append(kind)
            return real(*args, **kwargs)

        monkeypatch.setattr(services, name, recorded)

    spy("hash_password", "hash")
    spy("verify_password", "hash")
    spy("queue_mail", "mail")
    return steps


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def _measured(work, send):
    work.clear()
    response = send()
    return response, list(work)


@pytest.mark.parametrize("path, data", [
    ("/login", {"password": "not-the-password-1"}),
    ("/reset", {}),
    ("/register", {"name": "Гость", "password": "sunny-meadow-42", "timezone": "Europe/Moscow",
                   "consent": "y"}),
])
def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(
        app, make_user, mailbox, work, path, data):
    make_user(email=KNOWN)
    known, known_work = _measured(work, lambda: app.test_client().post(
        path, data=dict(data, email=KNOWN)))
    unknown, unknown_work = _measured(work, lambda: app.test_client().post(
        path, data=dict(data, email=UNKNOWN)))
    assert known.status_code == unknown.status_code
    assert known.headers.get("Location", "").replace(KNOWN, "@") == \
        unknown.headers.get("Location", "").replace(UNKNOWN, "@")
    if known.status_code == 200 or known.status_code == 401:
        assert _main(known).replace(KNOWN, "@") == _main(unknown).replace(UNKNOWN, "@")
    assert known_work == unknown_work and known_work, (known_work, unknown_work)


def test_a_registration_for_a_known_address_changes_nothing_of_the_account(app, make_user,
                                                                          mailbox):
    from portal.accounts.models import User

    boris = make_user(email=KNOWN, name="Борис")
    response = app.test_client().post("/register", data={
        "email": KNOWN.upper(), "name": "Захватчик", "password": "sunny-meadow-42",
        "timezone": "Europe/Moscow", "consent": "y"})
    assert response.status_code == 303
    with app.app_context():
        stored = User.get_by_id(boris.id)
    assert (stored.name, stored.password_hash) == ("Борис", boris.password_hash)
    assert app.test_client().post("/login", data={"email": KNOWN, "password": DEFAULT_PASSWORD}
                                  ).status_code == 303

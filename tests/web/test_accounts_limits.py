"""Rate limits: 10 failed log-ins a minute per account and per address, reset requests alike."""
from __future__ import annotations

import pytest

from tests.plugins.accounts import DEFAULT_PASSWORD


@pytest.fixture
def app_config(app_config):
    # The mail limits (test_security_mail_limits.py) stay out of the way of these.
    return dict(app_config, RATELIMIT_ENABLED=True, MAIL_LIMIT_ADDRESS="100/hour")


def _login(client, email, password, address="192.0.2.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_ten_failures_per_account_then_429_even_from_new_addresses(client, make_user):
    make_user(email="anna@romashka.example")
    for n in range(10):
        assert _login(client, "anna@romashka.example", "wrong-password",
                      f"198.51.100.{n}").status_code == 401
    blocked = _login(client, "Anna@romashka.example", DEFAULT_PASSWORD, "203.0.113.9")
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "Слишком много попыток" in html and "Подождите минуту" in html
    # Another account from a fresh address is not affected.
    make_user(email="boris@romashka.example")
    assert _login(client, "boris@romashka.example", DEFAULT_PASSWORD,
                  "203.0.113.10").status_code == 303


def test_ten_failures_per_address_then_429_for_any_account(client, make_user):
    make_user(email="boris@romashka.example")
    for n in range(10):
        assert _login(client, f"guess{n}@romashka.example", "wrong-password").status_code == 401
    blocked = client.post("/login", data={"email": "boris@romashka.example",
                                          "password": DEFAULT_PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.1"},
                          headers={"Accept-Language": "en"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_successful_log_ins_do_not_count(client, make_user):
    make_user(email="anna@romashka.example")
    for _ in range(12):
        assert _login(client, "anna@romashka.example", DEFAULT_PASSWORD).status_code == 303
        client.post("/logout")


def test_reset_requests_are_limited_too(client, make_user, mailbox):
    make_user(email="anna@romashka.example")
    statuses = [client.post("/reset", data={"email": "anna@romashka.example"},
                            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code
                for n in range(11)]
    assert statuses == [200] * 10 + [429]
    assert len(mailbox.to("anna@romashka.example")) == 10


def test_limits_are_off_when_disabled(app_config):
    from portal import create_app

    relaxed = create_app(dict(app_config, RATELIMIT_ENABLED=False)).test_client()
    for _ in range(12):
        response = relaxed.post("/login", data={"email": "x@romashka.example", "password": "no"})
        assert response.status_code == 401

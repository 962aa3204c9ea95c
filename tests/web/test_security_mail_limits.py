"""What a user, an address and an organization can make the portal mail is bounded, per hour
and per day, with a clear message; the counters live in the database (or Redis), so every
worker and host shares them, and the client address is read right behind a trusted proxy."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.plugins.accounts import DEFAULT_PASSWORD

START = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)


@pytest.fixture
def app_config(app_config):
    return dict(app_config, RATELIMIT_ENABLED=True, MAIL_LIMIT_ADDRESS="3/hour;5/day",
                MAIL_LIMIT_USER="6/hour;8/day", MAIL_LIMIT_ORGANIZATION="7/hour;9/day")


@pytest.fixture
def romashka(make_user, make_org, make_contact):
    organization = make_org("Ромашка")
    for email in ("anna@romashka.example", "boris@romashka.example"):
        make_contact(make_user(email=email, language="en"), organization, responsible=True)
    return organization


def _invite(client, organization, email):
    return client.post(f"/organizations/{organization.id}/invite", data={"email": email},
                       headers={"Accept-Language": "en"})


def test_twenty_invitations_to_one_address_queue_three_mails(app, client, auth, romashka,
                                                            mailbox, freeze_clock):
    freeze_clock(START)
    auth.login("anna@romashka.example")
    statuses = [_invite(client, romashka, "outsider@example.org").status_code
                for _ in range(20)]
    assert statuses == [303] * 3 + [429] * 17
    assert len(mailbox.to("outsider@example.org")) == 3
    refused = _invite(client, romashka, "outsider@example.org").get_data(as_text=True)
    assert "already sent 3 messages to this address within an hour" in refused
    # The next hour allows more, until the day's five.
    freeze_clock(START + timedelta(hours=1))
    assert [_invite(client, romashka, "outsider@example.org").status_code
            for _ in range(3)] == [303, 303, 429]
    day = _invite(client, romashka, "outsider@example.org").get_data(as_text=True)
    assert "within a day. Try again tomorrow." in day


def test_a_user_is_limited_across_addresses(client, auth, romashka, mailbox, freeze_clock):
    freeze_clock(START)
    auth.login("anna@romashka.example")
    statuses = [_invite(client, romashka, f"person{n}@example.org").status_code
                for n in range(8)]
    assert statuses == [303] * 6 + [429] * 2
    assert "You have already had the portal send 6 messages within an hour" in _invite(
        client, romashka, "person9@example.org").get_data(as_text=True)


def test_an_organization_is_limited_across_its_contacts(app, romashka, mailbox, freeze_clock):
    freeze_clock(START)
    anna, boris = app.test_client(), app.test_client()
    for client, email in ((anna, "anna@romashka.example"), (boris, "boris@romashka.example")):
        client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    statuses = [_invite(anna, romashka, f"a{n}@example.org").status_code for n in range(5)]
    statuses += [_invite(boris, romashka, f"b{n}@example.org").status_code for n in range(4)]
    assert statuses == [303] * 7 + [429] * 2
    assert "Your organization has already had the portal send 7 messages" in _invite(
        boris, romashka, "b9@example.org").get_data(as_text=True)


def test_registrations_and_resets_to_one_address_are_limited(client, make_user, mailbox,
                                                            freeze_clock):
    freeze_clock(START)
    make_user(email="boris@romashka.example")
    registration = {"email": "boris@romashka.example", "name": "X",
                    "password": "sunny-meadow-42", "timezone": "Europe/Moscow", "consent": "y"}
    answers = [client.post("/register", data=registration).status_code for _ in range(2)]
    answers += [client.post("/reset", data={"email": "boris@romashka.example"},
                            headers={"Accept-Language": "en"}).status_code for _ in range(2)]
    assert answers == [303, 303, 200, 429]
    assert len(mailbox.to("boris@romashka.example")) == 3


def test_a_limit_never_tells_whether_an_account_exists(client, make_user, mailbox,
                                                      freeze_clock):
    freeze_clock(START)
    make_user(email="boris@romashka.example")
    for email in ("boris@romashka.example", "ghost@romashka.example"):
        statuses = [client.post("/reset", data={"email": email}).status_code
                    for _ in range(4)]
        assert statuses == [200, 200, 200, 429], email


def test_counts_are_shared_by_every_worker(app, app_config, make_user, monkeypatch):
    """Two app instances (two workers) on one database: the log-in limit holds in total."""
    from portal import create_app, limits

    monkeypatch.setattr(limits, "FREE_FAILURES", 100)  # the growing delay is tested apart

    make_user(email="anna@romashka.example")
    workers = [create_app(app_config).test_client() for _ in range(2)]
    statuses = [workers[n % 2].post("/login", data={"email": "anna@romashka.example",
                                                    "password": "wrong-password"}).status_code
                for n in range(12)]
    assert statuses == [401] * 10 + [429] * 2


_attempts = iter(range(10**6))


def _fail_login(client, forwarded_for: str, proxy: str = "127.0.0.1"):
    """A failed log-in, each for another account (only the address's count grows)."""
    email = f"nobody{next(_attempts)}@example.org"
    return client.post("/login", data={"email": email, "password": "x"},
                       environ_base={"REMOTE_ADDR": proxy},
                       headers={"X-Forwarded-For": forwarded_for})


def test_behind_a_trusted_proxy_the_visitors_address_is_counted(app, app_config):
    from portal import create_app

    client = create_app(dict(app_config, PROXY_COUNT=1)).test_client()
    for _ in range(10):
        assert _fail_login(client, "198.51.100.1").status_code == 401
    assert _fail_login(client, "198.51.100.1").status_code == 429
    # Another visitor behind the same proxy is not blocked ...
    assert _fail_login(client, "198.51.100.2").status_code == 401
    # ... and one who forges a hop in front still counts as the address the proxy saw.
    assert _fail_login(client, "10.9.9.9, 198.51.100.1").status_code == 429


def test_without_a_configured_proxy_forwarded_addresses_are_ignored(client):
    for n in range(10):
        assert _fail_login(client, f"198.51.100.{n}").status_code == 401
    assert _fail_login(client, "198.51.100.77").status_code == 429  # all from 127.0.0.1

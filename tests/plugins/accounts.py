"""Account fixtures: factories for users, organizations and contacts, and an `auth` helper.

    def test_x(client, auth, make_user, make_org, make_contact):
        anna = make_user(email="anna@example.com")            # confirmed customer
        org = make_org("Ромашка")
        make_contact(anna, org, responsible=True)
        auth.login("anna@example.com")                          # DEFAULT_PASSWORD
        ...
        auth.logout()

make_user(role="agent" | "head" | "admin" | "customer", email=None (unique), password=...,
name=..., language="ru", confirmed=True) returns the User row.
"""
from __future__ import annotations

import itertools

import pytest

DEFAULT_PASSWORD = "correct-horse-battery"
_serial = itertools.count(1)


@pytest.fixture
def make_user(app):
    from portal.accounts.services import create_user

    def factory(role: str = "customer", email: str | None = None,
                password: str = DEFAULT_PASSWORD, name: str | None = None,
                language: str = "ru", timezone: str = "Europe/Moscow", confirmed: bool = True):
        number = next(_serial)
        with app.app_context():
            return create_user(email or f"user{number}@example.com",
                               name or f"{role.title()} {number}", password, role=role,
                               language=language, timezone=timezone, confirmed=confirmed)

    return factory


@pytest.fixture
def make_org(app):
    from portal.accounts.organizations import create_organization

    def factory(name: str | None = None, timezone: str = "Europe/Moscow"):
        with app.app_context():
            return create_organization(name or f"Organization {next(_serial)}", timezone)

    return factory


@pytest.fixture
def make_contact(app):
    """Make a user a contact of an organization; responsible=True respects the active
    preset's maximum of responsible contacts (Conflict beyond it)."""
    from portal.accounts.organizations import add_member
    from portal.policy import active_policy

    def factory(user, organization, responsible: bool = False):
        with app.app_context():
            return add_member(organization, user, active_policy(), responsible=responsible)

    return factory


class AuthActions:
    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = DEFAULT_PASSWORD, remember: bool = False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/login", data=data)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    """Log the test `client` in and out."""
    return AuthActions(client)

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
import re

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
    """make_org(name, timezone, tier="best") -> Organization with a running paid contract of
    `tier` ("best": the active preset's tier allowing the most responsible contacts; None: no
    contract, so only what the preset gives without one)."""
    from datetime import date

    from portal.accounts.organizations import create_organization
    from portal.billing.models import SupportContract
    from portal.policy import active_policy

    def factory(name: str | None = None, timezone: str = "Europe/Moscow",
                tier: str | None = "best"):
        with app.app_context():
            organization = create_organization(name or f"Organization {next(_serial)}",
                                               timezone)
            policy = active_policy()
            if tier == "best":
                ticket_tiers = [t for t in policy.tiers if t.has_ticket_channel]
                tier = max(ticket_tiers, key=lambda t: t.max_responsible_contacts).code
            if tier is not None:
                SupportContract.create(organization=organization, tier=tier, kind="paid",
                                       first_day=date(2020, 1, 1), last_day=date(2099, 12, 31),
                                       currency=policy.currency)
            return organization

    return factory


@pytest.fixture
def make_contact(app):
    """Make a user a contact of an organization; responsible=True respects the active
    organization's entitlement of responsible contacts (Conflict beyond it)."""
    from portal.accounts.organizations import add_member
    from portal.billing.entitlements import responsible_limit
    from portal.policy import active_policy

    def factory(user, organization, responsible: bool = False):
        with app.app_context():
            limit = responsible_limit(organization, active_policy())
            return add_member(organization, user, limit, responsible=responsible)

    return factory


class AuthActions:
    """`login` fails the test unless the client is then logged in as that very user, so a
    later "refused" or "not shown" cannot pass because nobody was logged in; `attempt` posts
    the form and returns the response whatever happened (for tests of refused log-ins)."""

    def __init__(self, client) -> None:
        self._client = client

    def attempt(self, email: str, password: str = DEFAULT_PASSWORD, remember: bool = False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/login", data=data)

    def login(self, email: str, password: str = DEFAULT_PASSWORD, remember: bool = False):
        response = self.attempt(email, password, remember)
        assert response.status_code == 303, (
            f"log-in of {email} answered {response.status_code}, not a redirect")
        assert self.logged_in_as() == email.strip().lower(), f"{email} is not logged in"
        return response

    def logged_in_as(self) -> str | None:
        """Whose profile the client sees (None: the profile sends it to log in)."""
        page = self._client.get("/profile")
        if page.status_code != 200:
            return None
        found = re.search(r"<strong>([^<@]+@[^<]+)</strong>", page.get_data(as_text=True))
        return found.group(1).strip().lower() if found else None

    def logout(self):
        response = self._client.post("/logout")
        assert response.status_code == 303 and self.logged_in_as() is None, "still logged in"
        return response


@pytest.fixture
def auth(client):
    """Log the test `client` in and out."""
    return AuthActions(client)

"""Billing fixtures: an organization with licenses and a contract, and an order helper.

    def test_x(client, customer, buy):
        order_url = buy(customer, {"qty-crm-standard": 10}, option="prorate")
"""
from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

MOSCOW = ZoneInfo("Europe/Moscow")
_tokens = itertools.count(1)


@pytest.fixture
def july_first(freeze_clock):
    """1 July 2026: 184 of the 365 days of 2026 are left."""
    freeze_clock(datetime(2026, 7, 1, 12, 0, tzinfo=MOSCOW))


@pytest.fixture
def customer(app, make_user, make_org, make_contact):
    """Ромашка on Standard for 2026 with 30 CRM Standard licenses; Анна responsible, Борис not."""
    from portal.billing.models import License, SupportContract

    organization = make_org("Ромашка", tier=None)
    with app.app_context():
        SupportContract.create(organization=organization, tier="standard", kind="paid",
                               first_day=date(2026, 1, 1), last_day=date(2026, 12, 31),
                               annual_price="81000.00", currency="RUB")
        License.create(organization=organization, product="crm", edition="standard",
                       quantity=30, purchased_on=date(2025, 12, 20), version="5.2",
                       license_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    anna = make_user(email="anna@romashka.example", name="Анна")
    boris = make_user(email="boris@romashka.example", name="Борис")
    make_contact(anna, organization, responsible=True)
    make_contact(boris, organization)
    return organization


@pytest.fixture
def buy(client):
    """Post the purchase form for an option; returns the response (303 to the order)."""

    def place(organization, quantities: dict, option: str, tier: str = "standard",
              token: str | None = None, **extra):
        data = {"tier": tier, "option": option, "token": token or f"t-{next(_tokens)}",
                **{f"qty-{key}": str(value) for key, value in quantities.items()}, **extra}
        if organization is not None:
            data["organization"] = str(organization.id)
        return client.post("/buy", data=data)

    return place

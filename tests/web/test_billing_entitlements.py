"""Entitlements in the portal: contact limits by contract, warranties, ends, license keys, prices."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.billing.models import CatalogPrice, License, Order, SupportContract
from portal.db import db

MOSCOW = ZoneInfo("Europe/Moscow")


def rows(app, model, *where):
    with app.app_context():
        db.connect(reuse_if_open=True)
        query = model.select()
        for condition in where:
            query = query.where(condition)
        return list(query)


def _contract(app, organization, tier, first, last, kind="paid", product=None):
    with app.app_context():
        return SupportContract.create(organization=organization, tier=tier, kind=kind,
                                      first_day=first, last_day=last, currency="RUB",
                                      product=product)


def test_a_standard_customer_gets_standards_three_responsible_contacts_not_five(
        app, client, auth, make_user, make_org, make_contact, freeze_clock):
    freeze_clock(datetime(2026, 7, 1, 12, 0, tzinfo=MOSCOW))
    organization = make_org("Ромашка", tier=None)
    _contract(app, organization, "standard", date(2026, 1, 1), date(2026, 12, 31))
    people = [make_user(email=f"r{i}@romashka.example") for i in range(4)]
    for person in people[:3]:
        make_contact(person, organization, responsible=True)
    make_contact(people[3], organization)
    auth.login("r0@romashka.example")
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Регламент поддержки допускает не больше 3." in page
    response = client.post(f"/organizations/{organization.id}/invite",
                           data={"email": "r9@romashka.example", "responsible": "y"})
    assert response.status_code == 409


def test_after_the_contract_ends_the_organization_drops_to_the_base_tier_on_read(
        app, client, auth, make_user, make_org, make_contact, freeze_clock):
    organization = make_org("Ромашка", tier=None)
    _contract(app, organization, "standard", date(2026, 1, 1), date(2026, 12, 31))
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    auth.login("anna@romashka.example")
    freeze_clock(datetime(2026, 12, 31, 12, 0, tzinfo=MOSCOW))
    page = client.get(f"/organizations/{organization.id}/licenses").get_data(as_text=True)
    assert "<strong>Стандарт</strong>" in page
    freeze_clock(datetime(2027, 1, 1, 12, 0, tzinfo=MOSCOW))
    page = client.get(f"/organizations/{organization.id}/licenses").get_data(as_text=True)
    assert "<strong>Сообщество</strong>" in page and "без действующего договора" in page


@pytest.fixture
def axistem(app_config):
    app_config["POLICY_PRESET"] = "axistem"
    return app_config


def test_axistem_warranty_starts_with_the_first_licenses_and_more_do_not_move_it(
        axistem, app, client, auth, make_user, make_org, make_contact, buy, freeze_clock):
    freeze_clock(datetime(2026, 3, 10, 12, 0, tzinfo=MOSCOW))
    organization = make_org("Ромашка", tier=None)
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    head = make_user(role="head", email="head@axistem.example")
    auth.login("anna@romashka.example")
    first = buy(organization, {"crm-standard": 10}, "new", tier="basic")
    assert first.status_code == 303, first.get_data(as_text=True)[:500]
    (order,) = rows(app, Order)
    assert order.total == Decimal(10) * _price(app, "crm", "standard")  # support: warranty, 0
    _pay(app, order, head)
    (warranty,) = rows(app, SupportContract, SupportContract.kind == "warranty")
    assert (warranty.tier, warranty.first_day, warranty.last_day) == (
        "basic", date(2026, 3, 10), date(2027, 3, 9))
    freeze_clock(datetime(2026, 9, 1, 12, 0, tzinfo=MOSCOW))
    more = buy(organization, {"crm-standard": 5}, "prorate", tier="basic")
    assert more.status_code == 303
    _pay(app, rows(app, Order, Order.status == "awaiting_payment")[0], head)
    (still,) = rows(app, SupportContract, SupportContract.kind == "warranty")
    assert still.last_day == date(2027, 3, 9)
    assert sum(row.quantity for row in rows(app, License)) == 15


def _price(app, product, edition):
    from portal.billing.catalog import current_prices
    from portal.policy import active_policy

    with app.app_context():
        return current_prices(active_policy())[(product, edition)]


def _pay(app, order, actor):
    from portal.billing.payments import confirm_payment
    from portal.policy import active_policy

    with app.app_context():
        confirm_payment(active_policy(), order, actor)


def test_an_ascon_update_restarts_that_products_warranty_year(
        app_config, app, client, auth, make_user, make_org, make_contact, buy, freeze_clock):
    app_config["POLICY_PRESET"] = "ascon"
    app.config["POLICY_PRESET"] = "ascon"
    freeze_clock(datetime(2026, 2, 1, 12, 0, tzinfo=MOSCOW))
    organization = make_org("Ромашка", tier=None)
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    head = make_user(role="head", email="head@ascon.example")
    auth.login("anna@romashka.example")
    assert buy(organization, {"kompas-3d-commercial": 2}, "new",
               tier="basic").status_code == 303
    _pay(app, rows(app, Order)[0], head)
    (first,) = rows(app, SupportContract, SupportContract.kind == "warranty")
    assert (first.product, first.first_day, first.last_day) == (
        "kompas-3d", date(2026, 2, 1), date(2027, 1, 31))
    # ASCON sells an update as a purchase of the product: it starts a new warranty year.
    freeze_clock(datetime(2027, 3, 1, 12, 0, tzinfo=MOSCOW))
    page = client.get(f"/buy?organization={organization.id}").get_data(as_text=True)
    assert "move-kompas-3d" not in page  # no tier prices a version move
    response = buy(organization, {"kompas-3d-commercial": 1}, "new", tier="basic")
    assert response.status_code == 303
    _pay(app, rows(app, Order, Order.status == "awaiting_payment")[0], head)
    newest = max(rows(app, SupportContract, SupportContract.kind == "warranty"),
                 key=lambda row: row.first_day)
    assert (newest.first_day, newest.last_day) == (date(2027, 3, 1), date(2028, 2, 29))


def test_contacts_are_reminded_30_and_7_days_before_the_end_once_and_told_when_it_ended(
        app, make_user, make_org, make_contact, mailbox):
    from portal.billing.expiry import sweep

    organization = make_org("Ромашка", tier=None)
    _contract(app, organization, "standard", date(2026, 1, 1), date(2026, 12, 31))
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    with app.app_context():
        assert sweep(date(2026, 11, 1))["reminded_30"] == 0
        assert sweep(date(2026, 12, 1)) == {"reminded_30": 1, "reminded_7": 0, "ended": 0}
        assert sweep(date(2026, 12, 2))["reminded_30"] == 0  # once
        assert sweep(date(2026, 12, 25)) == {"reminded_30": 0, "reminded_7": 1, "ended": 0}
        assert sweep(date(2027, 1, 1)) == {"reminded_30": 0, "reminded_7": 0, "ended": 1}
        assert sweep(date(2027, 1, 2))["ended"] == 0
    subjects = [m["Subject"] for m in mailbox.to("anna@romashka.example")]
    assert subjects == ["Поддержка организации «Ромашка» закончится через 31 день",
                        "Поддержка организации «Ромашка» закончится через 7 дней",
                        "Поддержка организации «Ромашка» закончилась"]


def test_a_renewed_contract_sends_no_reminder(app, make_user, make_org, make_contact, mailbox):
    from portal.billing.expiry import sweep

    organization = make_org("Ромашка", tier=None)
    _contract(app, organization, "standard", date(2026, 1, 1), date(2026, 12, 31))
    _contract(app, organization, "standard", date(2027, 1, 1), date(2027, 12, 31))
    make_contact(make_user(email="anna@romashka.example"), organization, responsible=True)
    with app.app_context():
        assert sweep(date(2026, 12, 25)) == {"reminded_30": 0, "reminded_7": 0, "ended": 0}
        assert sweep(date(2027, 1, 1))["ended"] == 0
    assert mailbox.to("anna@romashka.example") == []


def test_a_user_joins_with_a_license_key_and_the_responsible_contact_may_remove_them(
        app, client, auth, customer, make_user, mailbox):
    make_user(email="kate@romashka.example", name="Катя")
    auth.login("kate@romashka.example")
    wrong = client.post("/organizations/join", data={"license_key": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 422 and "Лицензии с таким ключом нет" in wrong.get_data(
        as_text=True)
    joined = client.post("/organizations/join",
                         data={"license_key": " aaaaa-bbbbb-ccccc-ddddd-eeeee "})
    assert joined.status_code == 303
    assert client.post("/organizations/join", data={
        "license_key": "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"}).status_code == 409
    told = mailbox.last(to="anna@romashka.example")
    assert "Катя присоединяется к организации «Ромашка»" in told["Subject"]
    assert mailbox.to("boris@romashka.example") == []  # not responsible: not told
    auth.logout()
    from portal.accounts.models import Membership, User

    with app.app_context():
        kate = Membership.get(Membership.user == User.by_email("kate@romashka.example"))
    auth.login("boris@romashka.example")
    assert client.post(f"/organizations/{customer.id}/contacts/remove",
                       data={"membership": kate.id}).status_code == 303
    assert rows(app, Membership, Membership.id == kate.id)  # Борис is not responsible
    auth.logout()
    auth.login("anna@romashka.example")
    client.post(f"/organizations/{customer.id}/contacts/remove", data={"membership": kate.id})
    assert rows(app, Membership, Membership.id == kate.id) == []


def test_an_administrators_new_price_keeps_the_old_one_and_prices_the_next_order(
        app, runner, client, auth, customer, buy, freeze_clock):
    freeze_clock(datetime(2026, 7, 1, 12, 0, tzinfo=MOSCOW))
    assert runner.invoke(args=["catalog", "sync"]).exit_code == 0
    result = runner.invoke(args=["catalog", "set-price", "crm", "standard", "15000.00"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["catalog", "set-price", "crm", "nope", "1"]).exit_code == 1
    history = runner.invoke(args=["catalog", "prices", "crm", "standard"]).output.splitlines()
    assert "15000.00 RUB  (admin)" in history[0] and "12000.00 RUB  (preset)" in history[1]
    auth.login("anna@romashka.example")
    buy(customer, {"crm-standard": 1}, "prorate")
    (order,) = rows(app, Order)
    license_line = next(line for line in order.lines if line.kind == "license")
    assert license_line.amount == Decimal("15000.00")
    assert len(rows(app, CatalogPrice, CatalogPrice.product == "crm")) >= 3


def test_the_demo_gives_romashka_standard_and_vektor_priority_with_licenses(app, runner):
    from portal.accounts.models import Organization
    from portal.billing.entitlements import entitlement_of
    from portal.policy import active_policy

    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    with app.app_context():
        db.connect(reuse_if_open=True)
        tiers = {org.name: entitlement_of(org, active_policy()).tier.code
                 for org in Organization.select()}
        assert tiers == {"Ромашка": "standard", "Вектор": "priority"}
        assert License.select().count() == 3

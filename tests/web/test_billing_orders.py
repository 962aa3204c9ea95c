"""Buying: proration shown step by step, one order per form, server prices, invoices, payment."""
from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest

from portal.billing.models import Invoice, License, Order, SupportContract
from portal.db import db

pytestmark = pytest.mark.usefixtures("july_first")


def text(response) -> str:
    page = response.get_data(as_text=True)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def rows(app, model, *where):
    with app.app_context():
        db.connect(reuse_if_open=True)
        query = model.select()
        for condition in where:
            query = query.where(condition)
        return list(query)


def test_ten_more_licenses_mid_term_show_the_proration_step_by_step(client, auth, customer):
    auth.login("anna@romashka.example")
    page = text(client.get(f"/buy?organization={customer.id}&tier=standard"
                           "&qty-crm-standard=10", headers={"Accept-Language": "ru"}))
    # 30 owned + 10 at 12 000: 105 000 a year after, 81 000 (the floor is 30 000) before... the
    # annual price before is 20 % of 360 000 = 72 000; after 20 % of 480 000 = 96 000.
    assert "( 96 000,00 ₽ в год после покупки − 72 000,00 ₽ до неё) × 184 из 365 дней" in page
    assert "12 098,63 ₽" in page  # 24 000 x 184 / 365, rounded half-up
    assert "Итого 132 098,63 ₽" in page


def test_a_form_submitted_twice_makes_one_order_with_one_invoice(app, client, auth, customer,
                                                               buy):
    auth.login("anna@romashka.example")
    first = buy(customer, {"crm-standard": 10}, "prorate", token="same")
    again = buy(customer, {"crm-standard": 10}, "prorate", token="same")
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert len(rows(app, Order)) == 1 and len(rows(app, Invoice)) == 1


def test_prices_and_totals_sent_by_the_browser_are_ignored(app, client, auth, customer, buy):
    auth.login("anna@romashka.example")
    buy(customer, {"crm-standard": 10}, "prorate", total="1.00", unit_price="1.00",
        amount="1.00")
    (order,) = rows(app, Order)
    assert order.total == Decimal("132098.63")


@pytest.mark.parametrize("query", [
    {"qty-crm-standard": "-3"}, {"qty-crm-standard": "abc"}, {"tier": "platinum"},
    {"qty-crm-standard": "0"},
])
def test_bad_choices_are_refused_with_a_reason_and_nothing_is_written(app, client, auth,
                                                                      customer, query):
    auth.login("anna@romashka.example")
    data = {"organization": str(customer.id), "tier": "standard", "option": "prorate",
            "token": "bad", **query}
    response = client.post("/buy", data=data)
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)
    assert rows(app, Order) == []


def test_an_option_the_purchase_does_not_offer_is_refused(app, client, auth, customer, buy):
    auth.login("anna@romashka.example")
    response = buy(customer, {"crm-standard": 10}, "fresh-year")
    assert response.status_code == 422
    assert "такой способ оплаты не предлагается" in text(response)
    assert rows(app, Order) == []


def test_another_organizations_order_and_invoice_are_not_found(app, client, auth, customer, buy,
                                                               make_user, make_org,
                                                               make_contact):
    auth.login("anna@romashka.example")
    order_path = buy(customer, {"crm-standard": 1}, "prorate").headers["Location"]
    (invoice,) = rows(app, Invoice)
    auth.logout()
    olga = make_user(email="olga@vektor.example")
    make_contact(olga, make_org("Вектор"), responsible=True)
    auth.login("olga@vektor.example")
    for path in (order_path, f"/invoices/{invoice.id}", f"/invoices/{invoice.id}.pdf",
                 f"/organizations/{customer.id}/licenses", "/orders/999999"):
        assert client.get(path).status_code == 404, path


def test_only_responsible_contacts_order_for_their_organization(client, auth, customer, buy):
    auth.login("boris@romashka.example")
    assert client.get(f"/buy?organization={customer.id}").status_code == 403
    assert buy(customer, {"crm-standard": 1}, "prorate").status_code == 403


def test_staff_confirm_a_payment_once_and_licenses_contract_and_mail_follow(
        app, client, auth, customer, buy, make_user, mailbox):
    auth.login("anna@romashka.example")
    buy(customer, {"crm-standard": 10}, "prorate")
    auth.logout()
    (order,) = rows(app, Order)
    make_user(role="customer", email="eve@example.com")
    auth.login("eve@example.com")
    assert client.get("/staff/payments").status_code == 403
    assert client.post(f"/staff/payments/{order.id}").status_code == 403
    auth.logout()
    make_user(role="head", email="head@lotsman.example")
    auth.login("head@lotsman.example")
    assert "2026-000001" in text(client.get("/staff/payments"))
    assert client.post(f"/staff/payments/{order.id}").status_code == 303
    again = client.post(f"/staff/payments/{order.id}", follow_redirects=True)
    assert "Этот заказ уже оплачен." in text(again)
    licenses = rows(app, License, License.organization == customer.id)
    assert sorted(row.quantity for row in licenses) == [10, 30]
    (contract,) = rows(app, SupportContract, SupportContract.organization == customer.id)
    assert (contract.first_day, contract.last_day) == (date(2026, 1, 1), date(2026, 12, 31))
    assert contract.annual_price == Decimal("96000.00")
    mail = mailbox.last(to="anna@romashka.example")
    assert "Оплата получена" in mail["Subject"]
    assert len(mailbox.to("anna@romashka.example")) == 1  # paid once, mailed once


def test_a_first_order_founds_the_organization_with_the_buyer_responsible(app, client, auth,
                                                                        make_user, buy):
    from portal.accounts.models import Membership, Organization

    make_user(email="new@prospect.example")
    auth.login("new@prospect.example")
    page = text(client.get("/buy?tier=standard&qty-crm-standard=5"))
    assert "Первый заказ создаёт вашу организацию" in page
    nameless = buy(None, {"crm-standard": 5}, "new", organization_name="")
    assert nameless.status_code == 422 and "Укажите название организации." in text(nameless)
    response = buy(None, {"crm-standard": 5}, "new", organization_name="Одуванчик",
                   timezone="Asia/Omsk")
    assert response.status_code == 303
    (organization,) = rows(app, Organization, Organization.name == "Одуванчик")
    assert organization.timezone == "Asia/Omsk"
    (membership,) = rows(app, Membership, Membership.organization == organization.id)
    assert membership.responsible and membership.user.email == "new@prospect.example"


def test_the_invoice_prints_and_downloads_as_a_pdf(app, client, auth, customer, buy):
    auth.login("anna@romashka.example")
    buy(customer, {"crm-standard": 10}, "prorate")
    (invoice,) = rows(app, Invoice)
    page = text(client.get(f"/invoices/{invoice.id}"))
    assert "Счёт № 2026-000001" in page and "Покупатель: Ромашка" in page
    pdf = client.get(f"/invoices/{invoice.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and len(pdf.data) > 2000
    assert "invoice-2026-000001.pdf" in pdf.headers["Content-Disposition"]


def test_invoice_numbers_run_on_within_a_year_and_start_again_the_next(app, client, auth,
                                                                      customer, buy,
                                                                      freeze_clock):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    auth.login("anna@romashka.example")
    for _ in range(3):
        buy(customer, {"crm-standard": 1}, "prorate")
    freeze_clock(datetime(2027, 1, 10, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")))
    buy(customer, {"crm-standard": 1}, "renewal")
    numbers = [row.number for row in rows(app, Invoice)]
    assert numbers == ["2026-000001", "2026-000002", "2026-000003", "2027-000001"]


def test_demo_payment_exists_only_in_demo_mode(app, client, auth, customer, buy):
    auth.login("anna@romashka.example")
    order_path = buy(customer, {"crm-standard": 1}, "prorate").headers["Location"]
    assert "Оплатить сейчас (демо)" not in text(client.get(order_path))
    assert client.post(f"{order_path}/demo-payment").status_code == 404
    app.config["DEMO_MODE"] = True
    assert "Оплатить сейчас (демо)" in text(client.get(order_path))
    assert client.post(f"{order_path}/demo-payment").status_code == 303
    (order,) = rows(app, Order)
    assert order.status == "paid" and order.demo_payment


def test_moving_owned_licenses_to_the_new_version_is_priced_and_applied_on_payment(
        app, client, auth, customer, buy, make_user):
    auth.login("anna@romashka.example")
    page = text(client.get(f"/buy?organization={customer.id}&tier=standard&move-crm=y"))
    assert "Перевести лицензии Лоцман CRM на версию 6.0" in page
    # Standard: 25 % of the new version's price (12 000) for each of the 30 licenses.
    assert "90 000,00 ₽" in page
    assert buy(customer, {}, "prorate", **{"move-crm": "y"}).status_code == 303
    (order,) = rows(app, Order)
    assert order.total == Decimal("90000.00")
    from portal.billing.payments import confirm_payment
    from portal.policy import active_policy

    head = make_user(role="head", email="head@lotsman.example")
    with app.app_context():
        confirm_payment(active_policy(), order, head)
    assert {row.version for row in rows(app, License)} == {"6.0"}


@pytest.mark.parametrize("code", ["demo", "axistem", "terrasoft", "istom", "procrm", "ascon"])
def test_every_preset_prices_a_first_order_and_names_only_its_own_tiers(
        app_config, app, client, auth, make_user, code):
    from portal.domain.policy import load_preset

    app.config["POLICY_PRESET"] = code
    policy = load_preset(code)
    product = policy.products[0]
    edition = next(e for e in product.editions if e.price > 0)
    tier = next(t for t in policy.tiers if t.price.rule != "none")
    make_user(email="new@prospect.example")
    auth.login("new@prospect.example")
    page = client.get(f"/buy?tier={tier.code}&qty-{product.code}-{edition.code}=2")
    assert page.status_code == 200
    assert "Заказать и получить счёт" in text(page)
    select = re.search(r'<select id="tier" name="tier"[^>]*>(.*?)</select>',
                       page.get_data(as_text=True), re.DOTALL).group(1)
    offered = set(re.findall(r'value="([^"]+)"', select))
    # Only this preset's tiers, and none without a price (free levels, individual contracts).
    assert offered == {t.code for t in policy.tiers if t.price.rule not in ("none", "contract")}

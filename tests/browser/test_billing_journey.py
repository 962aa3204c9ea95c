"""Chromium: buying licenses end to end, with axe on every page of the way.

A prospect founds an organization by ordering; a customer mid-term adds licenses and sees the
proration step by step; the head of support confirms the transfer; the licenses page, the
invoice and its PDF show the result.
"""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _shot
from tests.plugins.browser import log_in, main_navigation

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
CRM_BUY = "Лоцман CRM: покупка лицензий"
CRM_STANDARD_PRICE = Decimal("12000.00")  # the demo preset's list price of CRM Standard
STANDARD_PERCENT = Decimal("0.20")        # Standard support: 20 % of the license value a year


def rub(amount: Decimal) -> str:
    """An amount as the portal shows it in Russian (no-break spaces, as Babel writes it)."""
    return format_currency(amount, "RUB", locale="ru")


def long_date(day) -> str:
    return format_date(day, "long", locale="ru")


def _log_in(page, live_server, email: str) -> None:
    log_in(page, live_server, email, PASSWORD)


def _log_out(page) -> None:
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Войти")).to_be_visible()


_header = main_navigation


def _crm_standard(page):
    return page.get_by_role("group", name=CRM_BUY).get_by_label("Стандарт")


def _axe_on_a_phone(page, axe_check, name: str) -> None:
    """The same page at 390 px: axe again, then back to the default width."""
    default = page.viewport_size
    page.set_viewport_size(PHONE)
    page.reload()
    axe_check(page)
    _shot(page, f"{name}-ru-390")
    page.set_viewport_size(default)


@pytest.fixture
def people(live_app):
    """Ромашка on a running paid Standard contract with 30 CRM Standard licenses (Анна is its
    responsible contact), a prospect without an organization, and a head of support."""
    from portal.accounts.organizations import add_member, create_organization
    from portal.accounts.services import create_user
    from portal.billing.models import License, SupportContract
    from portal.clock import today_in

    with live_app.test_request_context():
        organization = create_organization("Ромашка", "Europe/Moscow")
        today = today_in(organization.timezone)
        first_day = today - timedelta(days=180)
        last_day = first_day + timedelta(days=364)
        owned = 30
        before = STANDARD_PERCENT * CRM_STANDARD_PRICE * owned
        SupportContract.create(organization=organization, tier="standard", kind="paid",
                               first_day=first_day, last_day=last_day,
                               annual_price=before, currency="RUB")
        License.create(organization=organization, product="crm", edition="standard",
                       quantity=owned, purchased_on=first_day, version="5.2",
                       license_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
        anna = create_user("anna@romashka.example", "Анна Соколова", PASSWORD, confirmed=True)
        add_member(organization, anna, 1, responsible=True)
        create_user("new@prospect.example", "Пётр Новиков", PASSWORD, confirmed=True)
        create_user("head@lotsman.example", "Руководитель поддержки", PASSWORD, role="head",
                    confirmed=True)
    return {"romashka": organization, "today": today, "first_day": first_day,
            "last_day": last_day, "owned": owned}


def _organization_named(live_app, name: str):
    from portal.accounts.models import Membership, Organization
    from portal.db import db

    with live_app.app_context():
        db.connect(reuse_if_open=True)
        organization = Organization.get_or_none(Organization.name == name)
        members = [] if organization is None else [
            (m.user.email, m.responsible)
            for m in Membership.select().where(Membership.organization == organization.id)]
    return organization, members


def test_buy_pay_and_see_the_licenses(live_server, live_app, smtp_server, page, axe_check,
                                      people):
    smtp_server.configure(live_app)  # the payment mails the contacts
    romashka = people["romashka"]

    # 1. A prospect's first order founds the organization.
    _log_in(page, live_server, "new@prospect.example")
    _header(page).get_by_role("link", name="Купить поддержку").click()
    expect(page).to_have_url(live_server + "/buy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Покупка лицензий и поддержки")
    expect(page.get_by_text("Первый заказ создаёт вашу организацию")).to_be_visible()
    axe_check(page)
    page.evaluate("() => { window.notReloaded = true; }")
    _crm_standard(page).fill("5")
    option = page.locator("#purchase [data-option='new']")
    expect(option).to_be_visible()
    expect(option.get_by_role("row", name=re.compile("^5 × "))).to_be_visible()
    expect(option.locator("[data-total]")).to_have_attribute(
        "data-total", re.compile(r"^\d+\.\d\d$"))
    assert page.evaluate("() => window.notReloaded === true")  # htmx swapped the quote only
    assert "qty-crm-standard=5" in page.url
    axe_check(page)
    _shot(page, "buy-new-ru")
    _axe_on_a_phone(page, axe_check, "buy-new")

    option = page.locator("#purchase [data-option='new']")
    option.get_by_label("Ваша организация").fill("Одуванчик")
    option.get_by_role("button", name=re.compile("^Заказать и получить счёт")).click()
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Заказ № \d{4}-\d+$"))
    expect(page.get_by_text("Заказ оформлен.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Ожидает оплаты")).to_be_visible()
    axe_check(page)
    _shot(page, "order-new-ru")
    organization, members = _organization_named(live_app, "Одуванчик")
    assert organization is not None, "the first order did not found the organization"
    assert members == [("new@prospect.example", True)]
    _log_out(page)

    # 2. Анна, mid-term, adds 10 licenses and sees the proration step by step.
    today, last_day = people["today"], people["last_day"]
    left = (last_day - today).days + 1
    days_in_term = (last_day - people["first_day"]).days + 1
    assert days_in_term == 365
    added = 10
    before = STANDARD_PERCENT * CRM_STANDARD_PRICE * people["owned"]           # 72 000
    after = STANDARD_PERCENT * CRM_STANDARD_PRICE * (people["owned"] + added)  # 96 000
    prorated = ((after - before) * left / days_in_term).quantize(Decimal("0.01"),
                                                                  ROUND_HALF_UP)
    total = CRM_STANDARD_PRICE * added + prorated

    _log_in(page, live_server, "anna@romashka.example")
    _header(page).get_by_role("link", name="Лицензии и поддержка").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Лицензии и поддержка")
    page.get_by_role("button", name="Купить лицензии, сменить уровень или продлить").click()
    expect(page).to_have_url(re.compile(rf"/buy\?organization={romashka.id}$"))
    expect(page.get_by_text(f"осталось дней: {left}")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")
    _crm_standard(page).fill(str(added))
    prorate = page.locator("#purchase [data-option='prorate']")
    expect(prorate).to_be_visible()
    step = prorate.locator("tr[data-kind='support-proration']")
    expect(step).to_contain_text("Поддержка докупленных лицензий до конца срока")
    expect(step).to_contain_text(
        f"({rub(after)} в год после покупки − {rub(before)} до неё) × {left} из "
        f"{days_in_term} дней, оставшихся до {format_date(last_day, 'medium', locale='ru')}")
    expect(step.locator("td.amount")).to_have_text(rub(prorated))
    expect(prorate.get_by_role("row", name=re.compile(f"^{added} × "))).to_contain_text(
        rub(CRM_STANDARD_PRICE * added))
    expect(prorate.locator("[data-total]")).to_have_text(rub(total))
    assert page.evaluate("() => window.notReloaded === true")
    axe_check(page)
    _shot(page, "buy-prorate-ru")

    prorate.get_by_role("button", name=re.compile("^Заказать и получить счёт")).click()
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Заказ № \d{4}-\d+$"))
    number = heading.inner_text().removeprefix("Заказ № ").strip()
    expect(page.get_by_text(f"Счёт № {number} на сумму {rub(total)}.")).to_be_visible()
    axe_check(page)
    _shot(page, "order-prorate-ru")
    _log_out(page)

    # 3. The head of support confirms the transfer.
    _log_in(page, live_server, "head@lotsman.example")
    _header(page).get_by_role("link", name="Оплаты").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Оплаты к подтверждению")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=number, exact=True))
    expect(row).to_contain_text("Ромашка")
    expect(row).to_contain_text(rub(total))
    axe_check(page)
    _shot(page, "payments-ru")
    # The number is in a visually hidden span, so the name reads "…оплату : <number>".
    row.get_by_role("button", name=re.compile(rf"^Подтвердить оплату\W+{re.escape(number)}$")
                    ).click()
    expect(page.get_by_text(f"Оплата счёта {number} подтверждена; лицензии и поддержка "
                            "обновлены.")).to_be_visible()
    expect(page.get_by_role("link", name=number, exact=True)).to_have_count(0)
    axe_check(page)
    _log_out(page)

    # 4. Анна sees the new licenses, the same last day, the invoice and its PDF.
    _log_in(page, live_server, "anna@romashka.example")
    _header(page).get_by_role("link", name="Лицензии и поддержка").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Лицензии и поддержка")
    licenses = page.get_by_role("table", name="Лицензии", exact=True)
    crm_rows = licenses.get_by_role("row").filter(has_text="Лоцман CRM Стандарт")
    expect(crm_rows).to_have_count(2)
    quantities = sorted(int(crm_rows.nth(i).locator("td").nth(1).inner_text())
                        for i in range(2))
    assert quantities == [added, people["owned"]]
    expect(page.locator(".entitlement-tier")).to_contain_text(
        f"до {long_date(last_day)}, осталось дней: {left}")
    contracts = page.get_by_role("table", name="Договоры поддержки")
    expect(contracts.get_by_role("row")).to_have_count(2)  # the header and the one contract
    expect(contracts).to_contain_text(f"с {long_date(people['first_day'])} по "
                                      f"{long_date(last_day)}")
    expect(contracts).to_contain_text(rub(after))  # the annual price now covers 40 licenses
    orders = page.get_by_role("table", name="Заказы и счета")
    expect(orders.get_by_role("row").filter(has_text=number)).to_contain_text("оплачен")
    axe_check(page)
    _shot(page, "licenses-ru")
    _axe_on_a_phone(page, axe_check, "licenses")

    orders.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Оплачен")).to_be_visible()
    page.get_by_role("link", name="Открыть счёт").click()
    expect(page).to_have_url(re.compile(r"/invoices/\d+$"))
    expect(page.get_by_text(f"Счёт № {number}").first).to_be_visible()
    expect(page.get_by_text("Покупатель: Ромашка")).to_be_visible()
    axe_check(page)
    _shot(page, "invoice-ru")
    pdf_link = page.get_by_role("link", name="Скачать PDF")
    href = pdf_link.get_attribute("href")
    assert href and href.endswith(".pdf")
    response = page.request.get(live_server + href)
    assert response.status == 200
    assert response.headers["content-type"].split(";")[0] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

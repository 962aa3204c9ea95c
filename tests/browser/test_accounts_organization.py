"""Chromium on a phone: contacts of an organization, an invitation, hand-over, undelivered mail."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _shot

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


@pytest.fixture
def romashka(live_app):
    """Ромашка under Terrasoft's rules (one responsible contact): Анна responsible, Борис not."""
    from datetime import date

    from portal.accounts.organizations import add_member, create_organization
    from portal.accounts.services import create_user
    from portal.billing.models import SupportContract

    live_app.config["POLICY_PRESET"] = "terrasoft"
    with live_app.test_request_context():
        organization = create_organization("Ромашка")
        SupportContract.create(organization=organization, tier="business", kind="paid",
                               first_day=date(2020, 1, 1), last_day=date(2099, 12, 31),
                               currency="EUR")
        for email, name, responsible in (("anna@romashka.example", "Анна Соколова", True),
                                         ("boris@romashka.example", "Борис Петров", False)):
            user = create_user(email, name, PASSWORD, confirmed=True)
            add_member(organization, user, 1, responsible=responsible)
        create_user("admin@lotsman.example", "Администратор", PASSWORD, role="admin",
                    confirmed=True)
    return organization


def test_contacts_invitation_and_hand_over_on_a_phone(live_server, live_app, smtp_server, page,
                                                      axe_check, romashka):
    smtp_server.configure(live_app)
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "anna@romashka.example")
    page.goto(f"{live_server}/organizations/{romashka.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ромашка")
    axe_check(page)
    _fits_the_phone(page)
    _shot(page, "organization-ru-390")

    page.get_by_label("Адрес почты коллеги").fill("not-an-address")
    page.get_by_role("button", name="Отправить приглашение").click()
    expect(page.get_by_text("Введите правильный адрес электронной почты.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Адрес почты коллеги").fill("kate@romashka.example")
    page.get_by_role("button", name="Отправить приглашение").click()
    expect(page.get_by_text("Приглашение отправлено на адрес kate@romashka.example.")
           ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Отозвать приглашение.*kate@"))
           ).to_be_visible()
    axe_check(page)
    _fits_the_phone(page)
    _shot(page, "organization-invited-ru-390")

    # Terrasoft allows one responsible contact: Анна can only hand her role over.
    page.get_by_role("button", name=re.compile("^Передать мои полномочия ответственного.*Борис Петров$")
                     ).click()
    expect(page.get_by_text("Теперь ответственное лицо — Борис Петров, а не вы.")).to_be_visible()
    expect(page.get_by_role("heading", name="Пригласить коллегу")).to_have_count(0)
    axe_check(page)
    _fits_the_phone(page)
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Войти")).to_be_visible()  # the log-out has landed

    invitation = smtp_server.last(to="kate@romashka.example")
    page.goto(live_server + smtp_server.link_path(invitation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Присоединиться к организации «Ромашка»")
    axe_check(page)
    _fits_the_phone(page)
    _shot(page, "invitation-ru-390")
    page.get_by_label("Ваше имя").fill("Катя")
    page.get_by_label("Пароль").fill("kate-strong-pass")
    page.get_by_label("Я согласен(на) на обработку").check()
    page.get_by_role("button", name="Создать учётную запись и присоединиться").click()
    expect(page.get_by_text("Добро пожаловать! Теперь вы контактное лицо организации «Ромашка».")
           ).to_be_visible()
    expect(page.get_by_role("cell", name="kate@romashka.example")).to_be_visible()


def test_undelivered_mail_for_the_administrator_on_a_phone(live_server, live_app, smtp_server,
                                                           page, axe_check, romashka):
    from portal.mail.outbox import queue_mail

    smtp_server.configure(live_app)
    smtp_server.refused.add("ghost@romashka.example")
    with live_app.test_request_context():
        queue_mail("ghost@romashka.example", "confirm_email", "ru", name="Призрак",
                   link="http://127.0.0.1/confirm/x")
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "admin@lotsman.example")
    page.goto(live_server + "/admin/mail")
    expect(page.get_by_role("cell", name="ghost@romashka.example", exact=True)).to_be_visible()
    expect(page.get_by_text("550")).to_be_visible()
    axe_check(page)
    _fits_the_phone(page)
    _shot(page, "undelivered-mail-ru-390")
    page.get_by_role("button", name="Отправить ещё раз").click()
    expect(page.get_by_text("Письмо будет отправлено ещё раз.")).to_be_visible()

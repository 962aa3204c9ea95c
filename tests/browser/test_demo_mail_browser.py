"""Chromium: the portal served on a port other than 5000 in demo mode; the confirmation link
in the demo mailbox opens on that port and confirms the address."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_confirmation_link_from_the_demo_mailbox_opens_on_the_served_port(
        live_server, live_app, smtp_server, page):
    assert not live_server.endswith(":5000")
    smtp_server.configure(live_app)
    # Mail written as an earlier `make run` would: links to the default port.
    live_app.config.update(DEMO_MODE=True, BASE_URL="http://127.0.0.1:5000")
    page.goto(live_server + "/register")
    page.get_by_label("Электронная почта").fill("boris@romashka.example")
    page.get_by_label("Ваше имя").fill("Борис Петров")
    page.get_by_label("Пароль").fill("sunny-meadow-42")
    page.get_by_label("Я согласен(на) на обработку").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Подтвердите адрес почты")

    page.goto(live_server + "/demo/mail")
    link = page.locator("article").first.locator("ul a").first
    expect(link).to_have_attribute("href", f"{live_server}/confirm/" + link.get_attribute(
        "href").rpartition("/confirm/")[2])
    link.click()
    expect(page.get_by_text("Адрес почты подтверждён")).to_be_visible()
    expect(page).to_have_url(live_server + "/login")

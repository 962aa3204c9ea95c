"""Chromium: register, confirm by the mailed link, log in, change language, reset, log out."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Set PORTAL_SCREENSHOTS=/some/dir to keep screenshots of the pages for a look by eye.
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style the page's CSP refuses.
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, caret="initial")


def test_register_confirm_login_language_reset_logout(live_server, live_app, smtp_server, page,
                                                      axe_check):
    smtp_server.configure(live_app)
    page.goto(live_server + "/register")
    axe_check(page)
    _shot(page, "register-ru")
    page.get_by_label("Электронная почта").fill("Anna@Romashka.example")
    page.get_by_label("Ваше имя").fill("Анна Соколова")
    page.get_by_label("Пароль").fill("short")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_text("Пароль должен быть не короче 10 символов.")).to_be_visible()
    axe_check(page)  # the error is tied to its field
    page.get_by_label("Пароль").fill("sunny-meadow-42")
    page.get_by_label("Часовой пояс").select_option("Asia/Yekaterinburg")
    page.get_by_label("Я согласен(на) на обработку").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Подтвердите адрес почты")

    confirmation = smtp_server.last(to="anna@romashka.example")
    page.goto(live_server + smtp_server.link_path(confirmation))
    expect(page.get_by_text("Адрес почты подтверждён")).to_be_visible()
    expect(page).to_have_url(live_server + "/login")
    axe_check(page)
    _shot(page, "login-ru")

    page.get_by_label("Электронная почта").fill("anna@romashka.example")
    page.get_by_label("Пароль").fill("sunny-meadow-42")
    page.get_by_role("button", name="Войти").last.click()
    expect(page.get_by_role("link", name="Анна Соколова")).to_be_visible()
    page.get_by_role("link", name="Анна Соколова").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Профиль")
    axe_check(page)
    _shot(page, "profile-ru")

    page.get_by_label("Язык").select_option("en")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    axe_check(page)
    _shot(page, "profile-en")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(live_server + "/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice outlives the session
    _shot(page, "login-en")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset the password")
    axe_check(page)
    page.get_by_label("E-mail").fill("anna@romashka.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
    axe_check(page)

    reset = smtp_server.last(to="anna@romashka.example")
    assert reset["Subject"] == "Set a new password"
    page.goto(live_server + smtp_server.link_path(reset))
    axe_check(page)
    page.get_by_label("New password").fill("quiet-river-2026")
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    page.get_by_label("E-mail").fill("anna@romashka.example")
    page.get_by_label("Password").fill("quiet-river-2026")
    page.get_by_role("button", name="Log in").last.click()
    expect(page.get_by_role("link", name="Анна Соколова")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_register_page_in_english(live_server, page, axe_check):
    page.goto(live_server + "/register")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)
    _shot(page, "register-en")


def test_account_pages_fit_a_phone(live_server, page, axe_check):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/register", "/login", "/reset", "/register/sent?email=anna%40romashka.example",
                 "/confirm/forged-link"):
        page.goto(live_server + path)
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_demo_visitor_confirms_through_the_demo_mailbox(live_server, live_app, page, axe_check):
    live_app.config["DEMO_MODE"] = True  # no SMTP server here: the mail waits in the outbox
    page.goto(live_server + "/register")
    page.get_by_label("Электронная почта").fill("visitor@example.com")
    page.get_by_label("Ваше имя").fill("Гость")
    page.get_by_label("Пароль").fill("visiting-the-demo-1")
    page.get_by_label("Я согласен(на) на обработку").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_role("link", name="Открыть демо-почту").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Демо-почта")
    axe_check(page)
    link = page.get_by_role("link", name="/confirm/").first
    page.goto(live_server + "/confirm/" + link.inner_text().split("/confirm/")[1])
    expect(page.get_by_text("Адрес почты подтверждён")).to_be_visible()

"""Chromium: the home page, the language switch and a 404, each checked with axe."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_language_switch_and_404(live_server, page, axe_check):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Чем мы можем помочь?"
    axe_check(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("heading", level=1).inner_text() == "How can we help?"
    axe_check(page)

    response = page.goto(live_server + "/no-such-page")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    axe_check(page)


def test_skip_link_moves_focus_to_main(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к основному содержимому")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_phone_width_has_no_horizontal_scroll(live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

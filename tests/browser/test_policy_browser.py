"""Chromium: the tier page's live preview, both policy pages with axe, and phone widths."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MONDAY_TEN = datetime(2026, 2, 2, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture(autouse=True)
def frozen(freeze_clock):
    freeze_clock(MONDAY_TEN)


def test_changing_the_priority_updates_the_due_time_without_a_reload(live_server, page, axe_check):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Тарифы и цены").click()  # a boosted navigation
    expect(page).to_have_url(live_server + "/tiers")
    due = page.locator("#sla-preview .preview-due")
    expect(due).to_contain_text("пн, 2 февраля, 15:00")  # Standard, P2: 4 working hours
    # The page's stylesheet sits in the body, so it applies after a boosted navigation too.
    assert page.locator("#sla-preview").evaluate(
        "element => getComputedStyle(element).borderLeftWidth") == "4px"
    axe_check(page)
    page.evaluate("window.stillThisPage = true")

    page.get_by_label("Приоритет").select_option("1")
    expect(due).to_contain_text("пн, 2 февраля, 12:00")
    page.get_by_label("Уровень поддержки").select_option("priority")
    expect(due).to_contain_text("пн, 2 февраля, 10:30")  # 30 minutes around the clock
    assert page.evaluate("window.stillThisPage === true"), "the page was reloaded"
    assert page.url == live_server + "/tiers"


def test_the_hours_page_passes_axe_in_english(live_server, page, axe_check):
    page.goto(live_server + "/hours")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working hours")
    expect(page.locator(".today-status").first).to_contain_text("Working now: 7 hours")
    axe_check(page)


@pytest.mark.parametrize("path", ["/tiers", "/hours"])
def test_phone_width_has_no_horizontal_scroll(live_server, page, axe_check, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)


def test_the_tiers_page_passes_axe_in_english_with_each_tier_named_on_a_phone(
        live_server, page, axe_check):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server + "/tiers")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support tiers")
    # The table turns into cards: every value says which tier it belongs to.
    # Waited for: the language switch reloads the page and its stylesheets may come later.
    page.wait_for_function(
        """() => getComputedStyle(document.querySelector(".tier-table td[data-tier='Standard']"),
                                  "::before").content.startsWith('"Standard')""", timeout=5000)
    axe_check(page)


def test_the_demo_switcher_shows_istom_and_its_levels_drive_the_preview(live_app, live_server,
                                                                        page, axe_check):
    live_app.config["DEMO_MODE"] = True
    page.goto(live_server + "/tiers")
    page.get_by_label("Демо: показать регламент компании").select_option("istom")
    page.get_by_role("button", name="Переключить").click()  # a real POST with its CSRF token
    expect(page.locator("header")).to_contain_text("iStom")
    due = page.locator("#sla-preview .preview-due")
    page.get_by_label("Уровень поддержки", exact=True).select_option("commercial")
    # The tier's answer replaces the form's level list: choose the level once it has come.
    page.wait_for_load_state("networkidle")
    page.get_by_label("Уровень SLA").select_option("urgent")
    expect(due).to_contain_text("пн, 2 февраля, 11:00")  # one working hour from 10:00
    page.get_by_label("Уровень SLA").select_option("standard")
    expect(due).to_contain_text("пн, 2 февраля, 13:00")  # three working hours
    axe_check(page)

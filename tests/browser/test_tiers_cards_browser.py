"""Chromium: the tier page as a prospect reads it, at 1280 and 390 px, passes axe; a card's
"get a quote" opens the calculator on its tier; on a phone the calculator's total appears
under the field that changed and errors at their fields."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "POLICY_PRESET": "demo"}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_tier_cards_pass_axe_and_lead_to_a_quote(live_server, page, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/tiers")
    cards = page.locator("article.tier-card")
    expect(cards).to_have_count(3)
    axe_check(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"tiers-{width}.png"), full_page=True,
                        caret="initial")
    page.locator("summary", has_text="Как мы считаем время").click()
    axe_check(page)
    cards.nth(2).get_by_role("button", name="Рассчитать стоимость").click()
    expect(page).to_have_url(live_server + "/prices?tier=priority")
    expect(page.get_by_label("Уровень поддержки")).to_have_value("priority")


def test_on_a_phone_the_total_and_the_errors_show_where_the_change_was(live_server, page,
                                                                       axe_check):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server + "/prices")
    quantity = page.locator("input[name^='qty-']").first
    quantity.fill("3")
    near = page.locator(".quote-near")
    expect(near).to_be_visible()
    expect(near).to_contain_text("Итого")
    box, field = near.bounding_box(), quantity.bounding_box()
    assert 0 < box["y"] - field["y"] < 400  # right under what changed, not ~1000 px below
    axe_check(page)
    page.locator("summary", has_text="У меня уже есть").click()
    page.get_by_label("Текущий договор поддержки").select_option(index=1)
    page.get_by_label("Начало срока").fill("1990-01-01")
    page.get_by_label("Конец срока").fill("2026-12-31")
    error = page.locator("#contract_start-live-error")
    expect(error).to_contain_text("не дальше 5 лет")
    expect(page.get_by_label("Начало срока")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

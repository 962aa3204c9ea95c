"""Chromium: the price calculator recalculates live with htmx and works without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NBSP = "\xa0"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "POLICY_PRESET": "demo"}


def rub(text):
    return text.replace(" ", NBSP) + NBSP + "₽"


def test_live_calculator(live_server, page, axe_check):
    page.goto(live_server + "/prices")
    expect(page.locator("#quote")).to_contain_text("Выберите продукты")
    axe_check(page)

    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Стандарт").first.fill("3")
    total = page.locator("#quote [data-total]")
    # 3 x 12 000 of licenses; 20 % of 36 000 is raised to the 30 000 minimum.
    expect(total).to_have_text(rub("66 000,00"))
    expect(page.locator("#quote")).to_contain_text("поднято до годового минимума")

    page.get_by_label("Уровень поддержки").select_option("priority")
    expect(total).to_have_text(rub("156 000,00"))
    assert page.evaluate("() => window.notReloaded === true")  # htmx swapped the quote only
    assert "tier=priority" in page.url  # the choice is in the address, so it survives a reload
    axe_check(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Standard").first.fill("10")
    # The switch reloads the page with the choice kept: Priority, 35 % of 120 000 < 120 000.
    expect(page.get_by_label("Support tier")).to_have_value("priority")
    expect(page.locator("#quote [data-total]")).to_have_text("RUB\u00a0240,000.00")
    expect(page.locator("#quote")).to_contain_text("raised to the annual minimum of")
    axe_check(page)


def test_without_javascript_the_form_submits(live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(live_server + "/prices")
        page.get_by_label("Стандарт").first.fill("3")
        page.get_by_role("button", name="Рассчитать").click()
        page.wait_for_url("**/prices?*")
        assert "qty-crm-standard=3" in page.url
        expect(page.locator("#quote [data-total]")).to_have_text(rub("66 000,00"))
        expect(page.get_by_label("Стандарт").first).to_have_value("3")
    finally:
        context.close()


def test_a_wrong_quantity_is_explained_live(live_server, page, axe_check):
    page.goto(live_server + "/prices")
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Профессиональная").first.fill("-2")
    problem = page.locator("#quote .quote-problem")
    # The server answers 422; the calculator's script lets htmx show that answer.
    expect(problem).to_contain_text("Исправьте эти поля:")
    expect(problem.get_by_role("link", name="Лоцман Сервис-деск Профессиональная")).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")
    axe_check(page)
    page.get_by_label("Профессиональная").first.fill("2")
    expect(page.locator("#quote [data-total]")).to_have_text(rub("66 000,00"))


def test_phone_width_shows_the_quote_without_sideways_scroll(live_server, page, axe_check):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/prices?tier=priority&qty-crm-enterprise=12&qty-docs-corporate=3")
    # 288 000 + 45 000 of licenses; 35 % of 333 000 is raised to the 120 000 minimum.
    expect(page.locator("#quote [data-total]")).to_have_text(rub("453 000,00"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)


def test_a_customer_with_a_contract_sees_both_ways_to_pay(live_server, page, axe_check):
    from datetime import date, timedelta

    start = date.today() - timedelta(days=100)
    page.goto(live_server + "/prices")
    page.get_by_text("У меня уже есть лицензии или поддержка").click()
    page.get_by_label("Уровень поддержки").select_option("priority")
    page.get_by_label("Текущий договор поддержки").select_option("priority")
    page.get_by_label("Начало срока").fill(start.isoformat())
    page.get_by_label("Конец срока").fill((start + timedelta(days=364)).isoformat())
    page.locator("#own-crm-enterprise").fill("20")
    page.locator("#qty-crm-enterprise").fill("5")
    options = page.locator("#quote [data-option]")
    expect(options).to_have_count(2)
    expect(options.first).to_have_attribute("data-option", "prorate")
    expect(options.nth(1)).to_contain_text("Новый год поддержки на все лицензии")
    assert "contract=priority" in page.url
    axe_check(page)

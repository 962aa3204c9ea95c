"""/tiers as a prospect reads it: one card per tier (price, the promises that matter, a quote
for that tier), one comparison table, the details folded; /prices refuses far dates, writes
errors at their fields and prints as the quote alone."""
from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

EN = {"Accept-Language": "en"}
RU = {"Accept-Language": "ru"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "POLICY_PRESET": "demo"}


@pytest.fixture
def frozen(freeze_clock):
    freeze_clock(datetime(2026, 2, 2, 10, 0, tzinfo=ZoneInfo("Europe/Moscow")))


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="tier-card".*?</article>', page, re.DOTALL)


def test_one_card_per_tier_with_price_promises_and_a_quote_for_that_tier(client, frozen):
    page = client.get("/tiers", headers=EN).get_data(as_text=True)
    cards = _cards(page)
    assert len(cards) == 3  # the demo preset: Community, Standard, Priority
    community, standard, priority = cards
    assert "Community" in community and "No guaranteed response times." in community
    assert 'href="/prices?tier=' not in community  # nothing to buy
    assert 'href="/prices?tier=standard"' in standard
    assert 'href="/prices?tier=priority"' in priority
    text = html.unescape(re.sub(r"<[^>]+>", " ", priority))
    assert "First response · P1 Critical:" in text and "30 minutes" in text
    assert re.search(r'<p class="tier-price">[^<]*a year', priority)


def test_the_comparison_is_shown_once_and_the_details_are_folded(client, frozen):
    page = client.get("/tiers", headers=EN).get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert main.count('<table class="tier-table">') == 2  # the comparison + the seed's words
    folded = main[main.index('class="policy-more"'):]
    assert '<table class="tier-table">' in folded  # the regulation's own table is folded
    assert main.index("Tiers side by side") < main.index('class="policy-more"')
    for summary in ("How we count time", "As the regulation puts it", "Notes and assumptions"):
        assert f"<summary>{summary}</summary>" in folded
    assert "The 13:00-14:00 lunch break is not counted" in folded
    assert "When will the first answer come?" in main  # the live preview stays


def test_a_quote_link_opens_the_calculator_on_that_tier(client, frozen):
    page = client.get("/prices?tier=priority", headers=EN)
    assert page.status_code == 200
    assert '<option selected value="priority">' in page.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("contract_start", "0001-01-01"),
                                          ("contract_end", "9999-12-31"),
                                          ("contract_start", "2020-01-01")])
def test_contract_dates_far_from_today_are_refused(client, frozen, field, value):
    dates = {"contract_start": "2026-01-01", "contract_end": "2026-12-31", field: value}
    response = client.get("/prices?tier=standard&contract=standard&contract_kind=paid"
                          f"&contract_start={dates['contract_start']}"
                          f"&contract_end={dates['contract_end']}&qty-crm-standard=1",
                          headers=EN)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give a date within 5 years of today." in page
    assert f'id="{field}-error"' in page  # at its field on the whole page
    assert f'data-field="{field}"' in page  # and named for the script to place it


def test_dates_within_five_years_are_priced(client, frozen):
    response = client.get("/prices?tier=standard&contract=standard&contract_kind=paid"
                          "&contract_start=2025-06-01&contract_end=2026-05-31"
                          "&qty-crm-standard=1", headers=EN)
    assert response.status_code == 200
    assert "within 5 years" not in response.get_data(as_text=True)


def test_a_quote_can_be_printed_as_a_clean_page(client, app, frozen):
    page = client.get("/prices?tier=standard&qty-crm-standard=3", headers=EN).get_data(
        as_text=True)
    assert "data-print" in page and "Print or save the quote" in page
    css = (app.static_folder + "/css/prices.css")
    with open(css, encoding="utf-8") as sheet:
        rules = sheet.read().split("@media print", 1)[1]
    for hidden in (".site-header", ".site-footer", ".prices-form", ".quote-print"):
        assert hidden in rules


def test_the_phone_script_places_errors_and_the_total_near_the_change(app):
    with open(app.static_folder + "/js/prices.js", encoding="utf-8") as script:
        code = script.read()
    assert "data-live-error" in code and "quote-near" in code and "window.print()" in code

"""Search-as-you-type in Chromium: debounced htmx requests, results in place, address kept."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from portal.db import db
from portal.search import index


@pytest.fixture
def indexed(live_app):
    with live_app.app_context():
        db.connect(reuse_if_open=True)
        index.upsert_document(
            "article",
            "licensing/renewal",
            "ru",
            "Продление лицензии",
            "Лицензия продлевается на год.",
            "/kb/licensing/renewal",
            ["crm"],
            "licensing",
        )
        index.upsert_document(
            "post",
            "17",
            "ru",
            "Где ключ лицензии?",
            "Не могу найти ключ.",
            "/community/17",
            ["desk"],
        )
        index.upsert_document(
            "article",
            "crm/updates",
            "ru",
            "Установка обновлений",
            "Обновление CRM.",
            "/kb/crm/updates",
            ["crm"],
            "crm",
        )
        db.close()


@pytest.mark.browser
def test_results_follow_typing_with_debounced_requests(live_server, indexed, page, axe_check):
    page.goto(f"{live_server}/search")
    axe_check(page)
    searches = []
    page.on(
        "request",
        lambda request: (
            searches.append(request.url)
            if urlsplit(request.url).path == "/search" and request.headers.get("hx-request")
            else None
        ),
    )
    box = page.locator("#search-q")
    box.press_sequentially("лицензии", delay=40)

    results = page.locator("#search-results")
    expect(results.locator("a[href='/kb/licensing/renewal']")).to_be_visible()
    expect(results.locator("a[href='/community/17']")).to_be_visible()
    expect(results.locator("a[href='/kb/crm/updates']")).to_have_count(0)
    expect(page.locator("#search-status")).to_have_text("2 результата")
    expect(results.locator("mark").first).to_have_text("лицензии")
    # Eight keystrokes 40 ms apart fall inside one 300 ms debounce window.
    assert len(searches) == 1, searches
    # The box keeps its text and focus: only the results were swapped, not the page.
    expect(box).to_be_focused()
    expect(box).to_have_value("лицензии")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["лицензии"]

    page.select_option("#kind", "post")
    expect(results.locator("a[href='/kb/licensing/renewal']")).to_have_count(0)
    expect(results.locator("a[href='/community/17']")).to_be_visible()
    expect(page.locator("#search-status")).to_have_text("1 результат")
    axe_check(page)


@pytest.mark.browser
def test_no_results_offer_the_community(live_server, indexed, page, axe_check):
    page.goto(f"{live_server}/search")
    page.locator("#search-q").press_sequentially("космонавт", delay=20)
    expect(page.locator("#search-results h2")).to_contain_text("ничего не найдено")
    expect(page.locator("#search-results")).to_contain_text("сообществе")
    axe_check(page)

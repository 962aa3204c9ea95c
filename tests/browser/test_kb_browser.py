"""Chromium: a category and an article in both languages, the helpful vote in place, axe checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return {**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True}


def test_category_and_article_pages_pass_axe(live_server, page, axe_check):
    page.goto(live_server + "/kb/")
    assert page.get_by_role("heading", level=1).inner_text() == "База знаний"
    axe_check(page)

    page.get_by_role("link", name="Первые шаги").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Первые шаги")
    axe_check(page)

    page.get_by_role("link", name="Первый запуск системы").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Первый запуск системы")
    image = page.get_by_role("img", name="Экран входа")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 240  # served, not blocked by CSP
    axe_check(page)

    page.get_by_role("link", name="Read in English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Starting the system for the first time"
    )
    assert page.locator("article.kb-article").get_attribute("lang") == "en"
    axe_check(page)


def test_english_interface_category_page(live_server, page, axe_check):
    page.goto(live_server + "/kb/basics")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First steps")
    expect(page.get_by_role("link", name="Starting the system for the first time")).to_be_visible()
    axe_check(page)


def test_helpful_vote_swaps_in_place_and_takes_a_comment(live_server, page, axe_check):
    page.goto(live_server + "/kb/basics/first-steps")
    page.get_by_role("button", name="Нет").click()
    widget = page.locator("#helpful")
    expect(widget).to_contain_text("Спасибо! Ваш ответ: Нет.")
    # Swapped by htmx: still the same document, no navigation happened.
    assert page.evaluate("window.location.hash") == ""
    page.get_by_label("Комментарий (необязательно)").fill("Не хватает примера для 5.2")
    page.get_by_role("button", name="Отправить комментарий").click()
    expect(page.get_by_role("button", name="Обновить комментарий")).to_be_visible()
    expect(page.get_by_label("Комментарий (необязательно)")).to_have_value(
        "Не хватает примера для 5.2"
    )
    axe_check(page)


def test_an_article_fits_a_phone(live_server, page, axe_check):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server + "/kb/basics/first-steps")
    expect(page.get_by_role("heading", level=1)).to_have_text("Первый запуск системы")
    # A long inline code (a connection string) wraps instead of widening the page.
    expect(page.locator(".kb-body code", has_text="sslmode=require")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page)

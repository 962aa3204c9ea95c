"""Chromium: a free user asks, another answers, votes without a reload, the asker accepts,
and the question is found through /search in Russian by another word form; axe on each page.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _shot
from tests.plugins.browser import log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
TITLE = "Как импортировать контакты из CSV без ошибки кодировки?"
ANSWER = "Сохраните файл в UTF-8: «Файл → Сохранить как → CSV UTF-8», и импорт пройдёт."


@pytest.fixture
def people(live_app):
    from portal.accounts.models import User
    from portal.accounts.services import create_user
    from portal.clock import stored_now

    with live_app.app_context():
        ivan = create_user("ivan@free.example", "Иван Смирнов", PASSWORD, confirmed=True)
        olga = create_user("olga@free.example", "Ольга Власова", PASSWORD, confirmed=True)
        User.update(created_at=stored_now() - timedelta(days=30)).where(
            User.id.in_([ivan.id, olga.id])).execute()


def test_ask_answer_vote_accept_and_find_it(live_server, page, browser, axe_check, people):
    log_in(page, live_server, "ivan@free.example", PASSWORD)
    page.get_by_role("navigation", name="Основная навигация").get_by_role(
        "link", name="Сообщество").click()
    expect(page.get_by_role("heading", level=1, name="Сообщество")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Задать вопрос").first.click()
    page.get_by_label("Ваш вопрос одним предложением").fill(TITLE)
    page.get_by_label("Подробности").fill(
        "Выгружаю контакты из старой системы в CSV, а импорт пишет «неверная кодировка».")
    page.get_by_label("Метки").fill("импорт csv")
    axe_check(page)
    _shot(page, "community-ask-ru")
    page.get_by_role("button", name="Опубликовать вопрос").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    question_url = page.url

    # Another user answers.
    other = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    answerer = other.new_page()
    log_in(answerer, live_server, "olga@free.example", PASSWORD)
    answerer.goto(question_url)
    answerer.get_by_role("textbox", name="Ваш ответ").fill(ANSWER)
    answerer.get_by_role("button", name="Опубликовать ответ").click()
    expect(answerer.get_by_text("Ваш ответ опубликован.")).to_be_visible()
    # She votes the question up: the score changes in place, without a reload.
    answerer.evaluate("window.notReloaded = true")
    question_votes = answerer.locator(".post-question .votes")
    question_votes.get_by_role("button", name="Голосовать за").click()
    expect(question_votes.locator("output")).to_have_text("1")
    expect(question_votes.get_by_role("button", name="Голосовать за")).to_have_attribute(
        "aria-pressed", "true")
    assert answerer.evaluate("window.notReloaded") is True
    axe_check(answerer)
    other.close()

    # The asker votes the answer up, accepts it, and sees it marked.
    page.reload()
    answer = page.locator(".post-answer").first
    expect(answer).to_contain_text("CSV UTF-8")
    answer.get_by_role("button", name="Голосовать за").click()
    expect(answer.locator("output")).to_have_text("1")
    answer.get_by_role("button", name="Отметить как решение").click()
    expect(page.get_by_text("Ответ отмечен как решение.")).to_be_visible()
    expect(page.locator(".post-accepted")).to_contain_text("Принятый ответ")
    axe_check(page)
    _shot(page, "community-question-ru")
    page.set_viewport_size(PHONE)
    axe_check(page)
    _shot(page, "community-question-ru-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Found through the one search, by other forms of the words.
    page.goto(live_server + "/search?q=" + "импорта контактами")
    hit = page.locator(".search-hits").get_by_role("link", name=TITLE)
    expect(hit).to_be_visible()
    expect(page.locator(".search-hits")).to_contain_text("Вопрос сообщества")
    axe_check(page)
    hit.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()

    # In English too.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Accepted answer")).to_be_visible()
    axe_check(page)
    _shot(page, "community-question-en")

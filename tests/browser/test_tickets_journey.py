"""Chromium: a contact files a ticket and follows it to the end, with axe on every page.

Анна, the responsible contact of Ромашка on Standard support, opens her tickets, is offered a
knowledge-base article while typing the subject, files the ticket with a screenshot, sees the
agent's reply arrive on her open page by polling (no reload), rates the resolved ticket and
reopens it.
"""
from __future__ import annotations

import re
import struct
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _shot
from tests.plugins.browser import log_in, main_navigation

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
ARTICLE_URL = "/kb/troubleshooting/license-key-errors"
ARTICLE_TITLE = "Где найти ключ лицензии"
REPLY = "Ключ лежит в файле license.lic, пришлём инструкцию."
SCREENSHOT_SIZE = (16, 10)


def png(width: int, height: int) -> bytes:
    """A real RGB PNG of `width` × `height`: a blue-to-green gradient."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"".join(bytes((0, 16 * x % 256, 255 - 20 * y % 256))
                                       for x in range(width))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def _log_in(page, live_server, email: str) -> None:
    log_in(page, live_server, email, PASSWORD)


_header = main_navigation


def _axe_on_a_phone(page, axe_check, name: str) -> None:
    """The page as it is (no reload: its state stays) at 390 px, then back to the width."""
    default = page.viewport_size
    page.set_viewport_size(PHONE)
    axe_check(page)
    _shot(page, f"{name}-ru-390")
    page.set_viewport_size(default)


def _first_answer(page):
    """The SLA panel's value for the first-answer target."""
    return page.locator("#ticket-state dt:text-is('Первый ответ') + dd")


@pytest.fixture
def people(live_app):
    """Ромашка on a running paid Standard contract (Анна its responsible contact), an agent,
    and a knowledge-base article in the search index."""
    from portal.accounts.organizations import add_member, create_organization
    from portal.accounts.services import create_user
    from portal.billing.models import SupportContract
    from portal.clock import today_in
    from portal.search import index

    with live_app.test_request_context():
        organization = create_organization("Ромашка", "Europe/Moscow")
        today = today_in(organization.timezone)
        first_day = today - timedelta(days=90)
        SupportContract.create(organization=organization, tier="standard", kind="paid",
                               first_day=first_day, last_day=first_day + timedelta(days=364),
                               annual_price=Decimal("72000.00"), currency="RUB")
        anna = create_user("anna@romashka.example", "Анна Соколова", PASSWORD, confirmed=True)
        add_member(organization, anna, 3, responsible=True)
        create_user("agent@lotsman.example", "Сергей Агентов", PASSWORD, role="agent",
                    confirmed=True)
        index.upsert_document("article", "troubleshooting/license-key-errors", "ru",
                              ARTICLE_TITLE, "Ключ лицензии записан в файле license.lic.",
                              ARTICLE_URL, ["crm"], "troubleshooting")
        index.upsert_document("article", "crm/updates", "ru", "Установка обновлений",
                              "Обновление CRM.", "/kb/crm/updates", ["crm"], "crm")
    return {"romashka": organization}


def _as_agent(live_app, number: str, act, *args) -> None:
    """A staff service on the ticket, as the agent, now, in the test's own process."""
    from portal.accounts.models import User
    from portal.clock import utc_now
    from portal.db import db
    from portal.policy import active_policy
    from portal.tickets.models import Ticket

    with live_app.app_context():
        db.connect(reuse_if_open=True)
        try:
            agent = User.by_email("agent@lotsman.example")
            act(active_policy(), Ticket.get(Ticket.number == number), agent, *args, utc_now())
        finally:
            db.close()


def test_file_follow_rate_and_reopen_a_ticket(live_server, live_app, smtp_server, page,
                                             axe_check, people):
    from portal.tickets import staff

    smtp_server.configure(live_app)  # replies and status changes may mail Анна

    # 1. Her tickets, from the header: none yet.
    _log_in(page, live_server, "anna@romashka.example")
    _header(page).get_by_role("link", name="Мои обращения").click()
    expect(page).to_have_url(live_server + "/tickets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои обращения")
    axe_check(page)
    _shot(page, "tickets-list-ru")

    # 2. The form offers an article while she types the subject (htmx, debounced).
    page.locator("main").get_by_role("button", name="Создать обращение").click()
    expect(page).to_have_url(live_server + "/tickets/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Создать обращение")
    page.evaluate("() => { window.notReloaded = true; }")
    subject = page.get_by_role("textbox", name="Тема", exact=True)
    subject.press_sequentially("ключ лицензии", delay=40)
    suggestions = page.get_by_role("complementary",
                                   name="Статьи, которые могут ответить на ваш вопрос")
    expect(suggestions).to_be_visible()
    article = suggestions.get_by_role("link", name=ARTICLE_TITLE)
    expect(article).to_have_attribute("href", ARTICLE_URL)
    expect(suggestions.get_by_role("button", name=re.compile("^Это помогло"))).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")  # only the fragment came in
    expect(subject).to_be_focused()
    expect(subject).to_have_value("ключ лицензии")
    axe_check(page)
    _shot(page, "ticket-new-ru")
    _axe_on_a_phone(page, axe_check, "ticket-new")

    # She does not take the article: she describes the problem and files the ticket.
    page.get_by_label("Что случилось").fill(
        "После переноса сервера CRM пишет «Продукт не лицензирован».")
    page.get_by_role("radio", name=re.compile("^2 —")).check()
    width, height = SCREENSHOT_SIZE
    page.get_by_label("Снимки экрана и файлы").set_input_files(
        {"name": "screen.png", "mimeType": "image/png", "buffer": png(width, height)})
    page.get_by_role("button", name="Отправить обращение").click()

    expect(page).to_have_url(re.compile(r"/tickets/TID-\d{4}-\d{6}$"))
    number = page.url.rsplit("/", 1)[1]
    expect(page.get_by_text(f"Обращение {number} создано.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("ключ лицензии")
    expect(page.locator("main hgroup p")).to_contain_text(number)
    timeline = page.get_by_role("list", name="История обращения")
    shot = timeline.get_by_role("img", name="Снимок экрана screen.png")
    expect(shot).to_be_visible()
    shot.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=shot.element_handle())
    assert shot.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [width, height]
    expect(_first_answer(page)).to_have_text(re.compile(r"^до "))
    expect(page.locator("#ticket-state")).to_contain_text("в работе")
    expect(page.locator("#ticket-state")).to_contain_text("приоритет 2")

    # 3. The agent replies; her open page shows it by polling, without a reload.
    ticket_url = page.url
    page.evaluate("() => { window.notReloaded = true; }")
    _as_agent(live_app, number, staff.reply, REPLY)
    reply = timeline.get_by_role("listitem").filter(has_text=REPLY)
    expect(reply).to_be_visible(timeout=12_000)  # the timeline polls every 5 s
    expect(reply).to_contain_text("Сергей Агентов")
    expect(_first_answer(page)).to_have_text("выполнено")
    assert page.url == ticket_url
    assert page.evaluate("() => window.notReloaded === true")
    # The next poll brings nothing new: the cursor moved on, the reply is not repeated.
    with page.expect_response(lambda r: f"/tickets/{number}/events" in r.url,
                              timeout=8_000) as polled:
        pass
    assert polled.value.status == 204
    expect(reply).to_have_count(1)
    axe_check(page)
    _shot(page, "ticket-replied-ru")
    _axe_on_a_phone(page, axe_check, "ticket-replied")

    # 4. The agent resolves it; she reloads, rates it and reopens it.
    _as_agent(live_app, number, staff.resolve)
    page.reload()
    expect(page.locator("#ticket-state .ticket-status")).to_have_text("решено")
    page.get_by_label("5 — отлично").check()
    page.get_by_label("Комментарий").fill("Спасибо")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page).to_have_url(ticket_url)
    expect(page.get_by_text("Спасибо за оценку!")).to_be_visible()
    expect(page.get_by_text("Ваша оценка: 5 из 5.")).to_be_visible()
    expect(timeline.get_by_role("listitem").filter(has_text="Оценка: 5 из 5.")).to_contain_text(
        "Спасибо")
    page.get_by_role("button", name="Открыть снова: проблема не решена").click()
    expect(page).to_have_url(ticket_url)
    expect(page.get_by_text("Обращение снова в работе.")).to_be_visible()
    expect(page.locator("#ticket-state .ticket-status")).to_have_text("в работе")
    expect(page.get_by_role("button", name="Открыть снова: проблема не решена")).to_have_count(0)
    axe_check(page)
    _shot(page, "ticket-reopened-ru")
    _axe_on_a_phone(page, axe_check, "ticket-reopened")

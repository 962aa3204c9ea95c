"""Chromium: an agent works a ticket from the queue to its bill, with axe on every page.

Ромашка is on a running paid Terrasoft Premium contract; Анна, its responsible contact, has two
tickets. The agent opens the queue from the header, finds the one due first on top, reaches it
with the keyboard (j, Enter), takes it, links a knowledge-base article into his reply, hands
the ticket to the second line and logs 90 minutes of consulting. Анна then sees the reply with
the article's address but none of the internal entries, and the hours used on her licenses page.
"""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_journey import _shot
from tests.plugins.browser import log_in, main_navigation

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AGENT = "Сергей Агентов"
ARTICLE_PATH = "/kb/troubleshooting/license-key-errors"
ARTICLE_TITLE = "Где найти ключ лицензии"
URGENT = "CRM не запускается после переноса сервера"
MINOR = "Опечатка в подписи отчёта"
SENTENCE = "Проверьте, пожалуйста, файл license.lic по этой инструкции."
LINE_L2 = "Вторая линия (системный отдел)"  # the preset's name of line l2
ESCALATION_REASON = "Нужна проверка СУБД после переноса"


def _log_in(page, live_server, email: str) -> None:
    log_in(page, live_server, email, PASSWORD)


_header = main_navigation


def _axe_at_both_widths(page, axe_check, name: str) -> None:
    """axe at 1280 px, then at 390 px on the page as it is (no reload), then back."""
    page.set_viewport_size(DESKTOP)
    axe_check(page)
    _shot(page, f"{name}-ru")
    page.set_viewport_size(PHONE)
    axe_check(page)
    _shot(page, f"{name}-ru-390")
    page.set_viewport_size(DESKTOP)


def _panel_part(page, summary: str):
    """One folded form of the staff panel, by the text of its summary."""
    return page.locator(".staff-panel details").filter(
        has=page.locator("summary", has_text=summary))


@pytest.fixture
def people(live_app, smtp_server):
    """Terrasoft: Ромашка on a running paid Premium contract (Анна its responsible contact),
    an agent, an indexed article, and two tickets of Анна: P3 filed first, then P1."""
    from portal.accounts.organizations import add_member, create_organization
    from portal.accounts.services import create_user
    from portal.billing.models import SupportContract
    from portal.clock import today_in, utc_now
    from portal.policy import active_policy
    from portal.search import index
    from portal.tickets.services import NewTicket, file_ticket

    live_app.config["POLICY_PRESET"] = "terrasoft"
    smtp_server.configure(live_app)  # filing and replies mail Анна
    with live_app.test_request_context():
        organization = create_organization("Ромашка", "Europe/Moscow")
        today = today_in(organization.timezone)
        first_day = today - timedelta(days=90)
        SupportContract.create(organization=organization, tier="premium", kind="paid",
                               first_day=first_day, last_day=first_day + timedelta(days=364),
                               annual_price=Decimal("12000.00"), currency="EUR")
        anna = create_user("anna@romashka.example", "Анна Соколова", PASSWORD, confirmed=True)
        add_member(organization, anna, 3, responsible=True)
        create_user("agent@lotsman.example", AGENT, PASSWORD, role="agent", confirmed=True)
        index.upsert_document("article", "troubleshooting/license-key-errors", "ru",
                              ARTICLE_TITLE, "Ключ лицензии записан в файле license.lic.",
                              ARTICLE_PATH, ["sales"], "troubleshooting")
        index.upsert_document("article", "sales/updates", "ru", "Установка обновлений",
                              "Обновление bpm'online.", "/kb/sales/updates", ["sales"], "sales")
        policy = active_policy()
        assert policy.code == "terrasoft"
        # Premium: P3 is answered within 2 hours, P1 within 30 minutes, so P1 is due first
        # although it is filed second.
        minor = file_ticket(policy, anna, NewTicket(
            subject=MINOR, description="В подписи отчёта по сделкам опечатка.",
            category="defect", product="sales", version="7.13", priority=3),
            "staff-journey-minor", utc_now())
        urgent = file_ticket(policy, anna, NewTicket(
            subject=URGENT, description="После переноса сервера CRM пишет «Продукт не "
            "лицензирован».", category="defect", product="sales", version="7.13", priority=1),
            "staff-journey-urgent", utc_now())
        assert urgent.next_due_at < minor.next_due_at
    return {"romashka": organization, "urgent": urgent.number, "minor": minor.number}


@pytest.fixture
def anna_page(browser):
    """Анна's own browser (a second context): Russian, fails on CSP violations too."""
    context = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not refused, f"Анна's page broke its Content-Security-Policy: {refused}"


def test_agent_takes_the_top_ticket_links_an_article_escalates_and_logs_time(
        live_server, live_app, page, anna_page, axe_check, people):
    urgent, minor = people["urgent"], people["minor"]
    ticket_path = f"/tickets/{urgent}"

    # 1-2. The queue from the header: the ticket due first is on top.
    _log_in(page, live_server, "agent@lotsman.example")
    _header(page).get_by_role("link", name="Очередь").click()
    expect(page).to_have_url(live_server + "/staff/queue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Очередь")
    rows = page.locator("#queue-list tbody tr[data-ticket]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-ticket", urgent)
    expect(rows.nth(1)).to_have_attribute("data-ticket", minor)
    expect(rows.nth(0)).to_contain_text(URGENT)
    expect(rows.nth(0)).to_contain_text("Премиум")
    expect(rows.nth(0)).to_contain_text("1 — Первый")
    expect(rows.nth(0)).to_contain_text("не назначено")
    expect(page.get_by_text("j/k — перемещение, Enter — открыть")).to_be_visible()
    _axe_at_both_widths(page, axe_check, "staff-queue")

    # The keyboard: j focuses the first row's link, Enter opens it.
    first_link = rows.nth(0).locator("a.queue-link")
    page.keyboard.press("j")
    expect(first_link).to_be_focused()
    expect(first_link).to_have_text(urgent)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + ticket_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(URGENT)

    # 3. He takes it.
    panel = page.locator(".staff-panel")
    expect(panel.get_by_role("heading", name="Работа с обращением")).to_be_visible()
    expect(panel).to_contain_text("Исполнитель: —")
    panel.get_by_role("button", name="Взять себе").click()
    expect(page).to_have_url(live_server + ticket_path)
    expect(panel).to_contain_text(f"Исполнитель: {AGENT}")
    expect(panel.get_by_role("button", name="Взять себе")).to_have_count(0)
    timeline = page.get_by_role("list", name="История обращения")
    expect(timeline.get_by_role("listitem").filter(
        has_text=f"Исполнитель: — → {AGENT}")).to_be_visible()

    # He finds the article and links it into the reply, then adds a sentence and sends.
    picker_field = page.get_by_label("Найти статью для ссылки")
    picker_field.press_sequentially("лицензии", delay=40)
    picker = page.locator("#article-picker")
    expect(picker.get_by_role("link", name=ARTICLE_TITLE)).to_have_attribute(
        "href", ARTICLE_PATH)
    # The button names its article for a screen reader ("Вставить ссылку: <title>").
    picker.get_by_role("button", name=re.compile(
        rf"^Вставить ссылку\s*:\s*{re.escape(ARTICLE_TITLE)}$")).click()
    reply_box = page.get_by_role("textbox", name="Ваше сообщение")
    # Links in replies use the portal's configured address, as mail does.
    article_address = live_app.config["BASE_URL"].rstrip("/") + ARTICLE_PATH
    expect(reply_box).to_have_value(f"{ARTICLE_TITLE}: {article_address}")
    expect(reply_box).to_be_focused()  # the cursor is after the link, ready for more
    page.keyboard.type(" " + SENTENCE)
    expect(reply_box).to_have_value(f"{ARTICLE_TITLE}: {article_address} {SENTENCE}")
    page.get_by_role("button", name="Отправить", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(live_server + ticket_path) + "(#latest)?$"))
    reply = timeline.get_by_role("listitem").filter(has_text=SENTENCE)
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text(article_address)
    expect(reply).to_contain_text(AGENT)
    expect(reply).to_contain_text("поддержка")

    # 4. He hands it to the second line, with a reason.
    line_part = _panel_part(page, "Передать на следующую линию")
    line_part.locator("summary").click()
    line_part.get_by_label("Линия поддержки").select_option(label=LINE_L2)
    reason = line_part.get_by_role("textbox", name="Причина")
    expect(reason, "the line form's reason field is named by its own label «Причина»"
           ).to_be_visible()
    reason.fill(ESCALATION_REASON)
    line_part.get_by_role("button", name="Передать", exact=True).click()
    expect(page.get_by_text("Передано на следующую линию.")).to_be_visible()
    handed = timeline.get_by_role("listitem").filter(has_text="Передано на линию поддержки")
    expect(handed).to_contain_text(f"Передано на линию поддержки «{LINE_L2}»")
    expect(handed).to_contain_text(ESCALATION_REASON)

    # 5. He logs 90 minutes of consulting.
    time_part = _panel_part(page, "Учесть время")
    time_part.locator("summary").click()
    minutes = time_part.get_by_label("Минуты")
    expect(minutes, "the time form's minutes field is named by its own label «Минуты»"
           ).to_be_visible()
    minutes.fill("90")
    time_part.get_by_label("Работа").select_option(label="Консультации")
    time_part.get_by_role("button", name="Учесть", exact=True).click()
    expect(page.get_by_text("Время учтено.")).to_be_visible()
    expect(panel).to_contain_text("учтено времени: 90 мин")
    logged = timeline.get_by_role("listitem").filter(has_text="Учтено 90 мин")
    expect(logged).to_contain_text("Учтено 90 мин (Консультации)")  # the work's name, not code
    expect(logged).to_contain_text("внутренняя заметка, клиент её не видит")
    _axe_at_both_widths(page, axe_check, "staff-ticket")

    # 6. Анна, in her own browser: the reply with the article, no internal entries.
    _log_in(anna_page, live_server, "anna@romashka.example")
    anna_page.goto(live_server + ticket_path)
    expect(anna_page.get_by_role("heading", level=1)).to_have_text(URGENT)
    her_timeline = anna_page.get_by_role("list", name="История обращения")
    her_reply = her_timeline.get_by_role("listitem").filter(has_text=SENTENCE)
    expect(her_reply).to_be_visible()
    expect(her_reply).to_contain_text(f"{ARTICLE_TITLE}: {article_address}")
    expect(her_timeline.get_by_role("listitem").filter(
        has_text="Передано на линию поддержки")).to_contain_text(LINE_L2)
    main_text = anna_page.locator("main").inner_text()
    for internal in ("Исполнитель:", "Учтено 90 мин", "учтено времени", "внутренняя заметка",
                     "Работа с обращением", "Взять себе"):
        assert internal not in main_text, f"Анна sees the internal «{internal}»"
    expect(anna_page.locator(".event-internal")).to_have_count(0)
    axe_check(anna_page)
    _shot(anna_page, "staff-journey-customer-ticket-ru")

    # Her licenses page counts the 90 minutes as 1.5 consulting hours used.
    _header(anna_page).get_by_role("link", name="Лицензии и поддержка").click()
    expect(anna_page.get_by_role("heading", level=1)).to_have_text("Лицензии и поддержка")
    support = anna_page.locator("section.entitlement")
    expect(support.locator(".entitlement-tier")).to_contain_text("Премиум")
    # Premium has no free hours and no hourly rate (consulting is part of the support).
    hours = support.locator("dt:text-is('Работа поддержки в этом году договора') + dd")
    expect(hours).to_contain_text("по обращениям учтено 1,5 ч, из них консультаций 1,5 ч")

"""Chromium: one page of every template, as the role that sees it, at 1280 and 390 px wide,
in Russian and English, each checked with axe; and every GET route is listed here."""
from __future__ import annotations

import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
WIDE = "x" * 40
# Wide enough to scroll sideways at 390 px: the article's code block and table must then be
# reachable by keyboard (axe scrollable-region-focusable).
WIDE_BLOCKS = (f"\n\n```\n{'echo ' + WIDE * 4}\n```\n\n"
               + "| " + " | ".join(f"{WIDE[:12]} {n}" for n in range(8)) + " |\n"
               + "|" + "---|" * 8 + "\n| " + " | ".join(str(n) for n in range(8)) + " |\n")

REPORTS = ("compliance", "times", "csat", "deflections", "backlog", "agents", "hours")
REPORT_RULE = f"/reports/<any({', '.join(REPORTS)}):report>"
# Who visits what: route rule -> (role, address). {ticket}, {order}, ... come from `people`.
VISITED = {
    "/": ("visitor", "/"),
    "/kb/": ("visitor", "/kb/"),
    "/kb/<category>": ("visitor", "/kb/basics"),
    "/kb/<category>/<slug>": ("visitor", "/kb/basics/first-steps"),
    "/kb/<category>/<slug>/<any(en):language>": ("visitor", "/kb/basics/first-steps/en"),
    "/kb/tags/<tag>": ("visitor", "/kb/tags/" + quote("начало работы")),
    "/search": ("visitor", "/search?q=" + quote("ключ")),
    "/prices": ("visitor", "/prices"),
    "/tiers": ("visitor", "/tiers"),
    "/hours": ("visitor", "/hours"),
    "/privacy": ("visitor", "/privacy"),
    "/login": ("visitor", "/login"),
    "/register": ("visitor", "/register"),
    "/register/sent": ("visitor", "/register/sent?email=new%40prospect.example"),
    "/reset": ("visitor", "/reset"),
    "/reset/<token>": ("visitor", "/reset/not-a-token"),
    "/confirm/<token>": ("visitor", "/confirm/not-a-token"),
    "/invitation/<token>": ("visitor", "/invitation/not-a-token"),
    "/demo/mail": ("visitor", "/demo/mail"),
    "/profile": ("customer", "/profile"),
    "/profile/email/<token>": ("customer", "/profile/email/not-a-token"),
    "/organizations/<int:organization_id>": ("customer", "/organizations/{organization}"),
    "/organizations/<int:organization_id>/licenses":
        ("customer", "/organizations/{organization}/licenses"),
    "/organizations/join": ("customer", "/organizations/join"),
    "/buy": ("customer", "/buy"),
    "/orders/<int:order_id>": ("customer", "/orders/{order}"),
    "/invoices/<int:invoice_id>": ("customer", "/invoices/{invoice}"),
    "/tickets/": ("customer", "/tickets/"),
    "/tickets/new": ("customer", "/tickets/new"),
    "/tickets/<number>": ("customer", "/tickets/{ticket}"),
    "/tickets/<number>/rate": ("customer", "/tickets/{ticket}/rate?score=5"),
    "/staff/queue": ("agent", "/staff/queue"),
    "/staff/payments": ("head", "/staff/payments"),
    "/admin/mail": ("admin", "/admin/mail"),
    "/tickets/inbound": ("admin", "/tickets/inbound"),
    "/community/": ("visitor", "/community/"),
    "/community/tags/<tag>": ("visitor", "/community/tags/csv"),
    "/community/products/<code>": ("visitor", "/community/products/crm"),
    "/community/questions/<int:question_id>": ("visitor", "/community/questions/{question}"),
    "/community/<kind>/<int:post_id>/history":
        ("visitor", "/community/questions/{question}/history"),
    "/community/unsubscribe/<token>": ("visitor", "/community/unsubscribe/{unsubscribe}"),
    "/community/ask": ("customer", "/community/ask"),
    "/community/questions/<int:question_id>/edit":
        ("customer", "/community/questions/{question}/edit"),
    "/community/report/<kind>/<int:post_id>": ("customer", "/community/report/answer/{answer}"),
    "/community/answers/<int:answer_id>/edit": ("agent", "/community/answers/{answer}/edit"),
    "/community/moderation": ("agent", "/community/moderation"),
    "/reports/": ("head", "/reports/"),
    REPORT_RULE: ("head", "/reports/compliance"),
    "/admin/": ("admin", "/admin/"),
    "/admin/organizations": ("admin", "/admin/organizations"),
    "/admin/organizations/<int:organization_id>": ("admin", "/admin/organizations/{organization}"),
    "/admin/contracts/<int:contract_id>": ("admin", "/admin/contracts/{contract}"),
    "/admin/licenses/<int:license_id>": ("admin", "/admin/licenses/{license}"),
    "/admin/prices": ("admin", "/admin/prices"),
    "/admin/users": ("admin", "/admin/users"),
    "/admin/audit": ("admin", "/admin/audit"),
    "/profile/tokens": ("customer", "/profile/tokens"),
    "/api/v1/docs": ("visitor", "/api/v1/docs"),
}
# The same template seen by another role: the staff side of a ticket.
ALSO_VISITED = [*(("head", f"/reports/{name}") for name in REPORTS[1:]),
                ("admin", "/reports/compliance?preset=year"),
                ("agent", "/tickets/{ticket}"), ("visitor", "/no-such-page"),
                ("customer", "/community/questions/{question}"),
                ("agent", "/community/questions/{question}")]

LEFT_OUT = {
    "/healthz": "JSON health check",
    "/profile/data.json": "the user's own data as a JSON file to download",
    "/invoices/<int:invoice_id>.pdf": "a PDF",
    "/tickets/<number>/attachments/<int:attachment_id>/<path:filename>": "an attachment file",
    "/tickets/<number>/mail/<int:inbound_id>": "a mail original (message/rfc822 text)",
    "/tickets/<number>/events": "htmx poll fragment (204 or out-of-band swaps)",
    "/search/suggest": "htmx fragment of the search box",
    "/tiers/preview": "htmx fragment of the SLA preview, shown inside /tiers",
    "/kb/<category>/<slug>/helpful": "htmx fragment of the helpful widget on the article",
    "/kb/<category>/<slug>/<any(en):language>/helpful": "htmx fragment, as above",
    "/kb/media/<path:path>": "an article's image file",
    "/staff/": "redirect to /staff/queue",
    "/community/suggest": "htmx fragment of the ask form's suggestions",
    "/community/answers/<int:answer_id>/article.md": "a Markdown file to download",
    REPORT_RULE + ".csv": "a report's CSV file",
    REPORT_RULE + "/chart.svg": "a report's chart (an SVG image inside the report's page)",
}
# The REST API answers JSON (tests/web/test_api_*.py); its readable page is /api/v1/docs.
LEFT_OUT.update(dict.fromkeys([
    "/api/v1/openapi.json", "/api/v1/tickets", "/api/v1/tickets/<number>",
    "/api/v1/tickets/<number>/attachments/<int:attachment_id>", "/api/v1/organizations",
    "/api/v1/organizations/<int:organization_id>/licenses",
    "/api/v1/organizations/<int:organization_id>/contracts",
    "/api/v1/organizations/<int:organization_id>/entitlement", "/api/v1/kb/search",
    "/api/v1/kb/categories", "/api/v1/kb/categories/<category>/articles",
    "/api/v1/kb/articles/<category>/<slug>", "/api/v1/tiers"], "JSON of the REST API"))

EMAILS = {"customer": "anna@romashka.example", "agent": "agent@lotsman.example",
          "head": "head@lotsman.example", "admin": "admin@lotsman.example"}


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    for name in ("first-steps.md", "first-steps.en.md"):
        article = root / "basics" / name
        article.write_text(article.read_text(encoding="utf-8") + WIDE_BLOCKS, encoding="utf-8")
    return {**app_config, "KB_DIR": str(root), "KB_SYNC_ON_START": True, "DEMO_MODE": True}


@pytest.fixture
def people(live_app):
    """Ромашка on a paid Standard contract with CRM licenses (Анна its responsible contact),
    her ticket and her order with its invoice; an agent, a head of support and an admin."""
    from portal.accounts.organizations import add_member, create_organization
    from portal.accounts.services import create_user
    from portal.billing.models import Invoice, License, SupportContract
    from portal.billing.orders import place_order
    from portal.billing.purchase import Purchase
    from portal.clock import today_in, utc_now
    from portal.policy import active_policy
    from portal.tickets.services import NewTicket, file_ticket

    with live_app.test_request_context():
        organization = create_organization("Ромашка", "Europe/Moscow")
        today = today_in(organization.timezone)
        first_day = today - timedelta(days=90)
        contract = SupportContract.create(
            organization=organization, tier="standard", kind="paid", first_day=first_day,
            last_day=first_day + timedelta(days=364), annual_price=Decimal("72000.00"),
            currency="RUB")
        owned = License.create(organization=organization, product="crm", edition="standard",
                               quantity=10, purchased_on=first_day, version="5.2",
                               license_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
        anna = create_user(EMAILS["customer"], "Анна Соколова", PASSWORD, confirmed=True)
        add_member(organization, anna, 3, responsible=True)
        for role in ("agent", "head", "admin"):
            create_user(EMAILS[role], f"{role.title()} Лоцман", PASSWORD, role=role,
                        confirmed=True)
        policy = active_policy()
        ticket = file_ticket(policy, anna, NewTicket(
            subject="Отчёт не строится", description="После обновления отчёт пустой.",
            category="defect", product="crm", version="5.2", priority=3),
            "every-page-ticket", utc_now())
        order = place_order(policy, anna, organization,
                            Purchase(tier="standard", buy={("crm", "standard"): 5}),
                            "prorate", "every-page-order", today, "ru")
        invoice = Invoice.get(Invoice.order == order)
        question, answer, unsubscribe = _community(anna)
    return {"organization": organization.id, "contract": contract.id, "license": owned.id,
            "ticket": ticket.number, "order": order.id,
            "invoice": invoice.id, "question": question, "answer": answer,
            "unsubscribe": unsubscribe}


def _community(anna) -> tuple[int, int, str]:
    """Анна's question, edited once, with the agent's accepted answer and a report on a
    comment; her unsubscribe link."""
    from portal.accounts.models import User
    from portal.clock import stored_now
    from portal.community import moderation, notify, services, votes

    now = stored_now()
    agent = User.by_email(EMAILS["agent"])
    question = services.ask(anna, services.QuestionText(
        "Как импортировать контакты из CSV?", "Импорт пишет «неверная кодировка». " + WIDE,
        "crm", "5.2", ["csv", "импорт"]), "every-page-question", now)
    services.edit_question(anna, question, services.QuestionText(
        "Как импортировать контакты из CSV-файла?", "Импорт пишет «неверная кодировка».",
        "crm", "5.2", ["csv", "импорт"]), now)
    answer = services.add_answer(agent, question, "Сохраните файл в **UTF-8**:\n\n"
                                 "```\niconv -f cp1251 -t utf-8 in.csv > out.csv\n```",
                                 "every-page-answer", now)
    votes.accept(anna, question, answer, now)
    comment = services.add_comment(anna, question, answer, "Спасибо, помогло!",
                                   "every-page-comment", now)
    moderation.report(agent, "comment", comment.id, "spam", "", now)
    return question.id, answer.id, notify.unsubscribe_token(anna, question.id)


def test_every_get_route_is_visited_or_left_out_with_a_reason(live_app):
    routes = {rule.rule for rule in live_app.url_map.iter_rules()
              if "GET" in rule.methods and rule.endpoint != "static"}
    missing = sorted(routes - set(VISITED) - set(LEFT_OUT))
    assert not missing, ("GET routes no page of tests/browser/test_every_page_axe.py visits: "
                         f"add each to VISITED (or to LEFT_OUT with a reason): {missing}")
    stale = sorted((set(VISITED) | set(LEFT_OUT)) - routes)
    assert not stale, f"listed routes the app no longer has: {stale}"
    assert all(reason.strip() for reason in LEFT_OUT.values())


def _log_in(tab, live_server, email: str) -> None:
    tab.goto(live_server + "/login")
    tab.get_by_label("Электронная почта").fill(email)
    tab.get_by_label("Пароль").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Войти").click()
    expect(tab.get_by_role("button", name="Выйти")).to_be_visible()


def _check_both_widths(tab, axe_check, failures: list[str], label: str) -> None:
    for viewport in (DESKTOP, PHONE):
        tab.set_viewport_size(viewport)
        try:
            axe_check(tab)
        except AssertionError as error:
            failures.append(f"[{label} at {viewport['width']} px] {error}")
    tab.set_viewport_size(DESKTOP)


def _wide_blocks_scroll_in_their_regions(tab) -> None:
    """At 390 px the article's wide table and code block scroll inside their focusable
    regions, not the page."""
    tab.set_viewport_size(PHONE)
    scrolling = tab.locator(".kb-body .scroll-region[tabindex='0'][aria-label]").evaluate_all(
        "regions => regions.filter(r => r.scrollWidth > r.clientWidth).length")
    assert scrolling >= 2, scrolling
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tab.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("role", ["visitor", "customer", "agent", "head", "admin"])
def test_every_page_passes_axe_at_both_widths_in_both_languages(
        live_server, browser, axe_check, people, role):
    addresses = [path for who, path in VISITED.values() if who == role]
    addresses += [path for who, path in ALSO_VISITED if who == role]
    context = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    failures: list[str] = []
    try:
        if role != "visitor":
            _log_in(tab, live_server, EMAILS[role])
        for language, button in (("ru", "English"), ("en", None)):
            for address in addresses:
                response = tab.goto(live_server + address.format(**people))
                # A made-up token shows the "this link does not work" notice (400).
                expected = (404 if address == "/no-such-page"
                            else 400 if "not-a-token" in address else 200)
                assert response and response.status == expected, (address, response)
                expect(tab.locator("html")).to_have_attribute("lang", language)
                _check_both_widths(tab, axe_check, failures, f"{role}, {language}, {address}")
                if "first-steps" in address:
                    _wide_blocks_scroll_in_their_regions(tab)
            if button:
                tab.goto(live_server + "/")
                tab.get_by_role("button", name=button).click()
                expect(tab.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)
    assert not refused, f"a page broke its Content-Security-Policy: {refused}"

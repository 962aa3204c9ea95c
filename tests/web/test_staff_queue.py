"""The staff queue: due-time order, overdue and at-risk marks, filters with their counts, my
tickets and my lines, saved views, the polled fragment, staff-only access, `portal staff lines`."""
from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest

from portal.accounts.models import User
from portal.db import db
from portal.staff import views as staff_views
from portal.staff.models import SavedView, StaffLine
from portal.tickets import staff
from portal.tickets.models import Ticket
from tests.plugins.tickets import MONDAY_TEN, MOSCOW

QUEUE = "/staff/queue"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def order(response) -> list[str]:
    """The ticket numbers of the queue's rows, top to bottom."""
    return re.findall(r'<tr data-ticket="([^"]+)"', response.get_data(as_text=True))


def row(response, number: str) -> str:
    """One row's text."""
    body = response.get_data(as_text=True)
    found = re.search(rf'<tr data-ticket="{number}".*?</tr>', body, re.DOTALL)
    assert found, f"{number} is not in the queue"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def options(response, name: str) -> dict[str, str]:
    """value -> shown text of the options of the filter `name`."""
    body = response.get_data(as_text=True)
    select = re.search(rf'<select id="queue-{name}" name="{name}".*?</select>', body, re.DOTALL)
    assert select, f"no {name} filter"
    return {value: html.unescape(label).strip() for value, label in re.findall(
        r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))}


def count(response, name: str, value: str) -> int:
    """The count shown beside one option: "Высокий (3)" -> 3."""
    return int(re.search(r"\((\d+)\)$", options(response, name)[value]).group(1))


def the_ticket(app, number) -> Ticket:
    with app.app_context():
        db.connect(reuse_if_open=True)
        return Ticket.get(Ticket.number == number)


def update(app, number, **values) -> None:
    """Set stored fields directly (what other services, not under test here, would write)."""
    with app.app_context():
        db.connect(reuse_if_open=True)
        Ticket.update(**values).where(Ticket.number == number).execute()


def as_staff(app, number, act, *args, email="agent@lotsman.example"):
    """Run a staff service on the ticket at the frozen now."""
    from portal.clock import utc_now
    from portal.policy import active_policy

    with app.app_context():
        db.connect(reuse_if_open=True)
        return act(active_policy(), Ticket.get(Ticket.number == number),
                   User.by_email(email), *args, utc_now())


def assign(app, number, email) -> None:
    """The agent gives the ticket to the staff member `email` (the tickets' staff service)."""
    with app.app_context():
        db.connect(reuse_if_open=True)
        to = User.by_email(email)
    as_staff(app, number, staff.assign, to)


def user_id(app, email) -> int:
    with app.app_context():
        return User.by_email(email).id


@pytest.fixture
def agent(client, auth, licensed):
    """Log in as the agent Сергей (after tickets were filed as Анна)."""
    def login(email: str = "agent@lotsman.example"):
        auth.logout()
        auth.login(email)
    return login


@pytest.fixture
def vektor(app, client, auth, make_user, make_org, make_contact, licensed):
    """Вектор on the Priority tier (make_org's best), Ольга its responsible contact; returns a
    filing function as Ольга."""
    organization = make_org("Вектор")
    olga = make_user(email="olga@vektor.example", name="Ольга")
    make_contact(olga, organization, responsible=True)

    def file(subject="Не приходят письма", priority=3, **extra):
        auth.logout()
        auth.login("olga@vektor.example")
        response = client.post("/tickets/new", data={
            "token": f"v-{subject}-{priority}", "subject": subject, "description": "Подробно",
            "category": "defect", "priority": str(priority), "product": "crm", **extra})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response.headers["Location"].rsplit("/", 1)[1]

    file.organization = organization
    return file


# --- order ---------------------------------------------------------------------------------
def test_the_queue_is_ordered_by_due_time_in_sql_with_no_due_time_last(
        app, client, file_ticket, agent, monkeypatch):
    # Standard, first answer from Monday 10:00: P1 12:00, P2 15:00, P3 Tue 10:00, P4 Wed 10:00.
    quiet = file_ticket(subject="Ответили, срок решения не гарантирован", priority=3)
    low = file_ticket(subject="Опечатка", priority=4)
    critical = file_ticket(subject="Всё упало", priority=1)
    medium = file_ticket(subject="Неудобный фильтр", priority=3)
    high = file_ticket(subject="Не строится отчёт", priority=2)
    done = file_ticket(subject="Уже решено", priority=1)
    as_staff(app, quiet, staff.reply, "Посмотрим")  # first answer met; P3 resolution: none
    as_staff(app, done, staff.resolve)
    assert the_ticket(app, quiet).next_due_at is None
    agent()
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert order(page) == [critical, high, medium, low, quiet]  # resolved: not in the queue
    # Paged in the database: page 1 holds the two soonest, whatever the filing order.
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    assert order(client.get(QUEUE)) == [critical, high]
    assert order(client.get(QUEUE + "?page=2")) == [medium, low]
    assert order(client.get(QUEUE + "?page=3")) == [quiet]
    assert "Страница 2 из 3" in text(client.get(QUEUE + "?page=2"))
    assert order(client.get(QUEUE + "?page=99")) == [quiet]  # past the end: the last page


def test_a_row_shows_the_ticket_and_its_due_time_in_the_viewers_zone(
        app, client, file_ticket, agent, make_user):
    number = file_ticket(subject="Всё упало", priority=1)
    assign(app, number, "agent@lotsman.example")
    agent()
    page = client.get(QUEUE)
    assert f'href="/tickets/{number}"' in page.get_data(as_text=True)
    shown = row(page, number)
    for part in (number, "Всё упало", "Ромашка", "Стандарт", "1 — Критический", "в работе",
                 "Сергей", "2 февр., 12:00"):
        assert part in shown, part
    make_user(role="agent", email="far@lotsman.example", timezone="Asia/Vladivostok")
    agent("far@lotsman.example")
    assert "2 февр., 19:00" in row(client.get(QUEUE), number)  # 12:00 Moscow is 19:00 there


# --- marks ---------------------------------------------------------------------------------
def test_at_risk_and_overdue_are_said_in_words_and_shapes_at_their_moments(
        app, client, file_ticket, agent, freeze_clock):
    number = file_ticket(priority=1)  # first answer due 12:00; 75 % of 2 hours used at 11:30
    ticket = the_ticket(app, number)
    assert ticket.at_risk_at == datetime(2026, 2, 2, 8, 30)  # 11:30 Moscow, stored UTC
    agent()
    freeze_clock(datetime(2026, 2, 2, 11, 29, tzinfo=MOSCOW))
    calm = row(client.get(QUEUE), number)
    assert "под угрозой" not in calm and "просрочено" not in calm
    freeze_clock(datetime(2026, 2, 2, 11, 30, tzinfo=MOSCOW))
    risky = client.get(QUEUE)
    assert "▲ под угрозой" in row(risky, number) and "просрочено" not in row(risky, number)
    assert 'class="queue-row-at_risk"' in risky.get_data(as_text=True)
    # Past the due time the stored answer is not refreshed yet (breached still false): the
    # queue says overdue from next_due_at alone.
    freeze_clock(datetime(2026, 2, 2, 12, 1, tzinfo=MOSCOW))
    assert the_ticket(app, number).breached is False
    late = row(client.get(QUEUE), number)
    assert "■ просрочено" in late and "под угрозой" not in late


def test_a_ticket_stored_as_breached_is_overdue_though_its_next_target_is_later(
        app, client, file_ticket, agent):
    number = file_ticket(priority=4)
    update(app, number, breached=True)
    agent()
    assert "■ просрочено" in row(client.get(QUEUE), number)
    update(app, number, breached=False)
    assert "просрочено" not in row(client.get(QUEUE), number)


# --- filters and counts --------------------------------------------------------------------
@pytest.fixture
def spread(app, file_ticket, vektor):
    """Five active tickets: Ромашка's (Standard) P1 and P2 assigned to me (Сергей), a P2 of
    Иван's waiting for the customer, an unassigned P3 on another product; Вектор's
    (Priority) unassigned P3."""
    me = user_id(app, "agent@lotsman.example")
    with app.app_context():
        from portal.accounts.services import create_user

        other = create_user("ivan@lotsman.example", "Иван", "correct-horse-battery",
                            role="agent", confirmed=True).id
    tickets = {
        "mine_p1": file_ticket(subject="Мой срочный", priority=1),
        "mine_p2": file_ticket(subject="Мой обычный", priority=2),
        "ivan_p2": file_ticket(subject="Ивана", priority=2),
        "free_p3": file_ticket(subject="Ничей", priority=3, product="desk"),
        "vektor_p3": vektor(subject="Вектора", priority=3),
    }
    assign(app, tickets["mine_p1"], "agent@lotsman.example")
    assign(app, tickets["mine_p2"], "agent@lotsman.example")
    assign(app, tickets["ivan_p2"], "ivan@lotsman.example")
    as_staff(app, tickets["ivan_p2"], staff.reply, "Пришлите журнал")
    as_staff(app, tickets["ivan_p2"], staff.set_status, "waiting")
    tickets["me"], tickets["ivan"] = me, other
    tickets["vektor"] = vektor.organization.id
    return tickets


def test_each_filter_narrows_the_queue(app, client, agent, spread):
    agent()
    romashka = the_ticket(app, spread["mine_p1"]).organization_id
    cases = {
        "priority=2": {"mine_p2", "ivan_p2"},
        "status=waiting": {"ivan_p2"},
        "status=open": {"mine_p1", "mine_p2", "free_p3", "vektor_p3"},
        "assignee=me": {"mine_p1", "mine_p2"},
        f"assignee={spread['ivan']}": {"ivan_p2"},
        "assignee=none": {"free_p3", "vektor_p3"},
        f"organization={spread['vektor']}": {"vektor_p3"},
        f"organization={romashka}": {"mine_p1", "mine_p2", "ivan_p2", "free_p3"},
        "tier=priority": {"vektor_p3"},
        "tier=standard": {"mine_p1", "mine_p2", "ivan_p2", "free_p3"},
        "product=desk": {"free_p3"},
        "priority=3&assignee=none&tier=standard": {"free_p3"},
        "priority=9&status=closed&assignee=x": set(spread) - {"me", "ivan", "vektor"},
    }
    for query, expected in cases.items():
        shown = set(order(client.get(f"{QUEUE}?{query}")))
        assert shown == {spread[name] for name in expected}, query


def test_counts_beside_each_option_are_over_the_other_filters(app, client, agent, spread):
    agent()
    page = client.get(QUEUE)
    assert options(page, "priority")["2"] == "2 — Высокий (2)"
    assert [count(page, "priority", v) for v in ("", "1", "2", "3", "4")] == [5, 1, 2, 2, 0]
    assert [count(page, "status", v) for v in ("", "open", "waiting", "deferred")] == [5, 4, 1, 0]
    assert count(page, "assignee", "me") == 2 and count(page, "assignee", "none") == 2
    assert count(page, "assignee", str(spread["ivan"])) == 1
    assert count(page, "tier", "standard") == 4 and count(page, "tier", "priority") == 1
    assert count(page, "product", "crm") == 4 and count(page, "product", "desk") == 1
    assert count(page, "organization", str(spread["vektor"])) == 1
    assert "Вектор (1)" in options(page, "organization").values()
    # Narrowed to my tickets: every other filter counts within them; the assignee filter
    # itself still counts over everything, so its options say what choosing them would show.
    mine = client.get(QUEUE + "?assignee=me")
    assert [count(mine, "priority", v) for v in ("", "1", "2", "3")] == [2, 1, 1, 0]
    assert count(mine, "organization", str(spread["vektor"])) == 0
    assert count(mine, "assignee", "none") == 2 and count(mine, "assignee", "") == 5
    assert 'value="me" data-label="Я" selected' in mine.get_data(as_text=True)
    # The counts travel with the polled list too, for queue.js to refresh the options.
    fragment = client.get(QUEUE + "?assignee=me", headers={"HX-Request": "true"})
    counts = re.search(r'data-counts="([^"]+)"', fragment.get_data(as_text=True)).group(1)
    assert '"priority":{"":2,"1":1,"2":1}' in html.unescape(counts)


def test_a_level_filter_where_the_policy_has_levels(app, client, agent, spread):
    agent()
    assert 'name="level"' not in client.get(QUEUE).get_data(as_text=True)  # demo: no levels
    update(app, spread["free_p3"], level="urgent")
    update(app, spread["vektor_p3"], level="consulting")
    app.config["POLICY_PRESET"] = "istom"
    assert order(client.get(QUEUE + "?level=urgent")) == [spread["free_p3"]]
    page = client.get(QUEUE)
    assert count(page, "level", "urgent") == 1 and count(page, "level", "consulting") == 1
    assert count(page, "level", "standard") == 0
    assert "Оперативная поддержка" in row(page, spread["free_p3"])  # iStom's name
    assert "<th scope=\"col\">Уровень</th>" in page.get_data(as_text=True)


def test_my_tickets_are_the_ones_assigned_to_me(app, client, agent, spread):
    agent()
    page = client.get(QUEUE)
    assert '<a href="/staff/queue?assignee=me">Мои обращения</a>' in page.get_data(as_text=True)
    assert set(order(client.get(QUEUE + "?assignee=me"))) == {spread["mine_p1"],
                                                               spread["mine_p2"]}
    agent_ivan = "ivan@lotsman.example"
    agent(agent_ivan)
    assert order(client.get(QUEUE + "?assignee=me")) == [spread["ivan_p2"]]


# --- support lines -------------------------------------------------------------------------
def test_staff_lines_command_sets_the_lines_and_refuses_what_it_cannot(app, runner, licensed,
                                                                      make_user):
    app.config["POLICY_PRESET"] = "procrm"
    result = runner.invoke(args=["staff", "lines", "agent@lotsman.example", "sla3", "sla1"])
    assert result.exit_code == 0, result.output
    assert "agent@lotsman.example: sla1, sla3" in result.output
    with app.app_context():
        assert StaffLine.codes_of(User.by_email("agent@lotsman.example")) == ["sla1", "sla3"]
    again = runner.invoke(args=["staff", "lines", "agent@lotsman.example", "sla2"])
    assert again.exit_code == 0, again.output
    unknown = runner.invoke(args=["staff", "lines", "agent@lotsman.example", "sla2", "sla9"])
    assert unknown.exit_code != 0 and "sla9" in unknown.output
    assert "sla1, sla2, sla3" in unknown.output  # the known ones are named
    customer = runner.invoke(args=["staff", "lines", "anna@romashka.example", "sla1"])
    assert customer.exit_code != 0 and "Only support staff" in customer.output
    nobody = runner.invoke(args=["staff", "lines", "nobody@example.com", "sla1"])
    assert nobody.exit_code != 0 and "nobody@example.com" in nobody.output
    with app.app_context():
        assert StaffLine.codes_of(User.by_email("agent@lotsman.example")) == ["sla2"]
        assert StaffLine.codes_of(User.by_email("anna@romashka.example")) == []
    app.config["POLICY_PRESET"] = "demo"
    demo = runner.invoke(args=["staff", "lines", "agent@lotsman.example", "sla2"])
    assert demo.exit_code != 0 and "no support lines" in demo.output


def test_my_lines_filter_and_the_line_counts(app, client, runner, agent, spread):
    app.config["POLICY_PRESET"] = "procrm"
    for name, line in (("mine_p1", "sla1"), ("mine_p2", "sla2"), ("ivan_p2", "sla3"),
                       ("free_p3", "sla3")):
        update(app, spread[name], line=line)
    agent()
    page = client.get(QUEUE)
    assert "mine" not in options(page, "line")  # no lines of my own yet
    assert client.get(QUEUE + "?line=mine").status_code == 200
    assert order(client.get(QUEUE + "?line=mine")) == []
    assert runner.invoke(args=["staff", "lines", "agent@lotsman.example", "sla1",
                               "sla3"]).exit_code == 0
    page = client.get(QUEUE)
    assert options(page, "line")["mine"] == "Мои линии (3)"
    assert [count(page, "line", v) for v in ("sla1", "sla2", "sla3", "none")] == [1, 1, 2, 1]
    assert '<a href="/staff/queue?line=mine">Мои линии</a>' in page.get_data(as_text=True)
    assert set(order(client.get(QUEUE + "?line=mine"))) == {
        spread["mine_p1"], spread["ivan_p2"], spread["free_p3"]}
    assert order(client.get(QUEUE + "?line=none")) == [spread["vektor_p3"]]
    assert order(client.get(QUEUE + "?line=sla2")) == [spread["mine_p2"]]
    assert "SLA2 — менеджер проектов" in row(page, spread["mine_p2"])
    narrowed = client.get(QUEUE + "?line=mine&priority=2")
    assert order(narrowed) == [spread["ivan_p2"]] and count(narrowed, "line", "mine") == 1


def test_the_demo_policy_has_no_lines_so_no_line_filter(client, agent, spread):
    agent()
    assert 'name="line"' not in client.get(QUEUE).get_data(as_text=True)


# --- saved views ---------------------------------------------------------------------------
def test_saved_views_are_created_listed_updated_and_deleted_by_their_owner_only(
        app, client, agent, spread, make_user):
    agent()
    saved = client.post("/staff/views", data={
        "name": "  Срочные  мои ", "query": "priority=1&assignee=me&page=3&bogus=x&status=closed"})
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith("/staff/queue?priority=1&assignee=me")
    with app.app_context():
        (view,) = SavedView.select()
    assert (view.name, view.query) == ("Срочные мои", "priority=1&assignee=me")
    page = client.get(saved.headers["Location"])
    assert "Подборка «Срочные мои» сохранена." in text(page)
    assert '<a href="/staff/queue?priority=1&amp;assignee=me">Срочные мои</a>' in (
        page.get_data(as_text=True))
    assert order(page) == [spread["mine_p1"]]
    # The same name again takes the new filters.
    assert client.post("/staff/views", data={"name": "Срочные мои", "query": "priority=2"}
                       ).status_code == 303
    with app.app_context():
        assert [(v.name, v.query) for v in SavedView.select()] == [("Срочные мои",
                                                                    "priority=2")]
    refused = client.post("/staff/views", data={"name": "   ", "query": "priority=2"})
    assert refused.status_code == 422 and "Назовите подборку." in text(refused)
    # Another agent neither sees nor deletes it.
    agent("ivan@lotsman.example")
    assert "Срочные мои" not in text(client.get(QUEUE))
    assert client.post(f"/staff/views/{view.id}/delete").status_code == 404
    with app.app_context():
        assert SavedView.select().count() == 1
    agent()
    deleted = client.post(f"/staff/views/{view.id}/delete")
    assert deleted.status_code == 303
    assert "Подборка «Срочные мои» удалена." in text(client.get(QUEUE))
    with app.app_context():
        assert SavedView.select().count() == 0
    assert client.post(f"/staff/views/{view.id}/delete").status_code == 404


def test_saving_a_view_needs_the_forms_csrf_token(csrf_app, make_user):
    make_user(role="agent", email="csrf@lotsman.example")
    client = csrf_app.test_client()

    def token(path):
        return re.search(r'name="csrf-token" content="([^"]+)"',
                         client.get(path).get_data(as_text=True)).group(1)

    client.post("/login", data={"email": "csrf@lotsman.example",
                                "password": "correct-horse-battery",
                                "csrf_token": token("/login")})
    assert client.post("/staff/views", data={"name": "Без токена"}).status_code == 400
    assert client.post("/staff/views", data={"name": "С токеном", "query": "",
                                             "csrf_token": token(QUEUE)}).status_code == 303
    with csrf_app.app_context():
        assert [v.name for v in SavedView.select()] == ["С токеном"]


# --- htmx ----------------------------------------------------------------------------------
def test_the_list_is_a_fragment_polled_every_20_seconds_with_the_filters(client, agent,
                                                                         spread):
    agent()
    page = client.get(QUEUE + "?priority=2").get_data(as_text=True)
    poller = re.search(r'<div id="queue-poller"[^>]*>', page).group(0)
    assert 'hx-trigger="every 20s"' in poller and 'hx-get="/staff/queue"' in poller
    assert 'hx-include="#queue-filters, #queue-list .queue-page"' in poller
    assert 'hx-target="#queue-list"' in poller
    # Nothing around the list's links lends them htmx attributes (hx-include is inherited).
    assert re.search(r'<div id="queue-list" class="queue-list">', page)
    form = re.search(r'<form id="queue-filters"[^>]*>', page, re.DOTALL).group(0)
    assert 'hx-push-url="true"' in form and 'hx-target="#queue-list"' in form
    assert 'hx-trigger="change, submit"' in form
    assert "j/k — перемещение, Enter — открыть" in page
    fragment = client.get(QUEUE + "?priority=2&page=1", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert "<html" not in body and "queue-filters" not in body and "<h1" not in body
    assert '<input type="hidden" name="page" value="1" class="queue-page">' in body
    assert ' id="' not in body.split("<tbody>")[0]  # htmx would carry over old attributes
    assert set(order(fragment)) == {spread["mine_p2"], spread["ivan_p2"]}


def test_the_header_links_the_queue_for_staff_only(client, auth, agent):
    agent()
    assert '<a href="/staff/queue">Очередь</a>' in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login("anna@romashka.example")
    assert "/staff/queue" not in client.get("/").get_data(as_text=True)


# --- who may -------------------------------------------------------------------------------
def _staff_urls(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule)
        found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_every_staff_url_is_refused_to_customers_and_sends_visitors_to_log_in(
        app, client, auth, agent, spread):
    urls = _staff_urls(app)
    assert ("GET", "/staff/queue") in urls and ("POST", "/staff/views/1/delete") in urls
    with app.app_context():
        view = SavedView.create(user=spread["me"], name="Моя", query="priority=1")
    auth.logout()
    for method, path in urls:
        answer = client.open(path.replace("/1/", f"/{view.id}/"), method=method,
                             data={"name": "x"})
        assert answer.status_code == 302, (method, path)
        assert urlsplit(answer.headers["Location"]).path == "/login", (method, path)
    for email in ("anna@romashka.example", "olga@vektor.example"):
        auth.login(email)
        for method, path in urls:
            answer = client.open(path.replace("/1/", f"/{view.id}/"), method=method,
                                 data={"name": "x"})
            assert answer.status_code == 403, (email, method, path)
        auth.logout()
    with app.app_context():
        assert [v.name for v in SavedView.select()] == ["Моя"]  # nothing saved or deleted
    for role in ("head", "admin"):
        agent_email = f"{role}@lotsman.example"
        with app.app_context():
            from portal.accounts.services import create_user

            create_user(agent_email, role, "correct-horse-battery", role=role, confirmed=True)
        auth.login(agent_email)
        assert client.get(QUEUE).status_code == 200, role
        auth.logout()


def test_an_empty_queue_says_so(client, agent, freeze_clock):
    agent()
    assert "Очередь пуста: активных обращений нет." in text(client.get(QUEUE))
    assert "Нет активных обращений с такими фильтрами." in text(client.get(QUEUE + "?priority=1"))
    assert client.get("/staff/").headers["Location"].endswith(QUEUE)


def test_the_queue_keeps_moving_when_time_passes(app, client, file_ticket, agent, freeze_clock):
    """The due order is the stored answer's: a later due ticket filed first stays after."""
    later = file_ticket(priority=3)
    freeze_clock(MONDAY_TEN + timedelta(minutes=30))
    sooner = file_ticket(priority=1)
    agent()
    assert order(client.get(QUEUE)) == [sooner, later]

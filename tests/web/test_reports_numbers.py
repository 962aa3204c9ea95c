"""The head of support's reports on a hand-built set of tickets (demo preset, Moscow office
09:00-13:00 and 14:00-18:00 on working days), each number worked out by hand below.

Standard tier (Ромашка), filed Monday 2 February 2026 unless said:
- T1 P2 10:00; reply 11:00 (first response 4 h, met, 60 min); resolved 12:00 (resolution
  5 working days, met, 120 min); progress update from 11:00 met by the resolution; rated 5.
- T2 P1 10:00; reply 14:30 (first response 2 h was due 12:00: breached, 180 + 30 = 210 min);
  resolved 16:00 (1 working day, due Tue 10:00: met, 180 + 120 = 300 min); update met; rated 2.
- T3 P3 10:00; no answer: first response 8 h due Tue 10:00, still running when stored, so
  breached at the report's now (Wed 4 Feb 12:00); resolution P3 has no guarantee.
- T4 P4 10:00; reply 10:30 (16 h, met, 30 min); resolution without guarantee; no update target.
- T7 P2 Wed 09:00: first response due 13:00, running at now (left out).
Priority tier (Вектор):
- T5 P3 10:00; reply 11:00 (4 h, met, 60 min); update every 8 h from 11:00 due Tue 11:00,
  never given: breached at now; resolution 80 h still running (left out).
January: T6 Standard P2 Thu 15 Jan 10:00, reply 10:30 (met), resolved 11:00 (met, update met).
"""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import datetime

import pytest

from portal.accounts.models import User
from portal.db import db
from portal.tickets import services, staff
from portal.tickets.models import Ticket
from portal.tickets.outcomes import SlaOutcome
from tests.plugins.tickets import MOSCOW

NOW = datetime(2026, 2, 4, 12, 0, tzinfo=MOSCOW)
FEBRUARY = "from=2026-02-01&to=2026-02-28"


def at(day, hour, minute=0, month=2):
    return datetime(2026, month, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def tickets(app, mailbox, freeze_clock, licensed, make_user, make_org, make_contact):
    """The tickets of the module's docstring, built through the services at their moments."""
    from portal.policy import active_policy

    vektor = make_org("Вектор")  # the preset's best tier: Priority
    olga = make_user(email="olga@vektor.example", name="Ольга")
    make_contact(olga, vektor, responsible=True)
    maria = make_user(role="agent", email="maria@lotsman.example", name="Мария")
    head = make_user(role="head", email="head@lotsman.example", name="Ирина")
    numbers = {}
    with app.test_request_context():
        db.connect(reuse_if_open=True)
        policy = active_policy()
        anna = User.by_email("anna@romashka.example")
        agent = User.by_email("agent@lotsman.example")

        def file(key, who, priority, moment):
            freeze_clock(moment)
            ticket = services.file_ticket(policy, who, services.NewTicket(
                subject=f"Тикет {key}", description="Подробно", category="defect",
                product="crm", priority=priority), f"report-{key}", moment)
            numbers[key] = ticket.number
            return ticket

        def act(moment, action, ticket, *args):
            freeze_clock(moment)
            ticket = Ticket.get_by_id(ticket.id)
            return action(policy, ticket, agent, *args, moment) if args else \
                action(policy, ticket, agent, moment)

        t6 = file("T6", anna, 2, at(15, 10, month=1))
        act(at(15, 10, 30, month=1), staff.reply, t6, "Смотрим")
        act(at(15, 11, month=1), staff.resolve, t6)
        t1, t2, t3, t4 = (file(key, anna, priority, at(2, 10)) for key, priority in
                          (("T1", 2), ("T2", 1), ("T3", 3), ("T4", 4)))
        t5 = file("T5", olga, 3, at(2, 10))
        act(at(2, 10, 30), staff.reply, t4, "Принято")
        act(at(2, 11), staff.reply, t1, "Смотрим")
        act(at(2, 11), staff.reply, t5, "Смотрим")
        act(at(2, 12), staff.resolve, t1)
        act(at(2, 14, 30), staff.reply, t2, "Смотрим")
        act(at(2, 16), staff.resolve, t2)
        for ticket in (t1, t2, t3):
            act(at(2, 16, 30), staff.assign, ticket, agent)
        act(at(2, 16, 30), staff.assign, t5, maria)
        freeze_clock(at(3, 10))
        services.rate(Ticket.get_by_id(t1.id), anna, 5, "Быстро", at(3, 10))
        services.rate(Ticket.get_by_id(t2.id), anna, 2, "Долго ждали", at(3, 10))
        services.record_deflection(anna, "/kb/basics/first-steps", "Как начать")
        services.record_deflection(None, "/kb/basics/first-steps", "Начало")
        services.record_deflection(None, "/kb/crm/import", "Импорт")
        staff.log_time(Ticket.get_by_id(t1.id), agent, 420, "consulting", False, at(3, 10))
        file("T7", anna, 2, at(4, 9))
    freeze_clock(NOW)
    return {"numbers": numbers, "head": head}


def as_head(client, auth):
    auth.logout()
    auth.login("head@lotsman.example")


def table(response, key: str) -> list[list[str]]:
    """The rows of the report table `key`, each cell's text."""
    body = response.get_data(as_text=True)
    found = re.search(rf'<table id="report-{key}">.*?<tbody>(.*?)</tbody>', body, re.DOTALL)
    assert found, f"no table {key}"
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.DOTALL)]


def test_outcomes_are_stored_with_every_refresh(app, tickets):
    with app.app_context():
        t3 = Ticket.get(Ticket.number == tickets["numbers"]["T3"])
        rows = {(o.kind, o.status) for o in SlaOutcome.select().where(SlaOutcome.ticket == t3)}
        assert rows == {("first_response", "running"), ("resolution", "no_guarantee")}
        t2 = Ticket.get(Ticket.number == tickets["numbers"]["T2"])
        used = {o.kind: (o.status, o.used_minutes) for o in
                SlaOutcome.select().where(SlaOutcome.ticket == t2)}
        assert used == {"first_response": ("breached", 210), "resolution": ("met", 300),
                        "update_interval": ("met", 90)}


def test_compliance_per_target_against_the_bar(client, auth, tickets):
    as_head(client, auth)
    page = client.get(f"/reports/compliance?{FEBRUARY}")
    assert page.status_code == 200
    # first response 3 met (T1 T4 T5) 2 breached (T2 late, T3 still running past due);
    # resolution 2/0 (T7, T5 running and T3, T4 without guarantee left out); updates 2/1.
    assert table(page, "overall") == [
        ["Первый ответ", "3", "2", "60.0", "нет"],
        ["Решение", "2", "0", "100.0", "да"],
        ["Отчёт о ходе работ", "2", "1", "66.7", "нет"],
        ["Все цели", "7", "3", "70.0", "нет"]]
    assert table(page, "tier") == [
        ["Приоритет", "Первый ответ", "1", "0", "100.0", "да"],
        ["Приоритет", "Отчёт о ходе работ", "0", "1", "0.0", "нет"],
        ["Стандарт", "Первый ответ", "2", "2", "50.0", "нет"],
        ["Стандарт", "Решение", "2", "0", "100.0", "да"],
        ["Стандарт", "Отчёт о ходе работ", "2", "0", "100.0", "да"]]
    by_priority = table(page, "priority")
    assert by_priority[0][:4] == ["P1 Критический", "Первый ответ", "0", "1"]
    assert "Норма регламента: 90 %." in page.get_data(as_text=True)  # the demo preset's bar


def test_january_is_outside_february_and_a_month_of_its_own(client, auth, tickets):
    as_head(client, auth)
    page = client.get("/reports/compliance?from=2026-01-01&to=2026-02-28")
    months = table(page, "month")
    assert months[:3] == [["2026-01", "Первый ответ", "1", "0", "100.0", "да"],
                          ["2026-01", "Решение", "1", "0", "100.0", "да"],
                          ["2026-01", "Отчёт о ходе работ", "1", "0", "100.0", "да"]]
    assert months[3] == ["2026-02", "Первый ответ", "3", "2", "60.0", "нет"]


def test_median_and_90th_percentile_in_business_hours(client, auth, tickets):
    as_head(client, auth)
    # first responses 30, 60, 60, 210 min: median (2nd) 60, p90 (4th) 210;
    # resolutions 120, 300: median (1st) 120, p90 (2nd) 300.
    rows = table(client.get(f"/reports/times?{FEBRUARY}"), "times")
    assert rows == [["Первый ответ", "4", "1.00", "3.50"], ["Решение", "2", "2.00", "5.00"]]


def test_csat_deflections_backlog_and_load(client, auth, tickets):
    as_head(client, auth)
    csat = client.get(f"/reports/csat?{FEBRUARY}")
    assert table(csat, "summary") == [["2", "3.50"]]
    assert table(csat, "scores") == [["5", "1"], ["4", "0"], ["3", "0"], ["2", "1"], ["1", "0"]]
    assert sorted(r[2] for r in table(csat, "comments")) == ["Быстро", "Долго ждали"]
    deflected = client.get(f"/reports/deflections?{FEBRUARY}")
    assert table(deflected, "total") == [["3"]]
    assert table(deflected, "articles") == [["/kb/basics/first-steps", "2"],
                                            ["/kb/crm/import", "1"]]
    # Active: T7 filed 3 h ago; T3, T4, T5 two days ago.
    assert table(client.get("/reports/backlog"), "backlog") == [
        ["меньше суток", "1"], ["1–3 дня", "3"], ["3–7 дней", "0"], ["7–30 дней", "0"],
        ["больше 30 дней", "0"]]
    # Сергей: T3 active and overdue, T1 and T2 resolved; Мария: T5 overdue (update due
    # Tue 11:00); unassigned T4 (nothing due) and T7 (due 13:00).
    assert table(client.get(f"/reports/agents?{FEBRUARY}"), "agents") == [
        ["Мария", "1", "1", "0"], ["Сергей", "1", "1", "2"], ["Не назначен", "2", "0", "0"]]


def test_consulting_hours_beyond_the_free_ones_ready_for_an_invoice(client, auth, tickets):
    as_head(client, auth)
    page = client.get(f"/reports/hours?{FEBRUARY}")
    # Standard: 5 free hours a year, then 3000 RUB/h; 7 h logged -> 2 h billed, 6000.00.
    assert table(page, "hours") == [
        ["Вектор", "2020-01-01 – 2099-12-31", "20", "0.00", "0.00", "0.00", "RUB"],
        ["Ромашка", "2026-01-01 – 2026-12-31", "5", "7.00", "2.00", "6000.00", "RUB"]]
    assert table(page, "lines") == [
        ["Ромашка", "консультации сверх бесплатных часов", "2.00", "3000.00", "6000.00", "RUB"]]


def test_csv_holds_the_tables_numbers(client, auth, tickets):
    as_head(client, auth)
    response = client.get(f"/reports/compliance.csv?{FEBRUARY}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="compliance-2026-02-01-2026-02-28.csv"' in \
        response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Все цели, срок которых пришёлся на период"]
    assert rows[2] == ["Первый ответ", "3", "2", "60.0", "нет"]
    assert ["Все цели", "7", "3", "70.0", "нет"] in rows


def test_a_chart_is_an_svg_image_without_script(client, auth, tickets):
    as_head(client, auth)
    page = client.get(f"/reports/compliance?{FEBRUARY}").get_data(as_text=True)
    assert f'src="/reports/compliance/chart.svg?{FEBRUARY.replace("&", "&amp;")}"' in page
    response = client.get(f"/reports/compliance/chart.svg?{FEBRUARY}")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg
    assert "Целей выполнено по месяцам" in svg
    assert response.headers["Content-Security-Policy"] == \
        "default-src 'none'; style-src 'unsafe-inline'"


def test_reports_are_for_the_head_of_support_and_admins_only(client, auth, tickets,
                                                              make_user):
    auth.login("agent@lotsman.example")
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/compliance.csv").status_code == 403
    auth.logout()
    to_login = client.get("/reports/times")
    assert to_login.status_code == 302 and "/login" in to_login.headers["Location"]
    make_user(role="admin", email="admin@lotsman.example")
    auth.login("admin@lotsman.example")
    assert client.get("/reports/").status_code == 200


def test_the_period_picker_refuses_a_reversed_period(client, auth, tickets):
    as_head(client, auth)
    page = client.get("/reports/csat?from=2026-03-01&to=2026-02-01")
    assert page.status_code == 422
    assert "Период заканчивается раньше, чем начинается." in page.get_data(as_text=True)
    last_month = client.get("/reports/csat?preset=last_month").get_data(as_text=True)
    assert "1 янв. 2026\u202fг. – 31 янв. 2026\u202fг." in html.unescape(last_month)


def test_portal_reports_outcomes_stores_the_outcomes_of_older_tickets(app, runner, tickets):
    with app.app_context():
        SlaOutcome.delete().execute()  # as before migration 0090
    result = runner.invoke(args=["reports", "outcomes"])
    assert result.exit_code == 0, result.output
    assert "stored the target outcomes of 7 ticket(s)" in result.output
    with app.app_context():
        t2 = Ticket.get(Ticket.number == tickets["numbers"]["T2"])
        assert {(o.kind, o.status) for o in SlaOutcome.select().where(
            SlaOutcome.ticket == t2)} == {("first_response", "breached"), ("resolution", "met"),
                                         ("update_interval", "met")}


def test_ascon_counts_three_of_four_on_time_as_reaching_its_75_percent_bar(
        app, client, auth, make_user, freeze_clock):
    """ASCON: "at least 75 % of requests solved in time". Outcome rows written by hand: 3 of
    4 resolutions met is exactly the bar (reached); 2 of 3 first answers is not."""
    from decimal import Decimal

    from portal.reports.queries import Share

    freeze_clock(NOW)
    app.config["POLICY_PRESET"] = "ascon"
    make_user(role="head", email="head@lotsman.example")
    customer = make_user(email="ivan@ascon-client.example")
    with app.app_context():
        for n, (kind, status) in enumerate([("resolution", "met")] * 3
                                           + [("resolution", "breached")]
                                           + [("first_response", "met")] * 2
                                           + [("first_response", "breached")]):
            ticket = Ticket.create(number=f"TID-2026-{n:06d}", token=f"a{n}", requester=customer,
                                   tier="warranty", category="defect", subject="Вопрос",
                                   mail_token=f"m{n}")
            SlaOutcome.create(ticket=ticket, position=0, kind=kind, status=status,
                              started_at=datetime(2026, 2, 2, 7), due_at=datetime(2026, 2, 3, 7),
                              tier="warranty", product="kompas")
    auth.login("head@lotsman.example")
    page = client.get(f"/reports/compliance?{FEBRUARY}")
    assert table(page, "overall") == [
        ["Первый ответ", "2", "1", "66.7", "нет"], ["Решение", "3", "1", "75.0", "да"],
        ["Все цели", "5", "2", "71.4", "нет"]]
    assert "Норма регламента: 75 %." in page.get_data(as_text=True)
    assert Share("", "resolution", 3, 1).reaches(Decimal("0.75")) is True
    assert Share("", "resolution", 2, 1).reaches(Decimal("0.75")) is False
    assert Share("", "resolution", 0, 0).reaches(Decimal("0.75")) is None


def test_a_target_due_just_after_midnight_in_moscow_counts_in_that_month(
        app, client, auth, make_user, freeze_clock):
    """Due 1 March 00:30 Moscow = 28 February 21:30 UTC: the month is March where the portal
    shows time (Europe/Moscow), not February."""
    freeze_clock(datetime(2026, 3, 10, 12, 0, tzinfo=MOSCOW))
    make_user(role="head", email="head@lotsman.example")
    customer = make_user(email="night@client.example")
    with app.app_context():
        ticket = Ticket.create(number="TID-2026-000900", token="night", requester=customer,
                               tier="priority", category="defect", subject="Ночью",
                               mail_token="night")
        SlaOutcome.create(ticket=ticket, position=0, kind="first_response", status="met",
                          started_at=datetime(2026, 2, 28, 21, 0),
                          due_at=datetime(2026, 2, 28, 21, 30), tier="priority")
    auth.login("head@lotsman.example")
    months = table(client.get("/reports/compliance?from=2026-02-01&to=2026-03-31"), "month")
    assert months == [["2026-03", "Первый ответ", "1", "0", "100.0", "да"]]
    february = table(client.get("/reports/compliance?from=2026-02-01&to=2026-02-28"), "month")
    assert february == [["За этот период ничего нет."]]

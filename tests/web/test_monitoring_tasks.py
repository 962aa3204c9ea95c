"""The SLA watch with a fixed now (demo preset: Moscow office 09:00-13:00 and 14:00-18:00 on
working days, at-risk at 75 % of a target, resolved tickets close after 7 days).

Ромашка is on Standard: P1 first answer 2 office hours, resolution 1 working day (8 h);
P2 first answer 4 h, progress update every 16 office hours. Monday is 2 February 2026.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from portal.accounts.models import User
from portal.db import db
from portal.domain.tickets import CLOSED, OPEN, RESOLVED
from portal.mail.models import OutboxMessage
from portal.tickets import monitoring, services, staff
from portal.tickets.models import Ticket
from portal.tickets.outcomes import SlaOutcome
from tests.plugins.tickets import MOSCOW

STAFF_MAIL = ("sla_at_risk", "sla_breach", "sla_update_due")


def at(day, hour, minute=0):
    return datetime(2026, 2, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def desk(app, mailbox, freeze_clock, licensed, make_user):
    """File tickets and act on them at given moments; run the watch; read what was mailed."""
    from portal.policy import active_policy

    make_user(role="head", email="head@lotsman.example", name="Ирина")

    class Desk:
        def __init__(self):
            self.context = app.test_request_context()
            self.context.push()
            db.connect(reuse_if_open=True)
            self.policy = active_policy()
            self.anna = User.by_email("anna@romashka.example")
            self.agent = User.by_email("agent@lotsman.example")

        def file(self, priority, moment, token):
            freeze_clock(moment)
            ticket = services.file_ticket(self.policy, self.anna, services.NewTicket(
                subject="Не строится отчёт", description="Подробно", category="defect",
                product="crm", priority=priority), token, moment)
            staff.assign(self.policy, Ticket.get_by_id(ticket.id), self.agent, self.agent,
                         moment)
            return ticket.id

        def act(self, moment, action, ticket_id, *args):
            freeze_clock(moment)
            return action(self.policy, Ticket.get_by_id(ticket_id), self.agent, *args, moment)

        def watch(self, moment):
            freeze_clock(moment)
            return monitoring.watch(self.policy, moment)

        def close(self, moment):
            freeze_clock(moment)
            return monitoring.close_resolved(self.policy, moment)

        def mail(self, *templates):
            return [(m.template, m.to_address) for m in OutboxMessage.select()
                    .where(OutboxMessage.template.in_(templates)).order_by(OutboxMessage.id)]

    desk = Desk()
    yield desk
    desk.context.pop()


def test_at_risk_then_breach_each_told_once_to_the_assignee_and_the_head(desk):
    ticket = desk.file(1, at(2, 10), "p1")  # first answer due 12:00, at risk from 11:30
    assert desk.watch(at(2, 11, 29)) == {"at_risk": 0, "breach": 0, "update": 0}
    assert desk.watch(at(2, 11, 30))["at_risk"] == 1
    assert desk.mail(*STAFF_MAIL) == [("sla_at_risk", "agent@lotsman.example"),
                                      ("sla_at_risk", "head@lotsman.example")]
    assert desk.watch(at(2, 11, 35)) == {"at_risk": 0, "breach": 0, "update": 0}  # not again
    assert desk.watch(at(2, 12, 0))["breach"] == 0  # due in this minute: not yet passed
    assert desk.watch(at(2, 12, 1)) == {"at_risk": 0, "breach": 1, "update": 0}
    assert desk.watch(at(2, 12, 6)) == {"at_risk": 0, "breach": 0, "update": 0}
    assert desk.mail("sla_breach") == [("sla_breach", "agent@lotsman.example"),
                                       ("sla_breach", "head@lotsman.example")]
    told = OutboxMessage.get(OutboxMessage.template == "sla_breach")
    assert told.text_body.startswith("Здравствуйте, Сергей!\n\nСрок этой цели истёк "
                                     "пн, 2 февраля, 12:00, а цель не выполнена. Обращение "
                                     "TID-2026-000001 «Не строится отчёт».")
    assert "Первый ответ" in told.subject and "/tickets/TID-2026-000001" in told.html_body
    # The sweep stored the breach: the ticket and its outcome say so without a new event.
    assert Ticket.get_by_id(ticket).breached is True
    first = SlaOutcome.get((SlaOutcome.ticket == ticket) & (SlaOutcome.kind == "first_response"))
    assert first.status == "breached"
    # Resolution (8 office hours, due Tue 10:00) is another target, at risk from Mon 17:00.
    assert desk.watch(at(2, 16, 59))["at_risk"] == 0
    assert desk.watch(at(2, 17, 0))["at_risk"] == 1
    subject = OutboxMessage.select().where(OutboxMessage.template == "sla_at_risk") \
        .order_by(OutboxMessage.id.desc()).first().subject
    assert subject == "[TID-2026-000001] Под угрозой: Решение, срок вт, 3 февраля, 10:00"


def test_no_breach_notice_outside_working_time_then_one_when_the_office_opens(desk):
    desk.file(1, at(2, 16), "late")  # first answer due 18:00, at risk from 17:30
    assert desk.watch(at(2, 17, 30))["at_risk"] == 1
    for evening in (at(2, 18, 1), at(2, 21, 0), at(3, 8, 59)):
        assert desk.watch(evening)["breach"] == 0, evening
    assert desk.mail("sla_breach") == []
    assert desk.watch(at(3, 9, 0))["breach"] == 1
    assert desk.watch(at(3, 9, 5))["breach"] == 0
    assert len(desk.mail("sla_breach")) == 2  # the agent and the head, once


def test_no_notice_in_the_lunch_break(desk):
    # 90 of 120 office minutes used at 13:00, when the break starts: told at 14:00.
    desk.file(1, at(2, 11, 30), "lunch")
    for moment in (at(2, 13, 0), at(2, 13, 30), at(2, 13, 59)):
        assert desk.watch(moment)["at_risk"] == 0, moment
    assert desk.watch(at(2, 14, 0))["at_risk"] == 1


def test_a_progress_update_reminder_after_the_interval_once(desk):
    ticket = desk.file(2, at(2, 10), "update")
    desk.act(at(2, 11), staff.reply, ticket, "Смотрим")  # next update due Wed 11:00
    assert desk.watch(at(4, 11, 0))["update"] == 0
    assert desk.watch(at(4, 11, 1))["update"] == 1
    assert desk.watch(at(4, 11, 6))["update"] == 0
    assert desk.mail("sla_update_due") == [("sla_update_due", "agent@lotsman.example")]
    # A public reply starts a new interval: 16 office hours from Wed 12:00 run out Fri 12:00;
    # an internal note on Thursday changes nothing of it.
    desk.act(at(4, 12), staff.reply, ticket, "Работаем над исправлением")
    desk.act(at(5, 10), staff.note, ticket, "Заметка для себя")
    assert desk.watch(at(6, 11, 59))["update"] == 0
    assert desk.watch(at(6, 12, 1))["update"] == 1
    assert len(desk.mail("sla_update_due")) == 2


def test_an_unassigned_ticket_reminds_the_head(desk):
    ticket = desk.file(2, at(2, 10), "nobody")
    desk.act(at(2, 11), staff.reply, ticket, "Смотрим")
    desk.act(at(2, 11, 5), staff.assign, ticket, None)
    desk.watch(at(4, 11, 1))
    assert desk.mail("sla_update_due") == [("sla_update_due", "head@lotsman.example")]


def test_resolved_tickets_close_after_the_window_with_the_customer_told_before(desk):
    ticket = desk.file(2, at(2, 10), "close")
    desk.act(at(2, 12), staff.resolve, ticket)
    assert desk.close(at(8, 11, 59)) == {"warned": 0, "closed": 0}
    assert desk.close(at(8, 12, 0)) == {"warned": 1, "closed": 0}  # a day before
    assert desk.close(at(8, 13, 0)) == {"warned": 0, "closed": 0}
    warning = OutboxMessage.get(OutboxMessage.template == "ticket_closing")
    assert warning.to_address == "anna@romashka.example"
    assert warning.subject == "[TID-2026-000001] Обращение закроется пн, 9 февраля, 12:00"
    assert desk.close(at(9, 11, 59)) == {"warned": 0, "closed": 0}
    assert Ticket.get_by_id(ticket).status == RESOLVED
    assert desk.close(at(9, 12, 0)) == {"warned": 0, "closed": 1}
    assert Ticket.get_by_id(ticket).status == CLOSED
    assert desk.close(at(9, 13, 0)) == {"warned": 0, "closed": 0}
    assert [to for _t, to in desk.mail("ticket_auto_closed")] == ["anna@romashka.example",
                                                                  "boris@romashka.example"]


def test_a_late_warning_still_gives_the_customer_a_day(desk):
    ticket = desk.file(2, at(2, 10), "late-warning")
    desk.act(at(2, 12), staff.resolve, ticket)
    assert desk.close(at(10, 9, 0)) == {"warned": 1, "closed": 0}  # the worker was down
    assert desk.close(at(11, 8, 59)) == {"warned": 0, "closed": 0}
    assert desk.close(at(11, 9, 0)) == {"warned": 0, "closed": 1}


def test_a_ticket_reopened_after_the_warning_stays_open(desk):
    ticket = desk.file(2, at(2, 10), "reopened")
    desk.act(at(2, 12), staff.resolve, ticket)
    desk.close(at(8, 12, 0))
    with_reopen = Ticket.get_by_id(ticket)
    services.reopen(desk.policy, with_reopen, desk.anna, at(8, 15), at(8, 15).date())
    assert desk.close(at(9, 12, 0)) == {"warned": 0, "closed": 0}
    assert Ticket.get_by_id(ticket).status == OPEN


def test_the_worker_task_runs_the_watch(app, desk, freeze_clock):
    from portal import worker

    desk.file(1, at(2, 10), "task")
    freeze_clock(at(2, 11, 30))
    assert worker.watch_sla.call_local() == {"at_risk": 1, "breach": 0, "update": 0}
    assert worker.watch_sla.call_local() == {"at_risk": 0, "breach": 0, "update": 0}

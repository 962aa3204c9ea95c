"""Demo tickets of Анна (one answered and in progress, one resolved) and the staff's canned
replies (idempotent)."""
from __future__ import annotations

from datetime import timedelta

from portal.accounts.models import User
from portal.clock import utc_now
from portal.policy import active_policy
from portal.tickets import services, staff
from portal.tickets.models import CannedReply, Ticket

TICKETS = (
    ("demo-ticket-1", "Отчёт по сделкам не строится после обновления",
     "С утра отчёт «Сделки по этапам» открывается с ошибкой 500. Вчера работал.",
     ("Проверили: после обновления сбросился фильтр отчёта. Пересохраните отчёт; мы готовим "
     "исправление."), False),
    ("demo-ticket-2", "Как выгрузить контакты в Excel?",
     "Нужно выгрузить всех контактов организации с телефонами.",
     ("Откройте «Контакты», выберите «Экспорт» и формат XLSX. Подробнее — в статье базы знаний "
     "об экспорте."), True),
)


CANNED = (
    ("Нужен журнал ошибок", ("Пришлите, пожалуйста, журнал ошибок за время сбоя: «Администрирование» "
     "→ «Журналы» → «Скачать». Так мы быстрее найдём причину.")),
    ("Обновите до последней версии", ("Эта ошибка исправлена в последней версии продукта. "
     "Обновитесь, пожалуйста, и напишите, если она повторится.")),
    ("Решено, закрываем?", ("Похоже, проблема решена. Если всё работает, обращение можно закрыть; "
     "если нет — просто ответьте на это письмо.")),
)


def seed_canned_replies() -> None:
    for title, body in CANNED:
        CannedReply.get_or_create(title=title, defaults={"body": body})


def _selectors(policy, tier: str) -> dict:
    uses = policy.selectors_of(tier)
    found: dict = {}
    if "priority" in uses and policy.priorities:
        found["priority"] = policy.priorities[min(1, len(policy.priorities) - 1)].number
    levels = [lv for lv in policy.levels if not lv.tiers or tier in lv.tiers]
    if "level" in uses and levels:
        found["level"] = levels[0].code
    return found


def seed_tickets() -> None:
    policy = active_policy()
    anna = User.by_email("anna@romashka.example")
    agent = User.by_email("agent@lotsman.example")
    if anna is None or agent is None:
        return
    right = services.right_to_file(anna, policy)
    if not right.allowed:
        return  # this preset gives Ромашка no tickets
    for token, subject, description, answer, resolved in TICKETS:
        if Ticket.get_or_none(Ticket.token == token) is not None:
            continue
        filed_at = utc_now() - timedelta(hours=26 if resolved else 3)
        request = services.NewTicket(subject=subject, description=description,
                                     category="question" if resolved else "defect",
                                     product=policy.products[0].code if policy.products else "",
                                     **_selectors(policy, right.tier.code))
        ticket = services.file_ticket(policy, anna, request, token, filed_at)
        staff.reply(policy, ticket, agent, answer, filed_at + timedelta(minutes=40))
        if resolved:
            staff.resolve(policy, ticket, agent, filed_at + timedelta(hours=1))

"""The section's articles about time: service hours and holidays, response and resolution."""

from __future__ import annotations

from datetime import date, datetime, time

from portal.domain.calendar import Calendar
from portal.domain.policy import TARGET_KINDS, Policy, Target
from portal.kb.regulation.words import Say, article_link, page_link

HOURS_SLUG = "working-calendar"
TARGETS_SLUG = "sla"
# The worked example files a ticket on an ordinary Monday afternoon (not a holiday in RU).
EXAMPLE_DAY = date(2026, 3, 2)
EXAMPLE_TIME = time(16, 0)


def _calendars(policy: Policy) -> list[tuple[Calendar, list[str], bool]]:
    """Each distinct calendar with the tiers it serves, and whether it is some tier's service
    hours (Axistem counts its 48 h in whole working days but works 8:00-17:00)."""
    found: list[tuple[Calendar, list[str], bool]] = []
    serving = {tier.code: policy.service_calendars(tier) if tier.has_ticket_channel else ()
               for tier in policy.tiers}
    for name, calendar in policy.calendars.items():
        codes = [t.code for t in policy.tiers if name in serving[t.code]
                 or any(name == target.calendar_name and t.code in target.tiers
                        for target in policy.targets)]
        service = any(name in names for names in serving.values())
        entry = next((item for item in found if item[0] == calendar), None)
        if entry is None:
            if codes:
                found.append((calendar, codes, service))
        else:
            found[found.index(entry)] = (calendar, [*entry[1], *(c for c in codes
                                                              if c not in entry[1])],
                                         entry[2] or service)
    return found


def _counting(calendar: Calendar, say: Say) -> str:
    if calendar.counting == "always":
        return say("Сроки идут круглосуточно, без выходных и праздников.",
                   "Targets run around the clock, weekends and holidays included.")
    if calendar.counting == "working-days":
        return say("Сроки считаются целыми рабочими днями: идут все часы рабочего дня, а часы "
                   "выходных и праздников не считаются — срок сдвигается на их длину.",
                   "Targets count whole working days: every hour of a working day counts, "
                   "weekend and holiday hours do not, and the deadline moves by their length.")
    return say("Сроки считаются только в часы работы: вечер, ночь, выходные и праздники в них "
               "не входят. Обращение, поданное вне этих часов, начинает отсчёт с начала "
               "следующего рабочего часа.",
               "Targets count only service hours: evenings, nights, weekends and holidays are "
               "left out. A ticket filed outside them starts counting at the next working "
               "minute.")


def _dates(days: frozenset[date] | tuple[date, ...]) -> str:
    return ", ".join(day.isoformat() for day in sorted(days))


def hours_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """When support works: each calendar, holidays, moved and shortened days."""
    vendor, lang = policy.vendor.get(say.language), say.language
    title = say(f"Часы работы поддержки {vendor} и праздники",
                f"{vendor} support hours and holidays")
    summary = say("Когда работает поддержка, как считаются праздники и перенесённые дни и как "
                  "это влияет на сроки.",
                  "When support works, how holidays and moved days are treated and how that "
                  "affects the targets.")
    body = []
    for calendar, codes, service in _calendars(policy):
        names = ", ".join(t.name(lang) for t in policy.tiers if t.code in codes)
        body += [say(f"## Уровни: {names}", f"## Tiers: {names}"), ""]
        if service:
            body += [say(f"Часы работы: {say.calendar(calendar)}.",
                         f"Service hours: {say.calendar(calendar)}."), ""]
        else:
            body += [say(f"Сроки считаются по календарю: {say.calendar(calendar)}. Это не часы "
                         "работы поддержки, а только отсчёт сроков.",
                         f"Targets count by this calendar: {say.calendar(calendar)}. These are "
                         "not support's service hours, only how the targets are counted."), ""]
        body += [_counting(calendar, say), ""]
        if calendar.holiday_country == "RU":
            body += [say("Праздники и переносы выходных — по производственному календарю России: "
                         "в праздники и перенесённые выходные поддержка не работает, а в "
                         "объявленные рабочие субботы работает как в будний день.",
                         "Holidays and moved days off follow the Russian production calendar: "
                         "no support on holidays and moved days off, and declared working "
                         "Saturdays are ordinary working days."), ""]
        if calendar.extra_holidays:
            body += [say(f"Дополнительные выходные: {_dates(calendar.extra_holidays)}.",
                         f"Extra days off: {_dates(calendar.extra_holidays)}."), ""]
        if calendar.extra_working_days:
            body += [say(f"Дополнительные рабочие дни: {_dates(calendar.extra_working_days)}.",
                         f"Extra working days: {_dates(calendar.extra_working_days)}."), ""]
        if calendar.short_days:
            body += [say(f"Сокращённые на час дни: {_dates(calendar.short_days)}.",
                         f"Days one hour shorter: {_dates(calendar.short_days)}."), ""]
        for day, windows in calendar.date_windows:
            body.append(say(f"- {day.isoformat()}: {say.windows(windows)}",
                            f"- {day.isoformat()}: {say.windows(windows)}"))
        if calendar.date_windows:
            body.append("")
        if calendar.follows_customer_zone:
            body += [say("Вам отвечает ближайший офис, который работает в вашем часовом поясе: "
                         "часы и сроки считаются по времени вашей организации.",
                         "The nearest office, working in your time zone, answers you: hours "
                         "and targets are counted in your organization's time."), ""]
    body += [say("## Где посмотреть календарь", "## Where to see the calendar"), "",
             say("Ближайшие дни с праздниками и переносами и то, работает ли поддержка прямо "
                 "сейчас, показывает страница ", "The coming days with holidays and moved days, "
                 "and whether support works right now, are on the page ")
             + page_link(site_paths, "/hours", say("«Часы работы»", "\"Service hours\"")) + ".",
             "", say("Как из этих часов получаются сроки ответа — в статье ",
                     "How these hours become due times is explained in ")
             + article_link(say, TARGETS_SLUG, say("«Сроки ответа и решения»",
                                                   "\"Response and resolution targets\"")) + ".",
             ""]
    tags = [say("часы работы", "service hours"), say("праздники", "holidays"),
            say("календарь", "calendar")]
    return HOURS_SLUG, title, summary, tags, "\n".join(body)


def _selector(policy: Policy, target: Target, say: Say) -> str:
    parts = []
    if target.priority is not None:
        priority = next((p for p in policy.priorities if p.number == target.priority), None)
        parts.append(f"P{target.priority}" + (f" {priority.name.get(say.language)}"
                                             if priority else ""))
    if target.level is not None and (level := policy.level(target.level)) is not None:
        parts.append(level.name.get(say.language))
    if target.line is not None and (line := policy.line(target.line)) is not None:
        parts.append(line.name.get(say.language))
    return ", ".join(parts) or say("все обращения", "every ticket")


KIND_NAMES = {"first_response": ("Первый ответ", "First response"),
              "next_response": ("Ответ на каждое следующее сообщение", "Answer to each follow-up"),
              "resolution": ("Решение", "Resolution"),
              "update_interval": ("Сообщение о ходе работ", "Progress update")}


def _example(policy: Policy, say: Say) -> list[str]:
    target = next((t for t in policy.targets if t.kind == "first_response" and t.guaranteed
                   and any((tier := policy.tier(c)) and tier.has_ticket_channel
                           for c in t.tiers)), None)
    if target is None or target.minutes is None:
        return []
    calendar = target.calendar
    filed = datetime.combine(EXAMPLE_DAY, EXAMPLE_TIME, calendar.tzinfo)
    due = calendar.add(filed, target.minutes)
    tier = next(t for t in policy.tiers if t.code in target.tiers)
    moment = f"{due.date().isoformat()} {due.strftime('%H:%M')}"
    return [say("## Пример", "## An example"), "", say(
        f"Обращение уровня «{tier.name('ru')}» ({_selector(policy, target, say)}) подано в "
        f"понедельник {EXAMPLE_DAY.isoformat()} в 16:00 ({calendar.zone}). Срок первого ответа — "
        f"{say.duration(target)}; с учётом часов работы ответ должен прийти не позже "
        f"{moment}.",
        f"A {tier.name('en')} ticket ({_selector(policy, target, say)}) is filed on Monday "
        f"{EXAMPLE_DAY.isoformat()} at 16:00 ({calendar.zone}). The first response is due in "
        f"{say.duration(target)}; counting service hours, it must come by {moment}."), ""]


def targets_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """Response and resolution targets per tier, with priorities, levels and lines."""
    vendor, lang = policy.vendor.get(say.language), say.language
    title = say(f"Сроки ответа и решения в поддержке {vendor}",
                f"{vendor} response and resolution targets")
    summary = say("Сколько ждать первого ответа и решения на каждом уровне, как считаются и "
                  "когда останавливаются сроки.",
                  "How long the first answer and the resolution take on each tier, how the "
                  "targets are counted and when they stop.")
    body = [say("## Сроки по уровням", "## Targets by tier"), ""]
    for tier in policy.tiers:
        body += [f"### {tier.name(lang)}", ""]
        if not tier.has_ticket_channel:
            body += [say("Обращения на этом уровне не принимаются, сроков нет.",
                         "This tier takes no tickets and has no targets."), ""]
            continue
        for kind in TARGET_KINDS:
            for target in policy.targets_of(tier.code, kind):
                ru, en = KIND_NAMES[kind]
                line = f"- {say(ru, en)} ({_selector(policy, target, say)}): {say.duration(target)}"
                if target.note is not None:
                    line += f" — {target.note.get(lang)}"
                body.append(line)
        body.append("")
    if policy.priorities:
        body += [say("## Приоритеты", "## Priorities"), ""]
        body += [f"- **P{p.number} {p.name.get(lang)}** — {p.definition.get(lang)}"
                 for p in policy.priorities]
        body.append("")
    if policy.levels:
        body += [say("## Уровни обслуживания (SLA)", "## Service levels (SLA)"), ""]
        body += [f"- **{lv.name.get(lang)}** — {lv.definition.get(lang)}" for lv in policy.levels]
        if policy.levels_reclassified_by == "staff":
            body.append(say("\nСотрудники поддержки могут перевести обращение на другой уровень, "
                            "если вопрос не подходит под назначенный; сроки пересчитываются.",
                            "\nSupport staff may move a ticket to another level when the "
                            "question does not fit; the targets are counted again."))
        body.append("")
    if policy.lines:
        body += [say("## Линии поддержки", "## Support lines"), ""]
        body += [f"- **{ln.name.get(lang)}** — {ln.definition.get(lang)}" for ln in policy.lines]
        body.append("")
    body += [say("## Как считаются сроки", "## How the targets are counted"), "", say(
        "- Первый ответ — это первый ответ сотрудника, а не автоматическое подтверждение.\n"
        "- Пока обращение ждёт ваших сведений или решено, срок стоит; он продолжается, когда "
        "вы отвечаете или открываете обращение снова.\n"
        "- Если меняется приоритет или уровень, сроки считаются заново от подачи обращения.\n"
        f"- Не менее {say.number(policy.compliance_bar * 100)} % обращений должны укладываться "
        "в сроки.",
        "- The first response is a staff member's first answer, not the automatic "
        "confirmation.\n"
        "- While a ticket waits for your information or is resolved, the clock stops; it goes "
        "on when you reply or reopen it.\n"
        "- When the priority or level changes, the targets are counted again from filing.\n"
        f"- At least {say.number(policy.compliance_bar * 100)} % of tickets must meet their "
        "targets."), ""]
    body += _example(policy, say)
    body += [say("Сроки для своего случая можно рассчитать на странице ",
                 "Work out the due times of your own case on ")
             + page_link(site_paths, "/tiers", say("«Уровни поддержки»", "\"Support tiers\""))
             + say("; часы работы — в статье ", "; service hours are in ")
             + article_link(say, HOURS_SLUG, say("«Часы работы и праздники»",
                                                 "\"Service hours and holidays\"")) + ".", ""]
    tags = ["SLA", say("сроки", "targets"), say("время реакции", "response time"),
            say("приоритеты", "priorities")]
    return TARGETS_SLUG, title, summary, tags, "\n".join(body)

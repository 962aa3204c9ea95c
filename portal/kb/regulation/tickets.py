"""The section's articles about tickets: who files, through which channel, a good ticket,
reasons to defer or decline; then escalation, rating and reopening."""

from __future__ import annotations

from portal.domain.policy import Policy
from portal.kb.regulation.words import Say, article_link, page_link

FILING_SLUG = "good-ticket"
AFTER_SLUG = "rating-reopen"
# The reasons staff give (portal.domain.tickets.DEFER_REASONS), as a reader is told them.
REASONS = (
    (("Проблему не удаётся воспроизвести на аналогичной конфигурации, а доступа к вашей "
     "системе нет."),
     ("The problem cannot be reproduced on a similar setup and there is no access to your "
     "system.")),
    ("Сведений недостаточно, чтобы решить проблему.",
     "There is not enough information to solve the problem."),
    ("Нужна детальная диагностика, доработка продукта или выпуск обновления.",
     "It needs detailed diagnostics, a change to the product or a new release."),
    (("Нарушены условия лицензии или технические требования: изменено ядро продукта, "
     "превышено число установок, используется нелицензионная копия."),
     ("The license or the technical requirements are breached: the product's core was "
     "changed, installations exceed the license, or the copy is unlicensed.")),
    ("Вопрос выходит за рамки технической поддержки.",
     "The question is outside technical support."),
    ("В обращении нецензурная лексика или оскорбления сотрудников.",
     "The ticket uses abusive language or insults staff."),
)


def filing_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """Who may file, channels, how to write a good ticket, reasons a ticket waits."""
    vendor, lang = policy.vendor.get(say.language), say.language
    title = say(f"Как обратиться в поддержку {vendor}", f"How to contact {vendor} support")
    summary = say("Кто может подавать обращения, по каким каналам, что написать в обращении и "
                  "почему решение может быть отложено.",
                  "Who may file tickets, through which channels, what to put in a ticket and "
                  "why a solution may be deferred.")
    body = [say("## Кто может обращаться", "## Who may file tickets"), ""]
    for tier in policy.tiers:
        body.append(f"- **{tier.name(lang)}**: {say.who_files(tier)}.")
    body.append("")
    if any(t.has_ticket_channel and t.may_file == "responsible" for t in policy.tiers):
        body += [say("Ответственных контактов назначает сама организация на своей странице на "
                     "портале; остальные сотрудники читают базу знаний.",
                     "The organization names its responsible contacts on its own page of the "
                     "portal; other employees read the knowledge base."), ""]
    body += [say("## Каналы", "## Channels"), ""]
    for tier in policy.tiers:
        line = f"- **{tier.name(lang)}**: {say.channels(tier)}."
        if tier.channel_note is not None:
            line += f" {tier.channel_note.get(lang)}"
        body.append(line)
    body.append("")
    if any(t.mail_opens_tickets for t in policy.tiers):
        body += [say("Письмо на адрес поддержки тоже открывает обращение. В ответ приходит "
                     "подтверждение с номером обращения (TID-…); сохраняйте его в теме писем, "
                     "тогда ответы добавятся к тому же обращению.",
                     "A letter to the support address opens a ticket too. The confirmation "
                     "carries the ticket's number (TID-…); keep it in the subject and replies "
                     "join the same ticket."), ""]
    body += [say("Создать обращение: ", "To file a ticket: ")
             + page_link(site_paths, "/tickets/new", say("новое обращение", "new ticket"))
             + say("; ваши обращения — на странице ", "; your tickets are on ")
             + page_link(site_paths, "/tickets", say("«Мои обращения»", "\"My tickets\""))
             + ".", ""]
    video = say(" или видео (MP4, WebM)", " or a video (MP4, WebM)") \
        if policy.video_attachments else ""
    body += [say("## Как написать хорошее обращение", "## How to write a good ticket"), "",
             say("Сначала поищите ответ в базе знаний: многие вопросы уже разобраны. Если ответа "
                 "нет, напишите:", "First search the knowledge base: many questions are "
                 "answered there. If not, write:"), "",
             say("1. Продукт и его версию.", "1. The product and its version."),
             say("2. Что вы делали, шаг за шагом, и что получилось вместо ожидаемого.",
                 "2. What you did, step by step, and what happened instead of what you "
                 "expected."),
             say("3. Адрес страницы, где видна проблема, и текст ошибки.",
                 "3. The address of the page that shows the problem, and the error text."),
             say(f"4. Снимки экрана в JPG, GIF или PNG{video}; BMP и другие файлы — только в "
                 "архиве ZIP или RAR.",
                 f"4. Screenshots as JPG, GIF or PNG{video}; BMP and other files only inside a "
                 "ZIP or RAR archive."),
             say("5. Одну проблему в одном обращении, в терминах продукта.",
                 "5. One problem per ticket, in the product's own terms."), ""]
    body += [say("## Почему решение может быть отложено или невозможно",
                 "## Why a solution may be deferred or impossible"), "",
             say("Сотрудник откладывает или отклоняет обращение, называя причину:",
                 "Staff defer or decline a ticket with a stated reason:"), ""]
    body += [f"- {say(ru, en)}" for ru, en in REASONS]
    body += ["", say("Что происходит после ответа — в статье ", "What happens after the answer "
                     "is in ") + article_link(say, AFTER_SLUG, say(
                         "«Эскалация, оценка и повторное открытие»",
                         "\"Escalation, rating and reopening\"")) + ".", ""]
    tags = [say("обращение", "ticket"), say("каналы", "channels"),
            say("ответственный контакт", "responsible contact")]
    return FILING_SLUG, title, summary, tags, "\n".join(body)


def after_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """Escalation, rating, reopening and closing."""
    vendor, lang = policy.vendor.get(say.language), say.language
    title = say(f"Эскалация, оценка и повторное открытие обращений {vendor}",
                f"Escalation, rating and reopening of {vendor} tickets")
    summary = say("Что делать, если ответ задерживается или не помог, как оценить работу "
                  "поддержки и когда обращение можно открыть снова.",
                  "What to do when an answer is late or did not help, how to rate support and "
                  "when a ticket can be reopened.")
    body = [say("## Если ответ задерживается", "## When an answer is late"), "", say(
        "Если кажется, что про обращение забыли или решение не устроило, нажмите в обращении "
        "«Написать руководителю поддержки»: руководитель увидит обращение и его историю. "
        "Так можно сделать, пока обращение в работе, не чаще раза в сутки.",
        "If your ticket seems forgotten or the solution did not suit you, use \"Escalate to the "
        "head of support\" on the ticket: the head sees the ticket with its history. You can "
        "do so while the ticket is worked, at most once a day."), ""]
    if policy.lines:
        names = ", ".join(line.name.get(lang) for line in policy.lines)
        body += [say(f"Сложный вопрос сотрудники передают на следующую линию поддержки ({names}).",
                     f"Staff hand a hard question to the next support line ({names})."), ""]
    body += [say("## Оценка", "## Rating"), "", say(
        "Когда обращение решено, оцените работу от 1 до 5 и, если хотите, напишите комментарий: "
        "оценки читает руководитель поддержки.",
        "When a ticket is resolved, rate the work from 1 to 5 and add a comment if you like: "
        "the head of support reads the ratings."), ""]
    body += [say("## Повторное открытие", "## Reopening"), ""]
    for tier in policy.tiers:
        if tier.has_ticket_channel and tier.reopen_days:
            body.append(say(f"- **{tier.name('ru')}**: в течение {say.days(tier.reopen_days)} "
                            "после решения.",
                            f"- **{tier.name('en')}**: within {say.days(tier.reopen_days)} of "
                            "the resolution."))
    body += ["", say(f"Решённое обращение, которое не открыли снова, закрывается через "
                     f"{say.days(policy.auto_close_days)}. С новым вопросом создайте новое "
                     "обращение.",
                     f"A resolved ticket nobody reopens is closed after "
                     f"{say.days(policy.auto_close_days)}. Ask a new question in a new ticket."),
             "", say("Ваши обращения: ", "Your tickets: ")
             + page_link(site_paths, "/tickets", say("«Мои обращения»", "\"My tickets\"")) + ".",
             ""]
    tags = [say("эскалация", "escalation"), say("оценка", "rating"),
            say("повторное открытие", "reopening")]
    return AFTER_SLUG, title, summary, tags, "\n".join(body)

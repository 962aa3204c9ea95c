"""The section's first article: the tiers, what each includes, and what the portal decided."""

from __future__ import annotations

from portal.domain.policy import Policy
from portal.kb.regulation.words import Say, article_link, cell, page_link

SLUG = "overview"


def _warranty(policy: Policy, say: Say) -> list[str]:
    lines = []
    for rule in policy.warranty:
        tier, then = policy.tier(rule.tier), policy.tier(rule.then_tier)
        if tier is None or then is None:
            continue
        if rule.starts == "first-license":
            since = say("с покупки первой платной лицензии организации",
                        "from the organization's first paid license")
        else:
            since = say("с покупки продукта или обновления (для каждого продукта и версии)",
                        "from the purchase of a product or its update (per product and version)")
        again = say(" Покупка обновления начинает новый срок.",
                    " Buying an update starts a new term.") if rule.restarted_by_update else ""
        lines.append(say(
            f"- **{tier.name('ru')}** действует бесплатно {say.months(rule.months)} {since}; "
            f"затем организация переходит на уровень «{then.name('ru')}».{again}",
            f"- **{tier.name('en')}** is free for {say.months(rule.months)} {since}; "
            f"then the organization moves to {then.name('en')}.{again}"))
        if rule.note is not None:
            lines.append(f"  {rule.note.get(say.language)}")
    return lines


def overview_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """How support works here: tiers, prices, channels, who files, assumptions."""
    vendor = policy.vendor.get(say.language)
    lang = say.language
    title = say(f"Как работает поддержка {vendor}", f"How {vendor} support works")
    summary = say(f"Уровни поддержки {vendor}: что входит в каждый, сколько стоит, "
                  "по каким каналам и кто может обращаться.",
                  f"The support tiers of {vendor}: what each includes, what it costs, "
                  "which channels it has and who may file tickets.")
    body = [say(
        f"Эта статья и весь раздел «Как работает поддержка» собраны из действующего регламента "
        f"поддержки {vendor}, который применяет портал. Когда регламент меняется, меняются и "
        "статьи: здесь нет правил других компаний и ничего, что противоречило бы регламенту.",
        f"This article and the whole \"How support works\" section are written from the "
        f"support regulation of {vendor} that the portal applies. When the regulation changes, "
        "so do these articles: nothing here belongs to another company's rules or contradicts "
        "the regulation."), ""]
    body += [say("## Уровни поддержки", "## Support tiers"), "",
             say(f"У {vendor} {say.count(len(policy.tiers), 'уровень', 'уровня', 'уровней')} "
                 "поддержки. Коротко:",
                 f"{vendor} has {say.count(len(policy.tiers), 'tier', 'tiers', 'tiers')} "
                 "of support. In short:"), "",
             say("| Уровень | Стоимость | Каналы | Кто может обращаться |",
                 "| Tier | Price | Channels | Who may file |"),
             "|---|---|---|---|"]
    for tier in policy.tiers:
        body.append(f"| {cell(tier.name(lang))} | {cell(say.price(tier.price))} | "
                    f"{cell(say.channels(tier))} | {cell(say.who_files(tier))} |")
    body.append("")
    for tier in policy.tiers:
        body += [f"### {tier.name(lang)}", ""]
        if tier.description is not None:
            body += [tier.description.get(lang), ""]
        for row in tier.rows:
            body.append(f"- {row.label.get(lang)}: {row.value.get(lang)}")
        body.append(say(f"- Каналы связи: {say.channels(tier)}.",
                        f"- Channels: {say.channels(tier)}."))
        if tier.channel_note is not None:
            body.append(f"- {tier.channel_note.get(lang)}")
        body += [say(f"- Стоимость: {say.price(tier.price)}.", f"- Price: {say.price(tier.price)}."),
                 ""]
    warranty = _warranty(policy, say)
    if warranty:
        body += [say("## Гарантийная поддержка", "## Warranty support"), "", *warranty, ""]
    if policy.assumptions:
        body += [say("## Что регламент оставил открытым", "## What the regulation leaves open"), "",
                 say("Где регламент молчит или противоречит сам себе, портал решил так:",
                     "Where the regulation is silent or contradicts itself, the portal decided:"),
                 ""]
        body += [f"- {text.get(lang)}" for text in policy.assumptions]
        body.append("")
    body += [say("## Подробнее", "## More"), "",
             "- " + article_link(say, "working-calendar", say("Часы работы и праздники",
                                                           "Service hours and holidays")),
             "- " + article_link(say, "sla", say("Сроки ответа и решения",
                                                              "Response and resolution targets")),
             "- " + article_link(say, "prices", say("Стоимость поддержки и расчёт",
                                                            "Support prices, worked out")),
             "- " + article_link(say, "good-ticket", say("Как обратиться в поддержку",
                                                            "How to contact support")),
             "- " + article_link(say, "rating-reopen",
                                 say("Эскалация, оценка и повторное открытие",
                                     "Escalation, rating and reopening")),
             "- " + page_link(site_paths, "/tiers", say("Сравнение уровней с расчётом сроков",
                                                        "The tiers compared, with due times")),
             ""]
    tags = [say("регламент", "regulation"), say("уровни поддержки", "support tiers"), "SLA"]
    return SLUG, title, summary, tags, "\n".join(body)

"""The section's article about money: prices, a worked proration, hours, version moves."""

from __future__ import annotations

from datetime import date

from portal.domain.policy import Policy, Tier
from portal.domain.pricing import (
    Contract,
    LicenseLine,
    PricingError,
    QuoteRequest,
    build_quote,
)
from portal.kb.regulation.words import Say, article_link, cell, page_link

SLUG = "prices"
TERM = (date(2026, 1, 1), date(2026, 12, 31))
BOUGHT_ON = date(2026, 7, 1)
WORK_NAMES = {"consulting": ("консультации сверх бесплатных часов",
                             "consulting beyond the free hours"),
              "user-errors": ("исправление ошибок пользователей", "fixing users' own errors"),
              "diagnostics": ("диагностика, которая не выявила отказа продукта",
                              "diagnostics that found no product failure"),
              "update-help": ("помощь в установке обновлений", "help installing updates")}


def _example_licenses(policy: Policy, language: str) -> tuple[LicenseLine, str] | None:
    for product in policy.products:
        for edition in product.editions:
            if edition.commercial and edition.price > 0:
                name = f"{product.name.get(language)} {edition.name.get(language)}"
                return LicenseLine(product.code, 10, edition.price, edition.code, name), name
    return None


def _proration(policy: Policy, say: Say) -> list[str]:
    """A worked example of add-on licenses in a paid term, priced by the pricing core."""
    found = _example_licenses(policy, say.language)
    tier = next((t for t in policy.tiers if t.price.rule == "percent" and t.price.prorate), None)
    if found is None or tier is None:
        return [say("Стоимость поддержки не зависит от числа лицензий: докупленные лицензии её "
                    "не меняют, доплачивать за остаток срока не нужно.",
                    "The support price does not depend on the number of licenses: buying more "
                    "changes nothing and nothing is due for the rest of the term."), ""]
    owned, name = found
    deployment = tier.price.deployments[0] if tier.price.deployments else None
    bought = LicenseLine(owned.product, 2, owned.unit_price, owned.edition, name)
    request = QuoteRequest(on=BOUGHT_ON, tier=tier.code, currency=policy.currency,
                           deployment=deployment, owned=(owned,), buy=(bought,),
                           contract=Contract(tier.code, "paid", *TERM))
    try:
        options = build_quote(request, {t.code: t.price for t in policy.tiers})
    except PricingError:
        return []
    money = lambda amount: say.money(amount, policy.currency)
    where = f" ({say.deployment(deployment).rstrip(': ')})" if deployment else ""
    lines = [say(
        f"Пример{where}: у организации 10 лицензий «{name}» по {money(owned.unit_price)} и "
        f"поддержка «{tier.name('ru')}» на срок {TERM[0].isoformat()} — {TERM[1].isoformat()}. "
        f"{BOUGHT_ON.isoformat()} она покупает ещё 2 лицензии.",
        f"An example{where}: an organization owns 10 \"{name}\" licenses at "
        f"{money(owned.unit_price)} and has {tier.name('en')} support for "
        f"{TERM[0].isoformat()} to {TERM[1].isoformat()}. On {BOUGHT_ON.isoformat()} it buys "
        "2 more."), ""]
    for option in options:
        support = option.lines[-1]
        facts = support.facts
        if option.name == "prorate":
            lines.append(say(
                f"- Доплата за остаток срока: годовая стоимость после покупки "
                f"{money(facts['annual_after'])} минус до покупки {money(facts['annual_before'])}, "
                f"умножить на {facts['days_left']} из {facts['days_in_term']} оставшихся дней "
                f"(день покупки и последний день считаются) = {money(support.amount.amount)}.",
                f"- Paying for the rest of the term: the annual price after the purchase "
                f"{money(facts['annual_after'])} less the one before "
                f"{money(facts['annual_before'])}, times {facts['days_left']} of "
                f"{facts['days_in_term']} days left (the purchase day and the last day count) = "
                f"{money(support.amount.amount)}."))
        elif option.name == "fresh-year":
            lines.append(say(
                f"- Или новый год поддержки на все 12 лицензий с {BOUGHT_ON.isoformat()}: "
                f"{money(support.amount.amount)}.",
                f"- Or a fresh year of support on all 12 licenses from {BOUGHT_ON.isoformat()}: "
                f"{money(support.amount.amount)}."))
    lines.append(say("\nСами лицензии оплачиваются отдельно по цене из прайс-листа.",
                     "\nThe licenses themselves are paid separately at the list price."))
    return [*lines, ""]


def _hours(tier: Tier, policy: Policy, say: Say) -> str:
    rule = tier.price
    if rule.rule == "contract":
        return say("по условиям отдельного договора", "as the separate contract says")
    billed = [say(*WORK_NAMES[work]) if work != "consulting" or rule.free_hours
              else say("консультации", "consulting") for work in rule.billed_work]
    free = (say(f"{say.hours(rule.free_hours)} консультаций в год бесплатно; ",
                f"{say.hours(rule.free_hours)} of consulting a year free; ")
            if rule.free_hours else "")
    if "consulting" not in rule.billed_work:
        free += say("консультации и диагностика входят в поддержку; ",
                    "consulting and diagnostics are part of support; ")
    if rule.hourly_rate is None or not billed:
        return free + say("почасовой оплаты нет", "nothing is billed by the hour")
    rate = say.money(rule.hourly_rate, policy.currency)
    return free + say(f"{', '.join(billed)} — {rate} в час", f"{', '.join(billed)}: {rate} an hour")


def _upgrade(tier: Tier, policy: Policy, say: Say) -> str:
    rule = tier.price
    if rule.upgrade_included:
        return say("входит в каждый пакет", "included in every package")
    parts = []
    if rule.upgrade_percent is not None:
        parts.append(say(f"{say.number(rule.upgrade_percent)} % цены новой версии за лицензию",
                         f"{say.number(rule.upgrade_percent)} % of the new version's price "
                         "per license"))
    if rule.rent_upgrade_months is not None:
        parts.append(say("аренда: бесплатно", "rented: free") if not rule.rent_upgrade_months
                     else say(f"аренда: стоимость аренды за {say.months(rule.rent_upgrade_months)}",
                              f"rented: {say.months(rule.rent_upgrade_months)} of rent"))
    return "; ".join(parts) or "—"


def prices_article(policy: Policy, say: Say, site_paths: frozenset[str]):
    """What support costs, how add-on licenses are charged, hours and version moves."""
    vendor, lang = policy.vendor.get(say.language), say.language
    title = say(f"Стоимость поддержки {vendor}", f"{vendor} support prices")
    summary = say("Сколько стоит каждый уровень, как считается доплата за докупленные лицензии "
                  "(с примером), что оплачивается по часам и сколько стоит переход на новую "
                  "версию.",
                  "What each tier costs, how added licenses are charged (worked out), what is "
                  "billed by the hour and what moving to a new version costs.")
    body = [say("## Стоимость уровней", "## Tier prices"), "",
            say("| Уровень | Стоимость | Почасовые работы | Переход на новую версию |",
                "| Tier | Price | Hourly work | Moving to a new version |"), "|---|---|---|---|"]
    for tier in policy.tiers:
        body.append(f"| {cell(tier.name(lang))} | {cell(say.price(tier.price))} | "
                    f"{cell(_hours(tier, policy, say))} | {cell(_upgrade(tier, policy, say))} |")
    body.append("")
    contract = [t for t in policy.tiers if t.price.rule == "contract"]
    for tier in contract:
        body += [say(f"Уровень «{tier.name('ru')}» оформляется отдельным договором: условия и "
                     "цену согласуют с вами, на портале они не рассчитываются. Чтобы его "
                     "получить, обратитесь в ближайший офис или напишите в поддержку.",
                     f"{tier.name('en')} is arranged by a separate contract: its terms and "
                     "price are agreed with you and not quoted on the portal. To get it, "
                     "contact your nearest office or write to support."), ""]
    if any(t.price.rule == "percent" for t in policy.tiers):
        body += [say("Стоимость лицензий — это число купленных лицензий каждого продукта, "
                     "умноженное на текущую цену из прайс-листа на момент оплаты поддержки.",
                     "The license value is the number of licenses of each product times its "
                     "current list price when support is paid."), ""]
    if any(t.price.needs_license for t in policy.tiers):
        body += [say("Поддержка покупается только вместе хотя бы с одной купленной или "
                     "приобретаемой лицензией, на срок не менее года и на все продукты.",
                     "Support is bought only with at least one owned or purchased license, "
                     "for at least a year and on all products."), ""]
    body += [say("## Докупка лицензий в течение срока", "## Buying licenses during a term"), "",
             *_proration(policy, say)]
    body += [say("## Расчёт для вашей организации", "## Your own quote"), "",
             say("Точную сумму для своих лицензий можно рассчитать в ",
                 "Work out the exact amount for your licenses with ")
             + page_link(site_paths, "/prices", say("калькуляторе цен", "the price calculator"))
             + say(". Об уровнях — в статье ", ". The tiers are described in ")
             + article_link(say, "overview", say("«Как работает поддержка»",
                                                          "\"How support works\"")) + ".", ""]
    tags = [say("стоимость", "prices"), say("лицензии", "licenses"),
            say("консультации", "consulting")]
    return SLUG, title, summary, tags, "\n".join(body)




"""How the generated regulation says things in Russian and English: amounts, prices, targets,
calendars, channels. Content words, written in both languages here (not UI strings)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from portal.domain.calendar import Calendar
from portal.domain.policy import Target, Tier
from portal.domain.pricing import PriceRule

WEEKDAYS = {"ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
CURRENCY = {"ru": {"RUB": "₽", "EUR": "€", "USD": "$"}, "en": {}}
CHANNELS = {
    "portal": ("портал поддержки", "support portal"), "web_form": ("веб-форма", "web form"),
    "service_desk": ("сервис-деск", "service desk"), "mail": ("e-mail", "e-mail"),
    "phone": ("телефон", "phone"), "chat": ("чат", "chat"),
    "messenger": ("мессенджеры", "messengers"),
    "remote": ("удалённое подключение", "remote connection"),
    "community": ("сообщество", "community"), "knowledge_base": ("база знаний", "knowledge base"),
    "bitrix24_chat": ("чат Битрикс24", "Bitrix24 chat"),
    "customer_success_manager": ("Customer Success Manager", "customer success manager"),
    "dedicated_specialist": ("закреплённый специалист", "dedicated specialist"),
}


COUNTRIES = {"RU": ("России", "Russia"), "BY": ("Беларуси", "Belarus"),
             "KZ": ("Казахстана", "Kazakhstan"), "UA": ("Украины", "Ukraine")}


class Say:
    """The phrases of one language: `say(ru, en)` picks the reader's."""

    def __init__(self, language: str) -> None:
        self.language = "en" if language == "en" else "ru"

    def __call__(self, ru: str, en: str) -> str:
        return en if self.language == "en" else ru

    # --- numbers ------------------------------------------------------------------------
    def count(self, number: int | Decimal, one: str, few: str, many: str, plural: str = "") -> str:
        """`3 часа`, `5 часов`, `1 hour`; `plural` is the English plural (`one` + s by default)."""
        shown = self.number(Decimal(number))
        if self.language == "en":
            return f"{shown} {one if number == 1 else (plural or one + 's')}"
        whole = int(number)
        if whole != number:
            return f"{shown} {few}"
        if whole % 10 == 1 and whole % 100 != 11:
            return f"{shown} {one}"
        if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14):
            return f"{shown} {few}"
        return f"{shown} {many}"

    def number(self, value: Decimal) -> str:
        return format_decimal(value, format="#,##0.##", locale=self.language)

    def money(self, amount: Decimal, currency: str) -> str:
        """`30 000 ₽`, `1 500,50 ₽`, `500 EUR`: as a person reads a price."""
        shown = format_decimal(amount, format="#,##0" if amount == amount.to_integral_value()
                               else "#,##0.00", locale=self.language)
        return f"{shown} {CURRENCY[self.language].get(currency, currency)}"

    def hours(self, number: int | Decimal) -> str:
        return self.count(number, self("час", "hour"), "часа", "часов")

    def days(self, number: int) -> str:
        return self.count(number, self("день", "day"), "дня", "дней")

    def months(self, number: int | Decimal) -> str:
        return self.count(number, self("месяц", "month"), "месяца", "месяцев")

    # --- time -----------------------------------------------------------------------------
    def duration(self, target: Target) -> str:
        """A target as the regulation states it: `4 рабочих часа`, `2 working days`, `no guarantee`."""
        if not target.guaranteed or target.amount is None:
            return self("без гарантии срока", "no guaranteed time")
        amount, counting = target.amount, target.calendar.counting
        if target.unit == "working_days":
            return self.count(amount, self("рабочий день", "working day"), "рабочих дня",
                              "рабочих дней")
        if target.unit == "minutes":
            text = self.count(amount, self("минута", "minute"), "минуты", "минут")
        elif counting == "window":
            text = self.count(amount, self("рабочий час", "working hour"), "рабочих часа",
                              "рабочих часов")
        else:
            text = self.hours(amount)
        if counting == "always":
            return text + self(" круглосуточно", " around the clock")
        if counting == "working-days":
            return text + self(" (часы выходных и праздников не считаются)",
                               " (weekend and holiday hours are not counted)")
        return text

    def clock(self, minute: int) -> str:
        if minute > 24 * 60:  # a night window ends the next day
            minute -= 24 * 60
        return f"{minute // 60:02d}:{minute % 60:02d}"

    def windows(self, windows: tuple[tuple[int, int], ...]) -> str:
        return ", ".join(f"{self.clock(start)}–{self.clock(end)}" for start, end in windows)

    def weekdays(self, days: tuple[int, ...]) -> str:
        names = WEEKDAYS[self.language]
        spans: list[list[int]] = []
        for day in sorted(days):
            if spans and spans[-1][-1] == day - 1:
                spans[-1].append(day)
            else:
                spans.append([day])
        return ", ".join(names[s[0]] if len(s) == 1 else f"{names[s[0]]}–{names[s[-1]]}"
                         for s in spans)

    def calendar(self, calendar: Calendar) -> str:
        """`пн–пт 09:00–18:00, кроме праздников России (Europe/Moscow)`."""
        if calendar.counting == "always":
            return self("круглосуточно, без выходных", "around the clock, every day")
        parts = [self.weekdays(calendar.weekdays)]
        if calendar.counting == "window":
            parts.append(self.windows(calendar.windows))
            for day, own in calendar.weekday_windows:
                parts.append(f"; {WEEKDAYS[self.language][day]} {self.windows(own)}")
        else:
            parts.append(self("целые сутки", "whole days"))
        text = " ".join(parts[:2]) + "".join(parts[2:])
        if calendar.short_before_holidays:
            text += self("; накануне праздников на час короче", "; an hour shorter before "
                         "public holidays")
        if calendar.holiday_country:
            country = COUNTRIES.get(calendar.holiday_country, (calendar.holiday_country,) * 2)
            text += self(f", кроме праздников по календарю {country[0]}",
                         f", except public holidays of {country[1]}")
        zone = calendar.zone
        if calendar.follows_customer_zone:
            return text + self(f" (в часовом поясе клиента; без него — {zone})",
                               f" (in the customer's time zone; without one, {zone})")
        return f"{text} ({zone})"

    # --- money ------------------------------------------------------------------------------
    def price(self, rule: PriceRule) -> str:
        """A tier's annual price in words: `included in the license`, `20 % ..., at least ...`."""
        annual = self._annual(rule)
        if rule.warranty_months:
            free = self(f"бесплатно первые {self.months(rule.warranty_months)}",
                        f"free for the first {self.months(rule.warranty_months)}")
            return f"{free}; {self('затем', 'then')} {annual}" if rule.rule in (
                "percent", "flat") else free
        return annual

    def _annual(self, rule: PriceRule) -> str:
        if rule.rule == "flat":
            periods = [self(f"{self.money(amount, rule.currency)} в год",
                            f"{self.money(amount, rule.currency)} a year") if period == "year"
                       else self(f"{self.money(amount, rule.currency)} в месяц",
                                 f"{self.money(amount, rule.currency)} a month")
                       for period, amount in rule.flat.items()]
            return self(" или ", " or ").join(periods)
        if rule.rule == "included":
            return self("входит в стоимость лицензии", "included in the license")
        if rule.rule == "none":
            return self("бесплатно", "free of charge")
        if rule.rule == "contract":
            return self("по отдельному договору", "by separate contract")
        parts = []
        for deployment, share in rule.percent.items():
            minimum = rule.minimum.get(deployment, rule.minimum.get("*"))
            parts.append(self.deployment(deployment) + self.share(share, minimum, rule.currency))
        return "; ".join(parts)

    def share(self, share: Decimal, minimum: Decimal | None, currency: str) -> str:
        if share == 0 and not minimum:
            return self("входит в стоимость подписки", "included in the subscription")
        text = self(f"{self.number(share)} % стоимости лицензий в год",
                    f"{self.number(share)} % of the license value a year")
        if minimum:
            text += self(f", но не менее {self.money(minimum, currency)}",
                         f", at least {self.money(minimum, currency)}")
        return text

    def deployment(self, code: str) -> str:
        names = {"on-site": self("on-site: ", "on-site: "),
                 "on-demand": self("on-demand (облако): ", "on-demand (cloud): "), "*": ""}
        return names.get(code, f"{code}: ")

    # --- people and channels -------------------------------------------------------------
    def channels(self, tier: Tier) -> str:
        names = [CHANNELS.get(code, (code.replace("_", " "),) * 2) for code in tier.channels]
        return ", ".join(self(ru, en) for ru, en in names)

    def who_files(self, tier: Tier) -> str:
        if not tier.has_ticket_channel:
            return self("обращения не принимаются — только сообщество и база знаний",
                        "no tickets — the community and the knowledge base only")
        if tier.may_file == "any":
            return self("любой пользователь", "anyone")
        count = tier.max_responsible_contacts
        if count == 1:
            return self("один ответственный контакт организации",
                        "one responsible contact of the organization")
        # After «до» Russian takes the genitive plural whatever the number.
        contacts = self.count(count, self("ответственных контактов", "responsible contact"),
                              "ответственных контактов", "ответственных контактов")
        return self(f"до {contacts} организации", f"up to {contacts} of the organization")


def page_link(site_paths: frozenset[str], path: str, text: str) -> str:
    """A Markdown link to a portal page that exists; the words alone while it does not."""
    return f"[{text}]({path})" if path in site_paths else text


def article_link(say: Say, slug: str, text: str) -> str:
    """A relative link to another article of the regulation section, in the same language."""
    return f"[{text}]({slug}{'.en' if say.language == 'en' else ''}.md)"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")

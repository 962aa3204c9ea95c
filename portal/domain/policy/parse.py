"""Building a Policy from a preset's TOML, naming every problem with its place."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from portal.domain.calendar import Calendar
from portal.domain.policy.calendars import read_calendars
from portal.domain.policy.catalog import read_products, read_warranty
from portal.domain.policy.model import (
    SELECTORS,
    TARGET_KINDS,
    ComparisonRow,
    Level,
    Line,
    Policy,
    Priority,
    Problem,
    Target,
    Text,
    Tier,
)
from portal.domain.policy.read import Reader
from portal.domain.pricing.rule import PriceRule, PriceRuleError

TOP_KEYS = {"code", "vendor", "currency", "at_risk_ratio", "compliance_bar", "auto_close_days",
            "levels_reclassified_by", "base_tier", "owner_tier", "video_attachments",
            "assumptions", "calendars",
            "priorities", "levels", "lines", "tiers", "comparison", "targets", "warranty",
            "products"}
TIER_KEYS = {"name", "description", "channels", "channel_note", "service_hours", "ticket_channel", "mail_opens_tickets",
             "may_file", "max_responsible_contacts", "reopen_days", "colleagues_see_tickets",
             "price"}
TARGET_KEYS = {"tier", "kind", "priority", "level", "line", "minutes", "hours", "working_days",
               "guarantee", "calendar", "note"}
AMOUNT_UNITS = {"minutes": 1, "hours": 60}


def parse_policy_file(path: Path) -> tuple[Policy | None, list[Problem]]:
    """The policy in a preset file and its problems (the policy is None when any exist)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return None, [Problem("file", f"cannot be read: {error.strerror or error}")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [Problem("file", f"is not valid TOML: {error}")]
    return parse_policy(raw)


def parse_policy(raw: Mapping[str, Any]) -> tuple[Policy | None, list[Problem]]:
    """The policy described by a parsed preset and its problems."""
    read = Reader()
    read.known_keys(raw, "", TOP_KEYS)
    code = read.value(raw, "code", "", str)
    vendor = read.text(raw, "vendor", "")
    currency = read.value(raw, "currency", "", str)
    if currency is not None and (len(currency) != 3 or not currency.isupper()):
        read.problem("currency", f"{currency!r} is not a three-letter currency code")
    at_risk = read.decimal(raw, "at_risk_ratio", "", required=False, maximum=Decimal(1))
    bar = read.decimal(raw, "compliance_bar", "", required=False, maximum=Decimal(1))
    auto_close = read.count(raw, "auto_close_days", "", required=False, default=7)
    reclassify = read.choice(raw, "levels_reclassified_by", "", ("staff", "nobody"),
                             required=False, default="staff")
    assumptions = tuple(
        text for place, table in read.tables(raw, "assumptions")
        if (text := read.text_of(table, place)) is not None
    )
    calendars = read_calendars(read, raw)
    priorities = _priorities(read, raw)
    tier_codes = tuple(read.value(raw, "tiers", "", dict, default={}))
    if not tier_codes:
        read.problem("tiers", "a policy needs at least one tier")
    levels = _levels(read, raw, tier_codes)
    lines = tuple(
        Line(code=c, name=n, definition=d) for place, table in read.tables(raw, "lines")
        if None not in (c := read.value(table, "code", place, str),
                        n := read.text(table, "name", place),
                        d := read.text(table, "definition", place))
    )
    rows = _comparison(read, raw, tier_codes)
    tiers = _tiers(read, raw, rows)
    for tier in tiers:
        if tier.service_hours is not None and tier.service_hours not in calendars:
            declared = tier.service_hours in read.value(raw, "calendars", "", dict, default={})
            read.problem(f"tiers.{tier.code}.service_hours",
                         f"calendar {tier.service_hours!r} has problems" if declared
                         else f"unknown calendar {tier.service_hours!r}")
    known = {"tier": set(tier_codes), "priority": {p.number for p in priorities},
             "level": {level.code for level in levels}, "line": {line.code for line in lines}}
    targets = _targets(read, raw, calendars, known)
    warranty = read_warranty(read, raw, set(tier_codes))
    tiers = _with_warranty(tiers, warranty)
    products = read_products(read, raw)
    video = read.value(raw, "video_attachments", "", bool, required=False, default=False)
    base_tier, owner_tier = (read.value(raw, key, "", str, required=False)
                             for key in ("base_tier", "owner_tier"))
    for key, value in (("base_tier", base_tier), ("owner_tier", owner_tier)):
        if value is not None and value not in tier_codes:
            read.problem(key, f"unknown tier {value!r}")
    if read.problems or code is None or vendor is None or currency is None:
        return None, read.problems
    policy = Policy(
        code=code, vendor=vendor, currency=currency, tiers=tiers, priorities=priorities,
        levels=levels, lines=lines, targets=targets, calendars=calendars, warranty=warranty,
        products=products, at_risk_ratio=at_risk if at_risk is not None else Decimal("0.75"),
        compliance_bar=bar if bar is not None else Decimal("0.90"),
        auto_close_days=auto_close if auto_close is not None else 7, assumptions=assumptions,
        levels_reclassified_by=reclassify or "staff",
        comparison_labels=tuple(label for label, _ in rows),
        base_tier=base_tier, owner_tier=owner_tier, video_attachments=bool(video),
    )
    return policy, []


def _priorities(read: Reader, raw: Mapping[str, Any]) -> tuple[Priority, ...]:
    found = []
    for place, table in read.tables(raw, "priorities"):
        number = read.count(table, "number", place, minimum=1)
        name, definition = read.text(table, "name", place), read.text(table, "definition", place)
        if number is not None and name is not None and definition is not None:
            found.append(Priority(number=number, name=name, definition=definition))
    return tuple(sorted(found, key=lambda priority: priority.number))


def _levels(read: Reader, raw: Mapping[str, Any], tier_codes: tuple[str, ...]) -> tuple[Level, ...]:
    found = []
    for place, table in read.tables(raw, "levels"):
        code = read.value(table, "code", place, str)
        name, definition = read.text(table, "name", place), read.text(table, "definition", place)
        tiers = read.strings(table, "tiers", place, required=False)
        for tier in tiers:
            if tier not in tier_codes:
                read.problem(f"{place}.tiers", f"unknown tier {tier!r}")
        if code is not None and name is not None and definition is not None:
            found.append(Level(code=code, name=name, definition=definition, tiers=tiers))
    return tuple(found)


def _comparison(read: Reader, raw: Mapping[str, Any],
                tier_codes: tuple[str, ...]) -> list[tuple[Text, dict[str, Text]]]:
    rows = []
    for place, table in read.tables(raw, "comparison"):
        label = read.text_of(table, place)
        values: dict[str, Text] = {}
        for key, value in table.items():
            if key in ("ru", "en"):
                continue
            if key not in tier_codes:
                read.problem(f"{place}.{key}", f"unknown tier {key!r}")
            elif (not isinstance(value, list) or len(value) != 2
                  or not all(isinstance(item, str) for item in value)):
                read.problem(f"{place}.{key}", "must be [ru, en]")
            else:
                values[key] = Text(ru=value[0], en=value[1])
        if label is not None:
            rows.append((label, values))
    return rows


def _tiers(read: Reader, raw: Mapping[str, Any],
           rows: list[tuple[Text, dict[str, Text]]]) -> tuple[Tier, ...]:
    tiers = []
    for code, table in read.value(raw, "tiers", "", dict, default={}).items():
        place = f"tiers.{code}"
        if not isinstance(table, dict):
            read.problem(place, "must be a table")
            continue
        read.known_keys(table, place, TIER_KEYS)
        name = read.text(table, "name", place)
        price = _price(read, table, place)
        fields = {
            "channels": read.strings(table, "channels", place),
            "has_ticket_channel": read.value(table, "ticket_channel", place, bool, default=False),
            "mail_opens_tickets": read.value(table, "mail_opens_tickets", place, bool,
                                          default=False),
            "may_file": read.choice(table, "may_file", place, ("responsible", "any")),
            "max_responsible_contacts": read.count(table, "max_responsible_contacts", place),
            "reopen_days": read.count(table, "reopen_days", place),
            "colleagues_see_tickets": read.value(table, "colleagues_see_tickets", place, bool,
                                              default=False),
        }
        if name is None or price is None or None in fields.values():
            continue
        tiers.append(Tier(
            code=code, name_ru=name.ru, name_en=name.en,
            rows=tuple(ComparisonRow(label, values[code]) for label, values in rows
                       if code in values),
            price=price, free_hours=int(price.free_hours), hourly_rate=price.hourly_rate,
            description=read.text(table, "description", place, required=False),
            channel_note=read.text(table, "channel_note", place, required=False),
            service_hours=read.value(table, "service_hours", place, str, required=False),
            **fields,  # type: ignore[arg-type]
        ))
    return tuple(tiers)


def _with_warranty(tiers: tuple[Tier, ...], warranty) -> tuple[Tier, ...]:
    """A warranty from the first license (Axistem) also prices that tier's first months free,
    unless its price table already says how many."""
    months = {rule.tier: rule.months for rule in warranty if rule.starts == "first-license"}
    return tuple(
        replace(tier, price=replace(tier.price, warranty_months=months[tier.code]))
        if tier.code in months and not tier.price.warranty_months else tier
        for tier in tiers)


def _price(read: Reader, tier_table: Mapping[str, Any], tier_place: str) -> PriceRule | None:
    """The tier's price table as a PriceRule (the one parser of price tables); None on problems.

    A preset that does not say so neither prorates add-on licenses nor offers a fresh year.
    """
    place = f"{tier_place}.price"
    table = read.value(tier_table, "price", tier_place, dict)
    if table is None:
        return None
    try:
        return PriceRule.from_mapping({"prorate": False, "fresh_year_option": False, **table})
    except PriceRuleError as error:
        for key, message in error.placed:
            read.problem(f"{place}.{key}" if key else place, message)
        return None


def _targets(read: Reader, raw: Mapping[str, Any], calendars: Mapping[str, Calendar],
             known: Mapping[str, set[Any]]) -> tuple[Target, ...]:
    targets: list[Target] = []
    seen: dict[tuple[Any, ...], str] = {}
    for place, table in read.tables(raw, "targets"):
        read.known_keys(table, place, TARGET_KEYS)
        before = len(read.problems)
        tier_value = table.get("tier")
        tiers = (tier_value,) if isinstance(tier_value, str) else tier_value
        if not isinstance(tiers, (list, tuple)) or not tiers or not all(
                isinstance(tier, str) for tier in tiers):
            read.problem(f"{place}.tier", "missing (a tier code or a list of them)")
            tiers = ()
        for tier in tiers:
            if tier not in known["tier"]:
                read.problem(f"{place}.tier", f"unknown tier {tier!r}")
        kind = read.choice(table, "kind", place, TARGET_KINDS)
        selectors: dict[str, Any] = {}
        for name in SELECTORS:
            kind_of = int if name == "priority" else str
            selectors[name] = read.value(table, name, place, kind_of, required=False)
            if selectors[name] is not None and selectors[name] not in known[name]:
                read.problem(f"{place}.{name}", f"unknown {name} {selectors[name]!r}")
        calendar_name = read.value(table, "calendar", place, str)
        calendar = calendars.get(calendar_name) if calendar_name else None
        if calendar_name is not None and calendar is None:
            declared = calendar_name in read.value(raw, "calendars", "", dict, default={})
            read.problem(f"{place}.calendar", f"calendar {calendar_name!r} has problems"
                         if declared else f"unknown calendar {calendar_name!r}")
        amount, unit = _amount(read, table, place)
        note = read.text(table, "note", place, required=False)
        if len(read.problems) > before or calendar is None or kind is None:
            continue
        for tier in tiers:
            key = (tier, kind, *selectors.values())
            if key in seen:
                read.problem(place, f"repeats {seen[key]} for tier {tier!r}")
            seen[key] = place
        minutes = None
        if amount is not None:
            minutes = amount * (calendar.day_minutes() if unit == "working_days"
                                else AMOUNT_UNITS[unit])
        targets.append(Target(kind=kind, tiers=tuple(tiers), minutes=minutes, calendar=calendar,
                              calendar_name=str(calendar_name), amount=amount, unit=unit,
                              note=note, **selectors))
    return tuple(targets)


def _amount(read: Reader, table: Mapping[str, Any], place: str) -> tuple[int | None, str]:
    given = [key for key in ("minutes", "hours", "working_days", "guarantee") if key in table]
    if len(given) != 1:
        read.problem(place, "needs exactly one of minutes, hours, working_days, guarantee = false")
        return None, "none"
    unit = given[0]
    if unit == "guarantee":
        if table["guarantee"] is not False:
            read.problem(f"{place}.guarantee", "only guarantee = false is meaningful")
        return None, "none"
    amount = read.count(table, unit, place, minimum=1)
    return amount, unit

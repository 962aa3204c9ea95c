"""Quotes from a loaded policy: maps a preset and request data onto the pure pricing core."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from portal.domain.policy import Policy, Product
from portal.domain.pricing import (
    Contract,
    LicenseLine,
    PriceRule,
    PriceRuleError,
    PricingError,
    QuoteLine,
    QuoteOption,
)
from portal.domain.pricing_quote import QuoteRequest, build_quote
from portal.domain.pricing_text import describe
from portal.domain.pricing_work import HoursUsed, VersionMove


class QuoteInputError(ValueError):
    """A quote request that cannot be priced; the message says why."""


@lru_cache(maxsize=8)
@lru_cache(maxsize=8)
def rules_for(policy: Policy) -> dict[str, PriceRule]:
    """Each tier's PriceRule, parsed once per policy (policies are immutable and hashable)."""
    return price_rules(policy)


def price_rules(policy: Policy) -> dict[str, PriceRule]:
    """Each tier's PriceRule; the warranty section and tier hours fill gaps in the table."""
    warranty = {
        rule.tier: rule.months for rule in policy.warranty if rule.starts == "first-license"
    }
    rules: dict[str, PriceRule] = {}
    for tier in policy.tiers:
        mapping: dict[str, Any] = dict(tier.price)
        if tier.code in warranty:
            mapping.setdefault("warranty_months", warranty[tier.code])
        if tier.hourly_rate is not None:
            mapping.setdefault("hourly_rate", tier.hourly_rate)
        if tier.free_hours:
            mapping.setdefault("free_hours", tier.free_hours)
        try:
            rules[tier.code] = PriceRule.from_mapping(mapping)
        except PriceRuleError as error:
            problems = "; ".join(error.problems)
            raise PriceRuleError([f"tiers.{tier.code}.price: {problems}"]) from error
    return rules


def product_name(product: Product, edition_code: str, language: str) -> str:
    """`CRM Standard`, in the page's language; the product alone when it has one edition."""
    edition = product.edition(edition_code)
    name = product.name.get(language)
    if edition is None or len(product.editions) < 2:
        return name
    return f"{name} {edition.name.get(language)}"


def _money(raw: object, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise QuoteInputError(f'{where} must be a string like "1000.00"')
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise QuoteInputError(f"{where}: {raw!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise QuoteInputError(f"{where} must be a non-negative number")
    return value


def _date(raw: object, where: str) -> date:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise QuoteInputError(f"{where} must be a date like 2026-07-01, not {raw!r}") from None


def _license(raw: object, where: str, policy: Policy, language: str) -> LicenseLine:
    if not isinstance(raw, Mapping):
        raise QuoteInputError(f"{where} must be an object with product and quantity")
    code = raw.get("product")
    quantity = raw.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise QuoteInputError(f"{where}.quantity must be a whole number >= 0")
    product = policy.product(str(code))
    if product is None:
        known = ", ".join(p.code for p in policy.products) or "none"
        raise QuoteInputError(f"{where}.product {code!r} is not in the catalogue ({known})")
    only_edition = product.editions[0].code if len(product.editions) == 1 else ""
    edition_code = raw.get("edition") or only_edition
    edition = product.edition(str(edition_code))
    if raw.get("edition") and edition is None:
        known = ", ".join(e.code for e in product.editions)
        raise QuoteInputError(f"{where}.edition {edition_code!r} is not one of {known}")
    if raw.get("unit_price") is not None:
        unit_price = _money(raw["unit_price"], f"{where}.unit_price")
    elif edition is not None:
        unit_price = edition.price
    else:
        raise QuoteInputError(f"{where} needs an edition or a unit_price")
    name = product_name(product, str(edition_code), language)
    return LicenseLine(product.code, quantity, unit_price, str(edition_code), name)


def _licenses(data: Mapping, key: str, policy: Policy, language: str) -> tuple[LicenseLine, ...]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise QuoteInputError(f"{key} must be a list")
    return tuple(_license(item, f"{key}[{i}]", policy, language) for i, item in enumerate(raw))


def _contract(raw: object, policy: Policy) -> Contract | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise QuoteInputError("contract must be an object or null")
    tier = raw.get("tier")
    if policy.tier(str(tier)) is None:
        raise QuoteInputError(f"contract.tier {tier!r} is not a tier of {policy.code}")
    try:
        return Contract(
            str(tier),
            str(raw.get("kind", "paid")),
            _date(raw.get("start"), "contract.start"),
            _date(raw.get("end"), "contract.end"),
        )
    except PricingError as error:
        raise QuoteInputError(f"contract: {error}") from None


def _moves(data: Mapping, policy: Policy) -> tuple[VersionMove, ...]:
    moves = []
    for i, raw in enumerate(data.get("upgrade") or []):
        where = f"upgrade[{i}]"
        line = _license(raw, where, policy, "en")
        rented = bool(raw.get("rented", False))
        product = policy.product(line.product)
        rent_month = product.rent_month if product else None
        if raw.get("rent_month") is not None:
            rent_month = _money(raw["rent_month"], f"{where}.rent_month")
        if rented and rent_month is None:
            raise QuoteInputError(f"{where} needs rent_month for rented licenses")
        moves.append(
            VersionMove(
                line.product, line.quantity, line.unit_price, rented, rent_month, line.label
            )
        )
    return tuple(moves)


def _hours(raw: object) -> HoursUsed | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise QuoteInputError("hours must be an object")
    amounts = {
        key: _money(raw.get(key, "0"), f"hours.{key}")
        for key in ("consulting", "free_hours_used", "user_errors", "diagnostics")
    }
    return HoursUsed(**amounts, product_failure=bool(raw.get("product_failure", False)))


def quote_request(data: object, policy: Policy, language: str = "en") -> QuoteRequest:
    """Check the CLI's / page's JSON-shaped input and build the pricing request."""
    if not isinstance(data, Mapping):
        raise QuoteInputError("the input must be a JSON object")
    tier = data.get("tier")
    if policy.tier(str(tier)) is None:
        known = ", ".join(t.code for t in policy.tiers)
        raise QuoteInputError(f"tier {tier!r} is not a tier of {policy.code} ({known})")
    deployment = data.get("deployment")
    return QuoteRequest(
        on=_date(data.get("date"), "date"),
        tier=str(tier),
        currency=policy.currency,
        deployment=None if deployment is None else str(deployment),
        owned=_licenses(data, "owned", policy, language),
        buy=_licenses(data, "buy", policy, language),
        contract=_contract(data.get("contract"), policy),
        moves=_moves(data, policy),
        hours=_hours(data.get("hours")),
    )


def quote(data: object, policy: Policy, language: str = "en") -> list[QuoteOption]:
    """Price the input under the policy; QuoteInputError says what is wrong with it."""
    request = quote_request(data, policy, language)
    try:
        return build_quote(request, price_rules(policy))
    except PricingError as error:
        raise QuoteInputError(str(error)) from None


def _json_fact(value: object) -> object:
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def line_json(line: QuoteLine) -> dict[str, object]:
    """A line for JSON: kind, English description, amount, then its explaining facts."""
    facts = {key: _json_fact(value) for key, value in line.facts.items()}
    return {
        "kind": line.kind,
        "description": describe(line),
        "amount": str(line.amount.amount),
        "rule": line.rule,
        **facts,
    }


def quote_json(options: list[QuoteOption], currency: str) -> dict[str, object]:
    """The CLI's output: the currency and each option with its lines and total."""
    return {
        "currency": currency,
        "options": [
            {
                "name": option.name,
                "lines": [line_json(line) for line in option.lines],
                "total": str(option.total.amount),
            }
            for option in options
        ],
    }


def calculator_quote(
    policy: Policy,
    tier: str,
    deployment: str | None,
    quantities: Mapping[tuple[str, str], int],
    on: date,
    language: str,
) -> list[QuoteOption]:
    """A prospect's quote: the chosen licenses and a first year of support from `on`."""
    buy = [
        {"product": product, "edition": edition, "quantity": quantity}
        for (product, edition), quantity in quantities.items()
        if quantity
    ]
    data = {"date": on.isoformat(), "tier": tier, "deployment": deployment, "buy": buy}
    return quote(data, policy, language)

"""A price quote: the options a customer has for a purchase on a given day, cheapest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.domain.pricing.money import (
    AnnualSupport,
    Contract,
    Fact,
    LicenseLine,
    Money,
    PriceRule,
    PricingError,
    QuoteLine,
    QuoteOption,
    annual_support,
    days_left,
    license_value,
    prorated_charge,
    term_end,
)
from portal.domain.pricing.work import HoursUsed, VersionMove, hours_lines, upgrade_line

OPTION_NAMES = ("prorate", "fresh-year", "new", "renewal")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class QuoteRequest:
    """What the customer owns, holds and wants to buy on day `on`."""

    on: date
    tier: str
    currency: str
    deployment: str | None = None
    owned: tuple[LicenseLine, ...] = ()
    buy: tuple[LicenseLine, ...] = ()
    contract: Contract | None = None
    moves: tuple[VersionMove, ...] = ()
    hours: HoursUsed | None = field(default=None)


def _rule(rules: Mapping[str, PriceRule], tier: str, currency: str) -> PriceRule:
    if tier not in rules:
        raise PricingError(f"unknown tier {tier!r}; known: {', '.join(sorted(rules))}")
    rule = rules[tier]
    if rule.currency != currency:
        raise PricingError(f"tier {tier} is priced in {rule.currency}, the quote in {currency}")
    return rule


def _annual_facts(annual: AnnualSupport, suffix: str = "") -> dict[str, Fact]:
    facts: dict[str, Fact] = {f"base{suffix}": annual.base, f"price_rule{suffix}": annual.rule}
    if annual.percent is not None:
        facts[f"percent{suffix}"] = annual.percent
    if annual.minimum is not None:
        facts[f"minimum{suffix}"] = annual.minimum
        facts[f"minimum_applied{suffix}"] = annual.minimum_applied
    return facts


def license_lines(buy: tuple[LicenseLine, ...], currency: str) -> list[QuoteLine]:
    """The bought licenses themselves: quantity x unit price."""
    return [
        QuoteLine(
            "license",
            Money(line.value, currency),
            "license",
            {
                "product": line.product,
                "edition": line.edition,
                "name": line.label,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            },
        )
        for line in buy
        if line.quantity
    ]


def year_of_support(kind: str, rule: PriceRule, request: QuoteRequest, tier: str) -> QuoteLine:
    """A year of support from the quote's day on every license, owned and bought."""
    annual = annual_support(rule, license_value(request.owned + request.buy), request.deployment)
    facts: dict[str, Fact] = {
        "tier": tier,
        "term_start": request.on,
        "term_end": term_end(request.on),
        **_annual_facts(annual),
    }
    return QuoteLine(kind, Money(annual.amount, rule.currency), annual.rule, facts)


def warranty_year(rule: PriceRule, request: QuoteRequest) -> QuoteLine:
    """Free support for the warranty months after the first license purchase.

    Its facts also say what a year will cost afterwards, at today's prices.
    """
    afterwards = annual_support(rule, license_value(request.buy), request.deployment)
    facts: dict[str, Fact] = {
        "tier": request.tier,
        "term_start": request.on,
        "term_end": term_end(request.on, rule.warranty_months),
        "warranty_months": rule.warranty_months,
        "then_amount": afterwards.amount,
        **_annual_facts(afterwards),
    }
    return QuoteLine("support", Money(ZERO, rule.currency), "warranty", facts)


def proration(
    rules: Mapping[str, PriceRule], request: QuoteRequest, contract: Contract
) -> QuoteLine:
    """The rest of the current term for what changes: added licenses, another tier."""
    rule = _rule(rules, request.tier, request.currency)
    old_rule = _rule(rules, contract.tier, request.currency)
    all_licenses = request.owned + request.buy
    facts: dict[str, Fact] = {"tier": request.tier, "tier_before": contract.tier}
    if contract.kind == "warranty":
        # Warranty covers every license to its unchanged end (Axistem: "the warranty
        # end does not move"); only a move to another tier costs anything.
        before = AnnualSupport(ZERO, "warranty", license_value(request.owned))
    else:
        before = annual_support(old_rule, license_value(request.owned), request.deployment)
    if contract.kind == "warranty" and request.tier == contract.tier:
        after = AnnualSupport(before.amount, "warranty", license_value(all_licenses))
    else:
        after = annual_support(rule, license_value(all_licenses), request.deployment)
    left = days_left(request.on, contract.start, contract.end)
    amount = prorated_charge(before.amount, after.amount, left, contract.days_in_term)
    facts.update(_annual_facts(before, "_before"))
    facts.update(_annual_facts(after))
    facts.update(
        annual_before=before.amount,
        annual_after=after.amount,
        days_left=left,
        days_in_term=contract.days_in_term,
        term_start=contract.start,
        term_end=contract.end,
    )
    return QuoteLine("support-proration", Money(amount, rule.currency), "prorate", facts)


def build_quote(request: QuoteRequest, rules: Mapping[str, PriceRule]) -> list[QuoteOption]:
    """Every option the rules give for this request, cheapest first."""
    rule = _rule(rules, request.tier, request.currency)
    if rule.needs_license and not any(line.quantity for line in request.owned + request.buy):
        raise PricingError("support needs at least one owned or purchased license")
    common = license_lines(request.buy, request.currency)
    common += [upgrade_line(rule, move, request.tier) for move in request.moves]
    if request.hours is not None:
        common += hours_lines(rule, request.hours, request.tier)
    contract = request.contract
    options: list[tuple[str, QuoteLine]] = []
    if contract is None:
        # Licenses of a free, non-commercial edition are not "the first license" (Axistem):
        # the first paid one still starts the free warranty year.
        first_purchase = not any(line.quantity and line.commercial for line in request.owned)
        buys_paid = any(line.quantity and line.commercial for line in request.buy)
        if rule.warranty_months and first_purchase and buys_paid:
            options.append(("new", warranty_year(rule, request)))
        else:
            options.append(("new", year_of_support("support", rule, request, request.tier)))
    elif request.on > contract.end:
        options.append(("renewal", year_of_support("renewal", rule, request, request.tier)))
    else:
        # A fresh year is the seed's other way to pay for add-on licenses (Axistem item 10):
        # with nothing bought (only a version move, hours or a tier change) it is not offered.
        buying = any(line.quantity for line in request.buy)
        fresh_year = rule.fresh_year_option and contract.kind == "paid" and buying
        if rule.prorate or not fresh_year:
            options.append(("prorate", proration(rules, request, contract)))
        if fresh_year:
            line = year_of_support("support", rule, request, request.tier)
            line.facts["replaces_term_end"] = contract.end
            options.append(("fresh-year", line))
    quotes = [
        QuoteOption(name, tuple(common) + (support,), request.currency) for name, support in options
    ]
    return sorted(quotes, key=lambda option: (option.total.amount, option.name))

"""Quotes from a loaded policy: maps a preset and request data onto the pure pricing core."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from portal.billing.quote_input import QuoteInputError, product_name, quote_request
from portal.domain.policy import Policy
from portal.domain.pricing import (
    PriceRule,
    PricingError,
    QuoteLine,
    QuoteOption,
    build_quote,
    describe,
)

__all__ = [
    "QuoteInputError",
    "calculator_quote",
    "product_name",
    "quote",
    "quote_json",
    "rules_for",
]


def rules_for(policy: Policy) -> dict[str, PriceRule]:
    """Each tier's PriceRule, as the policy parsed it."""
    return {tier.code: tier.price for tier in policy.tiers}


def quote(data: object, policy: Policy, language: str = "en") -> list[QuoteOption]:
    """Price the input under the policy; QuoteInputError says what is wrong with it."""
    request = quote_request(data, policy, language)
    try:
        return build_quote(request, rules_for(policy))
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
    owned: Mapping[tuple[str, str], int] | None = None,
    contract: Mapping[str, object] | None = None,
) -> list[QuoteOption]:
    """The calculator's quote: licenses to buy and support of `tier` from `on`.

    A prospect gets a first year; a customer who gives what they own and their current
    contract gets what the rules offer them (proration, a fresh year, a renewal).
    """

    def lines(chosen: Mapping[tuple[str, str], int]) -> list[dict[str, object]]:
        return [
            {"product": product, "edition": edition, "quantity": quantity}
            for (product, edition), quantity in chosen.items()
            if quantity
        ]

    data = {
        "date": on.isoformat(),
        "tier": tier,
        "deployment": deployment,
        "owned": lines(owned or {}),
        "contract": dict(contract) if contract else None,
        "buy": lines(quantities),
    }
    return quote(data, policy, language)

"""Reading a tier's price table (`[tiers.X.price]`) into a mapping of Decimals."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from portal.domain.policy_read import Reader

PRICE_RULES = ("percent", "flat", "included", "none")
PRICE_KEYS = {"rule", "currency", "percent", "minimum", "flat", "warranty_months", "hourly_rate",
              "free_hours", "upgrade_percent", "rent_upgrade_months", "prorate",
              "fresh_year_option"}
FLAT_PERIODS = ("year", "month")
HUNDRED = Decimal(100)


def read_price(read: Reader, tier_table: Mapping[str, Any], tier_place: str) -> dict[str, Any] | None:
    """The tier's price table with money as Decimal; None when it has problems."""
    place = f"{tier_place}.price"
    table = read.value(tier_table, "price", tier_place, dict)
    if table is None:
        return None
    before = len(read.problems)
    read.known_keys(table, place, PRICE_KEYS)
    price: dict[str, Any] = {
        "rule": read.choice(table, "rule", place, PRICE_RULES),
        "currency": read.value(table, "currency", place, str),
    }
    rule = price["rule"]
    for key, maximum in (("percent", HUNDRED), ("minimum", None)):
        if key in table:
            price[key] = _by_deployment(read, table[key], f"{place}.{key}", maximum)
    if rule == "percent" and "percent" not in table:
        read.problem(f"{place}.percent", "missing (rule is percent)")
    if "flat" in table:
        flat = read.value(table, "flat", place, dict, default={})
        price["flat"] = {}
        for period, amount in flat.items():
            if period not in FLAT_PERIODS:
                read.problem(f"{place}.flat.{period}", "period must be year or month")
            price["flat"][period] = read.decimal_of(amount, f"{place}.flat.{period}")
    elif rule == "flat":
        read.problem(f"{place}.flat", "missing (rule is flat)")
    for key in ("warranty_months", "free_hours", "rent_upgrade_months"):
        if key in table:
            price[key] = read.count(table, key, place)
    price.setdefault("free_hours", 0)
    for key, maximum in (("hourly_rate", None), ("upgrade_percent", HUNDRED)):
        if key in table:
            price[key] = read.decimal(table, key, place, maximum=maximum)
    for key in ("prorate", "fresh_year_option"):
        price[key] = read.value(table, key, place, bool, required=False, default=False)
    if len(read.problems) > before:
        return None
    return price


def _by_deployment(read: Reader, raw: Any, place: str,
                   maximum: Decimal | None) -> Decimal | dict[str, Decimal | None] | None:
    """A plain decimal string, or one per deployment ({on-site = "20", on-demand = "10"})."""
    if isinstance(raw, dict):
        return {deployment: read.decimal_of(value, f"{place}.{deployment}", maximum)
                for deployment, value in raw.items()}
    return read.decimal_of(raw, place, maximum)

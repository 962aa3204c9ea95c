"""Priced work beside support: moving licenses to a new version and billed hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.domain.pricing.money import (
    HUNDRED,
    Fact,
    Money,
    PriceRule,
    PricingError,
    QuoteLine,
    require_count,
    require_decimal,
    round_half_up,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class VersionMove:
    """Licenses of one product moved to its new version.

    Owned licenses pay the tier's percent of the new version's price per license;
    rented ones pay some months of their rent (`rent_month` per license).
    """

    product: str
    quantity: int
    new_version_price: Decimal | None = None
    rented: bool = False
    rent_month: Decimal | None = None
    name: str = ""

    def __post_init__(self) -> None:
        require_count(self.quantity, "quantity")
        needed = "rent_month" if self.rented else "new_version_price"
        price = getattr(self, needed)
        if price is None:
            raise PricingError(f"moving {self.product} to a new version needs {needed}")
        require_decimal(price, needed)


def upgrade_line(rule: PriceRule, move: VersionMove, tier: str) -> QuoteLine:
    """The price of moving licenses to a new version under the tier's rule."""
    label = move.name or move.product
    if rule.upgrade_included:
        facts: dict[str, Fact] = {"tier": tier, "product": move.product, "name": label,
                                  "quantity": move.quantity, "rented": move.rented,
                                  "reason": "included in every package"}
        return QuoteLine("upgrade", Money(ZERO, rule.currency), "upgrade-included", facts)
    if move.rented:
        if rule.rent_upgrade_months is None:
            raise PricingError(f"tier {tier} has no price for moving rented licenses")
        assert move.rent_month is not None
        amount = round_half_up(move.rent_month * move.quantity * rule.rent_upgrade_months)
        facts: dict[str, Fact] = {
            "tier": tier,
            "product": move.product,
            "name": label,
            "quantity": move.quantity,
            "rent_month": move.rent_month,
            "months": rule.rent_upgrade_months,
        }
        return QuoteLine("upgrade", Money(amount, rule.currency), "rent-months", facts)
    if rule.upgrade_percent is None:
        raise PricingError(f"tier {tier} has no price for moving to a new version")
    assert move.new_version_price is not None
    amount = round_half_up(move.new_version_price * move.quantity * rule.upgrade_percent / HUNDRED)
    facts: dict[str, Fact] = {
        "tier": tier,
        "product": move.product,
        "name": label,
        "quantity": move.quantity,
        "unit_price": move.new_version_price,
        "percent": rule.upgrade_percent,
    }
    return QuoteLine("upgrade", Money(amount, rule.currency), "upgrade-percent", facts)


@dataclass(frozen=True)
class HoursUsed:
    """Hours of support work in one contract year, by what they were spent on."""

    consulting: Decimal = ZERO
    free_hours_used: Decimal = ZERO
    user_errors: Decimal = ZERO
    diagnostics: Decimal = ZERO
    product_failure: bool = False
    update_help: Decimal = ZERO  # help installing updates (iStom bills only this)

    def __post_init__(self) -> None:
        for name in ("consulting", "free_hours_used", "user_errors", "diagnostics",
                     "update_help"):
            if require_decimal(getattr(self, name), name) < 0:
                raise PricingError(f"{name} must not be negative")


def hours_lines(rule: PriceRule, used: HoursUsed, tier: str) -> list[QuoteLine]:
    """Billed hours: consulting beyond the free quota, users' own errors, diagnostics, help
    installing updates - each only where the tier's `billed_work` bills it.

    Diagnostics are free when they found a product failure, except on a tier with
    no support at all (Axistem Free bills every diagnostic hour). iStom bills nothing but
    help with installing updates: consulting and diagnostics are part of its support.
    """
    free_left = max(ZERO, rule.free_hours - used.free_hours_used)
    worked = {
        "consulting": max(ZERO, used.consulting - free_left),
        "user-errors": used.user_errors,
        "diagnostics": (ZERO if used.product_failure and rule.rule != "none" else used.diagnostics),
        "update-help": used.update_help,
    }
    billed = {work: hours for work, hours in worked.items() if work in rule.billed_work}
    if not any(billed.values()):
        return []
    if rule.hourly_rate is None:
        raise PricingError(f"tier {tier} has no hourly rate")
    lines = []
    for work, hours in billed.items():
        if not hours:
            continue
        facts: dict[str, Fact] = {
            "tier": tier,
            "work": work,
            "hours": hours,
            "rate": rule.hourly_rate,
        }
        if work == "consulting":
            facts.update(free_hours=rule.free_hours, free_left=free_left, requested=used.consulting)
        amount = round_half_up(hours * rule.hourly_rate)
        lines.append(QuoteLine("hours", Money(amount, rule.currency), "hourly", facts))
    return lines

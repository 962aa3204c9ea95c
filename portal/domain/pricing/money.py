"""Support pricing core: money, license value, terms, annual support price, proration."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from portal.domain.pricing.rule import (
    HUNDRED,
    PriceRule,
    PricingError,
)

CENT = Decimal("0.01")
CONTRACT_KINDS = ("paid", "warranty")


def require_decimal(value: object, name: str) -> Decimal:
    """Return value if it is a Decimal; floats (and anything else) never enter pricing."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise PricingError(f"{name} must be a finite number")
    return value


def require_count(value: object, name: str) -> int:
    """Return value if it is a plain non-negative int (bool and float are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise PricingError(f"{name} must not be negative")
    return value


def round_half_up(value: Decimal) -> Decimal:
    """Round to cents, half up, as every priced line is."""
    return require_decimal(value, "amount").quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    """An amount with its currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        require_decimal(self.amount, "amount")
        if not self.currency:
            raise PricingError("an amount needs a currency")

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


@dataclass(frozen=True)
class LicenseLine:
    """Some licenses of one product edition at its current list price."""

    product: str
    quantity: int
    unit_price: Decimal
    edition: str = ""
    name: str = ""
    commercial: bool = True  # False for a free, non-commercial edition: no "first license"

    def __post_init__(self) -> None:
        require_count(self.quantity, "quantity")
        require_decimal(self.unit_price, "unit_price")
        if self.unit_price < 0:
            raise PricingError("unit_price must not be negative")

    @property
    def value(self) -> Decimal:
        return round_half_up(self.unit_price * self.quantity)

    @property
    def label(self) -> str:
        return self.name or (f"{self.product} {self.edition}".strip())


@dataclass(frozen=True)
class Contract:
    """A support contract: tier, kind (paid or warranty) and its term, both days included."""

    tier: str
    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in CONTRACT_KINDS:
            raise PricingError(f"contract kind must be paid or warranty, not {self.kind!r}")
        if self.end < self.start:
            raise PricingError("the contract ends before it starts")

    @property
    def days_in_term(self) -> int:
        return days_in_term(self.start, self.end)


def license_value(lines: Iterable[LicenseLine]) -> Decimal:
    """Sum of the rounded line values at current list prices."""
    return sum((line.value for line in lines), Decimal("0.00"))


def days_in_term(start: date, end: date) -> int:
    """Days of a term, its first and last day both counted."""
    return (end - start).days + 1


def days_left(on: date, start: date, end: date) -> int:
    """Days from `on` to the term's end, both counted; the whole term before it starts."""
    if on <= start:
        return days_in_term(start, end)
    return max(0, (end - on).days + 1)


def term_end(start: date, months: int = 12) -> date:
    """Last day of a term of `months` from start: the day before the same date later.

    A start on a day the target month lacks (29 February) ends on that month's last day.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


@dataclass(frozen=True)
class AnnualSupport:
    """The annual support price of a tier and how it was reached."""

    amount: Decimal
    rule: str
    base: Decimal
    percent: Decimal | None = None
    minimum: Decimal | None = None
    minimum_applied: bool = False


def annual_support(rule: PriceRule, value: Decimal, deployment: str | None = None) -> AnnualSupport:
    """Annual support price for licenses worth `value`, rounded to cents."""
    require_decimal(value, "license value")
    if rule.rule == "contract":
        raise PricingError("this tier is by separate contract: its terms and price are agreed "
                           "in that contract, not quoted here")
    if rule.rule == "flat":
        return AnnualSupport(round_half_up(rule.flat["year"]), "flat", value)
    if rule.rule in ("included", "none"):
        return AnnualSupport(Decimal("0.00"), rule.rule, value)
    percent = rule.percent_for(deployment)
    minimum = rule.minimum_for(deployment)
    if percent == 0 and not minimum:
        # Terrasoft Basic on-demand: support comes with the subscription.
        return AnnualSupport(Decimal("0.00"), "included", value)
    by_percent = round_half_up(value * percent / HUNDRED)
    if minimum is not None and by_percent < minimum:
        return AnnualSupport(round_half_up(minimum), "percent", value, percent, minimum, True)
    return AnnualSupport(by_percent, "percent", value, percent, minimum, False)


def prorated_charge(before: Decimal, after: Decimal, days_left: int, days_in_term: int) -> Decimal:
    """(after - before) x days_left / days_in_term, half-up to cents; never a refund."""
    require_decimal(before, "annual before")
    require_decimal(after, "annual after")
    require_count(days_left, "days_left")
    if days_in_term <= 0 or days_left > days_in_term:
        raise PricingError("days left must lie within the term")
    difference = round_half_up(after) - round_half_up(before)
    if difference <= 0:
        return Decimal("0.00")
    return round_half_up(difference * days_left / days_in_term)


LINE_KINDS = ("license", "support", "support-proration", "renewal", "upgrade", "hours")
Fact = str | int | bool | Decimal | date


@dataclass(frozen=True)
class QuoteLine:
    """One priced line of a quote, with the facts that explain how it was priced.

    `rule` names the rule applied (license, percent, flat, included, none, warranty,
    prorate, upgrade-percent, rent-months, hourly); `facts` hold its figures
    (percent, minimum, minimum_applied, days_left, days_in_term...), so a page can
    explain the line in any language.
    """

    kind: str
    amount: Money
    rule: str
    facts: dict[str, Fact]

    def __post_init__(self) -> None:
        if self.kind not in LINE_KINDS:
            raise PricingError(f"unknown line kind {self.kind!r}")
        if self.amount.amount != round_half_up(self.amount.amount):
            raise PricingError("a line amount must be rounded to cents")


@dataclass(frozen=True)
class QuoteOption:
    """One way to pay: named lines whose total is the sum of the rounded lines."""

    name: str
    lines: tuple[QuoteLine, ...]
    currency: str

    def __post_init__(self) -> None:
        for line in self.lines:
            if line.amount.currency != self.currency:
                raise PricingError(f"a {line.amount.currency} line in a {self.currency} quote")

    @property
    def total(self) -> Money:
        return Money(
            sum((line.amount.amount for line in self.lines), Decimal("0.00")), self.currency
        )

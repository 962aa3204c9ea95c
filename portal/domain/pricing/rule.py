"""A tier's price table (`[tiers.X.price]`) parsed into a checked PriceRule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

HUNDRED = Decimal(100)
ANY_DEPLOYMENT = "*"
# "contract": by separate contract (ASCON individual): shown as such, never priced.
RULES = ("percent", "flat", "included", "none", "contract")
# Work that may be billed by the hour; `billed_work` names which of it a tier bills.
WORK_KINDS = ("consulting", "user-errors", "diagnostics", "update-help")
BILLED_BY_DEFAULT = ("consulting", "user-errors", "diagnostics")
FLAT_PERIODS = ("year", "month")
PRICE_KEYS = frozenset(
    {
        "rule",
        "currency",
        "percent",
        "minimum",
        "flat",
        "warranty_months",
        "hourly_rate",
        "free_hours",
        "upgrade_percent",
        "rent_upgrade_months",
        "prorate",
        "fresh_year_option",
        "billed_work",
        "upgrade_included",
        "needs_license",
    }
)

_PROBLEM_KEY = re.compile(r"([a-z_]+(?:\.[\w-]+)?)[: ]")


class PricingError(ValueError):
    """Input the pricing rules cannot price (unknown deployment, mixed currencies...)."""


class PriceRuleError(PricingError):
    """A price table that does not follow the schema; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    @property
    def placed(self) -> list[tuple[str, str]]:
        """Each problem as (key of the table it is about, or "", what is wrong)."""
        found = []
        for problem in self.problems:
            match = _PROBLEM_KEY.match(problem)
            if match is None or match.group(1).split(".")[0] not in PRICE_KEYS:
                found.append(("", problem))
            elif problem[match.end(1)] == ":":
                found.append((match.group(1), problem[match.end(1) + 1:].strip()))
            else:
                found.append((match.group(1), problem))
        return found


def _parse_decimal(raw: object, where: str, problems: list[str]) -> Decimal | None:
    # TOML floats are binary: prices must be written as strings (or whole numbers);
    # a loader that already made them Decimal is welcome.
    if isinstance(raw, bool | float):
        problems.append(f'{where}: write the number as a string, e.g. "20"')
        return None
    if isinstance(raw, int | str | Decimal):
        try:
            number = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
        except InvalidOperation:
            problems.append(f"{where}: {raw!r} is not a number")
            return None
        if not number.is_finite() or number < 0:
            problems.append(f"{where}: {raw!r} must be a non-negative number")
            return None
        return number
    problems.append(f"{where}: expected a number as a string")
    return None


def _parse_by_deployment(raw: object, where: str, problems: list[str]) -> dict[str, Decimal]:
    """A plain value applies to any deployment; a table gives one value per deployment."""
    if isinstance(raw, Mapping):
        if not raw:
            problems.append(f"{where}: the table is empty")
        parsed = {str(k): _parse_decimal(v, f"{where}.{k}", problems) for k, v in raw.items()}
    else:
        parsed = {ANY_DEPLOYMENT: _parse_decimal(raw, where, problems)}
    return {k: v for k, v in parsed.items() if v is not None}


@dataclass(frozen=True)
class PriceRule:
    """How one tier is priced: its `[tiers.X.price]` table, parsed and checked."""

    rule: str
    currency: str
    percent: Mapping[str, Decimal] = field(default_factory=dict)
    minimum: Mapping[str, Decimal] = field(default_factory=dict)
    flat: Mapping[str, Decimal] = field(default_factory=dict)
    warranty_months: int = 0
    hourly_rate: Decimal | None = None
    free_hours: Decimal = Decimal(0)
    upgrade_percent: Decimal | None = None
    rent_upgrade_months: Decimal | None = None
    prorate: bool = True
    fresh_year_option: bool = False
    # Hourly work this tier bills (beyond free hours for consulting); the rest is included.
    billed_work: tuple[str, ...] = BILLED_BY_DEFAULT
    # Moving to a new version costs nothing (Terrasoft: "in every package").
    upgrade_included: bool = False
    # Support only with at least one owned or bought license (Terrasoft).
    needs_license: bool = False

    @classmethod
    def problems_in(cls, mapping: Mapping[str, Any]) -> list[str]:
        """Every problem of a price table; empty when it can be used."""
        try:
            cls.from_mapping(mapping)
        except PriceRuleError as error:
            return error.problems
        return []

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> PriceRule:
        """Parse a price table; raise PriceRuleError listing all its problems."""
        problems: list[str] = []
        if not isinstance(mapping, Mapping):
            raise PriceRuleError(["the price must be a table"])
        for key in sorted(set(mapping) - PRICE_KEYS):
            problems.append(f"unknown key {key!r}")
        rule = mapping.get("rule")
        if rule not in RULES:
            problems.append(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
        currency = mapping.get("currency")
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isupper()):
            problems.append(f"currency must be a three-letter code like EUR, not {currency!r}")
        percent = (
            _parse_by_deployment(mapping.get("percent"), "percent", problems)
            if ("percent" in mapping)
            else {}
        )
        minimum = (
            _parse_by_deployment(mapping.get("minimum"), "minimum", problems)
            if ("minimum" in mapping)
            else {}
        )
        if any(value > HUNDRED for value in percent.values()):
            problems.append("percent must be at most 100")
        if rule == "percent" and "percent" not in mapping:
            problems.append("rule 'percent' needs percent")
        if ANY_DEPLOYMENT not in minimum and ANY_DEPLOYMENT not in percent:
            for deployment in sorted(set(minimum) - set(percent)):
                problems.append(f"minimum for {deployment!r} has no percent")
        flat: dict[str, Decimal] = {}
        raw_flat = mapping.get("flat", {})
        if not isinstance(raw_flat, Mapping):
            problems.append('flat must be a table like { year = "15000.00" }')
        else:
            for period, raw in raw_flat.items():
                if period not in FLAT_PERIODS:
                    problems.append(f"flat period must be year or month, not {period!r}")
                value = _parse_decimal(raw, f"flat.{period}", problems)
                if value is not None:
                    flat[str(period)] = value
        if rule == "flat" and "year" not in raw_flat:
            problems.append("rule 'flat' needs flat.year")
        optional: dict[str, Decimal | None] = {}
        for key in ("hourly_rate", "free_hours", "upgrade_percent", "rent_upgrade_months"):
            raw = mapping.get(key)
            optional[key] = None if raw is None else _parse_decimal(raw, key, problems)
        warranty_months = mapping.get("warranty_months", 0)
        if (
            isinstance(warranty_months, bool)
            or not isinstance(warranty_months, int)
            or (warranty_months < 0)
        ):
            problems.append("warranty_months must be a whole number of months")
            warranty_months = 0
        billed = mapping.get("billed_work", list(BILLED_BY_DEFAULT))
        if not isinstance(billed, list | tuple) or not all(
                isinstance(kind, str) and kind in WORK_KINDS for kind in billed):
            problems.append(f"billed_work must be a list of {', '.join(WORK_KINDS)}")
            billed = list(BILLED_BY_DEFAULT)
        flags = {}
        for key, default in (("prorate", True), ("fresh_year_option", False),
                             ("upgrade_included", False), ("needs_license", False)):
            flags[key] = mapping.get(key, default)
            if not isinstance(flags[key], bool):
                problems.append(f"{key} must be true or false")
        if problems:
            raise PriceRuleError(problems)
        return cls(
            rule=str(rule),
            currency=str(currency),
            percent=percent,
            minimum=minimum,
            flat=flat,
            warranty_months=warranty_months,
            hourly_rate=optional["hourly_rate"],
            free_hours=optional["free_hours"] or Decimal(0),
            upgrade_percent=optional["upgrade_percent"],
            rent_upgrade_months=optional["rent_upgrade_months"],
            prorate=bool(flags["prorate"]),
            fresh_year_option=bool(flags["fresh_year_option"]),
            billed_work=tuple(billed),
            upgrade_included=bool(flags["upgrade_included"]),
            needs_license=bool(flags["needs_license"]),
        )

    @property
    def deployments(self) -> tuple[str, ...]:
        """Deployments this rule prices differently; empty when deployment does not matter."""
        return tuple(sorted(k for k in {*self.percent, *self.minimum} if k != ANY_DEPLOYMENT))

    def percent_for(self, deployment: str | None) -> Decimal:
        return _by_deployment(self.percent, deployment, "percent") or Decimal(0)

    def minimum_for(self, deployment: str | None) -> Decimal | None:
        return _by_deployment(self.minimum, deployment, "minimum")


def _by_deployment(
    values: Mapping[str, Decimal], deployment: str | None, what: str
) -> Decimal | None:
    if not values:
        return None
    if ANY_DEPLOYMENT in values:
        return values[ANY_DEPLOYMENT]
    if deployment in values:
        return values[deployment]
    known = ", ".join(sorted(values))
    raise PricingError(f"the {what} depends on the deployment ({known}); got {deployment!r}")

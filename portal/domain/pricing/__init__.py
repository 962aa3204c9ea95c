"""Pricing (DOMAIN.md section 4): license value, support price, proration, upgrades, hours.

Money is Decimal, rounded half-up to 0.01 per line. Callers import from here, not the inner
modules: `rule` parses a tier's price table, `money` holds amounts and terms, `quote` builds
the options of a purchase, `work` prices version moves and hours, `text` describes a line.
"""

from __future__ import annotations

from portal.domain.pricing.money import (
    CENT,
    CONTRACT_KINDS,
    LINE_KINDS,
    AnnualSupport,
    Contract,
    Fact,
    LicenseLine,
    Money,
    QuoteLine,
    QuoteOption,
    annual_support,
    days_in_term,
    days_left,
    license_value,
    prorated_charge,
    require_count,
    require_decimal,
    round_half_up,
    term_end,
)
from portal.domain.pricing.quote import OPTION_NAMES, QuoteRequest, build_quote
from portal.domain.pricing.rule import (
    ANY_DEPLOYMENT,
    HUNDRED,
    RULES,
    PriceRule,
    PriceRuleError,
    PricingError,
)
from portal.domain.pricing.text import describe
from portal.domain.pricing.work import HoursUsed, VersionMove, hours_lines, upgrade_line

__all__ = [
    "ANY_DEPLOYMENT", "CENT", "CONTRACT_KINDS", "HUNDRED", "LINE_KINDS", "OPTION_NAMES", "RULES",
    "AnnualSupport", "Contract", "Fact", "HoursUsed", "LicenseLine", "Money", "PriceRule",
    "PriceRuleError", "PricingError", "QuoteLine", "QuoteOption", "QuoteRequest", "VersionMove",
    "annual_support", "build_quote", "days_in_term", "days_left", "describe", "hours_lines",
    "license_value", "prorated_charge", "require_count", "require_decimal", "round_half_up",
    "term_end", "upgrade_line",
]

"""Unit tests of the pricing core: Decimal only, rounding, terms, price tables, annual price."""

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain.pricing import (
    Contract,
    HoursUsed,
    LicenseLine,
    Money,
    PriceRule,
    PriceRuleError,
    PricingError,
    QuoteLine,
    QuoteOption,
    VersionMove,
    annual_support,
    days_in_term,
    days_left,
    license_value,
    prorated_charge,
    round_half_up,
    term_end,
)

BUSINESS = {
    "rule": "percent",
    "currency": "EUR",
    "percent": {"on-site": "20", "on-demand": "10"},
    "minimum": {"on-site": "500.00", "on-demand": "500.00"},
}


def test_a_float_never_enters():
    with pytest.raises(TypeError, match="unit_price must be a Decimal, not float"):
        LicenseLine("crm", 1, 1000.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="amount must be a Decimal, not float"):
        Money(10.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="amount must be a Decimal, not float"):
        round_half_up(0.125)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="annual after must be a Decimal, not float"):
        prorated_charge(D("1.00"), 2.0, 1, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="license value must be a Decimal, not float"):
        annual_support(PriceRule.from_mapping(BUSINESS), 30000.0, "on-site")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="new_version_price must be a Decimal, not float"):
        VersionMove("crm", 1, new_version_price=100.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="consulting must be a Decimal, not float"):
        HoursUsed(consulting=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="quantity must be an int, not float"):
        LicenseLine("crm", 1.0, D(1))  # type: ignore[arg-type]


def test_a_float_in_a_price_table_is_a_problem():
    problems = PriceRule.problems_in({**BUSINESS, "hourly_rate": 1800.0})
    assert problems == ['hourly_rate: write the number as a string, e.g. "20"']


def test_round_half_up_to_cents():
    assert round_half_up(D("0.125")) == D("0.13")
    assert round_half_up(D("0.124999")) == D("0.12")
    assert round_half_up(D("2.675")) == D("2.68")
    assert round_half_up(D("-0.125")) == D("-0.13")


def test_license_value_sums_rounded_lines():
    lines = [LicenseLine("crm", 3, D("0.335")), LicenseLine("crm", 1, D("0.005"))]
    # 1.005 -> 1.01 and 0.005 -> 0.01: the sum of rounded lines, not the rounded sum (1.01).
    assert license_value(lines) == D("1.02")


def test_term_counts_both_ends():
    assert days_in_term(date(2026, 1, 1), date(2026, 12, 31)) == 365
    assert days_in_term(date(2028, 1, 1), date(2028, 12, 31)) == 366
    assert days_left(date(2026, 7, 1), date(2026, 1, 1), date(2026, 12, 31)) == 184
    assert days_left(date(2026, 12, 31), date(2026, 1, 1), date(2026, 12, 31)) == 1
    assert days_left(date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)) == 0
    assert days_left(date(2025, 6, 1), date(2026, 1, 1), date(2026, 12, 31)) == 365


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
        (date(2026, 7, 1), 12, date(2027, 6, 30)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2027, 3, 1), 12, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 15), 3, date(2027, 2, 14)),
    ],
)
def test_term_end(start, months, end):
    assert term_end(start, months) == end


def test_contract_rejects_unknown_kind_and_reversed_term():
    with pytest.raises(PricingError, match="contract kind must be paid or warranty, not 'trial'"):
        Contract("business", "trial", date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(PricingError, match="the contract ends before it starts"):
        Contract("business", "paid", date(2026, 12, 31), date(2026, 1, 1))


def test_price_table_parses():
    rule = PriceRule.from_mapping(
        {**BUSINESS, "hourly_rate": "1800.00", "free_hours": 3, "fresh_year_option": True}
    )
    assert rule.percent_for("on-site") == D(20)
    assert rule.minimum_for("on-demand") == D("500.00")
    assert rule.deployments == ("on-demand", "on-site")
    assert rule.free_hours == D(3)
    assert rule.fresh_year_option and rule.prorate


def test_price_table_accepts_decimals_from_a_loader():
    rule = PriceRule.from_mapping({**BUSINESS, "percent": D(20), "hourly_rate": D("1800.00")})
    assert (rule.percent_for("on-demand"), rule.hourly_rate) == (D(20), D("1800.00"))


def test_price_table_reports_every_problem():
    problems = PriceRule.problems_in(
        {
            "rule": "percentage",
            "currency": "euro",
            "percent": {"on-site": "abc"},
            "minimum": {"cloud": "500"},
            "flat": {"week": "1"},
            "warranty_months": "12",
            "prorate": "yes",
            "colour": "red",
        }
    )
    assert problems == [
        "unknown key 'colour'",
        "rule must be one of percent, flat, included, none, contract, not 'percentage'",
        "currency must be a three-letter code like EUR, not 'euro'",
        "percent.on-site: 'abc' is not a number",
        "minimum for 'cloud' has no percent",
        "flat period must be year or month, not 'week'",
        "warranty_months must be a whole number of months",
        "prorate must be true or false",
    ]
    with pytest.raises(PriceRuleError, match="rule 'flat' needs flat.year") as raised:
        PriceRule.from_mapping({"rule": "flat", "currency": "RUB"})
    assert raised.value.problems == ["rule 'flat' needs flat.year"]
    assert PriceRule.problems_in({"rule": "percent", "currency": "EUR", "percent": "120"}) == [
        "percent must be at most 100"
    ]


def test_percent_with_minimum():
    rule = PriceRule.from_mapping(BUSINESS)
    above = annual_support(rule, D("30000.00"), "on-site")
    assert (above.amount, above.percent, above.minimum_applied) == (D("6000.00"), D(20), False)
    below = annual_support(rule, D("2000.00"), "on-site")
    assert (below.amount, below.minimum_applied) == (D("500.00"), True)
    assert annual_support(rule, D("2000.00"), "on-demand").amount == D("500.00")
    assert annual_support(rule, D("9000.00"), "on-demand").amount == D("900.00")


def test_percent_by_deployment_needs_a_known_deployment():
    rule = PriceRule.from_mapping(BUSINESS)
    with pytest.raises(PricingError, match="deployment"):
        annual_support(rule, D("100.00"), None)
    with pytest.raises(PricingError, match="deployment"):
        annual_support(rule, D("100.00"), "cloud")


def test_zero_percent_reads_as_included():
    rule = PriceRule.from_mapping(
        {"rule": "percent", "currency": "EUR", "percent": {"on-site": "15", "on-demand": "0"}}
    )
    assert annual_support(rule, D("10000.00"), "on-demand").rule == "included"
    assert annual_support(rule, D("10000.00"), "on-site").amount == D("1500.00")


def test_flat_and_included_and_none():
    flat = PriceRule.from_mapping({"rule": "flat", "currency": "RUB", "flat": {"year": "15000"}})
    assert annual_support(flat, D("999999.00")).amount == D("15000.00")
    for name in ("included", "none"):
        rule = PriceRule.from_mapping({"rule": name, "currency": "RUB"})
        assert annual_support(rule, D("5000.00")).amount == D("0.00")


def test_proration_worked_example():
    # DOMAIN.md: 2026 term, bought 2026-07-01, 184 of 365 days left.
    assert prorated_charge(D("6000.00"), D("8000.00"), 184, 365) == D("1008.22")
    assert prorated_charge(D("6000.00"), D("8000.00"), 184, 366) == D("1005.46")


def test_proration_refuses_days_outside_the_term():
    with pytest.raises(PricingError, match="days left must lie within the term"):
        prorated_charge(D("1.00"), D("2.00"), 366, 365)
    with pytest.raises(PricingError, match="days left must lie within the term"):
        prorated_charge(D("1.00"), D("2.00"), 0, 0)
    with pytest.raises(PricingError, match="days_left must not be negative"):
        prorated_charge(D("1.00"), D("2.00"), -1, 365)


def test_a_line_must_be_rounded_and_of_a_known_kind():
    with pytest.raises(PricingError, match="unknown line kind 'discount'"):
        QuoteLine("discount", Money(D("1.00"), "EUR"), "x", {})
    with pytest.raises(PricingError, match="a line amount must be rounded to cents"):
        QuoteLine("license", Money(D("1.005"), "EUR"), "license", {})


def test_an_option_refuses_mixed_currencies():
    line = QuoteLine("license", Money(D("1.00"), "RUB"), "license", {})
    with pytest.raises(PricingError, match="a RUB line in a EUR quote"):
        QuoteOption("new", (line,), "EUR")
    total = QuoteOption("new", (line, line), "RUB").total
    assert total == Money(D("2.00"), "RUB")

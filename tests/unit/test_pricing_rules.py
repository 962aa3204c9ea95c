"""A price table's every problem named exactly, its defaults, and the annual price at its
edges (a minimum reached exactly, a flat or included tier's base, a contract tier)."""

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain.pricing import (
    AnnualSupport,
    LicenseLine,
    PriceRule,
    PriceRuleError,
    PricingError,
    annual_support,
    days_left,
    prorated_charge,
    require_decimal,
)

WORK = "billed_work must be a list of consulting, user-errors, diagnostics, update-help"
CURRENCY = "currency must be a three-letter code like EUR, not "


def problems(mapping) -> list[str]:
    with pytest.raises(PriceRuleError, match=r"\w") as raised:  # each case names its own
        PriceRule.from_mapping(mapping)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


@pytest.mark.parametrize(("mapping", "expected"), [
    ([], ["the price must be a table"]),
    ({"rule": "percent", "currency": "RUB"}, ["rule 'percent' needs percent"]),
    ({"rule": "flat", "currency": "RUB", "flat": "15000"},
     ['flat must be a table like { year = "15000.00" }', "rule 'flat' needs flat.year"]),
    ({"rule": "none", "currency": "RUB", "billed_work": ["fun"]}, [WORK]),
    ({"rule": "none", "currency": "RUB", "billed_work": "consulting"}, [WORK]),
    ({"rule": "percent", "currency": "RUB", "percent": "100.01"}, ["percent must be at most 100"]),
    ({"rule": "percent", "currency": "rub", "percent": "1"}, [CURRENCY + "'rub'"]),
    ({"rule": "percent", "currency": "RUBL", "percent": "1"}, [CURRENCY + "'RUBL'"]),
    ({"rule": "percent", "currency": 7, "percent": "1"}, [CURRENCY + "7"]),
    ({"rule": "percent", "currency": "RUB", "percent": "abc", "minimum": {"on-site": "-1"},
      "hourly_rate": "inf", "free_hours": 1.5},
     ["percent: 'abc' is not a number", "minimum.on-site: '-1' must be a non-negative number",
      "hourly_rate: 'inf' must be a non-negative number",
      'free_hours: write the number as a string, e.g. "20"']),
    ({"rule": "percent", "currency": "RUB", "percent": {}}, ["percent: the table is empty"]),
    ({"rule": "percent", "currency": "RUB", "percent": {"on-site": "10"},
      "minimum": {"cloud": "5"}}, ["minimum for 'cloud' has no percent"]),
    ({"rule": "flat", "currency": "RUB", "flat": {"week": "1", "year": "x"}},
     ["flat period must be year or month, not 'week'", "flat.year: 'x' is not a number"]),
    ({"rule": "none", "currency": "RUB", "warranty_months": True},
     ["warranty_months must be a whole number of months"]),
])
def test_every_problem_of_a_price_table_is_named(mapping, expected):
    assert problems(mapping) == expected


def test_a_table_may_take_decimals_and_one_hundred_percent_and_has_defaults():
    full = PriceRule.from_mapping({"rule": "percent", "currency": "RUB", "percent": D(100)})
    assert full.percent_for(None) == D(100)
    bare = PriceRule.from_mapping({"rule": "none", "currency": "RUB"})
    assert (bare.free_hours, bare.warranty_months, bare.prorate, bare.fresh_year_option,
            bare.upgrade_included, bare.needs_license, bare.billed_work) == (
        D(0), 0, True, False, False, False, ("consulting", "user-errors", "diagnostics"))
    flags = PriceRule.from_mapping({"rule": "none", "currency": "RUB", "upgrade_included": True,
                                    "needs_license": True, "free_hours": "2",
                                    "billed_work": ["update-help"]})
    assert (flags.upgrade_included, flags.needs_license, flags.free_hours, flags.billed_work) == (
        True, True, D(2), ("update-help",))


def test_a_deployment_the_table_does_not_price_is_refused_by_name():
    rule = PriceRule.from_mapping({"rule": "percent", "currency": "EUR",
                                   "percent": {"on-site": "20"}, "minimum": {"on-site": "500"}})
    with pytest.raises(PricingError,
                       match=r"^the percent depends on the deployment \(on-site\); got 'cloud'$"):
        rule.percent_for("cloud")
    with pytest.raises(PricingError,
                       match=r"^the minimum depends on the deployment \(on-site\); got 'cloud'$"):
        rule.minimum_for("cloud")


def test_the_annual_price_at_its_edges():
    def annual(table, value):
        return annual_support(PriceRule.from_mapping({"currency": "EUR", **table}), D(value))

    assert annual({"rule": "flat", "flat": {"year": "100"}}, "5.00") == AnnualSupport(
        D("100.00"), "flat", D("5.00"))
    assert annual({"rule": "none"}, "5.00") == AnnualSupport(D("0.00"), "none", D("5.00"))
    assert annual({"rule": "included"}, "5.00") == AnnualSupport(D("0.00"), "included",
                                                                 D("5.00"))
    assert annual({"rule": "percent", "percent": "0"}, "5.00") == AnnualSupport(
        D("0.00"), "included", D("5.00"))
    # 20 % of 500 is exactly the minimum of 100: the percent applies, not the minimum.
    exact = annual({"rule": "percent", "percent": "20", "minimum": "100"}, "500.00")
    assert exact == AnnualSupport(D("100.00"), "percent", D("500.00"), D(20), D(100), False)
    raised = annual({"rule": "percent", "percent": "20", "minimum": "100"}, "499.95")
    assert (raised.amount, raised.minimum_applied) == (D("100.00"), True)
    with pytest.raises(PricingError, match="^this tier is by separate contract: its terms and "
                                           "price are agreed in that contract, not quoted here$"):
        annual({"rule": "contract"}, "1.00")


def test_terms_and_charges_at_their_edges():
    assert days_left(date(2026, 1, 1), date(2026, 1, 1), date(2026, 12, 31)) == 365
    assert days_left(date(2026, 1, 2), date(2026, 1, 1), date(2026, 12, 31)) == 364
    assert days_left(date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)) == 0
    assert prorated_charge(D("1.00"), D("1.01"), 365, 365) == D("0.01")
    assert prorated_charge(D("1.00"), D("1.00"), 365, 365) == D("0.00")
    assert prorated_charge(D("2.00"), D("1.00"), 365, 365) == D("0.00")
    with pytest.raises(TypeError, match="^annual before must be a Decimal, not float$"):
        prorated_charge(1.0, D("1.00"), 1, 2)  # type: ignore[arg-type]
    with pytest.raises(PricingError, match="^x must be a finite number$"):
        require_decimal(D("Infinity"), "x")
    with pytest.raises(PricingError, match="^unit_price must not be negative$"):
        LicenseLine("crm", 1, D(-1))

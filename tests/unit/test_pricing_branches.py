"""Quote branches the seed cases do not reach, each amount worked out by hand (DOMAIN.md 4)."""

from datetime import date
from decimal import Decimal as D

from portal.domain.pricing import Contract, QuoteRequest, build_quote, describe
from tests.unit.test_pricing_quote import AXISTEM, TERRASOFT, YEAR_2026, crm, summary

WARRANTY = Contract("basic", "warranty", date(2026, 4, 1), date(2027, 3, 31))  # 365 days


def test_an_owner_without_a_contract_pays_a_year_on_every_license_not_a_warranty():
    """Axistem: the warranty year comes with the first license only. An owner of 5 licenses
    (100 000) buying 2 more (40 000) with no running contract pays 20 % of 140 000."""
    request = QuoteRequest(date(2026, 4, 1), "basic", "RUB", None, (crm(5, "20000.00"),),
                           (crm(2, "20000.00"),))
    [option] = build_quote(request, AXISTEM)
    assert summary([option]) == [
        ("new", [("license", "40000.00"), ("support", "28000.00")], "68000.00")]
    support = option.lines[-1]
    assert support.rule == "percent"
    assert (support.facts["base"], support.facts["term_start"], support.facts["term_end"]) == (
        D("140000.00"), date(2026, 4, 1), date(2027, 3, 31))


def test_owning_only_zero_licenses_is_still_a_first_purchase():
    request = QuoteRequest(date(2026, 4, 1), "basic", "RUB", None, (crm(0, "20000.00"),),
                           (crm(1, "20000.00"),))
    [option] = build_quote(request, AXISTEM)
    assert (option.name, option.lines[-1].rule, option.total.amount) == (
        "new", "warranty", D("20000.00"))


def test_moving_to_another_tier_during_warranty_pays_the_new_tier_for_the_rest_of_it():
    """Warranty Basic 2026-04-01..2027-03-31 (365 days) costs nothing; Extended is 30 % of
    100 000 = 30 000 a year. From 2026-10-01, 182 days are left (31+30+31+31+28+31):
    30 000 x 182 / 365 = 14958.904... = 14958.90. No fresh year: that is for paid terms."""
    request = QuoteRequest(date(2026, 10, 1), "extended", "RUB", None, (crm(5, "20000.00"),),
                           (), WARRANTY)
    [option] = build_quote(request, AXISTEM)
    line = option.lines[-1]
    assert (option.name, line.kind, line.amount.amount) == (
        "prorate", "support-proration", D("14958.90"))
    assert (line.facts["tier_before"], line.facts["annual_before"], line.facts["annual_after"],
            line.facts["days_left"], line.facts["days_in_term"]) == (
        "basic", D("0.00"), D("30000.00"), 182, 365)
    assert line.facts["term_end"] == date(2027, 3, 31)
    assert "tier basic -> extended" in describe(line)


def test_buying_and_moving_up_during_warranty_prices_every_license_at_the_new_tier():
    """As above with 2 more licenses bought: 30 % of 140 000 = 42 000;
    42 000 x 182 / 365 = 20942.465... = 20942.47, plus the licenses themselves."""
    request = QuoteRequest(date(2026, 10, 1), "extended", "RUB", None, (crm(5, "20000.00"),),
                           (crm(2, "20000.00"),), WARRANTY)
    assert summary(build_quote(request, AXISTEM)) == [
        ("prorate", [("license", "40000.00"), ("support-proration", "20942.47")], "60942.47")]


def test_a_purchase_on_the_last_day_of_the_term_pays_one_day():
    """Terrasoft Business, 30 licenses of 1 000 (20 %: 6 000) and 10 more (8 000): on
    2026-12-31 one day of 365 is left: 2 000 x 1 / 365 = 5.479... = 5.48."""
    request = QuoteRequest(date(2026, 12, 31), "business", "EUR", "on-site", (crm(30),),
                           (crm(10),), Contract("business", "paid", *YEAR_2026))
    [option] = build_quote(request, TERRASOFT)
    line = option.lines[-1]
    assert (line.facts["days_left"], line.facts["days_in_term"], line.amount.amount) == (
        1, 365, D("5.48"))
    assert option.total.amount == D("10005.48")


def test_the_day_after_the_term_is_a_renewal_and_the_first_day_pays_the_whole_year():
    owned, bought = (crm(30),), (crm(10),)
    contract = Contract("business", "paid", *YEAR_2026)
    after = QuoteRequest(date(2027, 1, 1), "business", "EUR", "on-site", owned, bought, contract)
    # A fresh year on all 40 licenses: 20 % of 40 000 = 8 000.
    assert summary(build_quote(after, TERRASOFT)) == [
        ("renewal", [("license", "10000.00"), ("renewal", "8000.00")], "18000.00")]
    first = QuoteRequest(date(2026, 1, 1), "business", "EUR", "on-site", owned, bought, contract)
    line = build_quote(first, TERRASOFT)[0].lines[-1]
    assert (line.facts["days_left"], line.amount.amount) == (365, D("2000.00"))


def test_axistem_on_the_last_day_offers_one_day_before_a_fresh_year():
    """Extended 30 %: 100 000 -> 120 000 is 30 000 -> 36 000; one day: 6 000 / 365 = 16.44;
    the fresh year on all 12 licenses: 36 000."""
    request = QuoteRequest(date(2026, 12, 31), "extended", "RUB", None, (crm(10, "10000.00"),),
                           (crm(2, "10000.00"),), Contract("extended", "paid", *YEAR_2026))
    assert summary(build_quote(request, AXISTEM)) == [
        ("prorate", [("license", "20000.00"), ("support-proration", "16.44")], "20016.44"),
        ("fresh-year", [("license", "20000.00"), ("support", "36000.00")], "56000.00"),
    ]

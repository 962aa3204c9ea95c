"""The facts each quote line carries (pages explain a line from them in either language) and
the reasons a quote is refused; amounts worked out by hand from the price tables."""

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
    QuoteRequest,
    VersionMove,
    build_quote,
    describe,
    hours_lines,
    term_end,
    upgrade_line,
)
from tests.unit.test_pricing_quote import AXISTEM, YEAR_2026, crm


def test_the_facts_of_licenses_moves_proration_and_a_fresh_year():
    request = QuoteRequest(
        date(2026, 10, 1), "extended", "RUB", None, (crm(10, "10000.00"),),
        (LicenseLine("crm", 1, D("10000.00"), "std", "CRM Std"),),
        Contract("extended", "paid", *YEAR_2026),
        moves=(VersionMove("crm", 2, new_version_price=D("30000.00"), name="CRM"),
               VersionMove("crm", 1, rented=True, rent_month=D("500.00"))))
    prorate, fresh = build_quote(request, AXISTEM)
    license_, owned_move, rented_move, proration = prorate.lines
    assert (license_.rule, license_.facts) == ("license", {
        "product": "crm", "edition": "std", "name": "CRM Std", "quantity": 1,
        "unit_price": D("10000.00")})
    # 10 % of 30 000 for each of 2 licenses.
    assert (owned_move.rule, owned_move.amount.amount, owned_move.facts) == (
        "upgrade-percent", D("6000.00"), {
            "tier": "extended", "product": "crm", "name": "CRM", "quantity": 2,
            "unit_price": D("30000.00"), "percent": D(10)})
    assert (rented_move.rule, rented_move.amount.amount, rented_move.facts) == (
        "rent-months", D("0.00"), {
            "tier": "extended", "product": "crm", "name": "crm", "quantity": 1,
            "rent_month": D("500.00"), "months": D(0)})
    # 30 % of 100 000 -> of 110 000: 3 000 x 92 / 365 = 756.16.
    assert (proration.rule, proration.amount.amount, proration.facts) == ("prorate", D("756.16"), {
        "tier": "extended", "tier_before": "extended", "base_before": D("100000.00"),
        "price_rule_before": "percent", "percent_before": D(30), "base": D("110000.00"),
        "price_rule": "percent", "percent": D(30), "annual_before": D("30000.00"),
        "annual_after": D("33000.00"), "days_left": 92, "days_in_term": 365,
        "term_start": date(2026, 1, 1), "term_end": date(2026, 12, 31)})
    support = fresh.lines[-1]
    assert (fresh.name, support.kind, support.rule, support.facts) == ("fresh-year", "support",
                                                                         "percent", {
        "tier": "extended", "term_start": date(2026, 10, 1), "term_end": date(2027, 9, 30),
        "base": D("110000.00"), "price_rule": "percent", "percent": D(30),
        "replaces_term_end": date(2026, 12, 31)})


def test_the_facts_of_billed_hours():
    used = HoursUsed(consulting=D(4), free_hours_used=D(1), user_errors=D(2), diagnostics=D(1))
    consulting, errors, diagnostics = hours_lines(AXISTEM["basic"], used, "basic")
    assert {line.rule for line in (consulting, errors, diagnostics)} == {"hourly"}
    assert consulting.facts == {"tier": "basic", "work": "consulting", "hours": D(2),
                                "rate": D("1800.00"), "free_hours": D(3), "free_left": D(2),
                                "requested": D(4)}
    assert errors.facts == {"tier": "basic", "work": "user-errors", "hours": D(2),
                            "rate": D("1800.00")}
    assert (diagnostics.facts["work"], diagnostics.amount.amount) == ("diagnostics", D("1800.00"))


def test_a_warranty_of_other_than_twelve_months_by_deployment():
    """A six-month warranty whose later price depends on the deployment (on-demand 10 %)."""
    rule = PriceRule.from_mapping({"rule": "percent", "currency": "EUR", "warranty_months": 6,
                                   "percent": {"on-site": "20", "on-demand": "10"}})
    request = QuoteRequest(date(2026, 3, 1), "t", "EUR", "on-demand", (), (crm(3),))
    support = build_quote(request, {"t": rule})[0].lines[-1]
    assert (support.rule, support.amount.amount) == ("warranty", D("0.00"))
    assert (support.facts["term_end"], support.facts["warranty_months"]) == (
        date(2026, 8, 31), 6)
    assert (support.facts["then_amount"], support.facts["percent"]) == (D("300.00"), D(10))


def test_entitlement_warranty_terms_run_their_own_months():
    from dataclasses import replace

    from portal.domain.entitlement import warranty_terms
    from portal.domain.policy import load_preset

    ascon = load_preset("ascon")
    started = warranty_terms(ascon, [], [], ["kompas"], date(2026, 3, 1), {"kompas": "23"})
    assert [(t.tier, t.first_day, t.last_day, t.product, t.version) for t in started] == [
        ("warranty", date(2026, 3, 1), date(2027, 2, 28), "kompas", "23")]
    # A preset's own length: six months from 1 March end on 31 August.
    short = replace(ascon, warranty=(replace(ascon.warranty[0], months=6),))
    [term] = warranty_terms(short, [], [], ["kompas"], date(2026, 3, 1))
    assert (term.last_day, term.version) == (date(2026, 8, 31), None)


@pytest.mark.parametrize(("rule", "move", "message"), [
    ({"rule": "percent", "currency": "RUB", "percent": "20"},
     VersionMove("crm", 1, new_version_price=D("100.00")),
     "tier t has no price for moving to a new version"),
    ({"rule": "percent", "currency": "RUB", "percent": "20", "upgrade_percent": "10"},
     VersionMove("crm", 1, rented=True, rent_month=D("100.00")),
     "tier t has no price for moving rented licenses"),
])
def test_a_move_the_tier_does_not_price_is_refused(rule, move, message):
    with pytest.raises(PricingError, match=message):
        upgrade_line(PriceRule.from_mapping(rule), move, "t")


def test_billed_hours_on_a_tier_without_an_hourly_rate_are_refused():
    rule = PriceRule.from_mapping({"rule": "percent", "currency": "RUB", "percent": "20"})
    with pytest.raises(PricingError, match="tier t has no hourly rate"):
        hours_lines(rule, HoursUsed(user_errors=D(1)), "t")
    assert hours_lines(rule, HoursUsed(), "t") == []


def test_lines_of_newer_rules_are_described():
    included = PriceRule.from_mapping({"rule": "percent", "currency": "EUR", "percent": "20",
                                       "upgrade_included": True})
    move = upgrade_line(included, VersionMove("crm", 3, new_version_price=D("10.00"), name="CRM"),
                        "basic")
    assert (move.rule, move.amount.amount, move.facts) == ("upgrade-included", D("0.00"), {
        "tier": "basic", "product": "crm", "name": "CRM", "quantity": 3, "rented": False,
        "reason": "included in every package"})
    assert describe(move) == "New version of 3 x CRM: included in every package"
    updates = PriceRule.from_mapping({"rule": "flat", "currency": "RUB", "flat": {"year": "15000"},
                                      "hourly_rate": "1500", "billed_work": ["update-help"]})
    [help_line] = hours_lines(updates, HoursUsed(consulting=D(2), update_help=D(2)), "free")
    assert describe(help_line) == "2 h of help installing updates at 1500/h"


def _support_line(rule: str, **facts) -> QuoteLine:
    return QuoteLine("support", Money(D("0.00"), "RUB"), rule, {
        "tier": "t", "term_start": date(2026, 1, 1), "term_end": date(2026, 12, 31),
        "price_rule": rule, "base": D("0.00"), **facts})


@pytest.mark.parametrize(("rule", "said"), [
    ("none", "free of charge"), ("contract", "by separate contract"),
    ("included", "included in the license"), ("flat", "flat annual price"),
    ("mystery", "mystery"),
])
def test_each_annual_rule_is_said_in_words(rule, said):
    assert describe(_support_line(rule)) == f"Support t 2026-01-01..2026-12-31: {said}"


def test_a_one_month_warranty_is_said_in_the_singular():
    line = _support_line("warranty", warranty_months=1, then_amount=D("5.00"))
    line.facts["price_rule"] = "flat"
    assert describe(line) == ("Support t 2026-01-01..2026-12-31: free for 1 month after the first "
                              "license; then 5.00 a year (flat annual price)")


def test_a_warranty_proration_says_what_the_warranty_covered():
    warranty = Contract("basic", "warranty", date(2026, 4, 1), date(2027, 3, 31))
    request = QuoteRequest(date(2026, 10, 1), "basic", "RUB", None, (crm(5, "20000.00"),),
                           (crm(1, "20000.00"),), warranty)
    line = build_quote(request, AXISTEM)[0].lines[-1]
    assert (line.facts["price_rule_before"], line.facts["base_before"]) == (
        "warranty", D("100000.00"))
    assert (line.facts["price_rule"], line.facts["base"], line.amount.amount) == (
        "warranty", D("120000.00"), D("0.00"))
    assert "free in warranty" in describe(line)


def test_hours_in_a_quote_carry_the_tier():
    request = QuoteRequest(date(2026, 5, 1), "basic", "RUB", hours=HoursUsed(user_errors=D(1)),
                           contract=Contract("basic", "paid", *YEAR_2026))
    [hours] = [line for line in build_quote(request, AXISTEM)[0].lines if line.kind == "hours"]
    assert hours.facts["tier"] == "basic"


def test_a_term_from_the_last_day_of_february_ends_the_day_before_a_year_later():
    assert term_end(date(2026, 2, 28)) == date(2027, 2, 27)
    assert term_end(date(2028, 2, 29)) == date(2029, 2, 28)
    assert term_end(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_refusals_say_exactly_why():
    with pytest.raises(PricingError, match="^an amount needs a currency$"):
        Money(D("1.00"), "")
    with pytest.raises(PricingError, match="^a line amount must be rounded to cents$"):
        QuoteLine("license", Money(D("1.005"), "EUR"), "license", {})
    with pytest.raises(PricingError, match=r"^unknown tier 'gold'; known: basic, extended, free$"):
        build_quote(QuoteRequest(date(2026, 5, 1), "gold", "RUB"), AXISTEM)
    with pytest.raises(PriceRuleError, match="^rule must be one of") as raised:
        PriceRule.from_mapping({"rule": "sometimes", "currency": "rub"})
    assert str(raised.value) == "; ".join(raised.value.problems)
    assert len(raised.value.problems) == 2
    needs = PriceRule.from_mapping({"rule": "percent", "currency": "EUR", "percent": "20",
                                    "needs_license": True})
    with pytest.raises(PricingError,
                       match="^support needs at least one owned or purchased license$"):
        build_quote(QuoteRequest(date(2026, 5, 1), "t", "EUR"), {"t": needs})

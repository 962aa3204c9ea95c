"""Quote cases taken from the seeds' price rules (Terrasoft, Axistem, iStom)."""

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain.pricing import (
    Contract,
    HoursUsed,
    LicenseLine,
    PriceRule,
    PricingError,
    QuoteRequest,
    VersionMove,
    build_quote,
    describe,
)

TERRASOFT = {
    code: PriceRule.from_mapping({"rule": "percent", "currency": "EUR", **table})
    for code, table in {
        "basic": {"percent": {"on-site": "15", "on-demand": "0"}},
        "business": {
            "percent": {"on-site": "20", "on-demand": "10"},
            "minimum": {"on-site": "500.00", "on-demand": "500.00"},
        },
        "premium": {
            "percent": {"on-site": "25", "on-demand": "15"},
            "minimum": {"on-site": "10000.00", "on-demand": "10000.00"},
        },
    }.items()
}
AXISTEM = {
    "free": PriceRule.from_mapping(
        {
            "rule": "none",
            "currency": "RUB",
            "hourly_rate": "1800.00",
            "upgrade_percent": "25",
            "rent_upgrade_months": 3,
        }
    ),
    "basic": PriceRule.from_mapping(
        {
            "rule": "percent",
            "currency": "RUB",
            "percent": "20",
            "warranty_months": 12,
            "hourly_rate": "1800.00",
            "free_hours": 3,
            "upgrade_percent": "20",
            "rent_upgrade_months": 1,
            "fresh_year_option": True,
        }
    ),
    "extended": PriceRule.from_mapping(
        {
            "rule": "percent",
            "currency": "RUB",
            "percent": "30",
            "hourly_rate": "1200.00",
            "free_hours": 10,
            "upgrade_percent": "10",
            "rent_upgrade_months": 0,
            "fresh_year_option": True,
        }
    ),
}
ISTOM = {
    "free": PriceRule.from_mapping({"rule": "none", "currency": "RUB", "hourly_rate": "1500"}),
    "commercial": PriceRule.from_mapping(
        {"rule": "flat", "currency": "RUB", "flat": {"year": "15000"}, "hourly_rate": "1500"}
    ),
    "vip": PriceRule.from_mapping(
        {"rule": "flat", "currency": "RUB", "flat": {"year": "30000"}, "hourly_rate": "1500"}
    ),
}
YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))


def crm(quantity, price="1000.00"):
    return LicenseLine("crm", quantity, D(price))


def summary(options):
    return [
        (o.name, [(line.kind, str(line.amount.amount)) for line in o.lines], str(o.total.amount))
        for o in options
    ]


def terrasoft(tier, owned, buy, deployment="on-site", contract_tier=None, on=date(2026, 7, 1)):
    contract = Contract(contract_tier or tier, "paid", *YEAR_2026)
    request = QuoteRequest(on, tier, "EUR", deployment, (crm(owned),), (crm(buy),), contract)
    return build_quote(request, TERRASOFT)


def test_terrasoft_worked_example():
    assert summary(terrasoft("business", 30, 10)) == [
        ("prorate", [("license", "10000.00"), ("support-proration", "1008.22")], "11008.22")
    ]


def test_terrasoft_add_on_while_at_the_minimum_costs_no_support():
    # 2 000 then 2 400 EUR of licenses: 20 % is 400 / 480, both raised to the 500 EUR minimum.
    request = QuoteRequest(
        date(2026, 7, 1),
        "business",
        "EUR",
        "on-site",
        (crm(2),),
        (crm(1, "400.00"),),
        Contract("business", "paid", *YEAR_2026),
    )
    support = build_quote(request, TERRASOFT)[0].lines[-1]
    assert support.amount.amount == D("0.00")
    assert support.facts["minimum_applied_before"] is True
    assert support.facts["minimum_applied"] is True


def test_terrasoft_add_on_crossing_the_minimum_pays_only_above_it():
    # before 2 000 EUR -> minimum 500; after 3 000 EUR -> 600: 100 x 184 / 365 = 50.41.
    support = terrasoft("business", 2, 1).pop().lines[-1]
    assert (support.facts["annual_before"], support.facts["annual_after"]) == (
        D("500.00"),
        D("600.00"),
    )
    assert support.facts["minimum_applied_before"] is True
    assert support.facts["minimum_applied"] is False
    assert support.amount.amount == D("50.41")


def test_terrasoft_premium_minimum_on_new_support():
    request = QuoteRequest(date(2026, 3, 1), "premium", "EUR", "on-demand", (), (crm(20),))
    [option] = build_quote(request, TERRASOFT)
    assert summary([option]) == [
        ("new", [("license", "20000.00"), ("support", "10000.00")], "30000.00")
    ]
    support = option.lines[-1]
    assert support.facts["term_end"] == date(2027, 2, 28)
    assert support.facts["minimum_applied"] is True
    assert "raised to the annual minimum 10000.00" in describe(support)


def test_terrasoft_basic_on_demand_is_included():
    request = QuoteRequest(date(2026, 3, 1), "basic", "EUR", "on-demand", (crm(5),), ())
    [option] = build_quote(request, TERRASOFT)
    assert option.lines[-1].rule == "included"
    assert option.total.amount == D("0.00")


def test_terrasoft_tier_change_mid_term_pays_the_prorated_difference():
    # business 20 % of 30 000 = 6 000 -> premium 25 % = 7 500 (below 10 000: minimum).
    [option] = terrasoft("premium", 30, 0, contract_tier="business")
    line = option.lines[-1]
    assert line.facts["tier_before"] == "business"
    assert (line.facts["annual_before"], line.facts["annual_after"]) == (
        D("6000.00"),
        D("10000.00"),
    )
    assert line.amount.amount == D("2016.44")  # 4 000 x 184 / 365 = 2016.438...
    assert "tier business -> premium" in describe(line)


def test_leap_year_term_has_366_days():
    request = QuoteRequest(
        date(2028, 7, 1),
        "business",
        "EUR",
        "on-site",
        (crm(30),),
        (crm(10),),
        Contract("business", "paid", date(2028, 1, 1), date(2028, 12, 31)),
    )
    line = build_quote(request, TERRASOFT)[0].lines[-1]
    assert (line.facts["days_left"], line.facts["days_in_term"]) == (184, 366)
    assert line.amount.amount == D("1005.46")


def test_expired_contract_renews_at_current_prices():
    request = QuoteRequest(
        date(2027, 2, 10),
        "business",
        "EUR",
        "on-site",
        (crm(30, "1100.00"),),
        (),
        Contract("business", "paid", *YEAR_2026),
    )
    assert summary(build_quote(request, TERRASOFT)) == [
        ("renewal", [("renewal", "6600.00")], "6600.00")
    ]


def test_axistem_first_license_gets_a_free_warranty_year():
    request = QuoteRequest(date(2026, 4, 1), "basic", "RUB", None, (), (crm(5, "20000.00"),))
    [option] = build_quote(request, AXISTEM)
    support = option.lines[-1]
    assert (support.rule, support.amount.amount) == ("warranty", D("0.00"))
    assert support.facts["term_end"] == date(2027, 3, 31)
    assert option.total.amount == D("100000.00")
    # What the second year will cost at today's prices: 20 % of 100 000.
    assert support.facts["then_amount"] == D("20000.00")
    assert "then 20000.00 a year (20% of license value 100000.00)" in describe(support)


def test_axistem_add_on_in_warranty_is_free_and_keeps_the_end():
    contract = Contract("basic", "warranty", date(2026, 4, 1), date(2027, 3, 31))
    request = QuoteRequest(
        date(2026, 9, 1),
        "basic",
        "RUB",
        None,
        (crm(5, "20000.00"),),
        (crm(2, "20000.00"),),
        contract,
    )
    [option] = build_quote(request, AXISTEM)
    assert summary([option]) == [
        ("prorate", [("license", "40000.00"), ("support-proration", "0.00")], "40000.00")
    ]
    assert option.lines[-1].facts["term_end"] == date(2027, 3, 31)


def test_axistem_after_warranty_renews_at_twenty_percent_of_all_licenses():
    contract = Contract("basic", "warranty", date(2026, 4, 1), date(2027, 3, 31))
    request = QuoteRequest(
        date(2027, 4, 1), "basic", "RUB", None, (crm(7, "20000.00"),), (), contract
    )
    assert summary(build_quote(request, AXISTEM)) == [
        ("renewal", [("renewal", "28000.00")], "28000.00")
    ]


def test_axistem_offers_prorate_and_a_fresh_year_cheapest_first():
    contract = Contract("extended", "paid", *YEAR_2026)
    request = QuoteRequest(
        date(2026, 10, 1),
        "extended",
        "RUB",
        None,
        (crm(10, "10000.00"),),
        (crm(2, "10000.00"),),
        contract,
    )
    options = build_quote(request, AXISTEM)
    # 30 % of 100 000 -> of 120 000: 6 000 x 92 / 365 = 1512.33; fresh year 36 000.
    assert summary(options) == [
        ("prorate", [("license", "20000.00"), ("support-proration", "1512.33")], "21512.33"),
        ("fresh-year", [("license", "20000.00"), ("support", "36000.00")], "56000.00"),
    ]
    assert options[1].lines[-1].facts["replaces_term_end"] == date(2026, 12, 31)


def test_istom_flat_prices_ignore_licenses():
    request = QuoteRequest(date(2026, 5, 1), "commercial", "RUB", None, (crm(100),), ())
    assert summary(build_quote(request, ISTOM)) == [("new", [("support", "15000.00")], "15000.00")]
    contract = Contract("commercial", "paid", *YEAR_2026)
    add_on = QuoteRequest(
        date(2026, 5, 1), "commercial", "RUB", None, (crm(100),), (crm(1),), contract
    )
    assert build_quote(add_on, ISTOM)[0].lines[-1].amount.amount == D("0.00")
    to_vip = QuoteRequest(date(2026, 7, 1), "vip", "RUB", None, (), (), contract)
    # 15 000 x 184 / 365 = 7561.643...
    assert build_quote(to_vip, ISTOM)[0].total.amount == D("7561.64")


@pytest.mark.parametrize(
    ("tier", "expected"),
    [("free", "75000.00"), ("basic", "60000.00"), ("extended", "30000.00")],
)
def test_axistem_upgrade_of_owned_licenses(tier, expected):
    move = VersionMove("crm", 10, new_version_price=D("30000.00"))
    request = QuoteRequest(
        date(2026, 5, 1),
        tier,
        "RUB",
        None,
        (crm(10),),
        (),
        Contract(tier, "paid", *YEAR_2026),
        moves=(move,),
    )
    lines = build_quote(request, AXISTEM)[0].lines
    upgrade = [line for line in lines if line.kind == "upgrade"]
    assert [line.amount.amount for line in upgrade] == [D(expected)]


@pytest.mark.parametrize(
    ("tier", "expected", "months"),
    [
        ("free", "4500.00", "3 months"),
        ("basic", "1500.00", "1 month"),
        ("extended", "0.00", "0 months"),
    ],
)
def test_axistem_upgrade_of_rented_licenses_costs_months_of_rent(tier, expected, months):
    move = VersionMove("crm", 3, rented=True, rent_month=D("500.00"))
    request = QuoteRequest(date(2026, 5, 1), tier, "RUB", moves=(move,))
    upgrade = build_quote(request, AXISTEM)[0].lines[0]
    assert (upgrade.rule, upgrade.amount.amount) == ("rent-months", D(expected))
    assert f"rented: {months} of rent at 500.00" in describe(upgrade)


def test_one_license_is_described_in_the_singular():
    request = QuoteRequest(date(2026, 3, 1), "basic", "EUR", "on-site", (), (crm(1), crm(2)))
    lines = build_quote(request, TERRASOFT)[0].lines
    assert describe(lines[0]) == "1 x crm license at 1000.00"
    assert describe(lines[1]) == "2 x crm licenses at 1000.00"


def test_a_fresh_year_is_offered_only_when_licenses_are_bought():
    contract = Contract("extended", "paid", *YEAR_2026)
    owned = (crm(10, "10000.00"),)
    move = VersionMove("crm", 10, new_version_price=D("12000.00"))
    only_move = QuoteRequest(
        date(2026, 10, 1), "extended", "RUB", None, owned, (), contract, moves=(move,)
    )
    assert [option.name for option in build_quote(only_move, AXISTEM)] == ["prorate"]
    nothing_bought = QuoteRequest(
        date(2026, 10, 1), "extended", "RUB", None, owned, (crm(0),), contract
    )
    assert [option.name for option in build_quote(nothing_bought, AXISTEM)] == ["prorate"]
    buying = QuoteRequest(
        date(2026, 10, 1), "extended", "RUB", None, owned, (crm(1, "10000.00"),), contract
    )
    assert [option.name for option in build_quote(buying, AXISTEM)] == ["prorate", "fresh-year"]


def test_axistem_hours_beyond_the_free_quota_and_billed_diagnostics():
    used = HoursUsed(
        consulting=D(4), free_hours_used=D(1), user_errors=D("1.5"), diagnostics=D(2)
    )
    request = QuoteRequest(
        date(2026, 5, 1), "basic", "RUB", hours=used, contract=Contract("basic", "paid", *YEAR_2026)
    )
    hours = [line for line in build_quote(request, AXISTEM)[0].lines if line.kind == "hours"]
    assert [(line.facts["work"], line.facts["hours"], line.amount.amount) for line in hours] == [
        ("consulting", D(2), D("3600.00")),
        ("user-errors", D("1.5"), D("2700.00")),
        ("diagnostics", D(2), D("3600.00")),
    ]


def test_diagnostics_that_found_a_product_failure_are_free_except_without_support():
    used = HoursUsed(consulting=D(10), diagnostics=D(3), product_failure=True)
    extended = QuoteRequest(date(2026, 5, 1), "extended", "RUB", hours=used)
    assert [line.kind for line in build_quote(extended, AXISTEM)[0].lines] == ["support"]
    free = QuoteRequest(date(2026, 5, 1), "free", "RUB", hours=used)
    hours = [line for line in build_quote(free, AXISTEM)[0].lines if line.kind == "hours"]
    assert [line.amount.amount for line in hours] == [D("18000.00"), D("5400.00")]


def test_istom_help_with_updates_is_billed_hourly():
    request = QuoteRequest(date(2026, 5, 1), "free", "RUB", hours=HoursUsed(consulting=D(2)))
    [option] = build_quote(request, ISTOM)
    assert option.total.amount == D("3000.00")


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (QuoteRequest(date(2026, 5, 1), "gold", "EUR"), "unknown tier 'gold'"),
        (QuoteRequest(date(2026, 5, 1), "business", "RUB", "on-site"), "priced in EUR"),
        (QuoteRequest(date(2026, 5, 1), "business", "EUR", "cloud", (crm(1),)), "deployment"),
    ],
)
def test_unpriceable_requests_say_why(request_, message):
    with pytest.raises(PricingError, match=message):
        build_quote(request_, TERRASOFT)

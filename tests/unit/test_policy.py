"""Policy presets: every preset loads, its facts match the seeds, and target lookup."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.domain.policy import (
    PRESET_CODES,
    PRESET_DIR,
    PolicyError,
    check_policy_file,
    load_preset,
)
from portal.domain.pricing import PriceRule


@pytest.mark.parametrize("code", PRESET_CODES)
def test_every_preset_loads_without_problems(code: str) -> None:
    assert check_policy_file(PRESET_DIR / f"{code}.toml") == []
    policy = load_preset(code)
    assert policy.code == code
    assert policy.tiers and policy.products and policy.assumptions
    for tier in policy.tiers:
        assert isinstance(tier.price, PriceRule)
        assert tier.price.currency == policy.currency
        assert tier.rows, f"{tier.code} has no comparison rows"
    for product in policy.products:
        assert all(isinstance(edition.price, Decimal) for edition in product.editions)
    # Policies are values: a second load is equal, and they can key a cache.
    assert load_preset(code) == policy
    assert {policy: code}[load_preset(code)] == code


def test_unknown_preset_lists_the_valid_codes() -> None:
    with pytest.raises(PolicyError, match="unknown preset 'nope'") as raised:
        load_preset("nope")
    assert "demo" in str(raised.value) and "ascon" in str(raised.value)
    with pytest.raises(PolicyError, match=r"unknown preset '\.\./pyproject'"):
        load_preset("../pyproject")


def test_demo_facts_the_knowledge_base_relies_on() -> None:
    demo = load_preset("demo")
    assert (demo.vendor.ru, demo.vendor.en, demo.currency) == ("Лоцман Софт", "Lotsman Soft", "RUB")
    assert [tier.code for tier in demo.tiers] == ["community", "standard", "priority"]
    crm = demo.product("crm")
    assert crm is not None and crm.versions == ("5.2", "6.0")
    assert crm.edition("enterprise").price == Decimal("24000.00")  # type: ignore[union-attr]
    assert crm.rent_month == Decimal("900.00")
    assert demo.product("docs").edition("basic").price == Decimal("7500.00")  # type: ignore[union-attr]
    standard = demo.tier("standard")
    assert standard is not None
    assert standard.price.percent_for(None) == Decimal(20)
    assert standard.price.minimum_for(None) == Decimal("30000.00")
    assert (standard.free_hours, standard.hourly_rate) == (5, Decimal("3000.00"))
    assert (standard.max_responsible_contacts, standard.reopen_days) == (3, 14)
    assert standard.colleagues_see_tickets and standard.has_ticket_channel
    assert not demo.tier("community").has_ticket_channel  # type: ignore[union-attr]
    calendar = demo.calendars["moscow-office"]
    assert calendar.day_minutes() == 480
    assert (demo.at_risk_ratio, demo.compliance_bar, demo.auto_close_days) == (
        Decimal("0.75"), Decimal("0.90"), 7)


@pytest.mark.parametrize(("tier", "kind", "priority", "minutes", "calendar"), [
    ("standard", "first_response", 1, 120, "moscow-office"),
    ("standard", "first_response", 4, 960, "moscow-office"),
    ("standard", "resolution", 1, 480, "moscow-office"),
    ("standard", "resolution", 2, 2400, "moscow-office"),
    ("standard", "resolution", 3, None, "moscow-office"),
    ("standard", "update_interval", 2, 960, "moscow-office"),
    ("priority", "first_response", 1, 30, "always"),
    ("priority", "resolution", 1, 480, "always"),
    ("priority", "resolution", 2, 960, "moscow-office"),
    ("priority", "resolution", 3, 4800, "moscow-office"),
    ("priority", "update_interval", 3, 480, "moscow-office"),
])
def test_demo_targets(tier: str, kind: str, priority: int, minutes: int | None,
                      calendar: str) -> None:
    target = load_preset("demo").target(tier, kind, priority=priority)
    assert target is not None
    assert (target.minutes, target.calendar_name) == (minutes, calendar)
    assert target.guaranteed is (minutes is not None)


def test_a_tier_without_such_target_gives_none() -> None:
    demo = load_preset("demo")
    assert demo.target("community", "first_response", priority=1) is None
    assert demo.target("standard", "update_interval", priority=3) is None
    assert demo.target("standard", "next_response", priority=1) is None


def test_terrasoft_premium_answers_24x7_and_resolves_in_working_days() -> None:
    terrasoft = load_preset("terrasoft")
    first = terrasoft.target("premium", "first_response", priority=3)
    resolution = terrasoft.target("premium", "resolution", priority=3)
    assert first is not None and resolution is not None
    assert (first.minutes, first.calendar.counting) == (120, "always")
    assert (resolution.minutes, resolution.calendar.counting) == (10 * 1440, "working-days")
    p1 = terrasoft.target("premium", "first_response", priority=1)
    assert p1 is not None and p1.minutes == 30
    assert terrasoft.target("basic", "resolution", priority=1) is None
    assert len(terrasoft.lines) == 4
    assert [tier.max_responsible_contacts for tier in terrasoft.tiers] == [1, 1, 1]


def test_istom_levels_choose_targets_and_specific_beats_general() -> None:
    istom = load_preset("istom")
    assert istom.target("free", "first_response", level="urgent").minutes == 240  # type: ignore[union-attr]
    assert istom.target("free", "first_response", level="standard").minutes == 2 * 540  # type: ignore[union-attr]
    assert istom.target("commercial", "next_response", level="urgent").minutes == 60  # type: ignore[union-attr]
    assert istom.target("vip", "first_response").calendar.windows == ((600, 1200),)  # type: ignore[union-attr]
    assert istom.target("vip", "first_response", level="consulting").minutes == 2400  # type: ignore[union-attr]
    assert istom.target("noncommercial", "first_response", level="development").minutes == 24 * 540  # type: ignore[union-attr]
    assert not istom.target("free", "resolution", level="urgent").guaranteed  # type: ignore[union-attr]
    assert istom.needed_selectors("free", "first_response") == ["level"]
    assert istom.needed_selectors("vip", "first_response") == []


def test_integrator_lines_carry_the_reaction_target() -> None:
    procrm = load_preset("procrm")
    assert procrm.target("support", "first_response", line="sla1").minutes == 120  # type: ignore[union-attr]
    assert procrm.target("support", "first_response", line="sla3").minutes == 240  # type: ignore[union-attr]
    assert procrm.needed_selectors("support", "first_response") == ["line"]
    assert procrm.target("support", "resolution", line="sla1") is None


def test_axistem_warranty_and_no_guarantee_free_level() -> None:
    axistem = load_preset("axistem")
    free = axistem.target("free", "first_response")
    assert free is not None and not free.guaranteed
    basic = axistem.target("basic", "first_response")
    assert basic is not None and (basic.minutes, basic.calendar.counting) == (2880, "working-days")
    (rule,) = axistem.warranty
    assert (rule.tier, rule.months, rule.starts, rule.restarted_by_update, rule.then_tier) == (
        "basic", 12, "first-license", False, "free")
    assert axistem.tier("basic").price.warranty_months == 12  # type: ignore[union-attr]
    assert axistem.tier("extended").hourly_rate == Decimal("1200.00")  # type: ignore[union-attr]


def test_ascon_follows_the_customers_zone_and_restarts_warranty_on_update() -> None:
    ascon = load_preset("ascon")
    target = ascon.target("warranty", "first_response")
    assert target is not None and target.calendar.follows_customer_zone
    assert target.calendar.in_zone("Asia/Vladivostok").zone == "Asia/Vladivostok"
    (rule,) = ascon.warranty
    assert (rule.scope, rule.restarted_by_update, rule.then_tier) == (
        "product-version", True, "basic")
    assert ascon.compliance_bar == Decimal("0.75")
    assert not ascon.product("kompas-3d").edition("home").commercial  # type: ignore[union-attr]

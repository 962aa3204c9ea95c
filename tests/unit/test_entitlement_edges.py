"""Entitlement edges: the first and last day of a term, zero and one license, the owner tier
per product, what a product-scoped term raises, and which purchases start a warranty."""

from datetime import date

from portal.domain.entitlement import Holding, Term, entitlement, warranty_terms
from portal.domain.policy import load_preset

ASCON, AXISTEM, DEMO = load_preset("ascon"), load_preset("axistem"), load_preset("demo")
ON = date(2026, 6, 1)


def test_a_term_runs_from_its_first_to_its_last_day():
    term = Term("standard", "paid", date(2026, 1, 1), date(2026, 12, 31))
    assert term.runs_on(date(2026, 1, 1)) and term.runs_on(date(2026, 12, 31))
    assert not term.runs_on(date(2025, 12, 31)) and not term.runs_on(date(2027, 1, 1))
    assert (term.days_left(date(2026, 12, 31)), term.days_left(date(2027, 1, 1))) == (1, 0)
    assert term.days_left(date(2025, 6, 1)) == 365
    first_day = entitlement(DEMO, [term], [], date(2026, 1, 1))
    assert first_day.tier.code == "standard" and first_day.term == term


def test_zero_licenses_own_nothing_and_one_license_is_an_owner():
    none = entitlement(ASCON, [], [Holding("kompas", "pro", 0)], ON)
    assert (none.tier.code, none.product_tiers) == ("initial", {})
    one = entitlement(ASCON, [], [Holding("kompas", "pro", 1)], ON)
    assert (one.tier.code, one.product_tiers) == ("basic", {"kompas": "basic"})
    assert one.dropped_to_base and one.tier_of("kompas") == "basic"
    # A product it does not hold is served under the organization's tier.
    assert one.tier_of("pilot") == "basic"


def test_owner_tier_per_product_commercial_or_not():
    holdings = [Holding("kompas", "pro", 2), Holding("viewer", "free", 5, commercial=False)]
    result = entitlement(ASCON, [], holdings, ON)
    assert result.product_tiers == {"kompas": "basic", "viewer": "initial"}
    assert result.tier.code == "basic"


def test_a_product_scoped_term_raises_that_product_only():
    warranty = Term("warranty", "warranty", date(2026, 3, 1), date(2027, 2, 28), "kompas", "23")
    holdings = [Holding("kompas", "pro", 1), Holding("pilot", "std", 1)]
    result = entitlement(ASCON, [warranty], holdings, ON)
    assert result.product_tiers == {"kompas": "warranty", "pilot": "basic"}
    assert result.product_tiers_from_terms == ("kompas",)
    assert (result.tier.code, result.term, result.on) == ("warranty", None, ON)
    assert not result.dropped_to_base
    assert (result.warranty_end, result.contract_end) == (date(2027, 2, 28), None)


def test_an_organization_wide_term_and_its_ends():
    paid = Term("extended", "paid", date(2026, 1, 1), date(2026, 12, 31))
    ended = Term("basic", "warranty", date(2025, 1, 1), date(2025, 12, 31))
    result = entitlement(AXISTEM, [paid, ended], [Holding("crm", "std", 3)], ON)
    assert (result.tier.code, result.term, result.product_tiers) == (
        "extended", paid, {"crm": "extended"})
    assert (result.warranty_end, result.contract_end) == (date(2025, 12, 31), date(2026, 12, 31))
    without = entitlement(AXISTEM, [], [], ON)
    assert (without.tier.code, without.tier_of("crm")) == ("free", "free")


def test_without_any_tier_no_product_has_one():
    terrasoft = load_preset("terrasoft")
    result = entitlement(terrasoft, [], [Holding("bpm", "std", 1)], ON)
    assert (result.tier, result.tier_of("bpm"), result.product_tiers) == (None, None, {})


def test_the_first_license_warranty_starts_once():
    rule = AXISTEM.warranty[0]
    [started] = warranty_terms(AXISTEM, [], [], ["crm"], ON)
    assert (started.tier, started.kind, started.first_day, started.product) == (
        rule.tier, "warranty", ON, None)
    # Owning one licence already: not the first; owning none (a zero line) still is.
    assert warranty_terms(AXISTEM, [], [Holding("crm", "std", 1)], ["crm"], ON) == []
    assert len(warranty_terms(AXISTEM, [], [Holding("crm", "std", 0)], ["crm"], ON)) == 1
    # A free, non-commercial edition is not the first license.
    free = [Holding("crm", "free", 3, commercial=False)]
    assert len(warranty_terms(AXISTEM, [], free, ["crm"], ON)) == 1
    # An existing organization-wide warranty of the tier stops it; other terms do not.
    had = Term(rule.tier, "warranty", date(2025, 1, 1), date(2025, 12, 31))
    assert warranty_terms(AXISTEM, [had], [], ["crm"], ON) == []
    others = [Term(rule.tier, "paid", date(2025, 1, 1), date(2025, 12, 31)),
              Term("extended", "warranty", date(2025, 1, 1), date(2025, 12, 31)),
              Term(rule.tier, "warranty", date(2025, 1, 1), date(2025, 12, 31), "crm")]
    assert len(warranty_terms(AXISTEM, others, [], ["crm"], ON)) == 1
    assert warranty_terms(AXISTEM, [], [], [], ON) == []


def test_a_product_warranty_starts_for_each_product_bought():
    started = warranty_terms(ASCON, [], [Holding("kompas", "pro", 1)], ["pilot", "kompas"], ON,
                             {"kompas": "24"})
    assert [(t.product, t.version, t.first_day) for t in started] == [
        ("kompas", "24", ON), ("pilot", None, ON)]

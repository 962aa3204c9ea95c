"""Entitlements from terms and licenses, for each seed's rules, and what they never grant."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.entitlement import PAID, WARRANTY, Holding, Term, entitlement, warranty_terms
from portal.domain.policy import PRESET_CODES, load_preset

DEMO = load_preset("demo")
AXISTEM = load_preset("axistem")
TERRASOFT = load_preset("terrasoft")
ASCON = load_preset("ascon")
YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))
CRM = [Holding("crm", "standard", 10)]


def test_a_running_standard_contract_gives_standards_three_responsible_contacts():
    terms = [Term("standard", PAID, *YEAR_2026)]
    rights = entitlement(DEMO, terms, CRM, date(2026, 7, 1))
    assert rights.tier.code == "standard" and rights.max_responsible_contacts == 3
    assert rights.may_file == "responsible" and rights.free_hours == 5
    assert rights.term == terms[0] and not rights.dropped_to_base


def test_after_the_last_day_the_demo_organization_drops_to_community():
    terms = [Term("standard", PAID, *YEAR_2026)]
    assert entitlement(DEMO, terms, CRM, date(2026, 12, 31)).tier.code == "standard"
    after = entitlement(DEMO, terms, CRM, date(2027, 1, 1))
    assert after.tier.code == "community" and after.dropped_to_base
    assert after.may_file is None and after.max_responsible_contacts == 0
    assert after.contract_end == date(2026, 12, 31)


def test_terrasoft_without_a_contract_has_no_support():
    rights = entitlement(TERRASOFT, [], CRM, date(2026, 7, 1))
    assert rights.tier is None and not rights.has_support and rights.may_file is None


def test_of_two_running_terms_the_better_tier_wins():
    terms = [Term("standard", PAID, *YEAR_2026), Term("priority", PAID, date(2026, 6, 1),
                                                      date(2027, 5, 31))]
    assert entitlement(DEMO, terms, CRM, date(2026, 7, 1)).tier.code == "priority"


def test_axistem_warranty_starts_with_the_first_license_and_does_not_move():
    first = warranty_terms(AXISTEM, [], [], ["crm"], date(2026, 3, 10))
    assert first == [Term("basic", WARRANTY, date(2026, 3, 10), date(2027, 3, 9))]
    more = warranty_terms(AXISTEM, first, CRM, ["crm"], date(2026, 9, 1))
    assert more == []
    assert entitlement(AXISTEM, first, CRM, date(2027, 3, 9)).tier.code == "basic"
    assert entitlement(AXISTEM, first, CRM, date(2027, 3, 10)).tier.code == "free"


def test_ascon_warranty_is_per_product_restarts_with_an_update_then_basic_for_good():
    bought = warranty_terms(ASCON, [], [], ["kompas-3d"], date(2026, 2, 1),
                            {"kompas-3d": "22"})
    assert bought == [Term("warranty", WARRANTY, date(2026, 2, 1), date(2027, 1, 31),
                           "kompas-3d", "22")]
    owned = [Holding("kompas-3d", "commercial", 2)]
    during = entitlement(ASCON, bought, owned, date(2026, 6, 1))
    assert during.tier_of("kompas-3d") == "warranty"
    later = entitlement(ASCON, bought, owned, date(2027, 6, 1))
    assert later.tier_of("kompas-3d") == "basic" and later.tier.code == "basic"
    update = warranty_terms(ASCON, bought, owned, ["kompas-3d"], date(2027, 6, 1))
    assert update[0].first_day == date(2027, 6, 1) and update[0].last_day == date(2028, 5, 31)


def test_ascon_non_commercial_editions_get_only_the_initial_level():
    owned = [Holding("kompas-3d", "home", 1, commercial=False)]
    assert entitlement(ASCON, [], owned, date(2026, 6, 1)).tier.code == "initial"


def test_days_left_count_both_ends():
    term = Term("standard", PAID, *YEAR_2026)
    assert term.days_left(date(2026, 7, 1)) == 184
    assert term.days_left(date(2025, 12, 1)) == 365 and term.days_left(date(2027, 1, 1)) == 0


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))


@st.composite
def terms_of(draw, policy):
    tiers = [tier.code for tier in policy.tiers]
    found = []
    for _ in range(draw(st.integers(0, 4))):
        first = draw(days)
        found.append(Term(draw(st.sampled_from(tiers)), draw(st.sampled_from([PAID, WARRANTY])),
                          first, first + timedelta(days=draw(st.integers(0, 800)))))
    return found


@given(st.data(), st.sampled_from(PRESET_CODES), days)
def test_an_entitlement_never_grants_more_than_a_running_term_or_the_presets_fallback(
        data, code, on):
    policy = load_preset(code)
    terms = data.draw(terms_of(policy))
    rights = entitlement(policy, terms, CRM, on)
    allowed = {t.tier for t in terms if t.runs_on(on)}
    allowed |= {c for c in (policy.base_tier, policy.owner_tier) if c}
    if rights.tier is None:
        assert not {t.tier for t in terms if t.runs_on(on)} and not (
            policy.base_tier or policy.owner_tier)
        return
    assert rights.tier.code in allowed
    rank = [tier.code for tier in policy.tiers]
    assert all(rank.index(rights.tier.code) >= rank.index(t.tier) for t in terms
               if t.runs_on(on) and t.product is None)
    assert rights.max_responsible_contacts == rights.tier.max_responsible_contacts

"""Properties of the pricing core, checked with hypothesis."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.pricing import (
    Contract,
    LicenseLine,
    PriceRule,
    QuoteRequest,
    annual_support,
    build_quote,
    days_in_term,
    days_left,
    prorated_charge,
    round_half_up,
)

cents = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def price_tables(draw):
    rule = draw(st.sampled_from(["percent", "flat", "included", "none"]))
    mapping = {"rule": rule, "currency": "EUR", "fresh_year_option": draw(st.booleans())}
    if rule == "percent":
        mapping["percent"] = str(draw(percents))
        if draw(st.booleans()):
            mapping["minimum"] = str(draw(cents))
    if rule == "flat":
        mapping["flat"] = {"year": str(draw(cents))}
    return mapping


def price_rules():
    return price_tables().map(PriceRule.from_mapping)


@st.composite
def terms(draw):
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=800)))
    return start, end


@given(before=cents, after=cents, term=terms())
def test_no_days_left_costs_nothing(before, after, term):
    assert prorated_charge(before, after, 0, days_in_term(*term)) == Decimal("0.00")


@given(before=cents, after=cents, term=terms())
def test_the_first_day_of_the_term_costs_the_whole_difference(before, after, term):
    start, end = term
    left = days_left(start, start, end)
    assert left == days_in_term(start, end)
    assert prorated_charge(before, after, left, days_in_term(start, end)) == max(
        Decimal("0.00"), after - before
    )


@given(before=cents, after=cents, term=terms(), on=days)
def test_proration_lies_between_nothing_and_the_difference(before, after, term, on):
    start, end = term
    charge = prorated_charge(before, after, days_left(on, start, end), days_in_term(start, end))
    assert Decimal("0.00") <= charge <= max(Decimal("0.00"), after - before)
    assert charge == round_half_up(charge)


@given(rule=price_rules(), value=cents, more=cents)
def test_more_licenses_never_lower_the_annual_price(rule, value, more):
    assert annual_support(rule, value + more).amount >= annual_support(rule, value).amount


@given(rule=price_rules(), value=cents)
def test_the_annual_price_is_never_below_the_minimum(rule, value):
    annual = annual_support(rule, value)
    if annual.minimum is not None:
        assert annual.amount >= round_half_up(annual.minimum)
    assert annual.amount == round_half_up(annual.amount)


licenses = st.lists(
    st.builds(LicenseLine, st.just("crm"), st.integers(min_value=0, max_value=500), cents),
    max_size=4,
)
CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _value(lines) -> Decimal:
    """License value written out here: each line rounded, then summed (DOMAIN.md 4)."""
    return sum((_cents(line.unit_price * line.quantity) for line in lines), Decimal("0.00"))


def _annual(mapping: dict, value: Decimal) -> Decimal:
    """A year of support from the price table itself, not from the pricing code."""
    if mapping["rule"] == "flat":
        return _cents(Decimal(mapping["flat"]["year"]))
    if mapping["rule"] != "percent":
        return Decimal("0.00")
    by_percent = _cents(value * Decimal(mapping["percent"]) / 100)
    return max(by_percent, _cents(Decimal(mapping.get("minimum", "0"))))


def _expected_options(mapping, owned, buy, start, end, on) -> list[tuple[str, Decimal]]:
    bought = _value(line for line in buy if line.quantity)
    everything = _annual(mapping, _value(owned + buy))
    if on > end:
        options = [("renewal", everything)]
    else:
        left = (end - max(on, start)).days + 1
        days = (end - start).days + 1
        difference = everything - _annual(mapping, _value(owned))
        options = [("prorate", _cents(max(Decimal(0), difference) * left / days))]
        if mapping["fresh_year_option"] and any(line.quantity for line in buy):
            options.append(("fresh-year", everything))
    return sorted(((name, bought + support) for name, support in options),
                  key=lambda option: (option[1], option[0]))


@given(table=price_tables(), owned=licenses, buy=licenses, term=terms(), on=days)
def test_options_and_totals_match_a_price_model_written_from_the_rules(table, owned, buy, term,
                                                                       on):
    contract = Contract("t", "paid", *term)
    request = QuoteRequest(on, "t", "EUR", None, tuple(owned), tuple(buy), contract)
    options = build_quote(request, {"t": PriceRule.from_mapping(table)})
    assert [(option.name, option.total.amount) for option in options] == _expected_options(
        table, tuple(owned), tuple(buy), *term, on)
    for option in options:
        assert {line.amount.currency for line in option.lines} == {"EUR"}
        licenses_part = [line.amount.amount for line in option.lines if line.kind == "license"]
        assert licenses_part == [_cents(line.unit_price * line.quantity) for line in buy
                                 if line.quantity]

"""English descriptions of quote lines, built from each line's facts (for the CLI and logs)."""

from __future__ import annotations

from portal.domain.pricing.money import Fact, QuoteLine


def _word(number: Fact, one: str, many: str) -> str:
    """English takes the singular for exactly one (1 month, 0 months, 1.5 months)."""
    return one if number == 1 else many


def _annual(facts: dict[str, Fact], suffix: str = "") -> str:
    rule = facts.get(f"price_rule{suffix}")
    if rule == "percent":
        text = f"{facts[f'percent{suffix}']}% of license value {facts[f'base{suffix}']}"
        if facts.get(f"minimum_applied{suffix}"):
            text += f", raised to the annual minimum {facts[f'minimum{suffix}']}"
        return text
    return {
        "flat": "flat annual price",
        "included": "included in the license",
        "none": "free of charge",
        "contract": "by separate contract",
        "warranty": "free in warranty",
    }.get(str(rule), str(rule))


def describe(line: QuoteLine) -> str:
    """One English sentence saying what the line is and which rule priced it."""
    f = line.facts
    if line.kind == "license":
        licenses = _word(f["quantity"], "license", "licenses")
        return f"{f['quantity']} x {f['name']} {licenses} at {f['unit_price']}"
    if line.kind in ("support", "renewal"):
        what = "Renewal of" if line.kind == "renewal" else "Support"
        if line.rule == "warranty":
            months = f"{f['warranty_months']} {_word(f['warranty_months'], 'month', 'months')}"
            return (
                f"{what} {f['tier']} {f['term_start']}..{f['term_end']}: free for "
                f"{months} after the first license; then "
                f"{f['then_amount']} a year ({_annual(f)})"
            )
        text = f"{what} {f['tier']} {f['term_start']}..{f['term_end']}: {_annual(f)}"
        if "replaces_term_end" in f:
            text += f"; a fresh year on all licenses instead of the term ending {f['replaces_term_end']}"
        return text
    if line.kind == "support-proration":
        change = (
            f"tier {f['tier_before']} -> {f['tier']}"
            if f["tier"] != f["tier_before"]
            else f"support {f['tier']} on added licenses"
        )
        return (
            f"Rest of the term to {f['term_end']}, {change}: (annual {f['annual_after']} "
            f"[{_annual(f)}] - {f['annual_before']} [{_annual(f, '_before')}]) x "
            f"{f['days_left']}/{f['days_in_term']} days left"
        )
    if line.kind == "upgrade":
        if line.rule == "upgrade-included":
            return f"New version of {f['quantity']} x {f['name']}: {f['reason']}"
        if line.rule == "rent-months":
            months = f"{f['months']} {_word(f['months'], 'month', 'months')}"
            return (
                f"New version of {f['quantity']} x {f['name']} rented: "
                f"{months} of rent at {f['rent_month']}"
            )
        return (
            f"New version of {f['quantity']} x {f['name']}: {f['percent']}% of the new "
            f"version price {f['unit_price']}"
        )
    if line.kind == "hours":
        text = f"{f['hours']} h of {f['work']} at {f['rate']}/h"
        if f["work"] == "update-help":
            text = f"{f['hours']} h of help installing updates at {f['rate']}/h"
        if f["work"] == "consulting":
            text += f" beyond {f['free_left']} free hours left of {f['free_hours']} a year"
        return text
    return line.kind

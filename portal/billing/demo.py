"""Demo data of billing: the organizations' licenses and support contracts, under whatever
preset is active (Ромашка on the first paid tier, Вектор on the best one)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.accounts.models import Organization
from portal.billing.catalog import current_prices, sync_from_preset
from portal.billing.models import License, SupportContract
from portal.billing.payments import new_license_key
from portal.clock import today_in
from portal.domain.pricing import LicenseLine, annual_support, license_value, term_end
from portal.policy import active_policy

# organization, licenses (index of the product, quantity), tier (the first / last paid one),
# months since the term started
HOLDINGS = (("Ромашка", ((0, 30), (1, 5)), "first", 8), ("Вектор", ((0, 12),), "last", 2))


def seed_catalog() -> None:
    sync_from_preset(active_policy())


def seed_contracts() -> None:
    policy = active_policy()
    prices = current_prices(policy)
    paid = [tier for tier in policy.tiers if tier.price.rule in ("percent", "flat", "included")]
    for name, holdings, which, months_ago in HOLDINGS:
        organization = Organization.get_or_none(Organization.name == name)
        if organization is None or not policy.products or not paid:
            continue
        today = today_in(organization.timezone)
        start = _months_before(today, months_ago)
        lines = []
        if not License.select().where(License.organization == organization).exists():
            for index, quantity in holdings:
                product = policy.products[index % len(policy.products)]
                edition = product.editions[0]
                License.create(organization=organization, product=product.code,
                               edition=edition.code, quantity=quantity, purchased_on=start,
                               version=product.versions[-1] if product.versions else "",
                               commercial=edition.commercial, license_key=new_license_key())
        for row in License.of(organization):
            lines.append(LicenseLine(row.product, row.quantity, prices[(row.product, row.edition)]))
        if SupportContract.select().where(SupportContract.organization == organization).exists():
            continue
        tier = paid[0] if which == "first" else paid[-1]
        deployment = tier.price.deployments[0] if tier.price.deployments else None
        annual = annual_support(tier.price, license_value(lines), deployment).amount
        SupportContract.create(organization=organization, tier=tier.code, kind="paid",
                               first_day=start, last_day=term_end(start), currency=policy.currency,
                               annual_price=annual if tier.price.rule != "included"
                               else Decimal("0.00"))


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)

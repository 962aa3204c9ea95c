"""The one lookup of what an organization is entitled to: its contracts and licenses, today.

Everything that asks "which tier, how many responsible contacts, who may file" asks here; the
rule itself is `portal.domain.entitlement`.
"""
from __future__ import annotations

from datetime import date

from portal.accounts.models import Organization
from portal.billing.models import License, SupportContract
from portal.clock import today_in
from portal.domain.entitlement import Entitlement, entitlement
from portal.domain.policy import Policy


def entitlement_of(organization: Organization, policy: Policy,
                   on: date | None = None) -> Entitlement:
    """The organization's entitlement on `on` (today in its own zone by default)."""
    day = on or today_in(organization.timezone)
    terms = [row.term() for row in SupportContract.of(organization)]
    holdings = [row.holding() for row in License.of(organization)]
    return entitlement(policy, terms, holdings, day)


def responsible_limit(organization: Organization, policy: Policy) -> int:
    """How many responsible contacts the organization may have today: its tier's number, and
    never fewer than one (someone orders support and looks after the contacts)."""
    return max(1, entitlement_of(organization, policy).max_responsible_contacts)

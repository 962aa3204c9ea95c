"""Consulting hours per organization in its contract year, against its free hours, and the
billable overage priced by the tier's rules (tickets.hours), ready for an invoice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.accounts.models import Organization
from portal.billing.models import SupportContract
from portal.domain.policy import Policy
from portal.tickets.hours import HoursReport, hours_of
from portal.tickets.models import TimeEntry


@dataclass(frozen=True)
class OrganizationHours:
    name: str
    report: HoursReport
    currency: str

    @property
    def over(self) -> Decimal:
        """Consulting hours beyond the free ones."""
        return max(Decimal(0), self.report.consulting - self.report.free_hours)


def organizations_hours(policy: Policy, on: date) -> list[OrganizationHours]:
    """Every organization with a contract or logged time, by name."""
    ids = {row[0] for row in SupportContract.select(SupportContract.organization).tuples()}
    ids |= {row[0] for row in TimeEntry.select(TimeEntry.organization)
            .where(TimeEntry.organization.is_null(False)).tuples()}
    if not ids:
        return []
    found = []
    for organization in Organization.select().where(Organization.id.in_(sorted(ids))) \
            .order_by(Organization.name):
        found.append(OrganizationHours(organization.name, hours_of(organization, policy, on),
                                       policy.currency))
    return found

"""Hours logged on an organization's tickets in its contract year, priced by the tier's rules:
free consulting hours first, then the hourly rate; diagnostics that found a product failure are
free; the pricing core decides (DOMAIN.md section 4)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from portal.accounts.models import Organization
from portal.billing.entitlements import entitlement_of
from portal.domain.policy import Policy
from portal.domain.pricing import HoursUsed, PricingError, QuoteLine, hours_lines
from portal.tickets.models import TimeEntry

MINUTES = Decimal(60)


@dataclass(frozen=True)
class HoursReport:
    first_day: date
    last_day: date
    free_hours: Decimal
    consulting: Decimal
    by_work: dict[str, Decimal] = field(default_factory=dict)
    billed: list[QuoteLine] = field(default_factory=list)

    @property
    def free_left(self) -> Decimal:
        return max(Decimal(0), self.free_hours - self.consulting)

    @property
    def billed_total(self) -> Decimal:
        return sum((line.amount.amount for line in self.billed), Decimal("0.00"))


def _year(organization: Organization, policy: Policy, on: date) -> tuple[date, date]:
    """The running contract's term, else the calendar year."""
    rights = entitlement_of(organization, policy, on)
    if rights.term is not None:
        return rights.term.first_day, rights.term.last_day
    return date(on.year, 1, 1), date(on.year, 12, 31)


def hours_of(organization: Organization, policy: Policy, on: date) -> HoursReport:
    first, last = _year(organization, policy, on)
    start = datetime.combine(first, time.min, UTC).replace(tzinfo=None)
    end = datetime.combine(last, time.max, UTC).replace(tzinfo=None)
    entries = list(TimeEntry.select().where((TimeEntry.organization == organization)
                                            & (TimeEntry.at >= start) & (TimeEntry.at <= end)))
    hours = {work: sum((Decimal(e.minutes) for e in entries if e.work == work), Decimal(0))
             / MINUTES for work in ("consulting", "diagnostics", "user_error", "fix",
                                    "update_help")}
    billable_diagnostics = sum((Decimal(e.minutes) for e in entries
                                if e.work == "diagnostics" and not e.product_failure),
                               Decimal(0)) / MINUTES
    rights = entitlement_of(organization, policy, on)
    tier = rights.tier
    billed: list[QuoteLine] = []
    if tier is not None:
        used = HoursUsed(consulting=hours["consulting"], user_errors=hours["user_error"],
                         diagnostics=billable_diagnostics, update_help=hours["update_help"])
        try:
            billed = hours_lines(tier.price, used, tier.code)
        except PricingError:
            billed = []  # a tier without an hourly rate bills no hours
    return HoursReport(first, last, Decimal(tier.free_hours if tier else 0),
                       hours["consulting"], hours, billed)

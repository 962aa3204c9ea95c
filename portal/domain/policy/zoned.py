"""A policy's targets as one customer sees them: calendars "in the customer's zone" (ASCON
answers from the office in the customer's time zone) moved to that customer's zone."""

from __future__ import annotations

from dataclasses import replace

from portal.domain.policy.model import Policy, Target


class CustomerZoned:
    """The policy's targets with customer-zone calendars moved to `zone` (an SLA source)."""

    def __init__(self, policy: Policy, zone: str) -> None:
        self.policy, self.zone = policy, zone

    def target(self, tier: str, kind: str, priority: int | None = None,
               level: str | None = None, line: str | None = None) -> Target | None:
        found = self.policy.target(tier, kind, priority, level, line)
        if found is not None and found.calendar.follows_customer_zone:
            return replace(found, calendar=found.calendar.in_zone(self.zone))
        return found

"""The staff queue's questions to the database: the active tickets that match the filters, in
the order they fall due; how many tickets each filter value would show; the filters' choices.

Filters come from the query string (`parse_filters` keeps only values the policy knows). The
count beside a filter's option is over the queue narrowed by every *other* chosen filter (a
faceted count): choosing that option shows exactly that many tickets.
"""
from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from flask_babel import gettext as _
from peewee import JOIN, fn

from portal.accounts.models import Organization, User
from portal.domain.policy import Policy
from portal.domain.tickets import ACTIVE, DEFERRED, OPEN, WAITING
from portal.roles import STAFF
from portal.tickets.models import Ticket

FILTER_KEYS = ("line", "tier", "priority", "level", "assignee", "organization", "status",
               "product")
ME, NONE, MINE, ANY = "me", "none", "mine", ""
COLUMNS = {"line": Ticket.line, "tier": Ticket.tier, "priority": Ticket.priority,
           "level": Ticket.level, "assignee": Ticket.assignee,
           "organization": Ticket.organization, "status": Ticket.status,
           "product": Ticket.product}
BREACHED, AT_RISK = "breached", "at_risk"


def _an_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) < 2 ** 31


def _valid(key: str, value: str, policy: Policy) -> bool:
    if key == "line":
        return value in (MINE, NONE) or policy.line(value) is not None
    if key == "tier":
        return policy.tier(value) is not None
    if key == "priority":
        return value in {str(p.number) for p in policy.priorities}
    if key == "level":
        return policy.level(value) is not None
    if key == "assignee":
        return value in (ME, NONE) or _an_id(value)
    if key == "organization":
        return _an_id(value)
    if key == "status":
        return value in ACTIVE
    return policy.product(value) is not None  # product


def parse_filters(args, policy: Policy) -> dict[str, str]:
    """The chosen filters of a query string (a MultiDict), unknown values left out."""
    chosen = {}
    for key in FILTER_KEYS:
        value = (args.get(key) or "").strip()
        if value and _valid(key, value, policy):
            chosen[key] = value
    return chosen


def query_string(filters: dict[str, str]) -> str:
    """The filters as a query string, in one order (what a saved view keeps)."""
    return urlencode([(key, filters[key]) for key in FILTER_KEYS if key in filters])


def _condition(key: str, value: str, viewer: User, my_lines: list[str]):
    column = COLUMNS[key]
    if value == NONE and key in ("line", "assignee"):
        return column.is_null()
    if key == "line" and value == MINE:
        return column.in_(list(my_lines))  # no lines: matches nothing
    if key == "assignee" and value == ME:
        return column == viewer.id
    if key in ("priority", "assignee", "organization"):
        return column == int(value)
    return column == value


def matching(filters: dict[str, str], viewer: User, my_lines: list[str],
             leave_out: str | None = None):
    """The WHERE of the active queue narrowed by `filters` (but the one named `leave_out`)."""
    conditions = [Ticket.status.in_(ACTIVE)]
    conditions += [_condition(key, value, viewer, my_lines)
                   for key, value in filters.items() if key != leave_out]
    return functools.reduce(operator.and_, conditions)


def queue_page(filters: dict[str, str], viewer: User, my_lines: list[str], page: int,
               size: int) -> tuple[list[Ticket], int, int]:
    """One page of the matching tickets, soonest due first (none due last, then the oldest),
    with their organization and assignee; how many match in all; the page shown (a page past
    the end shows the last one)."""
    where = matching(filters, viewer, my_lines)
    total = Ticket.select().where(where).count()
    page = max(1, min(page, -(-total // size)))
    assignee = User.alias()
    rows = (Ticket.select(Ticket, Organization, assignee)
            .join_from(Ticket, Organization, JOIN.LEFT_OUTER)
            .join_from(Ticket, assignee, JOIN.LEFT_OUTER, on=Ticket.assignee)
            .where(where)
            .order_by(Ticket.next_due_at.asc(nulls="LAST"), Ticket.created_at.asc(),
                      Ticket.id.asc())
            .paginate(page, size))
    return list(rows), total, page


def facet_counts(filters: dict[str, str], viewer: User, my_lines: list[str],
                 keys=FILTER_KEYS) -> dict[str, dict[str, int]]:
    """For each filter: tickets per value (GROUP BY) over the queue narrowed by the other
    filters; "" is all of them, "none" those without a value, "me"/"mine" the viewer's."""
    counts: dict[str, dict[str, int]] = {}
    for key in keys:
        column = COLUMNS[key]
        found: dict[str, int] = {}
        for value, count in (Ticket.select(column, fn.COUNT(Ticket.id))
                             .where(matching(filters, viewer, my_lines, leave_out=key))
                             .group_by(column).tuples()):
            name = NONE if value in (None, "") else str(value)
            found[name] = found.get(name, 0) + count
        found[ANY] = sum(found.values())
        if key == "line":
            found[MINE] = sum(found.get(code, 0) for code in my_lines)
        if key == "assignee":
            found[ME] = found.get(str(viewer.id), 0)
        counts[key] = found
    return counts


def mark_of(ticket: Ticket, now: datetime) -> str | None:
    """"breached" (stored so, or its next target's time has passed), "at_risk" (the policy's
    share of a running target is used), or None; `now` naive UTC as stored."""
    if ticket.breached or (ticket.next_due_at is not None and ticket.next_due_at < now):
        return BREACHED
    if ticket.at_risk_at is not None and ticket.at_risk_at <= now:
        return AT_RISK
    return None


# --- the filters' choices ------------------------------------------------------------------
@dataclass(frozen=True)
class Facet:
    """One filter of the form: its query key, its label and its (value, label) choices."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]


def status_names() -> dict[str, str]:
    return {OPEN: _("in progress"), WAITING: _("waiting for the customer"),
            DEFERRED: _("deferred")}


def _organizations(selected: str | None) -> list[tuple[str, str]]:
    """Organizations with an active ticket (and the chosen one), by name."""
    having = Ticket.select(Ticket.organization).where(Ticket.status.in_(ACTIVE))
    wanted = Organization.id.in_(having)
    if selected:
        wanted = wanted | (Organization.id == int(selected))
    return [(str(o.id), o.name) for o in Organization.select(Organization.id, Organization.name)
            .where(wanted).order_by(Organization.name)]


def _assignees(viewer: User, selected: str | None) -> list[tuple[str, str]]:
    """Me, nobody, then every staff member and whoever holds an active ticket, by name."""
    holding = Ticket.select(Ticket.assignee).where(Ticket.status.in_(ACTIVE)
                                                   & Ticket.assignee.is_null(False))
    wanted = User.role.in_(STAFF) | User.id.in_(holding)
    if selected and selected not in (ME, NONE):
        wanted = wanted | (User.id == int(selected))
    people = [(str(u.id), u.name) for u in User.select(User.id, User.name)
              .where(wanted & (User.id != viewer.id)).order_by(User.name)]
    return [(ME, _("Me")), (NONE, _("Nobody"))] + people


def facet_keys(policy: Policy) -> list[str]:
    """The filters this policy gives values to (the demo preset has no levels nor lines)."""
    present = {"line": policy.lines, "tier": policy.tiers, "priority": policy.priorities,
               "level": policy.levels, "product": policy.products}
    return [key for key in FILTER_KEYS if present.get(key, True)]


def facets(policy: Policy, language: str, viewer: User, my_lines: list[str],
           filters: dict[str, str]) -> list[Facet]:
    """The filters the form offers: those the policy has values for, in the form's order."""
    found = []

    def offer(key: str, label: str, choices) -> None:
        if choices:
            found.append(Facet(key, label, tuple(choices)))

    offer("status", _("Status"), list(status_names().items()))
    offer("assignee", _("Assignee"), _assignees(viewer, filters.get("assignee")))
    if policy.lines:
        mine = [(MINE, _("My lines"))] if my_lines else []
        offer("line", _("Support line"), mine + [(line.code, line.name.get(language))
                                                 for line in policy.lines]
              + [(NONE, _("No line"))])
    offer("priority", _("Priority"), [(str(p.number), f"{p.number} — {p.name.get(language)}")
                                      for p in policy.priorities])
    offer("level", _("Level"), [(level.code, level.name.get(language))
                                for level in policy.levels])
    offer("tier", _("Tier"), [(tier.code, tier.name(language)) for tier in policy.tiers
                              if tier.has_ticket_channel])
    offer("product", _("Product"), [(p.code, p.name.get(language)) for p in policy.products])
    offer("organization", _("Organization"), _organizations(filters.get("organization")))
    return found

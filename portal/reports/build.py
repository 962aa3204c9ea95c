"""Each report of the head of support as tables and a chart, from queries.py's numbers."""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from portal.domain.policy import Policy
from portal.reports import consulting, queries
from portal.reports.period import Period
from portal.reports.tables import Chart, Report, Table

REPORTS = ("compliance", "times", "csat", "deflections", "backlog", "agents", "hours")
NONE = "—"


def report_titles() -> dict[str, str]:
    return {"compliance": _("SLA compliance"), "times": _("Response and resolution times"),
            "csat": _("Customer satisfaction"), "deflections": _("Deflected tickets"),
            "backlog": _("Backlog by age"), "agents": _("Load per agent"),
            "hours": _("Consulting hours")}


def kind_name(kind: str) -> str:
    return {"first_response": _("First response"), "next_response": _("Next response"),
            "resolution": _("Resolution"), "update_interval": _("Progress update"),
            "all": _("All targets")}.get(kind, kind)


def dimension_names() -> dict[str, str]:
    return {"tier": _("Tier"), "priority": _("Priority"), "line": _("Support line"),
            "product": _("Product"), "month": _("Month")}


def group_name(policy: Policy, dimension: str, value: str, language: str) -> str:
    """A group's value as people say it: the tier's, line's or product's name."""
    if not value:
        return NONE
    if dimension == "tier":
        tier = policy.tier(value)
        return tier.name(language) if tier else value
    if dimension == "priority":
        found = next((p for p in policy.priorities if str(p.number) == value), None)
        return f"P{value} {found.name.get(language)}" if found else f"P{value}"
    if dimension == "line":
        line = policy.line(value)
        return line.name.get(language) if line else value
    if dimension == "product":
        return policy.product_label(value, language)
    return value


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def percent_text(ratio: Decimal) -> str:
    """A policy's ratio as people write it: 0.75 -> "75", 0.905 -> "90.5"."""
    text = format((ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP), "f")
    return text.removesuffix(".0")


def _verdict(share: queries.Share, bar: Decimal) -> str:
    reached = share.reaches(bar)
    return "" if reached is None else _("yes") if reached else _("no")


def _share_rows(policy, dimension, shares, bar, language):
    return tuple((group_name(policy, dimension, s.group, language), kind_name(s.kind), s.met,
                  s.breached, s.percent(), _verdict(s, bar)) for s in shares)


def compliance(policy: Policy, period: Period, now: datetime, language: str) -> Report:
    bar = policy.compliance_bar
    columns = (_("Group"), _("SLA target"), _("Met"), _("Breached"), _("Compliance, %"),
               _("Reaches the bar"))
    overall = queries.compliance(period, now)
    overall_rows = tuple((kind_name(s.kind), s.met, s.breached, s.percent(), _verdict(s, bar))
                         for s in overall + queries.totals(overall))
    tables = [Table("overall", _("All targets due in the period"), columns[1:], overall_rows,
                    frozenset({1, 2, 3}))]
    names = dimension_names()
    for dimension in queries.DIMENSIONS:
        shares = queries.compliance(period, now, dimension)
        tables.append(Table(dimension, _("By %(dimension)s", dimension=names[dimension].lower()),
                            (names[dimension],) + columns[1:],
                            _share_rows(policy, dimension, shares, bar, language),
                            frozenset({2, 3, 4})))
    monthly = {s.group: s for s in queries.totals(queries.compliance(period, now, "month"))}
    months = tuple(period.months())
    chart = Chart(_("Targets met per month, %"), months, (
        (_("Compliance"), [float(monthly[m].percent()) if m in monthly else None
                           for m in months]),
        (_("The policy's bar"), [float(_percent(bar))] * len(months))), percent=True)
    note = _("Compliance = met / (met + breached) over the targets due in the period; targets "
             "still running and those without a guarantee are left out. The policy's bar: "
             "%(bar)s %%.", bar=percent_text(bar))
    return Report("compliance", report_titles()["compliance"], tuple(tables), chart, (note,))


def _hours(minutes: int | None) -> Decimal | None:
    if minutes is None:
        return None
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)


def times(period: Period) -> Report:
    found = queries.times(period)
    rows = tuple((kind_name(t.kind), t.count, _hours(t.median), _hours(t.p90)) for t in found)
    table = Table("times", _("Business hours from the start to the mark"),
                  (_("SLA target"), _("Tickets"), _("Median, h"), _("90th percentile, h")), rows,
                  frozenset({1, 2, 3}))
    chart = Chart(_("Business hours taken"), tuple(kind_name(t.kind) for t in found), (
        (_("Median"), [float(_hours(t.median) or 0) for t in found]),
        (_("90th percentile"), [float(_hours(t.p90) or 0) for t in found])))
    note = _("Counted in each target's own calendar, pauses left out, over the targets met in "
             "the period (late ones too); targets without a guarantee have no calendar and are "
             "not counted.")
    return Report("times", report_titles()["times"], (table,), chart, (note,))


def csat(period: Period) -> Report:
    found = queries.ratings(period)
    summary = Table("summary", _("Ratings given in the period"),
                    (_("Ratings"), _("Average score")), ((found.count, found.average),),
                    frozenset({0, 1}))
    spread = Table("scores", _("How many of each score"), (_("Score"), _("Ratings")),
                   tuple((score, n) for score, n in found.by_score.items()), frozenset({0, 1}))
    comments = Table("comments", _("Comments"), (_("Ticket"), _("Score"), _("Comment")),
                     tuple((number, score, text) for number, score, text, _at in found.comments),
                     frozenset({1}))
    chart = Chart(_("Ratings by score"), tuple(str(s) for s in found.by_score),
                  ((_("Ratings"), list(found.by_score.values())),))
    return Report("csat", report_titles()["csat"], (summary, spread, comments), chart)


def deflections(period: Period) -> Report:
    found = queries.deflections(period)
    table = Table("articles", _("Tickets not filed, by the article that solved them"),
                  (_("Article"), _("Tickets not filed")), tuple(found), frozenset({1}))
    total = Table("total", _("In all"), (_("Tickets not filed"),),
                  ((sum(n for _url, n in found),),), frozenset({0}))
    top = found[:10]
    chart = Chart(_("Most helpful articles"), tuple(url for url, _n in top),
                  ((_("Tickets not filed"), [n for _url, n in top]),), horizontal=True)
    return Report("deflections", report_titles()["deflections"], (total, table), chart)


def age_names() -> dict[str, str]:
    return {"under_1d": _("under a day"), "1_3d": _("1-3 days"), "3_7d": _("3-7 days"),
            "7_30d": _("7-30 days"), "over_30d": _("over 30 days")}


def backlog(now: datetime) -> Report:
    found = queries.backlog(now)
    names = age_names()
    table = Table("backlog", _("Active tickets by the time since filing"),
                  (_("Age"), _("Tickets")), tuple((names[k], n) for k, n in found),
                  frozenset({1}))
    chart = Chart(_("Active tickets by age"), tuple(names[k] for k, _n in found),
                  ((_("Tickets"), [n for _k, n in found]),))
    return Report("backlog", report_titles()["backlog"], (table,), chart,
                  (_("Open, waiting and deferred tickets now, whatever the period."),))


def agents(period: Period, now: datetime) -> Report:
    found = queries.agent_load(period, now)
    label = [load.name or _("Not assigned") for load in found]
    table = Table("agents", _("Tickets per staff member"),
                  (_("Staff member"), _("Active now"), _("Overdue now"),
                   _("Resolved in the period")),
                  tuple((name, load.active, load.overdue, load.resolved)
                        for name, load in zip(label, found, strict=True)),
                  frozenset({1, 2, 3}))
    chart = Chart(_("Active tickets per staff member"), tuple(label), (
        (_("Active now"), [load.active for load in found]),
        (_("Overdue now"), [load.overdue for load in found])))
    return Report("agents", report_titles()["agents"], (table,), chart)


def hours(policy: Policy, period: Period) -> Report:
    found = consulting.organizations_hours(policy, period.last)
    rows = tuple((o.name, f"{o.report.first_day.isoformat()} – {o.report.last_day.isoformat()}",
                  o.report.free_hours, o.report.consulting.quantize(Decimal("0.01")),
                  o.over.quantize(Decimal("0.01")), o.report.billed_total, o.currency)
                 for o in found)
    table = Table("hours", _("Consulting hours in each organization's contract year"),
                  (_("Organization"), _("Contract year"), _("Free hours"),
                   _("Consulting hours"), _("Beyond the free hours"), _("To invoice"),
                   _("Currency")), rows, frozenset({2, 3, 4, 5}))
    works = {"consulting": _("consulting beyond the free hours"),
             "user-errors": _("the user's own errors"), "diagnostics": _("diagnostics"),
             "update-help": _("help installing updates")}
    lines = tuple((o.name, works.get(str(line.facts.get("work")), line.facts.get("work")), line.facts.get("hours"),
                   line.facts.get("rate"), line.amount.amount, line.amount.currency)
                  for o in found for line in o.report.billed)
    billed = Table("lines", _("Invoice lines"), (_("Organization"), _("Work"), _("Hours"),
                                                 _("Rate"), _("Amount"), _("Currency")),
                   lines, frozenset({2, 3, 4}))
    chart = Chart(_("Consulting hours against the free hours"), tuple(o.name for o in found), (
        (_("Consulting hours"), [float(o.report.consulting) for o in found]),
        (_("Free hours"), [float(o.report.free_hours) for o in found])))
    note = _("The contract year that holds the period's last day (the calendar year without "
             "a contract); billed as the tier's rules say.")
    return Report("hours", report_titles()["hours"], (table, billed), chart, (note,))


def build(name: str, policy: Policy, period: Period, now: datetime, language: str) -> Report:
    """The report `name` for the period; `now` as stored (naive UTC)."""
    if name == "compliance":
        return compliance(policy, period, now, language)
    if name == "times":
        return times(period)
    if name == "csat":
        return csat(period)
    if name == "deflections":
        return deflections(period)
    if name == "backlog":
        return backlog(now)
    if name == "agents":
        return agents(period, now)
    if name == "hours":
        return hours(policy, period)
    raise ValueError(f"unknown report {name}")

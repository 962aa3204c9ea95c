"""The reports' pages, their CSV files and their charts, for the head of support and admins."""
from __future__ import annotations

from flask import current_app, make_response, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.clock import stored_now, today_in
from portal.errors import Invalid
from portal.policy import active_policy
from portal.reports import bp, build, charts, period
from portal.reports.forms import PeriodForm
from portal.reports.tables import cell, to_csv
from portal.roles import ADMIN, HEAD
from portal.web import current_language, render, role_required

REPORT = "<any(" + ", ".join(build.REPORTS) + "):report>"
# The chart is an image: it runs no script, and its own inline stylesheet is all it loads.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _period() -> tuple[period.Period, PeriodForm, int]:
    """The asked-for period, its form, and 422 when the dates could not be used (then the
    month to date is shown, with the reason beside the field)."""
    zone = current_app.config["DISPLAY_TIMEZONE"]
    today = today_in(zone)
    status = 200
    try:
        chosen = period.parse(request.args, today, zone)
    except Invalid as error:
        chosen, status = period.preset("month", today, zone), 422
        form = PeriodForm(formdata=MultiDict(chosen.query()))
        getattr(form, error.field or "first").errors = [error.message]
        return chosen, form, status
    return chosen, PeriodForm(formdata=MultiDict(chosen.query())), status


def _presets() -> list[tuple[str, str]]:
    return [("month", _("This month")), ("last_month", _("Last month")),
            ("quarter", _("This quarter")), ("year", _("Last 12 months"))]


@bp.get("/", endpoint="index")
@role_required(HEAD, ADMIN)
def index():
    chosen, form, status = _period()
    return render("reports/index.html", status=status, titles=build.report_titles(),
                  period=chosen, form=form, presets=_presets())


@bp.get(f"/{REPORT}", endpoint="report")
@role_required(HEAD, ADMIN)
def report_page(report: str):
    chosen, form, status = _period()
    policy = active_policy()
    shown = build.build(report, policy, chosen, stored_now(), current_language())
    return render("reports/report.html", status=status, report=shown, period=chosen,
                  form=form, presets=_presets(), titles=build.report_titles(),
                  cell=cell, bar=policy.compliance_bar,
                  chart_url=url_for("reports.chart", report=report, **chosen.query()),
                  csv_url=url_for("reports.csv_file", report=report, **chosen.query()))


@bp.get(f"/{REPORT}.csv", endpoint="csv_file")
@role_required(HEAD, ADMIN)
def csv_file(report: str):
    chosen, _form, _status = _period()
    shown = build.build(report, active_policy(), chosen, stored_now(), current_language())
    response = make_response("\ufeff" + to_csv(shown))  # the BOM: spreadsheets read UTF-8
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{report}-{chosen.first.isoformat()}-{chosen.last.isoformat()}'
        '.csv"')
    return response


@bp.get(f"/{REPORT}/chart.svg", endpoint="chart")
@role_required(HEAD, ADMIN)
def chart(report: str):
    chosen, _form, _status = _period()
    shown = build.build(report, active_policy(), chosen, stored_now(), current_language())
    spec = shown.chart
    svg = charts.bar_chart(spec.title, spec.labels, spec.series, spec.percent, spec.horizontal)
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    response.headers["Content-Security-Policy"] = CHART_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response

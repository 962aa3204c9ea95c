"""Tier comparison with a live SLA preview, the working calendar, and the demo preset switcher."""

from __future__ import annotations

from babel.dates import get_day_names
from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import get_locale, get_timezone
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from portal.clock import utc_now
from portal.core import format_in_zone
from portal.policy import choose_preset as remember_preset
from portal.policy import demo_mode, preset_choices, services, shown_policy
from portal.policy.forms import PresetForm, preview_form
from portal.policy.hours import calendar_views
from portal.web import current_language, render, see_other, wants_fragment

bp = Blueprint("policy", __name__)
# The query parameters the SLA preview reads; any one of them makes a request a choice.
PREVIEW_FIELDS = ("tier", "priority", "level", "line")


def _preset_form(policy_code: str) -> PresetForm | None:
    """The switcher, in demo mode only."""
    if not demo_mode():
        return None
    form = PresetForm()
    form.preset.choices = [SelectChoice(code, vendor.get(current_language()))
                           for code, vendor in preset_choices()]
    if not form.is_submitted():
        form.preset.data = policy_code
    return form


def _preview_context():
    """The preview form read from the query string, and the preview it asks for."""
    policy = shown_policy()
    asked = any(name in request.args for name in PREVIEW_FIELDS)
    # Other parameters (a campaign tag, say) are not a choice: the first look shows defaults.
    form = preview_form(policy, request.args if asked else MultiDict(), current_language())
    result = None
    # A submitted choice must be one the form offers.
    valid = form.validate() if asked else True
    if valid:
        result = services.preview(
            policy, form.tier.data, utc_now(), str(get_timezone()),
            priority=form.priority.data if "priority" in form else None,
            level=form.level.data if "level" in form else None,
            line=form.line.data if "line" in form else None,
        )
    return {"preview_form": form, "preview": result}


def _tiers_page(fragment: str | None = None):
    """The tiers page (or only its preview fragment, for htmx)."""
    policy = shown_policy()
    context = _preview_context()
    if fragment and wants_fragment():  # the table is not in the fragment: skip building it
        # 200 even for a refused choice: htmx swaps only successful answers into the page.
        return render("policy/tiers.html", fragment=fragment, language=current_language(), **context)
    # 422 like every form re-shown with its errors (a boosted request shows it as a page).
    status = 422 if context["preview_form"].errors else 200
    return render("policy/tiers.html", fragment=fragment, status=status,
                  table=services.tier_table(policy), preset_form=_preset_form(policy.code),
                  language=current_language(), **context)


@bp.get("/tiers")
def tiers():
    """The active preset's tiers side by side, its assumptions, and the SLA preview."""
    return _tiers_page()


@bp.get("/tiers/preview")
def preview():
    """The preview alone for htmx; the whole tiers page for a plain GET (works without JS)."""
    if not any(name in request.args for name in PREVIEW_FIELDS):
        return redirect(url_for("policy.tiers"))
    return _tiers_page(fragment="policy/_preview.html")


@bp.post("/tiers/preset")
def choose_preset():
    """Demo mode: show the portal under another bundled preset."""
    if not demo_mode():
        abort(404)
    form = _preset_form(shown_policy().code)
    if form is None or not form.validate_on_submit():
        abort(400)
    remember_preset(form.preset.data)
    return see_other(url_for("policy.tiers"))


@bp.get("/hours")
def hours():
    """The next 60 days of each calendar: when support works, holidays and moved days."""
    policy = shown_policy()
    return render("policy/hours.html", policy=policy, language=current_language(),
                  views=calendar_views(policy, utc_now(), current_language(),
                                       viewer_zone=str(get_timezone())))


@bp.context_processor
def _time_helpers():
    """Formatting the policy pages need beyond Flask-Babel's filters."""
    return {"format_in_zone": format_in_zone, "weekday_spans": weekday_spans,
            "clock": clock, "weekday_names": weekday_names()}


def weekday_names() -> list[str]:
    """Short weekday names, Monday first, in the page's language."""
    names = get_day_names("abbreviated", locale=get_locale())
    # Russian names are lower-case ("пн"); a calendar heading starts with a capital.
    return [names[day][:1].upper() + names[day][1:] for day in range(7)]


def weekday_spans(weekdays: tuple[int, ...]) -> str:
    """Working weekdays as short ranges in the page's language: "Mon-Fri", "Mon, Wed-Fri"."""
    names = weekday_names()
    spans: list[list[int]] = []
    for day in sorted(weekdays):
        if spans and spans[-1][-1] == day - 1:
            spans[-1].append(day)
        else:
            spans.append([day])
    return ", ".join(names[s[0]] if len(s) == 1 else f"{names[s[0]]}–{names[s[-1]]}"
                     for s in spans)


def clock(minute_of_day: int) -> str:
    """Minutes of the day as HH:MM; a night window's end past midnight as the next day's."""
    if minute_of_day > 24 * 60:
        minute_of_day -= 24 * 60
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"

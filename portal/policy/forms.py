"""Forms of the policy pages: the SLA preview (a GET form) and the demo preset switcher."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.domain.policy import Policy
from portal.forms import PortalForm
from portal.policy.services import used_selectors


def _optional_int(value: object) -> int | None:
    if value in (None, ""):
        return None
    return int(str(value))


class PreviewForm(PortalForm):
    """Tier and selectors of an imagined ticket; read from the query string, no CSRF (GET)."""

    class Meta:
        csrf = False

    tier = SelectField(_l("Tier"))
    priority = SelectField(_l("Priority"), coerce=_optional_int, validators=[Optional()])
    level = SelectField(_l("SLA level"), validators=[Optional()])
    line = SelectField(_l("Support line"), validators=[Optional()])
    submit = SubmitField(_l("Show due time"))


def preview_form(policy: Policy, args: MultiDict, language: str) -> PreviewForm:
    """The preview form for `policy`, with only the selectors its targets use."""
    form = PreviewForm(formdata=args if args else None)
    ticket_tiers = [t for t in policy.tiers if t.has_ticket_channel] or list(policy.tiers)
    form.tier.choices = [SelectChoice(t.code, t.name(language)) for t in ticket_tiers]
    used = used_selectors(policy)
    if "priority" in used and policy.priorities:
        form.priority.choices = [
            SelectChoice(p.number, f"P{p.number} · {p.name.get(language)}")
            for p in policy.priorities]
    else:
        del form.priority
    if "level" in used and policy.levels:
        form.level.choices = [SelectChoice(lv.code, lv.name.get(language)) for lv in policy.levels]
    else:
        del form.level
    if "line" in used and policy.lines:
        form.line.choices = [SelectChoice(ln.code, ln.name.get(language)) for ln in policy.lines]
    else:
        del form.line
    if not args:
        # The first look shows a real due time: the first tier that guarantees a first answer.
        guaranteeing = [t for t in ticket_tiers
                        if any(g.guaranteed for g in policy.targets_of(t.code, "first_response"))]
        first = (guaranteeing or ticket_tiers)[0].code if ticket_tiers else None
        _defaults(form, policy, first)
    return form


def _defaults(form: PreviewForm, policy: Policy, tier: str | None) -> None:
    """A first look: the first ticket tier, a middle priority, the tier's first level and line."""
    form.tier.data = tier
    if "priority" in form:
        numbers = [p.number for p in policy.priorities]
        form.priority.data = numbers[len(numbers) // 2 - 1] if len(numbers) > 1 else numbers[0]
    if "level" in form:
        offered = [lv for lv in policy.levels if not lv.tiers or tier in lv.tiers]
        form.level.data = (offered or list(policy.levels))[0].code
    if "line" in form:
        form.line.data = policy.lines[0].code


class PresetForm(PortalForm):
    """The demo switcher: show the portal under another vendor's preset."""

    preset = SelectField(_l("Vendor preset"))
    submit = SubmitField(_l("Switch"))

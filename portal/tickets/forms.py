"""Ticket forms: filing (built from the policy's products, priorities and levels), replying,
rating, escalating, and the CSRF-only buttons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional

from portal.domain.policy import Policy, Tier
from portal.domain.tickets import CATEGORIES
from portal.forms import PortalForm

CATEGORY_LABELS = {
    "question": _l("A question about using the product"),
    "defect": _l("Something does not work as it should"),
    "installation": _l("Installation, update or setup"),
    "request": _l("A wish for the product"),
}


class NewTicketBase(PortalForm):
    token = HiddenField()
    follow_up_of = HiddenField()
    # A portal page the ticket grows from (a community question): a local path and its title.
    origin = HiddenField(validators=[Optional(), Length(max=500)])
    origin_title = HiddenField(validators=[Optional(), Length(max=200)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)],
                          render_kw={"autocomplete": "off"})
    description = TextAreaField(_l("What happened"), validators=[DataRequired(),
                                                                 Length(max=20000)],
                                render_kw={"rows": 6})
    steps = TextAreaField(_l("Steps to reproduce"), validators=[Optional(), Length(max=10000)],
                          render_kw={"rows": 4})
    page_address = StringField(_l("Page address"), validators=[
        Optional(), URL(require_tld=False, message=_l("Give a full address, e.g. "
                                                      "https://crm.example.com/deals/7")),
        Length(max=500)])
    version = StringField(_l("Version"), validators=[Optional(), Length(max=32)])
    category = SelectField(_l("What kind of request"), validators=[DataRequired()],
                           choices=[SelectChoice(code, CATEGORY_LABELS[code])
                                    for code in CATEGORIES])
    attachments = MultipleFileField(_l("Screenshots and files"))


def new_ticket_form_class(policy: Policy, tier: Tier, language: str):
    """Products of the catalogue; priorities and the levels of the tier where the policy uses
    them to choose targets."""

    class NewTicketForm(NewTicketBase):
        pass

    if policy.products:
        NewTicketForm.product = SelectField(  # type: ignore[attr-defined]
            _l("Product"), validators=[Optional()],
            choices=[SelectChoice("", _l("Not about one product")),
                     *[SelectChoice(p.code, p.name.get(language)) for p in policy.products]])
    uses = policy.selectors_of(tier.code)
    if "priority" in uses and policy.priorities:
        NewTicketForm.priority = RadioField(  # type: ignore[attr-defined]
            _l("Priority"), coerce=int, validators=[DataRequired()],
            choices=[SelectChoice(p.number, f"{p.number} — {p.name.get(language)}")
                     for p in policy.priorities])
    levels = [lv for lv in policy.levels if not lv.tiers or tier.code in lv.tiers]
    if "level" in uses and levels:
        NewTicketForm.level = RadioField(  # type: ignore[attr-defined]
            _l("Kind of problem"), validators=[DataRequired()],
            choices=[SelectChoice(lv.code, lv.name.get(language)) for lv in levels])
    return NewTicketForm


class MessageForm(PortalForm):
    body = TextAreaField(_l("Your message"), validators=[Length(max=20000)],
                         render_kw={"rows": 4})
    attachments = MultipleFileField(_l("Screenshots and files"))


class RateForm(PortalForm):
    score = RadioField(_l("How well did we help?"), coerce=int, validators=[DataRequired()],
                       choices=[SelectChoice(5, _l("5 — excellent")),
                                SelectChoice(4, _l("4 — good")),
                                SelectChoice(3, _l("3 — acceptable")),
                                SelectChoice(2, _l("2 — poor")),
                                SelectChoice(1, _l("1 — very poor"))])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)],
                            render_kw={"rows": 3})


class EscalateForm(PortalForm):
    reason = TextAreaField(_l("What went wrong"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 3})


class ActionForm(PortalForm):
    """Close and reopen: CSRF only."""


class DeflectForm(PortalForm):
    article_url = HiddenField(validators=[DataRequired(), Length(max=500)])
    subject = HiddenField(validators=[Optional(), Length(max=200)])

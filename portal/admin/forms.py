"""The administration's forms; choices come from the active policy (set by the views)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.admin import audit
from portal.forms import PortalForm
from portal.roles import ROLES


def role_names() -> dict[str, str]:
    return {"customer": _l("Customer"), "agent": _l("Agent"), "head": _l("Head of support"),
            "admin": _l("Administrator")}


def kind_names() -> dict[str, str]:
    return {"contract": _l("Contract"), "license": _l("License"), "price": _l("Price"),
            "role": _l("Role")}


class OrganizationForm(PortalForm):
    name = StringField(_l("Organization's name"), id="organization-name",
                       validators=[DataRequired(), Length(max=200)])
    timezone = StringField(_l("Time zone"), id="organization-timezone", default="Europe/Moscow",
                           validators=[DataRequired(), Length(max=64)])


class ResponsibleForm(PortalForm):
    responsible = BooleanField(_l("Responsible contact"))


class PriceForm(PortalForm):
    edition = SelectField(_l("Product edition"), id="price-edition", validators=[DataRequired()])
    price = DecimalField(_l("New list price"), id="price-amount", places=2,
                         validators=[InputRequired(), NumberRange(min=0, max=10**9)])


class ContractForm(PortalForm):
    tier = SelectField(_l("Tier"), id="contract-tier", validators=[DataRequired()])
    kind = SelectField(_l("Kind"), id="contract-kind", validators=[DataRequired()],
                       choices=[SelectChoice("paid", _l("paid")),
                                SelectChoice("warranty", _l("warranty"))])
    first_day = DateField(_l("First day"), id="contract-first", validators=[DataRequired()])
    last_day = DateField(_l("Last day"), id="contract-last", validators=[DataRequired()])
    annual_price = DecimalField(_l("Annual price"), id="contract-price", places=2,
                                validators=[Optional(), NumberRange(min=0, max=10**9)])
    product = StringField(_l("Product (only for a warranty of one product)"),
                          id="contract-product", validators=[Optional(), Length(max=64)])
    version = StringField(_l("Version"), id="contract-version",
                          validators=[Optional(), Length(max=32)])


class LicenseForm(PortalForm):
    edition = SelectField(_l("Product edition"), id="license-edition",
                          validators=[DataRequired()])
    quantity = IntegerField(_l("Quantity"), id="license-quantity",
                            validators=[InputRequired(), NumberRange(min=1, max=100_000)])
    kind = SelectField(_l("Kind"), id="license-kind", validators=[DataRequired()],
                       choices=[SelectChoice("perpetual", _l("perpetual")),
                                SelectChoice("rented", _l("rented"))])
    purchased_on = DateField(_l("Purchased on"), id="license-purchased",
                             validators=[DataRequired()])
    version = StringField(_l("Version"), id="license-version",
                          validators=[Optional(), Length(max=32)])


class RoleForm(PortalForm):
    role = SelectField(_l("Role"), validators=[DataRequired()],
                       choices=[SelectChoice(code, role_names()[code]) for code in ROLES])


class ConfirmForm(PortalForm):
    """CSRF only (deleting)."""


class AuditFilterForm(PortalForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("What changed"), id="audit-kind", validators=[Optional()],
                       choices=[SelectChoice("", _l("Anything")),
                                *[SelectChoice(code, kind_names()[code])
                                  for code in audit.KINDS]])
    actor = SelectField(_l("Who"), id="audit-actor", validators=[Optional()])
    first = DateField(_l("From"), id="audit-from", name="from", validators=[Optional()])
    last = DateField(_l("Until"), id="audit-to", name="to", validators=[Optional()])

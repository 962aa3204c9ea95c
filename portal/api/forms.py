"""Forms of the tokens page: make a token, revoke one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm


class NewTokenForm(PortalForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("Say what will use it, e.g. “Monitoring”."),
                       render_kw={"autocomplete": "off"})
    read = BooleanField(_l("Read: tickets, the knowledge base, licenses and entitlements"),
                        default=True)
    write = BooleanField(_l("Write: file tickets, reply, rate and reopen"))


class RevokeTokenForm(PortalForm):
    token = HiddenField(validators=[DataRequired()])

"""Forms of the organization pages beyond the contacts' own (accounts.forms)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm


class JoinWithKeyForm(PortalForm):
    license_key = StringField(_l("License key"), validators=[DataRequired(), Length(max=64)],
                              render_kw={"autocomplete": "off", "spellcheck": "false"})


class RemoveContactForm(PortalForm):
    membership = IntegerField(validators=[DataRequired()])

"""The period picker: two dates, sent by GET (no CSRF token: it changes nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField

from portal.forms import PortalForm


class PeriodForm(PortalForm):
    class Meta:
        csrf = False

    first = DateField(_l("First day"), id="period-from", name="from")
    last = DateField(_l("Last day"), id="period-to", name="to")

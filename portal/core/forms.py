"""Forms of the core pages."""
from __future__ import annotations

from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from portal.i18n import LANGUAGES


class LanguageForm(PortalForm):
    """The header's language switch."""

    language = SelectField(choices=[SelectChoice(code) for code in LANGUAGES])
    next = HiddenField()

"""Forms of the core pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from portal.i18n import LANGUAGES


class LanguageForm(FlaskForm):
    """The header's language switch."""

    language = SelectField(choices=[SelectChoice(code) for code in LANGUAGES])
    next = HiddenField()

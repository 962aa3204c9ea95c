"""The base of every form: CSRF (Flask-WTF), and text without NUL or control characters.

Terminal control characters and NUL bytes stored in a name or a comment come back raw in pages,
mail and terminals (and PostgreSQL refuses NUL outright), so every text field refuses them with
a message beside the field. Tabs pass everywhere; line breaks where the text may have lines
(TextAreaField). Integer fields hold what a database column can (no out-of-range error from
PostgreSQL for a forged id). Every form of the portal derives from `PortalForm` (a test walks them).
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import StopValidation

from portal.db import MAX_INTEGER

# C0 controls but tab, DEL, and the C1 controls.
_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MESSAGE = _l("Remove the control characters (such as NUL bytes) from this text.")


def has_control_characters(text: str, lines: bool = False) -> bool:
    """True when `text` holds a character no field keeps (`lines`: line breaks are fine)."""
    return bool((_LINES if lines else _LINE).search(text))


def no_control_characters(form, field) -> None:
    """A WTForms validator: refuses NUL and control characters, keeps tabs (and line breaks
    in a text area)."""
    if isinstance(field.data, str) and has_control_characters(
            field.data, lines=isinstance(field, TextAreaField)):
        field.errors[:] = []
        raise StopValidation(str(MESSAGE))


def within_integer_range(form, field) -> None:
    """A WTForms validator: an integer the database can store (an id, a count)."""
    if isinstance(field.data, int) and not -MAX_INTEGER <= field.data <= MAX_INTEGER:
        field.errors[:] = []
        raise StopValidation(str(_l("This number is too large.")))


class PortalForm(FlaskForm):
    """Every form's base: each text field also runs `no_control_characters`, whose message
    then stands alone beside the field."""

    def validate(self, extra_validators=None) -> bool:
        extra = {name: list(validators) for name, validators in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field.data, str):
                extra.setdefault(name, []).append(no_control_characters)
            elif isinstance(field, IntegerField):
                extra.setdefault(name, []).append(within_integer_range)
        return super().validate(extra_validators=extra)

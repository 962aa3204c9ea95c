"""The "Was this helpful?" form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from portal.forms import PortalForm
from portal.kb.services import COMMENT_MAX

ANSWERS = ("yes", "no")


class HelpfulForm(PortalForm):
    """Yes or no, sent by one of two buttons named `answer`, and an optional comment."""

    answer = HiddenField(validators=[InputRequired(), AnyOf(ANSWERS)])
    comment = TextAreaField(
        _l("Comment (optional)"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
        description=_l("What was missing or unclear? Please do not include passwords."),
    )

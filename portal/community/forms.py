"""Community forms: asking (products from the policy), answering, commenting, editing,
reporting, and CSRF-only buttons (votes, accept, delete, follow, moderation)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.community.moderation import REASONS
from portal.community.services import BODY_MAX, COMMENT_MAX, TITLE_MAX
from portal.domain.policy import Policy
from portal.forms import PortalForm


class QuestionForm(PortalForm):
    token = HiddenField()
    title = StringField(_l("Your question in one sentence"),
                        validators=[DataRequired(), Length(max=TITLE_MAX)],
                        render_kw={"autocomplete": "off", "maxlength": TITLE_MAX})
    body = TextAreaField(_l("Details"), validators=[DataRequired(), Length(max=BODY_MAX)],
                         render_kw={"rows": 8})
    product = SelectField(_l("Product"), validators=[Optional()], choices=[])
    version = StringField(_l("Version"), validators=[Optional(), Length(max=32)])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=200)],
                       render_kw={"autocomplete": "off"})

    def offer_products(self, policy: Policy, language: str) -> None:
        self.product.choices = [SelectChoice("", _l("Not about one product")),
                                *[SelectChoice(p.code, p.name.get(language))
                                  for p in policy.products]]


class AnswerForm(PortalForm):
    token = HiddenField()
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=BODY_MAX)],
                         render_kw={"rows": 6})


class CommentForm(PortalForm):
    token = HiddenField()
    answer_id = HiddenField()
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=COMMENT_MAX)],
                         render_kw={"rows": 2, "maxlength": COMMENT_MAX})


class ReportForm(PortalForm):
    reason = RadioField(_l("What is wrong with it?"), validators=[DataRequired()],
                        choices=[SelectChoice(code, label) for code, label in REASONS.items()])
    note = TextAreaField(_l("A note for the moderators"),
                         validators=[Optional(), Length(max=500)], render_kw={"rows": 3})


class ButtonForm(PortalForm):
    """A button's form: CSRF only."""

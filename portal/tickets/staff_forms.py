"""The staff's forms on a ticket; each carries the ticket's version it was shown at (`seen`),
so a change made meanwhile by a colleague is never overwritten silently."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.domain.tickets import DEFER_REASONS, TARGET_OVERRIDABLE, TIME_KINDS
from portal.forms import PortalForm

REASON_LABELS = {
    "cannot_reproduce": _l("We cannot reproduce the problem"),
    "needs_information": _l("Not enough information"),
    "needs_development": _l("Needs development in the product"),
    "license_breach": _l("Breach of the license terms"),
    "out_of_scope": _l("Outside the scope of support"),
    "abusive_language": _l("Abusive language"),
}
WORK_LABELS = {
    "consulting": _l("Consulting"),
    "diagnostics": _l("Diagnostics"),
    "user_error": _l("Fixing the user's own error"),
    "fix": _l("Fixing a product failure"),
    "update_help": _l("Help installing updates"),
}
TARGET_LABELS = {
    "first_response": _l("First answer"), "next_response": _l("Next answer"),
    "resolution": _l("Resolution"), "update_interval": _l("Progress update"),
}


class StaffForm(PortalForm):
    seen = HiddenField()


class AssignForm(StaffForm):
    assignee = SelectField(_l("Assignee"), validators=[Optional()])


class StatusForm(StaffForm):
    to = SelectField(_l("Status"), validators=[DataRequired()], choices=[
        SelectChoice("open", _l("in progress")), SelectChoice("waiting", _l("waiting for you")),
        SelectChoice("deferred", _l("deferred")), SelectChoice("resolved", _l("resolved")),
        SelectChoice("closed", _l("closed"))])
    reason = SelectField(_l("Reason (for deferring or declining)"), validators=[Optional()],
                         id="status-reason",
                         choices=[SelectChoice("", "—"), *[SelectChoice(code, REASON_LABELS[code])
                                                           for code in DEFER_REASONS]])


class PriorityForm(StaffForm):
    priority = SelectField(_l("Priority"), coerce=int, validators=[DataRequired()])


class LevelForm(StaffForm):
    level = SelectField(_l("Level"), validators=[DataRequired()])


class LineForm(StaffForm):
    line = SelectField(_l("Support line"), validators=[DataRequired()])
    reason = StringField(_l("Why"), validators=[DataRequired(), Length(max=500)],
                         id="line-reason")


class OverrideForm(StaffForm):
    target = SelectField(_l("Target"), validators=[DataRequired()],
                         choices=[SelectChoice(k, TARGET_LABELS[k]) for k in TARGET_OVERRIDABLE])
    minutes = IntegerField(_l("Agreed minutes (empty: no guaranteed time)"),
                           validators=[Optional(), NumberRange(min=1, max=525600)],
                           id="override-minutes")
    note = StringField(_l("What was agreed"), validators=[DataRequired(), Length(max=500)],
                       id="override-note")


class TimeForm(StaffForm):
    minutes = IntegerField(_l("Minutes"), validators=[DataRequired(),
                                                      NumberRange(min=1, max=1440)],
                           id="time-minutes")
    work = SelectField(_l("Work"), validators=[DataRequired()],
                       choices=[SelectChoice(k, WORK_LABELS[k]) for k in TIME_KINDS])
    product_failure = BooleanField(_l("A product failure was found"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)], id="time-note")


class NoteForm(StaffForm):
    body = TextAreaField(_l("Internal note"), validators=[DataRequired(), Length(max=20000)],
                         render_kw={"rows": 3}, id="note-body")

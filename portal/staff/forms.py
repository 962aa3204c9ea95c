"""Forms of the staff queue: saving the current filters under a name, deleting a saved view."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length

from portal.forms import PortalForm
from portal.staff.models import VIEW_NAME_MAX as NAME_MAX


class SaveViewForm(PortalForm):
    name = StringField(_l("Name of the view"), id="view-name",
                       validators=[InputRequired(), Length(max=NAME_MAX)],
                       render_kw={"autocomplete": "off", "maxlength": NAME_MAX})
    # The filters shown when the form is sent (static/js/queue.js keeps it current).
    query = HiddenField(validators=[Length(max=500)])


class DeleteViewForm(PortalForm):
    """CSRF only."""

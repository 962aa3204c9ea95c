"""Mail pages: the demo mailbox (demo mode only) and the administrators' failed-mail list."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from portal.mail import services
from portal.web import render, see_other

bp = Blueprint("mail", __name__)

_LINK = re.compile(r"https?://[^\s<>\"']+")


class RetryForm(FlaskForm):
    """The administrator's "send again" button (CSRF only)."""


def _links(text: str) -> list[str]:
    return _LINK.findall(text)


@bp.get("/demo/mail")
def demo_mailbox():
    """Every mail the demo portal sent, newest first, so a visitor can follow its links."""
    if not current_app.config.get("DEMO_MODE"):
        abort(404)
    messages = [(message, _links(message.text_body)) for message in services.recent()]
    return render("mail/demo_mailbox.html", messages=messages)


def _admin_only() -> None:
    if current_user.role != "admin":
        abort(403)


@bp.get("/admin/mail")
@login_required
def failed_mail():
    """Mail that could not be delivered, or is waiting for another attempt, with the error."""
    _admin_only()
    return render("mail/failed.html", messages=list(services.failed_or_waiting()),
                  form=RetryForm())


@bp.post("/admin/mail/<int:message_id>/retry")
@login_required
def retry(message_id: int):
    """Queue a failed message again; the worker's next sweep sends it."""
    _admin_only()
    if not RetryForm().validate_on_submit():
        abort(400)
    if services.retry_failed(message_id):
        flash(_("The message will be sent again."), "info")
    else:
        flash(_("This message is not waiting to be sent again."), "error")
    return see_other(url_for("mail.failed_mail"))

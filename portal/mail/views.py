"""Mail pages: the demo mailbox (demo mode only) and the administrators' failed-mail list."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, url_for
from flask_babel import gettext as _

from portal.forms import PortalForm
from portal.mail import delivery
from portal.roles import ADMIN
from portal.web import render, role_required, see_other

bp = Blueprint("mail", __name__)

_LINK = re.compile(r"https?://[^\s<>\"']+")
# create_app names here a callable giving the addresses the demo mailbox must not show.
PRIVATE_ADDRESSES = "mail.private_addresses"


class RetryForm(PortalForm):
    """The administrator's "send again" button (CSRF only)."""


def _links(text: str) -> list[str]:
    return _LINK.findall(text)


@bp.get("/demo/mail")
def demo_mailbox():
    """Every mail the demo portal sent, newest first, so a visitor can follow its links;
    never mail to staff or administrators (their links would open their accounts)."""
    if not current_app.config.get("DEMO_MODE"):
        abort(404)
    private = current_app.extensions.get(PRIVATE_ADDRESSES, set)()
    messages = [(message, _links(message.text_body))
                for message in delivery.recent(hidden=private)]
    return render("mail/demo_mailbox.html", messages=messages)


@bp.get("/admin/mail")
@role_required(ADMIN)
def failed_mail():
    """Mail that could not be delivered, or is waiting for another attempt, with the error."""
    return render("mail/failed.html", messages=list(delivery.failed_or_waiting()),
                  form=RetryForm())


@bp.post("/admin/mail/<int:message_id>/retry")
@role_required(ADMIN)
def retry(message_id: int):
    """Queue a failed message again; the worker's next sweep sends it."""
    if not RetryForm().validate_on_submit():
        abort(400)
    if delivery.retry_failed(message_id):
        flash(_("The message will be sent again."), "info")
    else:
        flash(_("This message is not waiting to be sent again."), "error")
    return see_other(url_for("mail.failed_mail"))

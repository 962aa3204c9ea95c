"""Mail pages: the demo mailbox (demo mode only) and the administrators' failed-mail list."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, abort, current_app, flash, request, url_for
from flask_babel import gettext as _

from portal.forms import PortalForm
from portal.mail import delivery
from portal.roles import ADMIN
from portal.security import is_loopback
from portal.web import render, role_required, see_other

bp = Blueprint("mail", __name__)

_LINK = re.compile(r"https?://[^\s<>\"']+")
# create_app names here a callable giving the addresses the demo mailbox must not show.
PRIVATE_ADDRESSES = "mail.private_addresses"


class RetryForm(PortalForm):
    """The administrator's "send again" button (CSRF only)."""


def _opened(text: str) -> tuple[str, list[str]]:
    """The mail's text and links; links to this portal (its BASE_URL, or this machine on any
    port: mail written by an earlier `make run PORT=...`) point to the address the mailbox
    is read on, so they open."""
    base = urlsplit(current_app.config["BASE_URL"])
    here = urlsplit(request.host_url)

    def here_instead(match: re.Match) -> str:
        parts = urlsplit(match.group(0))
        if parts.netloc == base.netloc or is_loopback(parts.hostname or ""):
            return urlunsplit(parts._replace(scheme=here.scheme, netloc=here.netloc))
        return match.group(0)

    text = _LINK.sub(here_instead, text)
    return text, _LINK.findall(text)


@bp.get("/demo/mail")
def demo_mailbox():
    """Every mail the demo portal sent, newest first, so a visitor can follow its links;
    never mail to staff or administrators (their links would open their accounts)."""
    if not current_app.config.get("DEMO_MODE"):
        abort(404)
    private = current_app.extensions.get(PRIVATE_ADDRESSES, set)()
    messages = [(message, *_opened(message.text_body))
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

"""Mail that came in: the administrators' list of messages that failed (retry them), and the
full original of a mailed message for staff."""
from __future__ import annotations

from flask import Response, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.clock import utc_now
from portal.policy import active_policy
from portal.roles import ADMIN, STAFF
from portal.tickets import bp, services
from portal.tickets.forms import ActionForm
from portal.tickets.mail_in import handle
from portal.tickets.models import InboundMail
from portal.web import render, role_required, see_other


@bp.get("/inbound")
@role_required(ADMIN)
def inbound():
    """Messages the support mailbox received that could not be handled, newest first."""
    recent = InboundMail.select().order_by(InboundMail.received_at.desc()).limit(50)
    return render("tickets/inbound.html", failed=list(InboundMail.failed()),
                  recent=list(recent), form=ActionForm())


@bp.post("/inbound/<int:inbound_id>/retry")
@role_required(ADMIN)
def retry_inbound(inbound_id: int):
    """Handle a failed message again (after the cause was fixed)."""
    row = InboundMail.get_or_none(InboundMail.id == inbound_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        outcome = handle(bytes(row.raw), active_policy(), utc_now())
    except Exception as error:  # noqa: BLE001 - shown to the administrator, kept as failed
        flash(_("It failed again: %(error)s", error=str(error)[:300]), "error")
    else:
        flash(_("Handled: %(status)s.", status=outcome.status), "success")
    return see_other(url_for("tickets.inbound"))


@bp.get("/<number>/mail/<int:inbound_id>")
@role_required(*STAFF)
def original(number: str, inbound_id: int):
    """The message exactly as it arrived (quotes, signature and headers included)."""
    ticket = services.ticket_for(current_user, number, active_policy())
    row = InboundMail.get_or_none((InboundMail.id == inbound_id)
                                  & (InboundMail.ticket == ticket)) or abort(404)
    response = Response(bytes(row.raw), mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

"""Tickets: filing with suggestions and attachments, the timeline with its SLA countdown,
rating, reopening, escalation; the staff service layer (staff.py) the staff console uses.

`views` has the list and the filing form, `ticket_views` one ticket's page and actions; both
put their routes on this blueprint.
"""
from flask import Blueprint, request

bp = Blueprint("tickets", __name__, url_prefix="/tickets")


@bp.before_request
def _room_for_attachments() -> None:
    """A message may carry several files: its request may be larger than the portal's bound."""
    from flask import current_app

    config = current_app.config
    per_file = int(config.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    files = int(config.get("ATTACHMENTS_PER_MESSAGE", 10))
    request.max_content_length = per_file * files + 1024 * 1024


from portal.tickets import (  # noqa: F401 - their routes join bp
    inbound_views,
    staff_views,
    ticket_views,
    views,
)

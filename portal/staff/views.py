"""The staff queue page and its polled fragment, and saving and deleting named views of it."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from portal.clock import stored_now
from portal.errors import PortalError
from portal.policy import active_policy
from portal.roles import STAFF
from portal.staff import bp, queue, services
from portal.staff.forms import DeleteViewForm, SaveViewForm
from portal.staff.models import SavedView, StaffLine
from portal.web import (
    attach_error,
    current_language,
    form_status,
    render,
    role_required,
    see_other,
    status_of,
    wants_fragment,
)

PAGE_SIZE = 25
POLL_SECONDS = 20


def _queue_url(query: str) -> str:
    return url_for("staff.queue") + (f"?{query}" if query else "")


def _page(args, save_form: SaveViewForm, status: int = 200):
    """The queue for the filters in `args`: the page, or only its list for htmx."""
    policy = active_policy()
    language = current_language()
    my_lines = StaffLine.codes_of(current_user)
    filters = queue.parse_filters(args, policy)
    page = max(1, args.get("page", 1, type=int) or 1)
    tickets, total, page = queue.queue_page(filters, current_user, my_lines, page, PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    fragment_only = wants_fragment()
    facets = [] if fragment_only else queue.facets(policy, language, current_user, my_lines,
                                                   filters)
    counts = queue.facet_counts(filters, current_user, my_lines, queue.facet_keys(policy))
    now = stored_now()
    query = queue.query_string(filters)
    if not save_form.is_submitted():
        save_form.query.data = query
    return render(
        "staff/queue.html", fragment="staff/_queue.html", status=status,
        tickets=tickets, marks={t.id: queue.mark_of(t, now) for t in tickets}, total=total,
        page=page, pages=pages, filters=filters, query=query, facets=facets, counts=counts,
        counts_json=json.dumps(counts, separators=(",", ":"), sort_keys=True),
        policy=policy, language=language, viewer_zone=str(get_timezone()),
        my_lines=my_lines, saved_views=[] if fragment_only else list(
            SavedView.of(current_user)),
        save_form=save_form, delete_form=DeleteViewForm(), poll_seconds=POLL_SECONDS,
        status_names=queue.status_names())


@bp.get("/")
@role_required(*STAFF)
def home():
    return redirect(url_for("staff.queue"), code=302)


@bp.get("/queue", endpoint="queue")
@role_required(*STAFF)
def queue_view():
    """Active tickets, soonest due first, with filters and their counts; polled by htmx."""
    return _page(request.args, SaveViewForm(formdata=None))



@bp.post("/views")
@role_required(*STAFF)
def save_view():
    """Keep the current filters under a name (a view of that name takes them)."""
    form = SaveViewForm()
    args = MultiDict(parse_qsl(form.query.data or ""))
    query = queue.query_string(queue.parse_filters(args, active_policy()))
    if form.validate_on_submit():
        try:
            view, created = services.save_view(current_user, form.name.data, query)
        except PortalError as error:
            attach_error(form, error)
            return _page(args, form, status=status_of(error))
        message = (_("The view «%(name)s» is saved.", name=view.name) if created else
                   _("The view «%(name)s» now shows these filters.", name=view.name))
        flash(message, "success")
        return see_other(_queue_url(query))
    return _page(args, form, status=form_status(form))


@bp.post("/views/<int:view_id>/delete")
@role_required(*STAFF)
def delete_view(view_id: int):
    """Delete one of one's own saved views; anyone else's reads as missing (404)."""
    if not DeleteViewForm().validate_on_submit():
        abort(400)
    view = services.delete_view(current_user, view_id)
    flash(_("The view «%(name)s» is deleted.", name=view.name), "success")
    return see_other(url_for("staff.queue"))

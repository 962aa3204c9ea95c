"""One ticket: its page and timeline (polled by htmx), messages, close, reopen, rate,
escalate, and its attachments for those who may see the ticket."""
from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts.models import User
from portal.clock import as_stored, today_in, utc_now
from portal.domain.tickets import may_escalate, may_reopen
from portal.errors import PortalError
from portal.policy import active_policy
from portal.roles import is_staff
from portal.tickets import bp, services, sla
from portal.tickets.forms import ActionForm, EscalateForm, MessageForm, RateForm
from portal.tickets.models import Attachment, CannedReply, Presence, Ticket, TicketEvent
from portal.tickets.staff_forms import REASON_LABELS, TARGET_LABELS, WORK_LABELS
from portal.tickets.staff_views import staff_forms
from portal.tickets.storage import attachment_store
from portal.tickets.views import uploads_of
from portal.web import attach_error, current_language, no_content, render, see_other, status_of


def _ticket(number: str) -> Ticket:
    return services.ticket_for(current_user, number, active_policy())


def _present(ticket: Ticket, now) -> list[str]:
    """Mark the viewing staff member present; the names of the others seen in the last 30 s."""
    stamp = as_stored(now)
    (Presence.insert(ticket=ticket, user=current_user.id, seen_at=stamp)
     .on_conflict(conflict_target=[Presence.ticket, Presence.user],
                  update={Presence.seen_at: stamp}).execute())
    others = (Presence.select(Presence, User).join(User)
              .where((Presence.ticket == ticket) & (Presence.user != current_user.id)
                     & (Presence.seen_at >= stamp - timedelta(seconds=30))))
    return [row.user.name for row in others]


def _context(ticket: Ticket, **forms) -> dict:
    policy = active_policy()
    now = utc_now()
    staff = is_staff(current_user)
    extra = {}
    if staff:
        extra = {**staff_forms(ticket, policy), "present": _present(ticket, now),
                 "canned": list(CannedReply.select().order_by(CannedReply.title)),
                 "time_spent": sum(e.minutes for e in ticket.time_entries)}
    events = list(ticket.events_after(0, public_only=not staff))
    tier = policy.tier(ticket.tier)
    resolved_on = ticket.resolved_at.date() if ticket.resolved_at else None
    today = today_in(sla.zone_of(ticket))
    mine = ticket.requester_id == current_user.id
    return {
        "ticket": ticket, "policy": policy, "tier": tier, "events": events,
        "attachments": _attachments_by_event(ticket),
        "countdowns": sla.countdowns(sla.sla_of(ticket, policy, now), now),
        "last_event_id": events[-1].id if events else 0,
        "language": current_language(), "is_staff_view": staff, "mine": mine,
        "viewer_zone": str(get_timezone()),
        "may_reopen": mine and may_reopen(ticket.status, resolved_on,
                                          tier.reopen_days if tier else 0, today),
        "may_rate": mine and ticket.status in ("resolved", "closed") and ticket.rating is None,
        "may_escalate": mine and may_escalate(ticket.status, ticket.escalated_at and
                                              ticket.escalated_at.replace(tzinfo=now.tzinfo),
                                              now),
        "message_form": forms.get("message_form") or MessageForm(formdata=None),
        "rate_form": forms.get("rate_form") or RateForm(formdata=None),
        "escalate_form": forms.get("escalate_form") or EscalateForm(formdata=None),
        "action_form": ActionForm(formdata=None),
        "reason_labels": REASON_LABELS, "work_labels": WORK_LABELS,
        "target_labels": TARGET_LABELS,
        **extra,
    }


def _attachments_by_event(ticket: Ticket) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = {}
    for row in Attachment.select().where(Attachment.ticket == ticket).order_by(Attachment.id):
        found.setdefault(row.event_id, []).append(row)
    return found


@bp.get("/<number>")
@login_required
def ticket(number: str):
    """The ticket's timeline, its SLA countdown in words, and what the contact may do."""
    return render("tickets/ticket.html", **_context(_ticket(number)))


@bp.get("/<number>/events")
@login_required
def events(number: str):
    """htmx polling: the events after `after`, and the refreshed status; 204 when none."""
    found = _ticket(number)
    if is_staff(current_user):
        _present(found, utc_now())  # the open page keeps saying who works on it
    after = request.args.get("after", 0, type=int)
    fresh = list(found.events_after(after, public_only=not is_staff(current_user)))
    if not fresh:
        return no_content()
    context = _context(found)
    return render("tickets/_poll.html", fresh=fresh, **context)


def _again(found: Ticket, status: int, **forms):
    return render("tickets/ticket.html", status=status, **_context(found, **forms))


@bp.post("/<number>/messages")
@login_required
def message(number: str):
    """A message of the contact (or a public reply of staff from this page)."""
    found = _ticket(number)
    form = MessageForm()
    if not form.validate_on_submit():
        return _again(found, 422, message_form=form)
    try:
        if is_staff(current_user):
            from portal.tickets import staff

            staff.reply(active_policy(), found, current_user, form.body.data or "", utc_now(),
                        uploads_of(form.attachments))
        else:
            services.add_message(active_policy(), found, current_user, form.body.data or "",
                                 uploads_of(form.attachments), utc_now())
    except PortalError as error:
        attach_error(form, error)
        return _again(found, status_of(error), message_form=form)
    return see_other(url_for("tickets.ticket", number=found.number) + "#latest")


def _action(number: str, act, done: str):
    found = _ticket(number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        act(found)
    except PortalError as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return see_other(url_for("tickets.ticket", number=found.number))


@bp.post("/<number>/close")
@login_required
def close(number: str):
    """The contact closes their own ticket."""
    return _action(number, lambda t: services.close(active_policy(), t, current_user,
                                                    utc_now()), _("The ticket is closed."))


@bp.post("/<number>/reopen")
@login_required
def reopen(number: str):
    """Back to work within the tier's window; the resolution clock resumes."""
    return _action(number, lambda t: services.reopen(
        active_policy(), t, current_user, utc_now(), today_in(sla.zone_of(t))),
        _("The ticket is open again."))


@bp.route("/<number>/rate", methods=["GET", "POST"])
@login_required
def rate(number: str):
    """Rate once. A mailed link (GET, ?score=N) only opens this confirm page: mail scanners
    follow links, so a rating is recorded by the POST alone."""
    found = _ticket(number)
    form = RateForm()
    if request.method == "GET":
        form = RateForm(formdata=None, score=request.args.get("score", type=int))
        return render("tickets/rate.html", ticket=found, form=form)
    if not form.validate_on_submit():
        return render("tickets/rate.html", ticket=found, form=form, status=422)
    try:
        services.rate(found, current_user, form.score.data, form.comment.data or "", utc_now())
    except PortalError as error:
        attach_error(form, error)
        return render("tickets/rate.html", ticket=found, form=form, status=status_of(error))
    flash(_("Thank you for the rating!"), "success")
    return see_other(url_for("tickets.ticket", number=found.number))


@bp.post("/<number>/escalate")
@login_required
def escalate(number: str):
    """"Escalate to the head of support" with a reason."""
    found = _ticket(number)
    form = EscalateForm()
    if not form.validate_on_submit():
        return _again(found, 422, escalate_form=form)
    try:
        services.escalate(found, current_user, form.reason.data, utc_now())
    except PortalError as error:
        attach_error(form, error)
        return _again(found, status_of(error), escalate_form=form)
    flash(_("The head of support has your message and the ticket."), "success")
    return see_other(url_for("tickets.ticket", number=found.number))


@bp.get("/<number>/attachments/<int:attachment_id>/<path:filename>")
@login_required
def attachment(number: str, attachment_id: int, filename: str):
    """A file of the ticket: images inline, everything else as a download; never sniffed."""
    found = _ticket(number)
    row = Attachment.get_or_none((Attachment.id == attachment_id)
                                 & (Attachment.ticket == found))
    if row is None:
        abort(404)
    event = TicketEvent.get_by_id(row.event_id)
    if not event.public and not is_staff(current_user):
        abort(404)
    response = Response(attachment_store().read(row.storage_key),
                        mimetype=row.content_type if row.inline else "application/octet-stream")
    disposition = "inline" if row.inline else "attachment"
    response.headers["Content-Disposition"] = _disposition(disposition, row.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _disposition(kind: str, filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"

"""The staff's actions on a ticket page: take or assign, status with reasons, priority, level,
support line, an agreed target, an internal note, time spent. Each refuses a form shown
before a colleague's change (the ticket's `updated_at` is its version)."""
from __future__ import annotations

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import fn
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import User
from portal.clock import utc_now
from portal.errors import PortalError
from portal.policy import active_policy
from portal.roles import STAFF
from portal.tickets import bp, services, staff
from portal.tickets.models import Ticket, TicketEvent
from portal.tickets.staff_forms import (
    AssignForm,
    LevelForm,
    LineForm,
    NoteForm,
    OverrideForm,
    PriorityForm,
    StatusForm,
    TimeForm,
)
from portal.web import current_language, role_required, see_other


def version_of(ticket: Ticket) -> str:
    """Every change appends an event: the newest event's id is the ticket's version."""
    newest = (TicketEvent.select(fn.MAX(TicketEvent.id)).where(TicketEvent.ticket == ticket)
              .scalar())
    return str(newest or 0)


def staff_choices(policy) -> list[SelectChoice]:
    return [SelectChoice("", "—")] + [SelectChoice(str(u.id), u.name) for u in User.select()
                                       .where(User.role.in_(STAFF) & (User.active == True))
                                       .order_by(User.name)]


def _act(number: str, form, act, done: str):
    policy = active_policy()
    ticket = services.ticket_for(current_user, number, policy)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors)
              or _("Check the form."), "error")
        return see_other(url_for("tickets.ticket", number=number))
    fresh = Ticket.get_by_id(ticket.id)
    if form.seen.data != version_of(fresh):  # a colleague changed it since the form was shown
        flash(_("Someone changed the ticket meanwhile: look at it again before changing it."),
              "error")
        return see_other(url_for("tickets.ticket", number=number))
    try:
        act(policy, fresh)
    except PortalError as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return see_other(url_for("tickets.ticket", number=number))


@bp.post("/<number>/assign")
@role_required(*STAFF)
def assign(number: str):
    """Take the ticket, or give it to a colleague ("—": nobody)."""
    form = AssignForm()
    form.assignee.choices = staff_choices(active_policy())

    def act(policy, ticket):
        chosen = User.get_or_none(User.id == int(form.assignee.data)) if (
            form.assignee.data or "").isdigit() else None
        staff.assign(policy, ticket, current_user, chosen, utc_now())

    return _act(number, form, act, _("Saved."))


@bp.post("/<number>/status")
@role_required(*STAFF)
def status(number: str):
    """Waiting for the customer, deferred or declined with a reason, resolved, back to work."""
    form = StatusForm()
    return _act(number, form, lambda policy, ticket: staff.set_status(
        policy, ticket, current_user, form.to.data, utc_now(), form.reason.data or ""),
        _("Saved."))


@bp.post("/<number>/priority")
@role_required(*STAFF)
def priority(number: str):
    form = PriorityForm()
    form.priority.choices = [SelectChoice(p.number, str(p.number))
                             for p in active_policy().priorities]
    return _act(number, form, lambda policy, ticket: staff.set_priority(
        policy, ticket, current_user, form.priority.data, utc_now()), _("Saved."))


@bp.post("/<number>/level")
@role_required(*STAFF)
def level(number: str):
    form = LevelForm()
    form.level.choices = [SelectChoice(lv.code, lv.code) for lv in active_policy().levels]
    return _act(number, form, lambda policy, ticket: staff.set_level(
        policy, ticket, current_user, form.level.data, utc_now()), _("Saved."))


@bp.post("/<number>/line")
@role_required(*STAFF)
def line(number: str):
    """Escalate to another support line; its reaction clock starts now."""
    form = LineForm()
    form.line.choices = [SelectChoice(ln.code, ln.code) for ln in active_policy().lines]
    return _act(number, form, lambda policy, ticket: staff.set_line(
        policy, ticket, current_user, form.line.data, utc_now(), form.reason.data),
        _("Handed to the next line."))


@bp.post("/<number>/override")
@role_required(*STAFF)
def override(number: str):
    """A target of this ticket set by agreement with the customer."""
    form = OverrideForm()
    return _act(number, form, lambda policy, ticket: staff.override_target(
        policy, ticket, current_user, form.target.data, form.minutes.data, utc_now(),
        form.note.data), _("The agreed target applies now."))


@bp.post("/<number>/note")
@role_required(*STAFF)
def note(number: str):
    """An internal note: never shown to the customer, never mailed."""
    form = NoteForm()
    return _act(number, form, lambda policy, ticket: staff.note(
        policy, ticket, current_user, form.body.data, utc_now()), _("Note added."))


@bp.post("/<number>/time")
@role_required(*STAFF)
def log_time(number: str):
    """Minutes spent; the organization's hours used and billed follow."""
    form = TimeForm()
    return _act(number, form, lambda policy, ticket: staff.log_time(
        ticket, current_user, form.minutes.data, form.work.data, bool(form.product_failure.data),
        utc_now(), form.note.data or ""), _("Time logged."))


def staff_forms(ticket: Ticket, policy) -> dict:
    """The forms the staff panel shows, each with the ticket's version."""
    seen = version_of(ticket)
    assign_form = AssignForm(formdata=None, seen=seen,
                             assignee=str(ticket.assignee_id or ""))
    assign_form.assignee.choices = staff_choices(policy)
    priority_form = PriorityForm(formdata=None, seen=seen, priority=ticket.priority)
    language = current_language()
    priority_form.priority.choices = [SelectChoice(p.number, f"{p.number} — {p.name.get(language)}")
                                      for p in policy.priorities]
    level_form = LevelForm(formdata=None, seen=seen, level=ticket.level)
    level_form.level.choices = [SelectChoice(lv.code, lv.name.get(language))
                                for lv in policy.levels]
    line_form = LineForm(formdata=None, seen=seen)
    line_form.line.choices = [SelectChoice(ln.code, ln.name.get(language)) for ln in policy.lines]
    return {"assign_form": assign_form,
            "status_form": StatusForm(formdata=None, seen=seen, to=ticket.status),
            "priority_form": priority_form, "level_form": level_form, "line_form": line_form,
            "override_form": OverrideForm(formdata=None, seen=seen),
            "note_form": NoteForm(formdata=None, seen=seen),
            "time_form": TimeForm(formdata=None, seen=seen)}


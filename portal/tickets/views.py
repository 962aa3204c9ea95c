"""My tickets, filing a ticket (with article suggestions), and "this article solved it"."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.clock import utc_now
from portal.domain.tickets import STATUSES
from portal.errors import PortalError
from portal.policy import active_policy
from portal.security import safe_next
from portal.tickets import bp, services
from portal.tickets.files import Upload
from portal.tickets.forms import DeflectForm, new_ticket_form_class
from portal.tickets.models import Ticket
from portal.web import attach_error, current_language, form_status, render, see_other, status_of

PAGE_SIZE = 20


def uploads_of(field) -> list[Upload]:
    """The files of a form field (a browser sends one empty part when none was chosen); each
    is read whole and its spooled temporary file closed at once."""
    found = []
    for item in field.data or []:
        if getattr(item, "filename", ""):
            with item.stream:
                found.append(Upload(item.filename, item.read()))
    return found


@bp.get("/")
@login_required
def index():
    """The contact's tickets and, where the tier shares them, the organization's."""
    policy = active_policy()
    query = Ticket.visible_to(current_user, services.shared_organizations(current_user, policy))
    status = request.args.get("status", "")
    if status in STATUSES:
        query = query.where(Ticket.status == status)
    priority = request.args.get("priority", type=int)
    if priority:
        query = query.where(Ticket.priority == priority)
    product = request.args.get("product", "")
    if product and policy.product(product):
        query = query.where(Ticket.product == product)
    text = request.args.get("q", "").strip()[:100]
    if text:
        query = query.where(Ticket.subject.contains(text) | (Ticket.number == text.upper()))
    total = query.count()
    # A page past the last shows the last one (never "page 99 of 3").
    page = min(max(1, request.args.get("page", 1, type=int)), max(1, -(-total // PAGE_SIZE)))
    tickets = list(query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
                   .paginate(page, PAGE_SIZE))
    return render("tickets/index.html", fragment="tickets/_list.html", tickets=tickets,
                  total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
                  policy=policy, language=current_language(),
                  filters={"status": status, "priority": priority or "", "product": product,
                           "q": text},
                  right=services.right_to_file(current_user, policy))


def local_path(value: str) -> str:
    """A path on this portal (never another site's address), or ""."""
    value = value.strip()
    ok = value.startswith("/") and not value.startswith("//") and "\\" not in value
    return value[:500] if ok and value.isprintable() else ""


def _form(policy, right, formdata=None):
    form_class = new_ticket_form_class(policy, right.tier, current_language())
    return form_class(formdata=formdata) if formdata is not None else form_class()


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """File a ticket; those who may not are told why and where to go instead."""
    policy = active_policy()
    right = services.right_to_file(current_user, policy)
    if not right.allowed:
        organization, _responsible = services.organization_of(current_user)
        return render("tickets/refused.html", right=right, organization=organization,
                      policy=policy, language=current_language())
    form = _form(policy, right)
    follow_up = None
    if form.follow_up_of.data or request.args.get("follow_up"):
        number = form.follow_up_of.data or request.args.get("follow_up", "")
        try:
            follow_up = services.ticket_for(current_user, number, policy)
        except PortalError:
            abort(404)
        if not form.is_submitted():
            form.follow_up_of.data = follow_up.number
            form.subject.data = form.subject.data or _("Follow-up to %(number)s: %(subject)s",
                                                       number=follow_up.number,
                                                       subject=follow_up.subject)[:200]
            if "product" in form:
                form.product.data = follow_up.product
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(24)
        form.subject.data = form.subject.data or request.args.get("subject", "")[:200]
        # A page that sends its reader here (a community question) fills in what it knows.
        form.description.data = form.description.data or request.args.get("description",
                                                                          "")[:20000]
        form.version.data = form.version.data or request.args.get("version", "")[:32]
        if "product" in form and policy.product(request.args.get("product", "")):
            form.product.data = request.args["product"]
        form.origin.data = local_path(request.args.get("origin", ""))
        form.origin_title.data = request.args.get("origin_title", "")[:200]
    if form.validate_on_submit():
        data = services.NewTicket(
            subject=form.subject.data, description=form.description.data,
            category=form.category.data,
            product=(form.product.data or "") if "product" in form else "",
            version=form.version.data or "",
            priority=form.priority.data if "priority" in form else None,
            level=form.level.data if "level" in form else None,
            steps=form.steps.data or "", page_address=form.page_address.data or "",
            uploads=uploads_of(form.attachments),
            origin_url=local_path(form.origin.data or ""),
            origin_title=(form.origin_title.data or "") if form.origin.data else "")
        try:
            ticket = services.file_ticket(policy, current_user, data,
                                          form.token.data or secrets.token_urlsafe(24),
                                          utc_now(), follow_up_of=follow_up)
        except PortalError as error:
            attach_error(form, error)
            return render("tickets/new.html", form=form, policy=policy, right=right,
                          follow_up=follow_up, language=current_language(),
                          status=status_of(error))
        flash(_("Ticket %(number)s is filed.", number=ticket.number), "success")
        return see_other(url_for("tickets.ticket", number=ticket.number))
    return render("tickets/new.html", form=form, policy=policy, right=right,
                  follow_up=follow_up, language=current_language(), status=form_status(form))


@bp.post("/deflected")
@login_required
def deflected():
    """An offered article solved it: the form closes, the article opens, the deflection counts."""
    form = DeflectForm()
    if not form.validate_on_submit():
        abort(400)
    target = safe_next(form.article_url.data)
    if not target.startswith("/kb/"):
        abort(400)
    services.record_deflection(current_user, target, form.subject.data or "")
    flash(_("Glad the article helped! No ticket was filed."), "success")
    return redirect(target, code=303)

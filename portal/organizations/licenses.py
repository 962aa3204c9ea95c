"""Licenses & support of an organization, joining one with a license key, removing a contact."""
from __future__ import annotations

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import organizations
from portal.billing.entitlements import entitlement_of
from portal.billing.models import License, Order, SupportContract
from portal.errors import PortalError
from portal.organizations import bp, services
from portal.organizations.forms import JoinWithKeyForm, RemoveContactForm
from portal.policy import active_policy
from portal.roles import is_staff
from portal.tickets.hours import hours_of
from portal.tickets.models import Ticket
from portal.web import attach_error, current_language, form_status, render, see_other, status_of


@bp.get("/organizations/<int:organization_id>/licenses")
@login_required
def licenses(organization_id: int):
    """What the organization owns and is entitled to: licenses with keys, its contract and
    the days left, the warranty end, free consulting hours, and its orders and invoices."""
    organization = organizations.organization_for(current_user, organization_id)
    policy = active_policy()
    rights = entitlement_of(organization, policy)
    membership = organizations.membership_of(current_user, organization)
    return render(
        "organizations/licenses.html", organization=organization, policy=policy,
        rights=rights, language=current_language(),
        licenses=list(License.of(organization)),
        contracts=sorted(SupportContract.of(organization), key=lambda c: c.last_day,
                         reverse=True),
        orders=list(Order.select().where(Order.organization == organization)
                    .order_by(Order.created_at.desc())),
        may_order=bool(membership and membership.responsible),
        hours=hours_of(organization, policy, rights.on),
        tickets=list(Ticket.select().where(Ticket.organization == organization)
                     .order_by(Ticket.created_at.desc()).limit(20))
        if is_staff(current_user) else [])


@bp.route("/organizations/join", methods=["GET", "POST"])
@login_required
def join():
    """A registered user joins their organization with one of its license keys."""
    form = JoinWithKeyForm()
    if form.validate_on_submit():
        try:
            organization = services.join_with_key(current_user, form.license_key.data)
        except PortalError as error:
            attach_error(form, error)
            return render("organizations/join.html", form=form, status=status_of(error))
        flash(_("You are now a contact of %(organization)s. Its responsible contacts have "
                "been told.", organization=organization.name), "success")
        return see_other(url_for("organizations.licenses", organization_id=organization.id))
    return render("organizations/join.html", form=form, status=form_status(form))


@bp.post("/organizations/<int:organization_id>/contacts/remove")
@login_required
def remove_contact(organization_id: int):
    """A responsible contact removes a colleague who is not responsible."""
    organization = organizations.organization_for(current_user, organization_id)
    form = RemoveContactForm()
    if not form.validate_on_submit():
        flash(_("Choose the contact to remove."), "error")
    else:
        try:
            person = organizations.remove_member(current_user, organization,
                                                 form.membership.data)
        except PortalError as error:
            flash(error.message, "error")
        else:
            flash(_("%(name)s is no longer a contact of %(organization)s.", name=person.name,
                    organization=organization.name), "success")
    return see_other(url_for("organizations.organization", organization_id=organization.id))

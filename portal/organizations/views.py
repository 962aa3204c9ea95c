"""An organization's pages: contacts, invitations, the responsible flag, accepting an invitation."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import forms, organizations, sessions
from portal.accounts.models import Membership, Organization
from portal.accounts.pages import link_problem
from portal.billing.entitlements import responsible_limit
from portal.errors import Forbidden, PortalError
from portal.organizations import bp
from portal.policy import active_policy
from portal.web import (
    attach_error,
    current_language,
    form_status,
    render,
    see_other,
    status_of,
)


def _limit(organization: Organization) -> int:
    return responsible_limit(organization, active_policy())


def _organization_page(organization: Organization, status: int = 200, **context):
    membership = organizations.membership_of(current_user, organization)
    limit = _limit(organization)
    context.setdefault("invite_form", forms.InviteForm(formdata=None))
    if membership is not None and membership.responsible:
        context.update(invitations=organizations.open_invitations(organization),
                       withdraw_form=forms.WithdrawInvitationForm(formdata=None))
    return render("organizations/contacts.html", status=status, organization=organization,
                  membership=membership, members=list(organization.members()),
                  responsible_form=forms.ResponsibleForm(formdata=None),
                  maximum=limit, room=organizations.responsible_room(organization, limit),
                  **context)


@bp.get("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    """The organization's contacts; responsible contacts also see the invitation form."""
    return _organization_page(organizations.organization_for(current_user, organization_id))


@bp.post("/organizations/<int:organization_id>/invite")
@login_required
def invite(organization_id: int):
    """A responsible contact invites a colleague by e-mail."""
    organization = organizations.organization_for(current_user, organization_id)
    form = forms.InviteForm()
    if not form.validate_on_submit():
        return _organization_page(organization, 422, invite_form=form)
    try:
        invitation = organizations.invite(organization, current_user, form.email.data,
                                          form.responsible.data, current_language(),
                                          _limit(organization))
    except Forbidden:
        raise
    except PortalError as error:
        attach_error(form, error)
        return _organization_page(organization, status_of(error), invite_form=form)
    if invitation.replaced:
        flash(_("%(email)s already had an open invitation; this new one replaces it (the "
                "earlier link no longer works).", email=invitation.email), "success")
    else:
        flash(_("The invitation is on its way to %(email)s.", email=invitation.email), "success")
    return see_other(url_for("organizations.organization", organization_id=organization.id))


@bp.post("/organizations/<int:organization_id>/responsible")
@login_required
def set_responsible(organization_id: int):
    """A responsible contact grants or withdraws the flag of a colleague."""
    organization = organizations.organization_for(current_user, organization_id)
    form = forms.ResponsibleForm()
    if not form.validate_on_submit():
        abort(400)
    target = Membership.get_or_none((Membership.id == form.membership.data)
                                    & (Membership.organization == organization)) or abort(404)
    try:
        actor = organizations.require_responsible(current_user, organization)
        if form.responsible.data == "hand_over":
            organizations.hand_over(actor, target)
            message = _("%(name)s is now the responsible contact instead of you.",
                        name=target.user.name)
        else:
            organizations.set_responsible(target, form.responsible.data == "1",
                                          _limit(organization))
            message = _("Saved.")
    except Forbidden:
        raise
    except PortalError as error:
        return _organization_page(organization, status_of(error), problem=error.message)
    flash(message, "success")
    return see_other(url_for("organizations.organization", organization_id=organization.id))


@bp.post("/organizations/<int:organization_id>/invitations/withdraw")
@login_required
def withdraw_invitation(organization_id: int):
    """A responsible contact cancels an open invitation (and frees its place)."""
    organization = organizations.organization_for(current_user, organization_id)
    form = forms.WithdrawInvitationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        organizations.withdraw_invitation(organization, current_user, form.invitation.data)
    except Forbidden:
        raise
    except PortalError as error:
        return _organization_page(organization, status_of(error), problem=error.message)
    flash(_("The invitation is withdrawn; its link no longer works."), "success")
    return see_other(url_for("organizations.organization", organization_id=organization.id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Join an organization from the mailed link: log in first, or create the account here."""
    try:
        invitation = organizations.open_invitation(token)
    except PortalError as error:
        return link_problem(error)
    if current_user.is_authenticated:
        form = forms.AcceptForm()
        if request.method == "POST" and form.validate_on_submit():
            try:
                membership = organizations.accept_invitation(token, current_user)
            except PortalError as error:
                return link_problem(error)
            flash(_("You are now a contact of %(name)s.", name=membership.organization.name),
                  "success")
            return see_other(url_for("organizations.organization",
                                     organization_id=membership.organization_id))
        return render("organizations/invitation.html", invitation=invitation, accept_form=form)
    from portal.accounts.models import User

    if User.by_email(invitation.email) is not None:
        return redirect(url_for("accounts.login", next=request.path))
    form = forms.JoinForm()
    if form.validate_on_submit():
        try:
            user = organizations.accept_as_new_user(token, form.name.data, form.password.data,
                                                    current_language(), form.timezone.data)
        except PortalError as error:
            attach_error(form, error)
            return render("organizations/invitation.html", invitation=invitation, join_form=form,
                          status=status_of(error))
        sessions.begin(user)
        flash(_("Welcome! You are now a contact of %(name)s.",
                name=invitation.organization.name), "success")
        return see_other(url_for("organizations.organization",
                                 organization_id=invitation.organization_id))
    return render("organizations/invitation.html", invitation=invitation, join_form=form,
                  status=form_status(form))

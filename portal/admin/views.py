"""Organizations, their contacts, contracts and licenses."""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import Membership, Organization
from portal.admin import bp, services
from portal.admin.forms import ConfirmForm, ContractForm, LicenseForm, OrganizationForm
from portal.billing.models import License, SupportContract
from portal.clock import today_in, utc_now
from portal.errors import PortalError
from portal.policy import active_policy
from portal.roles import ADMIN
from portal.web import (
    attach_error,
    current_language,
    form_status,
    render,
    role_required,
    see_other,
    status_of,
)


@bp.get("/", endpoint="index")
@role_required(ADMIN)
def index():
    return render("admin/index.html")


def _editions(policy, language: str) -> list[SelectChoice]:
    return [SelectChoice(f"{p.code}/{e.code}", f"{p.name.get(language)} — {e.name.get(language)}")
            for p in policy.products for e in p.editions]


def _contract_form(policy, language, **kwargs) -> ContractForm:
    form = ContractForm(**kwargs)
    form.tier.choices = [SelectChoice(t.code, t.name(language)) for t in policy.tiers]
    return form


def _license_form(policy, language, **kwargs) -> LicenseForm:
    form = LicenseForm(**kwargs)
    form.edition.choices = _editions(policy, language)
    return form


def _organization_or_404(organization_id: int) -> Organization:
    organization = Organization.get_or_none(Organization.id == organization_id)
    if organization is None:
        abort(404)
    return organization


@bp.route("/organizations", methods=["GET", "POST"], endpoint="organizations")
@role_required(ADMIN)
def organizations():
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organization = services.save_organization(current_user, None, form.name.data,
                                                      form.timezone.data.strip())
        except PortalError as error:
            attach_error(form, error)
            return _organizations_page(form, status_of(error))
        flash(_("The organization «%(name)s» is added.", name=organization.name), "success")
        return see_other(url_for("admin.organization", organization_id=organization.id))
    return _organizations_page(form, form_status(form))


def _organizations_page(form, status):
    listed = list(Organization.select().order_by(Organization.name))
    return render("admin/organizations.html", status=status, organizations=listed, form=form)


def _organization_page(organization, status=200, form=None, contract_form=None,
                       license_form=None):
    policy, language = active_policy(), current_language()
    today = today_in(organization.timezone)
    members = list(Membership.select().where(Membership.organization == organization)
                   .join(Membership.user.rel_model).order_by(Membership.user.rel_model.name))
    return render(
        "admin/organization.html", status=status, organization=organization, policy=policy,
        language=language, members=members,
        form=form or OrganizationForm(obj=organization, formdata=None),
        contract_form=contract_form or _contract_form(policy, language, formdata=None,
                                                       first_day=today),
        license_form=license_form or _license_form(policy, language, formdata=None,
                                                   purchased_on=today),
        contracts=list(SupportContract.select().where(SupportContract.organization
                                                      == organization)
                       .order_by(SupportContract.first_day.desc())),
        licenses=list(License.select().where(License.organization == organization)
                      .order_by(License.purchased_on.desc())),
        confirm=ConfirmForm(formdata=None))


@bp.route("/organizations/<int:organization_id>", methods=["GET", "POST"],
          endpoint="organization")
@role_required(ADMIN)
def organization_view(organization_id: int):
    organization = _organization_or_404(organization_id)
    form = OrganizationForm(obj=organization)
    if form.validate_on_submit():
        try:
            services.save_organization(current_user, organization, form.name.data,
                                       form.timezone.data.strip())
        except PortalError as error:
            attach_error(form, error)
            return _organization_page(organization, status_of(error), form=form)
        flash(_("Saved."), "success")
        return see_other(url_for("admin.organization", organization_id=organization.id))
    return _organization_page(organization, form_status(form) if form.is_submitted() else 200,
                              form=form)


@bp.post("/contacts/<int:membership_id>/responsible", endpoint="responsible")
@role_required(ADMIN)
def responsible(membership_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    membership = Membership.get_or_none(Membership.id == membership_id) or abort(404)
    try:
        services.set_contact_responsible(current_user, active_policy(), membership_id,
                                         request.form.get("responsible") == "1")
        flash(_("Saved."), "success")
    except PortalError as error:
        flash(error.message, "error")
    return see_other(url_for("admin.organization",
                             organization_id=membership.organization_id))


def _contract_values(form: ContractForm) -> services.ContractValues:
    return services.ContractValues(form.tier.data, form.kind.data, form.first_day.data,
                                   form.last_day.data, form.annual_price.data,
                                   (form.product.data or "").strip() or None,
                                   (form.version.data or "").strip() or None)


def _license_values(form: LicenseForm) -> services.LicenseValues:
    product, _slash, edition = (form.edition.data or "").partition("/")
    return services.LicenseValues(product, edition, form.quantity.data,
                                  form.purchased_on.data, form.kind.data,
                                  form.version.data or "")


@bp.post("/organizations/<int:organization_id>/contracts", endpoint="add_contract")
@role_required(ADMIN)
def add_contract(organization_id: int):
    organization = _organization_or_404(organization_id)
    policy, language = active_policy(), current_language()
    form = _contract_form(policy, language)
    if form.validate_on_submit():
        try:
            services.save_contract(current_user, policy, organization, None,
                                   _contract_values(form), utc_now())
        except PortalError as error:
            attach_error(form, error)
            return _organization_page(organization, status_of(error), contract_form=form)
        flash(_("The contract is added."), "success")
        return see_other(url_for("admin.organization", organization_id=organization.id))
    return _organization_page(organization, 422, contract_form=form)


@bp.route("/contracts/<int:contract_id>", methods=["GET", "POST"], endpoint="contract")
@role_required(ADMIN)
def contract_view(contract_id: int):
    contract = SupportContract.get_or_none(SupportContract.id == contract_id) or abort(404)
    policy, language = active_policy(), current_language()
    form = _contract_form(policy, language, obj=contract)
    status = 200
    if form.validate_on_submit():
        try:
            services.save_contract(current_user, policy, contract.organization, contract,
                                   _contract_values(form), utc_now())
            flash(_("Saved."), "success")
            return see_other(url_for("admin.organization",
                                     organization_id=contract.organization_id))
        except PortalError as error:
            attach_error(form, error)
            status = status_of(error)
    elif form.is_submitted():
        status = 422
    return render("admin/contract.html", status=status, contract=contract, form=form,
                  confirm=ConfirmForm(formdata=None))


@bp.post("/contracts/<int:contract_id>/delete", endpoint="delete_contract")
@role_required(ADMIN)
def delete_contract(contract_id: int):
    contract = SupportContract.get_or_none(SupportContract.id == contract_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_contract(current_user, contract, utc_now())
    flash(_("The contract is deleted."), "success")
    return see_other(url_for("admin.organization", organization_id=contract.organization_id))


@bp.post("/organizations/<int:organization_id>/licenses", endpoint="add_license")
@role_required(ADMIN)
def add_license(organization_id: int):
    organization = _organization_or_404(organization_id)
    policy, language = active_policy(), current_language()
    form = _license_form(policy, language)
    if form.validate_on_submit():
        try:
            services.save_license(current_user, policy, organization, None,
                                  _license_values(form), utc_now())
        except PortalError as error:
            attach_error(form, error)
            return _organization_page(organization, status_of(error), license_form=form)
        flash(_("The license is added."), "success")
        return see_other(url_for("admin.organization", organization_id=organization.id))
    return _organization_page(organization, 422, license_form=form)


@bp.route("/licenses/<int:license_id>", methods=["GET", "POST"], endpoint="license")
@role_required(ADMIN)
def license_view(license_id: int):
    found = License.get_or_none(License.id == license_id) or abort(404)
    policy, language = active_policy(), current_language()
    form = _license_form(policy, language, obj=found)
    if not form.is_submitted():
        form.edition.data = f"{found.product}/{found.edition}"
    status = 200
    if form.validate_on_submit():
        try:
            services.save_license(current_user, policy, found.organization, found,
                                  _license_values(form), utc_now())
            flash(_("Saved."), "success")
            return see_other(url_for("admin.organization",
                                     organization_id=found.organization_id))
        except PortalError as error:
            attach_error(form, error)
            status = status_of(error)
    elif form.is_submitted():
        status = 422
    return render("admin/license.html", status=status, license=found, form=form,
                  confirm=ConfirmForm(formdata=None))


@bp.post("/licenses/<int:license_id>/delete", endpoint="delete_license")
@role_required(ADMIN)
def delete_license(license_id: int):
    found = License.get_or_none(License.id == license_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_license(current_user, found, utc_now())
    flash(_("The license is deleted."), "success")
    return see_other(url_for("admin.organization", organization_id=found.organization_id))

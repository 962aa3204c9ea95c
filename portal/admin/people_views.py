"""The catalogue's prices, users and their roles, and the audit log."""
from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import User
from portal.admin import audit, bp, services
from portal.admin.forms import AuditFilterForm, PriceForm, RoleForm, kind_names, role_names
from portal.billing import catalog
from portal.clock import utc_now
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

USERS_SHOWN = 500


def _price_page(form: PriceForm, status: int):
    policy, language = active_policy(), current_language()
    prices = catalog.current_prices(policy)
    rows = [(product, edition, prices[(product.code, edition.code)],
             catalog.price_history(product.code, edition.code)[:5])
            for product in policy.products for edition in product.editions]
    return render("admin/prices.html", status=status, rows=rows, form=form, policy=policy,
                  language=language)


@bp.route("/prices", methods=["GET", "POST"], endpoint="prices")
@role_required(ADMIN)
def prices():
    policy, language = active_policy(), current_language()
    form = PriceForm()
    form.edition.choices = [
        SelectChoice(f"{p.code}/{e.code}", f"{p.name.get(language)} — {e.name.get(language)}")
        for p in policy.products for e in p.editions]
    if form.validate_on_submit():
        product, _slash, edition = form.edition.data.partition("/")
        try:
            services.set_price(current_user, policy, product, edition,
                               Decimal(form.price.data), utc_now())
        except PortalError as error:
            attach_error(form, error)
            return _price_page(form, status_of(error))
        flash(_("The new price applies to quotes and orders from now on."), "success")
        return see_other(url_for("admin.prices"))
    return _price_page(form, form_status(form))


@bp.get("/users", endpoint="users")
@role_required(ADMIN)
def users():
    shown = list(User.select().order_by(User.name, User.id).limit(USERS_SHOWN))
    forms = {user.id: RoleForm(formdata=None, prefix=f"u{user.id}", role=user.role)
             for user in shown}
    return render("admin/users.html", users=shown, forms=forms, role_names=role_names())


@bp.post("/users/<int:user_id>/role", endpoint="set_role")
@role_required(ADMIN)
def set_role(user_id: int):
    user = User.get_or_none(User.id == user_id) or abort(404)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_role(current_user, user, form.role.data, utc_now())
    except PortalError as error:
        flash(error.message, "error")
        return see_other(url_for("admin.users"))
    flash(_("%(name)s is now: %(role)s.", name=user.name, role=role_names()[form.role.data]),
          "success")
    return see_other(url_for("admin.users"))


@bp.get("/audit", endpoint="audit")
@role_required(ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    form.actor.choices = [SelectChoice("", _("Anyone")),
                          *[SelectChoice(str(actor), name) for actor, name in audit.actors()]]
    status = 200
    chosen = audit.AuditFilter()
    if request.args:
        if form.validate():
            actor = form.actor.data
            chosen = audit.AuditFilter(form.kind.data or "", int(actor) if actor else None,
                                       form.first.data, form.last.data)
        else:
            status = 422
    return render("admin/audit.html", status=status, form=form,
                  entries=audit.entries(chosen), kind_names=kind_names())

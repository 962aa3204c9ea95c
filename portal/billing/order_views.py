"""Buying: the purchase page, orders, invoices (page and PDF), and the staff's payment list."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts.models import Organization
from portal.billing import invoices, orders, payments
from portal.billing.entitlements import entitlement_of
from portal.billing.models import Order
from portal.billing.order_forms import ConfirmPaymentForm, purchase_form_class
from portal.billing.purchase import current_contract, purchase_options
from portal.clock import today_in
from portal.errors import Invalid, PortalError
from portal.policy import active_policy
from portal.roles import BILLING
from portal.web import (
    attach_error,
    current_language,
    render,
    role_required,
    see_other,
    status_of,
)

bp = Blueprint("orders", __name__)


def _buyer_organization() -> tuple[Organization | None, bool]:
    """The organization the user orders for, and whether they may order for it.

    `?organization=<id>` picks one of several; without any membership the user orders as a
    new customer (the order founds the organization).
    """
    memberships = list(current_user.memberships())
    if not memberships:
        return None, True
    wanted = request.values.get("organization", type=int)
    chosen = next((m for m in memberships if m.organization_id == wanted), None)
    chosen = chosen or next((m for m in memberships if m.responsible), memberships[0])
    return chosen.organization, chosen.responsible


def _movable(organization: Organization | None) -> list[str]:
    """Products whose owned licenses are not on the newest version, where a tier prices the
    move (ASCON sells an update as a new purchase instead)."""
    policy = active_policy()
    priced = any(t.price.upgrade_percent is not None or t.price.rent_upgrade_months is not None
                 for t in policy.tiers)
    if organization is None or not priced:
        return []
    found = []
    for row in organization.licenses:
        product = policy.product(row.product)
        if product and product.versions and row.version != product.versions[-1]:
            found.append(product.code)
    return sorted(set(found))


def _form(organization: Organization | None, formdata):
    policy = active_policy()
    today = today_in(organization.timezone if organization else current_user.timezone)
    contract = current_contract(organization, today)
    form_class = purchase_form_class(policy, current_language(),
                                     contract.tier if contract else None,
                                     _movable(organization), organization is None)
    # Showing prices changes nothing (GET, no CSRF); ordering is a POST with the token.
    meta = {} if request.method == "POST" else {"csrf": False}
    return form_class(formdata=formdata, meta=meta), today


def _page(organization, form, today, options=(), problem=None, status=200):
    policy = active_policy()
    rights = entitlement_of(organization, policy, today) if organization else None
    return render("billing/buy.html", fragment="billing/_purchase.html", status=status,
                  form=form, options=options, problem=problem, policy=policy,
                  organization=organization, rights=rights,
                  contract=current_contract(organization, today),
                  language=current_language(), token=secrets.token_urlsafe(24))


@bp.get("/buy")
@login_required
def buy():
    """Choose licenses, a tier or a version move; see every way to pay, priced here."""
    organization, may_order = _buyer_organization()
    if not may_order:
        return render("billing/buy_refused.html", organization=organization, status=403)
    form, today = _form(organization, request.args if request.args else None)
    if not request.args:
        return _page(organization, form, today)
    if not form.validate():
        return _page(organization, form, today, status=422)
    try:
        options = purchase_options(active_policy(), organization, form.purchase(active_policy()),
                                   today, current_language())
    except Invalid as error:
        return _page(organization, form, today, problem=error.message, status=422)
    return _page(organization, form, today, options=options)


@bp.post("/buy")
@login_required
def place():
    """Order one of the options: the server prices it again; a double submit makes one order."""
    organization, may_order = _buyer_organization()
    if not may_order:
        abort(403)
    form, today = _form(organization, request.form)
    if not form.validate() or not form.token.data:
        return _page(organization, form, today, status=422)
    new_organization = None
    if organization is None:
        new_organization = (form.organization_name.data or "", form.timezone.data)
    try:
        order = orders.place_order(active_policy(), current_user, organization,
                                   form.purchase(active_policy()), form.option.data,
                                   form.token.data, today, current_language(),
                                   new_organization=new_organization)
    except PortalError as error:
        attach_error(form, error)
        return _page(organization, form, today, problem=error.message,
                     status=status_of(error))
    flash(_("Order placed. Pay the invoice by bank transfer; we confirm the payment here."),
          "success")
    return see_other(url_for("orders.order", order_id=order.id))


@bp.get("/orders/<int:order_id>")
@login_required
def order(order_id: int):
    """An order with its lines, its invoice and how to pay it."""
    found = orders.order_for(current_user, order_id)
    return render("billing/order.html", order=found, invoice=found.invoices.first(),
                  lines=invoices.lines_of(found, active_policy(), current_language()),
                  policy=active_policy(), language=current_language(),
                  pay_form=ConfirmPaymentForm(), payee=current_app.config.get("PAYEE", ""))


@bp.post("/orders/<int:order_id>/demo-payment")
@login_required
def demo_payment(order_id: int):
    """Demo mode only: pay an order at once, as if the bank transfer had arrived."""
    if not current_app.config.get("DEMO_MODE"):
        abort(404)
    found = orders.order_for(current_user, order_id)
    if not ConfirmPaymentForm().validate_on_submit():
        abort(400)
    _confirm(found, demo=True)
    return see_other(url_for("orders.order", order_id=found.id))


@bp.get("/invoices/<int:invoice_id>")
@login_required
def invoice(invoice_id: int):
    """The invoice as a page that prints on one sheet."""
    found = orders.invoice_for(current_user, invoice_id)
    return render("billing/invoice.html", **invoices.context(found, active_policy(),
                                                            current_language()))


@bp.get("/invoices/<int:invoice_id>.pdf")
@login_required
def invoice_pdf(invoice_id: int):
    """The same invoice as a PDF file."""
    found = orders.invoice_for(current_user, invoice_id)
    response = make_response(invoices.pdf(found, active_policy(), current_language()))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="invoice-{found.number}.pdf"')
    return response


@bp.get("/staff/payments")
@role_required(*BILLING)
def awaiting():
    """Orders whose bank transfer has not been confirmed yet, oldest first."""
    return render("billing/awaiting.html", orders=list(Order.awaiting_payment()),
                  form=ConfirmPaymentForm(), language=current_language())


@bp.post("/staff/payments/<int:order_id>")
@role_required(*BILLING)
def confirm(order_id: int):
    """The transfer arrived: the order is paid, licenses and contract change, contacts mailed."""
    found = Order.get_or_none(Order.id == order_id) or abort(404)
    if not ConfirmPaymentForm().validate_on_submit():
        abort(400)
    _confirm(found)
    return see_other(url_for("orders.awaiting"))


def _confirm(found: Order, demo: bool = False) -> None:
    try:
        payments.confirm_payment(active_policy(), found, current_user, demo=demo)
    except PortalError as error:
        flash(error.message, "error")
        return
    invoice_row = found.invoices.first()
    flash(_("Payment of invoice %(number)s confirmed; licenses and support are updated.",
            number=invoice_row.number if invoice_row else found.id), "success")

"""The public price calculator at /prices."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import get_timezone
from flask_babel import gettext as _

from portal.billing.forms import (
    DEPLOYMENT_LABELS,
    EditionField,
    edition_fields,
    quote_form_class,
)
from portal.billing.services import QuoteInputError, calculator_quote, product_name, rules_for
from portal.clock import today_in
from portal.policy import shown_policy
from portal.web import current_language, render

bp = Blueprint("billing", __name__)


def _quantities(form, entries: list[EditionField]) -> dict[tuple[str, str], int]:
    return {(entry.product.code, entry.edition.code): form[entry.name].data or 0 for entry in entries}


@bp.get("/prices")
def prices():
    """Pick products, editions, quantities, tier and deployment; see the itemised quote.

    htmx asks for the quote fragment on every change; without JavaScript the form
    submits by GET and the whole page comes back with the same quote. Values that
    cannot be priced answer 422 with what is wrong, naming each field.
    """
    policy = shown_policy()  # the demo switcher's choice applies here too
    rules = rules_for(policy)
    language = current_language()
    form_class = quote_form_class(policy, rules, language)
    form = form_class(formdata=request.args if request.args else None)
    fields = list(edition_fields(policy))
    owned_fields = list(edition_fields(policy, "own"))
    options, problem, status = [], None, 200
    if request.args and not form.validate():
        status = 422
    elif request.args:
        quantities = _quantities(form, fields)
        owned = _quantities(form, owned_fields)
        contract = None
        if form.contract.data:
            contract = {
                "tier": form.contract.data,
                "kind": form.contract_kind.data,
                "start": form.contract_start.data.isoformat(),
                "end": form.contract_end.data.isoformat(),
            }
        deployment = form.deployment.data if "deployment" in form else None
        chosen = any(quantities.values()) or any(owned.values())
        if chosen or contract or rules[form.tier.data].rule != "percent":
            try:
                options = calculator_quote(
                    policy,
                    form.tier.data,
                    deployment,
                    quantities,
                    today_in(str(get_timezone())),
                    language,
                    owned=owned,
                    contract=contract,
                )
            except QuoteInputError as error:
                problem, status = str(error), 422
    customer_names = [entry.name for entry in owned_fields] + ["contract_start", "contract_end"]
    context = {
        "form": form,
        "policy": policy,
        "rules": rules,
        "fields": fields,
        "owned_fields": owned_fields,
        # The customer's part of the form opens when it holds anything, wrong values too.
        "customer": bool(form.contract.data)
        or any(form[name].data or form[name].errors for name in customer_names),
        "options": options,
        "problem": problem,
        "language": language,
        "today": today_in(str(get_timezone())),
        "deployment_labels": DEPLOYMENT_LABELS,
        # An edition's own label ("Standard") is ambiguous in the list of errors.
        "field_names": {
            **{entry.name: product_name(entry.product, entry.edition.code, language)
               for entry in fields},
            **{entry.name: _("%(name)s, already owned",
                             name=product_name(entry.product, entry.edition.code, language))
               for entry in owned_fields},
        },
    }
    return render("billing/prices.html", fragment="billing/_quote.html", status=status, **context)

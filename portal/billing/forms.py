"""The price calculator's form, built from the policy's tiers and product catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from portal.clock import today_in
from portal.domain.policy import Edition, Policy, Product
from portal.domain.pricing import PriceRule
from portal.forms import PortalForm

MAX_QUANTITY = 100_000
# A contract term given to the calculator lies within this many years of today.
MAX_YEARS_AWAY = 5
DEPLOYMENT_LABELS = {"on-site": _l("On-site"), "on-demand": _l("On-demand (cloud)")}


@dataclass(frozen=True)
class EditionField:
    """Where an edition's quantity lives in the form."""

    product: Product
    edition: Edition
    name: str


def quantity_field_name(product: Product, edition: Edition, prefix: str = "qty") -> str:
    return f"{prefix}-{product.code}-{edition.code}"


def edition_fields(policy: Policy, prefix: str = "qty") -> Iterator[EditionField]:
    """One quantity per edition: `qty-` to buy, `own-` already owned."""
    for product in policy.products:
        for edition in product.editions:
            yield EditionField(product, edition, quantity_field_name(product, edition, prefix))


def quantity_field(label: str) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_QUANTITY)],
        render_kw={"min": 0, "max": MAX_QUANTITY, "inputmode": "numeric"},
    )


class QuoteFormBase(PortalForm):
    """Read from the query string: a calculator changes nothing, so GET without CSRF.

    An existing customer's contract needs its term once a contract tier is chosen; that
    check runs after the fields' own, since Optional() stops a field's inline validators.
    """

    class Meta:
        csrf = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "contract" not in self or not self.contract.data:
            return valid
        start, end = self["contract_start"], self["contract_end"]
        if start.data is None and not start.errors:
            start.errors.append(_l("Give the first day of the current term."))
        if end.data is None and not end.errors:
            end.errors.append(_l("Give the last day of the current term."))
        if start.data and end.data and end.data < start.data:
            end.errors.append(_l("The term cannot end before it starts."))
        today = today_in(str(get_timezone()))
        for field in (start, end):
            if field.data and abs((field.data - today).days) > MAX_YEARS_AWAY * 366:
                field.errors.append(_l("Give a date within %(years)s years of today.",
                                       years=MAX_YEARS_AWAY))
        return valid and not (start.errors or end.errors)


def quote_form_class(
    policy: Policy, rules: dict[str, PriceRule], language: str
) -> type[QuoteFormBase]:
    """A form class for this policy: tier, deployment (when prices depend on it), quantities."""
    # A tier by separate contract (ASCON individual) is never priced here; the page says so.
    tier_choices = [SelectChoice(tier.code, tier.name(language)) for tier in policy.tiers
                    if rules[tier.code].rule != "contract"]
    # Open on the first tier that costs something: that is what a prospect asks about.
    paid = [code for code, rule in rules.items() if rule.rule not in ("none", "contract")]
    default_tier = paid[0] if paid else (tier_choices[0].value if tier_choices else None)
    deployments = sorted({d for rule in rules.values() for d in rule.deployments})

    class QuoteForm(QuoteFormBase):
        tier = SelectField(
            _l("Support tier"),
            choices=tier_choices,
            default=default_tier,
            validators=[DataRequired()],
        )
        contract = SelectField(
            _l("Current support contract"),
            choices=[SelectChoice("", _l("None: a new purchase")), *tier_choices],
            default="",
        )
        contract_kind = SelectField(
            _l("Paid or under warranty"),
            choices=[SelectChoice("paid", _l("Paid")), SelectChoice("warranty", _l("Warranty"))],
            default="paid",
        )
        contract_start = DateField(_l("Term starts"), validators=[Optional()])
        contract_end = DateField(_l("Term ends"), validators=[Optional()])

    if deployments:
        QuoteForm.deployment = SelectField(  # type: ignore[attr-defined]
            _l("Deployment"),
            choices=[SelectChoice(d, DEPLOYMENT_LABELS.get(d, d)) for d in deployments],
            default="on-site" if "on-site" in deployments else deployments[0],
            validators=[DataRequired()],
        )
    for prefix in ("qty", "own"):
        for entry in edition_fields(policy, prefix):
            setattr(QuoteForm, entry.name, quantity_field(entry.edition.name.get(language)))
    return QuoteForm

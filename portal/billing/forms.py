"""The price calculator's form, built from the policy's tiers and product catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from portal.domain.policy import Edition, Policy, Product
from portal.domain.pricing import PriceRule

MAX_QUANTITY = 100_000
DEPLOYMENT_LABELS = {"on-site": _l("On-site"), "on-demand": _l("On-demand (cloud)")}


@dataclass(frozen=True)
class EditionField:
    """Where an edition's quantity lives in the form."""

    product: Product
    edition: Edition
    name: str


def quantity_field_name(product: Product, edition: Edition) -> str:
    return f"qty-{product.code}-{edition.code}"


def edition_fields(policy: Policy) -> Iterator[EditionField]:
    for product in policy.products:
        for edition in product.editions:
            yield EditionField(product, edition, quantity_field_name(product, edition))


class QuoteFormBase(FlaskForm):
    """Read from the query string: a calculator changes nothing, so GET without CSRF."""

    class Meta:
        csrf = False


def quote_form_class(
    policy: Policy, rules: dict[str, PriceRule], language: str
) -> type[QuoteFormBase]:
    """A form class for this policy: tier, deployment (when prices depend on it), quantities."""
    tier_choices = [SelectChoice(tier.code, tier.name(language)) for tier in policy.tiers]
    # Open on the first tier that costs something: that is what a prospect asks about.
    paid = [code for code, rule in rules.items() if rule.rule != "none"]
    default_tier = paid[0] if paid else (tier_choices[0].value if tier_choices else None)
    deployments = sorted({d for rule in rules.values() for d in rule.deployments})

    class QuoteForm(QuoteFormBase):
        tier = SelectField(
            _l("Support tier"),
            choices=tier_choices,
            default=default_tier,
            validators=[DataRequired()],
        )

    if deployments:
        QuoteForm.deployment = SelectField(  # type: ignore[attr-defined]
            _l("Deployment"),
            choices=[SelectChoice(d, DEPLOYMENT_LABELS.get(d, d)) for d in deployments],
            default="on-site" if "on-site" in deployments else deployments[0],
            validators=[DataRequired()],
        )
    for entry in edition_fields(policy):
        setattr(
            QuoteForm,
            entry.name,
            IntegerField(
                entry.edition.name.get(language),
                default=0,
                validators=[Optional(), NumberRange(min=0, max=MAX_QUANTITY)],
                render_kw={"min": 0, "max": MAX_QUANTITY, "inputmode": "numeric"},
            ),
        )
    return QuoteForm

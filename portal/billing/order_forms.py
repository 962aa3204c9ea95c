"""The purchase form (licenses, tier, version moves) and the staff's payment button."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.accounts.forms import timezone_choices
from portal.billing.forms import DEPLOYMENT_LABELS, edition_fields, quantity_field
from portal.billing.purchase import Purchase
from portal.domain.policy import Policy
from portal.forms import PortalForm


class PurchaseFormBase(PortalForm):
    """Choices only: prices are the server's. GET shows the options, POST orders one."""

    option = HiddenField()
    token = HiddenField()

    def purchase(self, policy: Policy) -> Purchase:
        buy = {(entry.product.code, entry.edition.code): self[entry.name].data or 0
               for entry in edition_fields(policy)}
        moves = tuple(name.removeprefix("move-") for name in self.data
                      if name.startswith("move-") and self[name].data)
        deployment = self.deployment.data if "deployment" in self else None
        return Purchase(tier=self.tier.data, deployment=deployment, buy=buy, move=moves)


def purchasable_tiers(policy: Policy) -> list:
    """Tiers a customer can order: those with a price rule (not free, not by contract)."""
    return [tier for tier in policy.tiers if tier.price.rule not in ("none", "contract")]


def purchase_form_class(policy: Policy, language: str, tier: str | None,
                        movable: list[str], needs_organization: bool):
    """The form for this policy and customer: which products may move to a new version, and
    whether a new organization must be named."""
    tiers = purchasable_tiers(policy)
    deployments = sorted({d for t in tiers for d in t.price.deployments})

    class PurchaseForm(PurchaseFormBase):
        pass

    PurchaseForm.tier = SelectField(  # type: ignore[attr-defined]
        _l("Support tier"), choices=[SelectChoice(t.code, t.name(language)) for t in tiers],
        default=tier if tier in {t.code for t in tiers} else (tiers[0].code if tiers else None),
        validators=[DataRequired()])
    if deployments:
        PurchaseForm.deployment = SelectField(  # type: ignore[attr-defined]
            _l("Deployment"),
            choices=[SelectChoice(d, DEPLOYMENT_LABELS.get(d, d)) for d in deployments],
            default="on-site" if "on-site" in deployments else deployments[0],
            validators=[DataRequired()])
    for entry in edition_fields(policy):
        setattr(PurchaseForm, entry.name, quantity_field(entry.edition.name.get(language)))
    for code in movable:
        product = policy.product(code)
        label = _l("Move the licenses of %(product)s to version %(version)s",
                   product=product.name.get(language), version=product.versions[-1])
        setattr(PurchaseForm, f"move-{code}", BooleanField(label))
    if needs_organization:
        PurchaseForm.organization_name = StringField(  # type: ignore[attr-defined]
            _l("Your organization"), validators=[Optional(), Length(max=200)])
        PurchaseForm.timezone = SelectField(  # type: ignore[attr-defined]
            _l("Its time zone"), choices=timezone_choices(), default="Europe/Moscow")
    return PurchaseForm


class ConfirmPaymentForm(PortalForm):
    """Staff confirm that the bank transfer arrived (CSRF only)."""

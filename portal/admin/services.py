"""What administrators change: organizations, contacts' responsible flag, list prices,
licenses, contracts and users' roles. Changes to a contract, a license, a price or a role are
written to the audit log in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from peewee import IntegrityError

from portal import audit
from portal.accounts.models import Membership, Organization, User
from portal.accounts.organizations import create_organization, set_responsible
from portal.billing import catalog
from portal.billing.entitlements import responsible_limit
from portal.billing.models import License, SupportContract
from portal.billing.payments import new_license_key
from portal.db import db
from portal.domain.policy import Policy
from portal.errors import Conflict, Forbidden, Invalid, NotFound
from portal.roles import ADMIN, ROLES

CONTRACT_KINDS = ("paid", "warranty")
LICENSE_KINDS = ("perpetual", "rented")


def _require_admin(actor: User) -> None:
    if actor.role != ADMIN:
        raise Forbidden(_("Only administrators may do this."))


# --- organizations and contacts --------------------------------------------------------------
def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


def save_organization(actor: User, organization: Organization | None, name: str,
                      timezone: str) -> Organization:
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise Invalid(_("Give the organization's name."), field="name")
    if not _known_zone(timezone):
        raise Invalid(_("Choose a time zone such as Europe/Moscow."), field="timezone")
    try:
        with db.atomic():
            if organization is None:
                return create_organization(name, timezone)
            Organization.update(name=name, timezone=timezone).where(
                Organization.id == organization.id).execute()
    except IntegrityError:
        raise Invalid(_("Another organization has this name."), field="name") from None
    return Organization.get_by_id(organization.id)


def set_contact_responsible(actor: User, policy: Policy, membership_id: int,
                            responsible: bool) -> Membership:
    """The responsible flag, within the organization's entitlement (at least one stays)."""
    _require_admin(actor)
    membership = Membership.get_or_none(Membership.id == membership_id)
    if membership is None:
        raise NotFound(_("No such contact."))
    set_responsible(membership, responsible,
                    responsible_limit(membership.organization, policy))
    return Membership.get_by_id(membership_id)


# --- prices --------------------------------------------------------------------------------
def set_price(actor: User, policy: Policy, product: str, edition: str, price: Decimal,
              now: datetime) -> None:
    _require_admin(actor)
    before = catalog.current_prices(policy).get((product, edition))
    if before is None:
        raise NotFound(_("No such edition in the catalogue."))
    if not price.is_finite() or price < 0:
        raise Invalid(_("A price is an amount of at least 0."), field="price")
    price = price.quantize(Decimal("0.01"))
    if price == before:
        raise Conflict(_("Nothing to change."))
    with db.atomic():
        catalog.set_price(policy, product, edition, price)
        audit.record(actor, "price", None, "update", f"{product}/{edition}",
                     {"price": str(before), "currency": policy.currency},
                     {"price": str(price), "currency": policy.currency}, now)


# --- contracts -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ContractValues:
    tier: str
    kind: str
    first_day: date
    last_day: date
    annual_price: Decimal | None = None
    product: str | None = None
    version: str | None = None


def save_contract(actor: User, policy: Policy, organization: Organization,
                  contract: SupportContract | None, values: ContractValues,
                  now: datetime) -> SupportContract:
    _require_admin(actor)
    if policy.tier(values.tier) is None:
        raise Invalid(_("Choose one of the policy's tiers."), field="tier")
    if values.kind not in CONTRACT_KINDS:
        raise Invalid(_("Choose paid or warranty support."), field="kind")
    if values.last_day < values.first_day:
        raise Invalid(_("The contract ends before it starts."), field="last_day")
    fields = {"tier": values.tier, "kind": values.kind, "first_day": values.first_day,
              "last_day": values.last_day, "annual_price": values.annual_price or Decimal("0.00"),
              "product": values.product or None, "version": values.version or None}
    with db.atomic():
        if contract is None:
            contract = SupportContract.create(organization=organization,
                                              currency=policy.currency, **fields)
            audit.record(actor, "contract", contract.id, "create", organization.name, None,
                         audit.contract_facts(contract), now)
            return contract
        before = audit.contract_facts(contract)
        SupportContract.update(**fields).where(SupportContract.id == contract.id).execute()
        contract = SupportContract.get_by_id(contract.id)
        audit.record(actor, "contract", contract.id, "update", organization.name, before,
                     audit.contract_facts(contract), now)
    return contract


def delete_contract(actor: User, contract: SupportContract, now: datetime) -> None:
    _require_admin(actor)
    with db.atomic():
        audit.record(actor, "contract", contract.id, "delete", contract.organization.name,
                     audit.contract_facts(contract), None, now)
        contract.delete_instance()


# --- licenses ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LicenseValues:
    product: str
    edition: str
    quantity: int
    purchased_on: date
    kind: str = "perpetual"
    version: str = ""


def save_license(actor: User, policy: Policy, organization: Organization,
                 found: License | None, values: LicenseValues, now: datetime) -> License:
    _require_admin(actor)
    product = policy.product(values.product)
    edition = product.edition(values.edition) if product else None
    if edition is None:
        raise Invalid(_("Choose a product edition of the catalogue."), field="edition")
    if not 0 < values.quantity <= 100_000:
        raise Invalid(_("Give a quantity from 1 to 100000."), field="quantity")
    if values.kind not in LICENSE_KINDS:
        raise Invalid(_("Choose perpetual or rented."), field="kind")
    fields = {"product": values.product, "edition": values.edition,
              "quantity": values.quantity, "kind": values.kind,
              "purchased_on": values.purchased_on, "version": values.version.strip()[:32],
              "commercial": edition.commercial}
    with db.atomic():
        if found is None:
            found = License.create(organization=organization, license_key=new_license_key(),
                                   **fields)
            audit.record(actor, "license", found.id, "create", organization.name, None,
                         audit.license_facts(found), now)
            return found
        before = audit.license_facts(found)
        License.update(**fields).where(License.id == found.id).execute()
        found = License.get_by_id(found.id)
        audit.record(actor, "license", found.id, "update", organization.name, before,
                     audit.license_facts(found), now)
    return found


def delete_license(actor: User, found: License, now: datetime) -> None:
    _require_admin(actor)
    with db.atomic():
        audit.record(actor, "license", found.id, "delete", found.organization.name,
                     audit.license_facts(found), None, now)
        found.delete_instance()


# --- users and roles -------------------------------------------------------------------------
def set_role(actor: User, user: User, role: str, now: datetime) -> User:
    """A user's role; an administrator does not change their own (no one locks themself
    out)."""
    _require_admin(actor)
    if role not in ROLES:
        raise Invalid(_("Choose one of the roles."), field="role")
    if user.id == actor.id:
        raise Conflict(_("Ask another administrator to change your own role."))
    if user.role == role:
        raise Conflict(_("Nothing to change."))
    with db.atomic():
        before = user.role
        User.update(role=role).where(User.id == user.id).execute()
        audit.record(actor, "role", user.id, "update", user.email, {"role": before},
                     {"role": role}, now)
    return User.get_by_id(user.id)

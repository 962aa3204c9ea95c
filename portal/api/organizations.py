"""An organization's licenses, contract terms and entitlement over the API, for its contacts
(and support staff): another organization reads as not found."""
from __future__ import annotations

from portal.accounts.organizations import organization_for
from portal.api.auth import needs
from portal.api.blueprint import bp
from portal.api.models import READ
from portal.api.reference_schemas import ContractList, Entitlement, LicenseList, OrganizationList
from portal.billing.entitlements import entitlement_of
from portal.billing.models import License, SupportContract
from portal.policy import active_policy
from portal.web import current_language

ORGS = {"tags": ["organizations"]}


@bp.route("/organizations", methods=["GET"], **ORGS)
@needs(READ)
@bp.response(200, OrganizationList)
def organizations(user):
    """The organizations the token's user is a contact of"""
    return {"items": [{"id": m.organization.id, "name": m.organization.name,
                       "timezone": m.organization.timezone, "responsible": m.responsible}
                      for m in user.memberships()]}


@bp.route("/organizations/<int:organization_id>/licenses", methods=["GET"], **ORGS)
@needs(READ)
@bp.response(200, LicenseList)
def licenses(organization_id: int, user):
    """The organization's licenses, with their keys"""
    organization = organization_for(user, organization_id)
    return {"items": [{"id": row.id, "product": row.product, "edition": row.edition,
                       "quantity": row.quantity, "kind": row.kind, "deployment": row.deployment,
                       "purchased_on": row.purchased_on, "version": row.version,
                       "commercial": row.commercial, "license_key": row.license_key}
                      for row in License.of(organization)]}


def _contract(row: SupportContract, policy, on) -> dict:
    tier = policy.tier(row.tier)
    term = row.term()
    return {"id": row.id, "tier": row.tier,
            "tier_name": tier.name(current_language()) if tier else row.tier,
            "kind": row.kind, "product": row.product, "version": row.version,
            "first_day": row.first_day, "last_day": row.last_day,
            "running": term.runs_on(on), "days_left": term.days_left(on)}


@bp.route("/organizations/<int:organization_id>/contracts", methods=["GET"], **ORGS)
@needs(READ)
@bp.response(200, ContractList)
def contracts(organization_id: int, user):
    """The organization's support contract terms (paid and warranty), the latest first"""
    organization = organization_for(user, organization_id)
    policy = active_policy()
    on = entitlement_of(organization, policy).on
    rows = sorted(SupportContract.of(organization), key=lambda c: c.last_day, reverse=True)
    return {"items": [_contract(row, policy, on) for row in rows]}


@bp.route("/organizations/<int:organization_id>/entitlement", methods=["GET"], **ORGS)
@needs(READ)
@bp.response(200, Entitlement)
def entitlement(organization_id: int, user):
    """What the organization is entitled to today: its tier (per product too), who files
    tickets, responsible contacts, free hours, its contract and warranty ends"""
    organization = organization_for(user, organization_id)
    policy = active_policy()
    rights = entitlement_of(organization, policy)
    language = current_language()
    running = None
    if rights.term is not None:
        row = next((c for c in SupportContract.of(organization)
                    if c.term() == rights.term), None)
        running = _contract(row, policy, rights.on) if row is not None else None
    return {"on": rights.on,
            "tier": {"code": rights.tier.code, "name": rights.tier.name(language)}
            if rights.tier is not None else None,
            "product_tiers": dict(rights.product_tiers), "has_support": rights.has_support,
            "has_tickets": rights.has_ticket_channel, "who_files": rights.may_file,
            "max_responsible_contacts": rights.max_responsible_contacts,
            "free_hours": rights.free_hours, "contract": running,
            "contract_end": rights.contract_end, "warranty_end": rights.warranty_end}

"""Joining an organization with one of its license keys; the responsible contacts are told."""
from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts.models import Membership, Organization, User
from portal.billing.models import License
from portal.db import db
from portal.errors import Conflict, Invalid
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url


def join_with_key(user: User, license_key: str) -> Organization:
    """Make `user` a (not responsible) contact of the organization owning `license_key`."""
    key = "-".join(part for part in license_key.strip().upper().replace(" ", "").split("-")
                   if part)
    found = License.get_or_none(License.license_key == key)
    if found is None:
        raise Invalid(_("No license has this key. Check it against your license document."),
                      field="license_key")
    organization = found.organization
    with db.atomic():
        if Membership.get_or_none((Membership.user == user)
                                  & (Membership.organization == organization)):
            raise Conflict(_("You are already a contact of %(organization)s.",
                             organization=organization.name), field="license_key")
        membership = Membership.create(user=user, organization=organization, responsible=False)
    link = external_url("organizations.organization", organization_id=organization.id)
    for colleague in organization.members():
        if colleague.responsible and colleague.id != membership.id:
            queue_mail(colleague.user.email, "member_joined", colleague.user.language,
                       name=colleague.user.name, organization=organization.name,
                       newcomer=user.name, newcomer_email=user.email, link=link)
    return organization

"""Organizations and their contacts: membership, invitations, responsible contacts."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _

from portal import limits
from portal.accounts import tokens
from portal.accounts.models import Invitation, Membership, Organization, User
from portal.accounts.services import create_user, normalize_email
from portal.clock import stored_now
from portal.db import db
from portal.errors import Conflict, Forbidden, Gone, Malformed, NotFound
from portal.mail.outbox import queue_mail
from portal.mail.render import external_url
from portal.roles import is_staff

INVITATION_DAYS = 7


def organization_for(user: User, organization_id: int) -> Organization:
    """The organization if `user` is one of its contacts (or support staff, who serve every
    customer); NotFound to anyone else, so an outsider cannot tell a foreign organization
    from a missing one."""
    organization = Organization.get_or_none(Organization.id == organization_id)
    if organization is None or (not is_staff(user) and membership_of(user, organization) is None):
        raise NotFound(_("Page not found"))
    return organization


def create_organization(name: str, timezone: str = "Europe/Moscow") -> Organization:
    return Organization.create(name=name.strip(), timezone=timezone)


def membership_of(user: User, organization: Organization) -> Membership | None:
    return Membership.get_or_none((Membership.user == user)
                                  & (Membership.organization == organization))


def responsible_memberships(user: User):
    """The organizations where `user` is a responsible contact."""
    return [m for m in user.memberships() if m.responsible]


def responsible_room(organization: Organization, limit: int) -> int:
    """How many more responsible contacts fit under `limit` (the organization's entitlement),
    counting open responsible invitations."""
    pending = Invitation.open(organization).where(Invitation.responsible == True).count()
    return limit - organization.responsible_count() - pending


def _lock_contacts(organization: Organization) -> None:
    """Inside a transaction: one change of the organization's responsible contacts at a time.

    PostgreSQL locks the organization's row, so a second request counts after the first commits;
    SQLite has a single writer, and a stale count there fails to commit instead.
    """
    if getattr(db.obj, "for_update", False):
        (Organization.select(Organization.id).where(Organization.id == organization.id)
         .for_update().execute())


def _check_room(organization: Organization, limit: int, extra: int = 1) -> None:
    _lock_contacts(organization)
    if responsible_room(organization, limit) < extra:
        raise Conflict(
            _("An organization may have at most %(count)d responsible contact(s) under this "
              "support policy, counting open invitations.", count=limit),
            field="responsible")


def add_member(organization: Organization, user: User, limit: int,
               responsible: bool = False) -> Membership:
    """Make `user` a contact of `organization` (idempotent); a responsible one within `limit`,
    the organization's maximum of responsible contacts."""
    with db.atomic():
        membership = membership_of(user, organization)
        if membership is None:
            if responsible:
                _check_room(organization, limit)
            return Membership.create(user=user, organization=organization,
                                     responsible=responsible)
        if responsible and not membership.responsible:
            set_responsible(membership, True, limit)
        return Membership.get_by_id(membership.id)


def require_responsible(user: User, organization: Organization) -> Membership:
    membership = membership_of(user, organization)
    if membership is None or not membership.responsible:
        raise Forbidden(_("Only a responsible contact of the organization may do this."))
    return membership


def invite(organization: Organization, inviter: User, email: str, responsible: bool,
           language: str, limit: int) -> Invitation:
    """Mail an invitation link; the inviter must be a responsible contact."""
    require_responsible(inviter, organization)
    email = normalize_email(email)
    existing = User.by_email(email)
    if existing is not None and membership_of(existing, organization) is not None:
        raise Conflict(_("This person is already a contact of the organization."),
                           field="email")
    limits.charge_mail(address=email, sender=f"user:{inviter.id}",
                       organization_id=organization.id)
    token = secrets.token_urlsafe(24)
    with db.atomic():
        # One open invitation per address: a new one replaces the earlier (its link dies).
        replaced = (Invitation.update(expires_at=stored_now())
                    .where(Invitation.open_now(organization) & (Invitation.email == email))
                    .execute())
        if responsible:
            _check_room(organization, limit)
        invitation = Invitation.create(
            organization=organization, email=email, responsible=responsible,
            invited_by=inviter, token_hash=tokens.secret_hash(token),
            expires_at=stored_now() + timedelta(days=INVITATION_DAYS))
    invitation.replaced = replaced > 0
    queue_mail(email, "invitation", existing.language if existing else language,
               organization=organization.name, inviter=inviter.name,
               has_account=existing is not None,
               link=external_url("organizations.accept_invitation", token=token))
    return invitation


def open_invitations(organization: Organization) -> list[Invitation]:
    """Invitations not yet accepted nor expired: responsible ones hold a place."""
    return list(Invitation.open(organization).order_by(Invitation.created_at))


def withdraw_invitation(organization: Organization, actor: User, invitation_id: int) -> None:
    """A responsible contact cancels an open invitation; its link then reads as expired."""
    require_responsible(actor, organization)
    withdrawn = (Invitation.update(expires_at=stored_now())
                 .where((Invitation.id == invitation_id) & Invitation.open_now(organization))
                 .execute())
    if withdrawn != 1:
        raise Conflict(_("This invitation is no longer open."))


def open_invitation(token: str) -> Invitation:
    invitation = Invitation.get_or_none(Invitation.token_hash == tokens.secret_hash(token))
    if invitation is None:
        raise Malformed(_("This link is not valid. Check that you copied it whole."))
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been accepted."))
    if invitation.expires_at <= stored_now():
        raise Gone(_("This invitation has expired. Ask your colleague for a new one."))
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    """The logged-in invitee joins; the invitation was for their address."""
    invitation = open_invitation(token)
    if user.email != invitation.email:
        raise Forbidden(_("This invitation was sent to another e-mail address."))
    return _join(invitation, user)


def accept_as_new_user(token: str, name: str, password: str, language: str,
                       timezone: str) -> User:
    """An invitee without an account joins; the mailed link confirms the address."""
    invitation = open_invitation(token)
    # One transaction: when another tab accepted first, no account is left without membership.
    with db.atomic():
        user = create_user(invitation.email, name, password, language=language,
                           timezone=timezone, confirmed=True)
        # The consent the join form required, with its time (152-FZ).
        User.update(privacy_consent_at=stored_now()).where(User.id == user.id).execute()
        _join(invitation, user)
    return user


def _join(invitation: Invitation, user: User) -> Membership:
    with db.atomic():
        claimed = (Invitation.update(accepted_at=stored_now())
                   .where((Invitation.id == invitation.id) & Invitation.accepted_at.is_null())
                   .execute())
        if claimed != 1:
            raise Conflict(_("This invitation has already been accepted."))
        membership = membership_of(user, invitation.organization)
        if membership is None:
            # Room was reserved by the open invitation, so no second check here.
            return Membership.create(user=user, organization=invitation.organization,
                                     responsible=invitation.responsible)
        if invitation.responsible and not membership.responsible:
            membership.responsible = True
            membership.save()
        return membership


def set_responsible(membership: Membership, responsible: bool, limit: int) -> None:
    """Grant or withdraw the flag within the maximum; the last responsible contact stays."""
    with db.atomic():
        organization = membership.organization
        if responsible and not membership.responsible:
            _check_room(organization, limit)
        if not responsible and membership.responsible:
            _lock_contacts(organization)
            if organization.responsible_count() <= 1:
                raise Conflict(_("An organization needs at least one responsible contact."))
        Membership.update(responsible=responsible).where(Membership.id == membership.id).execute()


def hand_over(current: Membership, successor: Membership) -> None:
    """Move the responsible flag from one contact to a colleague: the count stays the same,
    so a contact can pass the role on even when the policy allows only one (Terrasoft)."""
    with db.atomic():
        if not current.responsible:
            raise Forbidden(_("Only a responsible contact of the organization may do this."))
        if successor.organization_id != current.organization_id:
            raise NotFound(_("This person is not a contact of the organization."))
        if successor.responsible:
            raise Conflict(_("This person is already a responsible contact."))
        handed = (Membership.update(responsible=False)
                  .where((Membership.id == current.id) & (Membership.responsible == True))
                  .execute())
        if handed != 1:  # a concurrent request withdrew the flag first
            raise Forbidden(_("Only a responsible contact of the organization may do this."))
        Membership.update(responsible=True).where(Membership.id == successor.id).execute()


def remove_member(actor: User, organization: Organization, membership_id: int) -> User:
    """A responsible contact removes a colleague who is not responsible (e.g. one who joined
    with a license key and is unknown to them); the removed person is returned."""
    require_responsible(actor, organization)
    target = Membership.get_or_none((Membership.id == membership_id)
                                    & (Membership.organization == organization))
    if target is None:
        raise NotFound(_("This person is not a contact of the organization."))
    if target.responsible:
        raise Conflict(_("Withdraw the responsible flag before removing this contact."))
    person = target.user
    target.delete_instance()
    return person

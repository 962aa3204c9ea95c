"""Accounts tables: users, organizations, memberships with the responsible flag, invitations."""
from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from portal.clock import stored_now
from portal.db import BaseModel
from portal.roles import STAFF


class User(BaseModel):
    """A person who logs in: a customer's employee, staff, or an administrator."""

    id = AutoField()
    email = CharField(max_length=254, unique=True)  # stored folded to lower case
    name = CharField(max_length=200)
    password_hash = TextField()
    language = CharField(max_length=8, default="ru")
    timezone = CharField(max_length=64, default="Europe/Moscow")
    role = CharField(max_length=16, default="customer", index=True)
    email_confirmed_at = DateTimeField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=stored_now)
    # Consent to the processing of personal data given at registration (152-FZ), and a
    # request to delete the account (support carries it out).
    privacy_consent_at = DateTimeField(null=True)
    deletion_requested_at = DateTimeField(null=True)

    class Meta:
        table_name = "user_account"

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    # The log-in this request runs under (accounts.sessions sets it); Flask-Login keeps
    # get_id() in the session cookie and the remember-me cookie alike.
    session_token: str | None = None

    def get_id(self) -> str:
        if not self.session_token:
            raise RuntimeError("log users in with portal.accounts.sessions.begin()")
        return f"{self.id}:{self.session_token}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @classmethod
    def by_email(cls, email: str) -> User | None:
        return cls.get_or_none(cls.email == email.strip().lower())

    def memberships(self):
        return (Membership.select(Membership, Organization).join(Organization)
                .where(Membership.user == self).order_by(Organization.name))


class UserSession(BaseModel):
    """One log-in, kept on the server: deleting the row ends every copy of its cookies.

    Only a hash of the token is stored; the token itself travels in the signed cookies.
    """

    id = AutoField()
    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    remember = BooleanField(default=False)
    created_at = DateTimeField(default=stored_now)
    last_seen_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "user_session"


class Organization(BaseModel):
    """A customer company; its contracts (billing) and tickets hang off it."""

    id = AutoField()
    name = CharField(max_length=200, unique=True)
    timezone = CharField(max_length=64, default="Europe/Moscow")
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "organization"

    def members(self):
        return (Membership.select(Membership, User).join(User)
                .where(Membership.organization == self).order_by(User.name))

    def responsible_count(self) -> int:
        return (Membership.select().where((Membership.organization == self)
                                          & (Membership.responsible == True))
                .count())


class Membership(BaseModel):
    """A user works for an organization; `responsible` contacts may file tickets and invite."""

    id = AutoField()
    user = ForeignKeyField(User, backref="membership_rows", on_delete="CASCADE")
    organization = ForeignKeyField(Organization, backref="membership_rows", on_delete="CASCADE")
    responsible = BooleanField(default=False)
    created_at = DateTimeField(default=stored_now)

    class Meta:
        table_name = "membership"
        indexes = ((("user", "organization"), True),)


class Invitation(BaseModel):
    """An e-mailed invitation to join an organization; only the token's hash is kept."""

    id = AutoField()
    organization = ForeignKeyField(Organization, backref="invitations", on_delete="CASCADE")
    email = CharField(max_length=254, index=True)
    responsible = BooleanField(default=False)
    invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=stored_now)
    expires_at = DateTimeField()
    accepted_at = DateTimeField(null=True)

    class Meta:
        table_name = "invitation"

    @classmethod
    def open_now(cls, organization: Organization):
        """The condition of an organization's invitations not yet accepted nor expired."""
        return ((cls.organization == organization) & cls.accepted_at.is_null()
                & (cls.expires_at > stored_now()))

    @classmethod
    def open(cls, organization: Organization):
        """An organization's open invitations: responsible ones hold a place."""
        return cls.select().where(cls.open_now(organization))

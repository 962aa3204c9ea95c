"""API tables: personal access tokens. Only the SHA-256 of a token is stored; the token itself
is shown once, when it is made."""
from __future__ import annotations

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField

from portal.accounts.models import User
from portal.clock import stored_now
from portal.db import BaseModel

READ, WRITE = "read", "write"
SCOPES = (READ, WRITE)


class ApiToken(BaseModel):
    """A user's token for the API: it acts as that user, within its scopes."""

    id = AutoField()
    user = ForeignKeyField(User, backref="api_tokens", on_delete="CASCADE")
    name = CharField(max_length=100)
    scopes = CharField(max_length=40)  # "read", "write" or "read write"
    token_hash = CharField(max_length=64, unique=True)
    prefix = CharField(max_length=16)  # the token's first characters, to recognise it
    created_at = DateTimeField(default=stored_now)
    last_used_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)

    class Meta:
        table_name = "api_token"
        indexes = ((("user", "created_at"), False),)

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in SCOPES if scope in self.scopes.split()]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes.split()

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def of(cls, user: User):
        """A user's tokens, the newest first (revoked ones too, marked)."""
        return cls.select().where(cls.user == user).order_by(cls.created_at.desc(),
                                                              cls.id.desc())

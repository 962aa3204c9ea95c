"""Personal access tokens: made (the secret shown once), listed, revoked, and recognised.

A token is 32 random bytes (URL-safe) after the "pat_" mark; the database keeps its SHA-256,
which is enough for a secret of that much entropy (no slow hash needed), and the first
characters so its owner can tell tokens apart.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _

from portal.accounts.models import User
from portal.api.models import SCOPES, ApiToken
from portal.clock import stored_now
from portal.db import db
from portal.errors import Conflict, Invalid, NotFound

MARK = "pat_"
PREFIX_LENGTH = 10
MAX_ACTIVE = 20
# Last use is written at most this often per token (not on every request).
LAST_USED_EVERY = timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user: User, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token of `user`; returns the row and the secret (never stored, shown once)."""
    name = name.strip()
    chosen = [scope for scope in SCOPES if scope in scopes]
    if not name:
        raise Invalid(_("Name the token, e.g. after the tool that will use it."), field="name")
    if not chosen:
        raise Invalid(_("Choose what the token may do."), field="scopes")
    with db.atomic():
        active = ApiToken.select().where((ApiToken.user == user)
                                         & ApiToken.revoked_at.is_null()).count()
        if active >= MAX_ACTIVE:
            raise Conflict(_("You have %(count)d active tokens, the most there may be. Revoke "
                             "one you no longer use first.", count=MAX_ACTIVE))
        secret = MARK + secrets.token_urlsafe(32)
        row = ApiToken.create(user=user, name=name[:100], scopes=" ".join(chosen),
                              token_hash=token_hash(secret), prefix=secret[:PREFIX_LENGTH],
                              created_at=stored_now())
    return row, secret


def revoke(user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s tokens; another person's token is "not found"."""
    row = ApiToken.get_or_none((ApiToken.id == token_id) & (ApiToken.user == user))
    if row is None:
        raise NotFound(_("No such token."))
    if row.revoked_at is None:
        (ApiToken.update(revoked_at=stored_now())
         .where((ApiToken.id == row.id) & ApiToken.revoked_at.is_null()).execute())
    return ApiToken.get_by_id(row.id)


def recognise(secret: str) -> ApiToken | None:
    """The live token with this secret (its user active), or None; its last use is noted."""
    if not secret.startswith(MARK) or len(secret) > 200:
        return None
    row = (ApiToken.select(ApiToken, User).join(User)
           .where(ApiToken.token_hash == token_hash(secret)).first())
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = stored_now()
    if row.last_used_at is None or row.last_used_at <= now - LAST_USED_EVERY:
        (ApiToken.update(last_used_at=now)
         .where((ApiToken.id == row.id)
                & (ApiToken.last_used_at.is_null()
                   | (ApiToken.last_used_at <= now - LAST_USED_EVERY))).execute())
        row.last_used_at = now
    return row

"""Signed, expiring links: e-mail confirmation, password reset, e-mail change."""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600
EMAIL_CHANGE_MAX_AGE = 24 * 3600


class LinkError(Exception):
    """A link that cannot be used; `expired` tells a stale link from a forged one."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"accounts.{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    """The payload of a token made for `purpose`, or LinkError."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkError(expired=True) from error
    except BadSignature as error:
        raise LinkError(expired=False) from error
    if not isinstance(payload, dict):
        raise LinkError(expired=False)
    return payload


def account_fingerprint(user) -> str:
    """Ties a mailed link to the account's password and address as they were when it was
    sent: a used reset link, and every open link after a change of either, stop working."""
    return hashlib.sha256(f"{user.password_hash}\n{user.email}".encode()).hexdigest()[:16]


def secret_hash(token: str) -> str:
    """Invitations keep only a hash of their random token."""
    return hashlib.sha256(token.encode()).hexdigest()

"""Accounts: users, organizations and contacts, log-in, invitations, responsible contacts."""
from __future__ import annotations


def load_user(session_id: str):
    """Flask-Login's loader: the id carries the session nonce, so a new password logs out."""
    from portal.accounts.models import User

    user_id, _, nonce = (session_id or "").partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = User.get_or_none(User.id == int(user_id))
    if user is None or user.session_nonce != nonce or not user.active:
        return None
    return user

"""Accounts: users, organizations and contacts, log-in, invitations, responsible contacts."""
from __future__ import annotations


def load_user(session_id: str):
    """Flask-Login's loader: a live server-side session (portal.accounts.sessions)."""
    from portal.accounts.sessions import load_user as load_session_user

    return load_session_user(session_id)

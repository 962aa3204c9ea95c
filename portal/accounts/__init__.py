"""Accounts: users, organizations and contacts, log-in, and (through it) mail and rate limits."""
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


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from portal import limits, mail
    from portal.extensions import login_manager

    login_manager.user_loader(load_user)
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the lazy message, translated per request
    limits.init_app(app)
    mail.init_app(app)

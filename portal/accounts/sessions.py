"""Log-ins kept on the server: one `user_session` row per log-in.

The session cookie and the remember-me cookie carry the same signed id, `<user id>:<token>`;
the row holds a hash of the token. Ending a session deletes its row, so every copy of either
cookie stops working at once: log-out (this log-in), "log out everywhere" and a reset
password (all of them), a password change (all of them; this browser goes on under a fresh
one). A session unused for longer than the idle time ends too:
PORTAL_SESSION_IDLE_MINUTES, or PORTAL_REMEMBER_DAYS for a log-in that chose "remember me".
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_login import current_user, login_user, logout_user

from portal.accounts.models import User, UserSession
from portal.clock import stored_now
from portal.db import MAX_INTEGER

# The last-seen time is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_limit(remember: bool) -> timedelta:
    config = current_app.config
    if remember:
        return timedelta(days=int(config["REMEMBER_DAYS"]))
    return timedelta(minutes=int(config["SESSION_IDLE_MINUTES"]))


def begin(user: User, remember: bool = False) -> None:
    """Log `user` in under a new server-side session."""
    token = secrets.token_urlsafe(24)
    now = stored_now()
    UserSession.create(user=user, token_hash=_hash(token), remember=bool(remember),
                       created_at=now, last_seen_at=now)
    user.session_token = token
    login_user(user, remember=remember)


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user of a live session, or None (the cookie is then void)."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token or int(user_id) > MAX_INTEGER:
        return None
    row = (UserSession.select(UserSession, User).join(User)
           .where((UserSession.token_hash == _hash(token))
                  & (UserSession.user == int(user_id))).first())
    if row is None or not row.user.active:
        return None
    now = stored_now()
    if now - row.last_seen_at > _idle_limit(row.remember):
        row.delete_instance()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        UserSession.update(last_seen_at=now).where(UserSession.id == row.id).execute()
    user = row.user
    user.session_token = token
    return user


def _current_hash() -> str | None:
    token = getattr(current_user, "session_token", None)
    return _hash(token) if token else None


def end_current() -> None:
    """Log out: this log-in's row goes, so copies of its cookies are void too."""
    current = _current_hash()
    if current is not None:
        UserSession.delete().where(UserSession.token_hash == current).execute()
    logout_user()


def renew(user: User) -> None:
    """After a new password: every log-in of `user` ends, copies of this one's cookies too,
    and this browser goes on under a fresh session (remembered if this one was)."""
    current = _current_hash()
    row = UserSession.get_or_none(UserSession.token_hash == current) if current else None
    end_all(user)
    begin(user, remember=bool(row and row.remember))


def end_all(user: User) -> int:
    """Every log-in of `user`, wherever it is ("log out everywhere", a reset password)."""
    return UserSession.delete().where(UserSession.user == user.id).execute()


def count(user: User) -> int:
    return UserSession.select().where(UserSession.user == user.id).count()

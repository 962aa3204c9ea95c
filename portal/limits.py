"""Rate limits: Flask-Limiter storage (memory, or Redis when configured) and attempt counters."""
from __future__ import annotations

from flask import Flask, abort, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

FAILED_LOGINS = parse("10/minute")
RESET_REQUESTS = parse("10/minute")


def init_app(app: Flask) -> None:
    """One limiter per app, so a test app's switch does not leak into the next one."""
    app.config.setdefault("RATELIMIT_ENABLED", True)
    if app.config.get("REDIS_URL"):
        app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter = Limiter(get_remote_address)
    limiter.init_app(app)
    app.extensions["portal_limiter"] = limiter


def _limiter() -> Limiter | None:
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return None
    return current_app.extensions.get("portal_limiter")


def _keys(account: str) -> list[str]:
    return [f"address:{get_remote_address()}", f"account:{account.strip().lower()}"]


def refuse_when_exhausted(limit, scope: str, account: str) -> None:
    """Answer 429 when the address or the account used up `limit` (checked before work)."""
    limiter = _limiter()
    if limiter is None:
        return
    for key in _keys(account):
        if not limiter.limiter.test(limit, scope, key):
            abort(429)


def count_attempt(limit, scope: str, account: str) -> None:
    """Count one attempt against the address and the account."""
    limiter = _limiter()
    if limiter is None:
        return
    for key in _keys(account):
        limiter.limiter.hit(limit, scope, key)


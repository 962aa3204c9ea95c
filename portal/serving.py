"""Gunicorn settings the portal brings (`gunicorn -c python:portal.serving wsgi:app`).

Demo mode hands every demo account (the administrator's too) to whoever opens the portal, so
it refuses to start on an address other than loopback unless PORTAL_DEMO_PUBLIC is on.
"""
from __future__ import annotations

from portal import config as portal_config
from portal.config import ConfigError


def _host(bind: str) -> str:
    if bind.startswith("unix:"):
        return "localhost"  # a socket file on this machine
    if bind.startswith("["):
        return bind[1:bind.index("]")]
    host, _, _port = bind.rpartition(":")
    return host if host else bind


def check_binds(binds: list[str], config: dict) -> None:
    """ConfigError when demo mode would be served beyond this machine."""
    from portal.security import is_loopback

    if not config.get("DEMO_MODE") or config.get("DEMO_PUBLIC"):
        return
    public = [bind for bind in binds if not is_loopback(_host(bind))]
    if public:
        raise ConfigError(
            f"PORTAL_DEMO_MODE is on and the portal would listen on {', '.join(public)}: "
            "a demo gives every visitor every demo account. Listen on 127.0.0.1, or set "
            "PORTAL_DEMO_PUBLIC=1 to serve the demo to others on purpose.")


def on_starting(server) -> None:
    """Gunicorn's hook, before any worker starts (a RuntimeError: gunicorn prints it, exits 1)."""
    try:
        check_binds(list(server.cfg.bind), portal_config.load())
    except ConfigError as error:
        raise RuntimeError(str(error)) from None

"""Gunicorn settings the portal brings (`gunicorn -c python:portal.serving wsgi:app`).

Demo mode hands every demo account (the administrator's too) to whoever opens the portal, so
it refuses to start on an address other than loopback unless PORTAL_DEMO_PUBLIC is on.
"""
from __future__ import annotations

import sys

from portal import config as portal_config
from portal.config import ConfigError

# Gunicorn's longest request line (its maximum; the default is 4094). The app answers a query
# string longer than portal.core.MAX_QUERY_BYTES with its own 414 page, so a long search reaches
# a page of the portal's; only a line beyond this (over 8 KB) gets gunicorn's bare 414.
limit_request_line = 8190


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


def taken_ports(addresses: list[str]) -> list[str]:
    """The "host:port" addresses something on this machine already listens on."""
    import socket

    taken = []
    for address in addresses:
        host, _, port = address.rpartition(":")
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host.strip("[]") or "127.0.0.1", int(port)))
            except OSError:
                taken.append(address)
    return taken


def main(argv: list[str]) -> int:
    """`python -m portal.serving HOST:PORT ...`: exit 2 with a message when a port is taken
    (what `make run` checks before starting the portal and the demo's mail sink)."""
    taken = taken_ports(argv)
    for address in taken:
        print(f"Port {address.rpartition(':')[2]} on {address.rpartition(':')[0]} is already "
              f"in use (another `make run`, or another program). Stop it, or choose another "
              f"port: make run PORT=5077 MAIL_SINK_PORT=8026", file=sys.stderr)
    return 2 if taken else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

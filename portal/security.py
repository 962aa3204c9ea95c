"""Security defaults: CSRF everywhere, strict headers (static files too), safe redirects,
cookie flags, ids bounded to what the database stores, the client address behind trusted
proxies, and a demo that serves only this machine unless allowed."""
from __future__ import annotations

import ipaddress
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal.db import MAX_INTEGER
from portal.errors import Forbidden, Malformed
from portal.forms import has_control_characters

csrf = CSRFProtect()
MAX_REQUEST_BYTES = 10 * 1024 * 1024

CONTENT_SECURITY_POLICY = "; ".join(  # noqa: FLY002 - one directive a line reads better
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """Return `target` if it stays on this site (a relative path), else the fallback."""
    fallback = fallback or url_for("core.home")
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    host = urlsplit(request.host_url)
    joined = urlsplit(urljoin(request.host_url, target))
    if (joined.scheme, joined.netloc) != (host.scheme, host.netloc):
        return fallback
    return target


# The largest id a route accepts: what an integer column holds on PostgreSQL.
MAX_ID = MAX_INTEGER
HSTS = "max-age=31536000; includeSubDomains"


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id beyond what the database stores is simply not found
    (404), rather than an out-of-range error from PostgreSQL."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min,
                         max=MAX_ID if max is None else max, signed=signed)


def bounded_int(raw: str) -> int:
    """int() for request values: beyond what the database stores reads as not given."""
    value = int(raw)
    if not -MAX_ID <= value <= MAX_ID:
        raise ValueError("out of range")
    return value


class BoundedValues(ImmutableMultiDict):
    """Query and form values: `.get(name, type=int)` never yields an id the database would
    refuse (out of range reads as missing, like any other value that is not a number)."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, bounded_int if type is int else type)


def bound_request_values(app) -> None:
    """The app's request class (htmx's, say) with BoundedValues; create_app calls it after
    every extension that sets a request class."""
    app.request_class = type("PortalRequest", (app.request_class,),
                             {"parameter_storage_class": BoundedValues})


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").strip("[]")).is_loopback
    except ValueError:
        return (address or "").lower() == "localhost"


def refuse_public_demo():
    """Demo mode hands out every demo account: unless PORTAL_DEMO_PUBLIC allows it, only this
    machine is served (no forwarded visitor either)."""
    config = current_app.config
    if not config.get("DEMO_MODE") or config.get("DEMO_PUBLIC"):
        return
    if not is_loopback(request.remote_addr) or request.headers.get("X-Forwarded-For"):
        raise Forbidden(_("This demo portal serves only the computer it runs on."))
    return


def refuse_control_characters():
    """A NUL byte or a control character in the address (path or query) is refused (400);
    form fields refuse them beside the field (portal.forms)."""
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if any(has_control_characters(text, lines=True) for text in texts):
        raise Malformed(_("The address contains characters that are not allowed "
                          "(such as NUL bytes). Check the link."))


def static_headers(https: bool):
    """WhiteNoise answers static files before the app: the same nosniff (and HSTS) there."""

    def add(headers, path: str, url: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"
        if https:
            headers["Strict-Transport-Security"] = HSTS

    return add


def serve_static(app, root: str):
    """The app's WSGI callable with WhiteNoise in front (wsgi.py)."""
    from whitenoise import WhiteNoise

    return WhiteNoise(app.wsgi_app, root=root, prefix="static/", max_age=3600,
                      add_headers_function=static_headers(bool(app.config["HTTPS"])))


def set_security_headers(response):
    headers = response.headers
    if current_app.config.get("HTTPS"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def init_app(app) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(app.config["HTTPS"]),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(app.config["HTTPS"]),
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        WTF_CSRF_TIME_LIMIT=None,
        PREFERRED_URL_SCHEME="https" if app.config["HTTPS"] else "http",
        REMEMBER_COOKIE_DURATION=timedelta(days=int(app.config["REMEMBER_DAYS"])),
    )
    app.url_map.converters["int"] = IdConverter
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        # Only the configured number of proxies is believed; a visitor's own
        # X-Forwarded-For beyond them is ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(refuse_public_demo)
    app.before_request(refuse_control_characters)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # A bound on what one request may send; a feature taking files may raise it.
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    csrf.init_app(app)
    app.after_request(set_security_headers)

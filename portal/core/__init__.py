"""Core pages: home, language switch, error pages, template helpers."""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal import roles
from portal.errors import PortalError
from portal.i18n import LANGUAGES, format_moment, format_money, zone_name
from portal.web import render, status_of

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The upload is too large"),
    414: _l("The address is too long"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}


def _error_page(status: int, message: str | None = None):
    title = str(ERROR_TITLES.get(status, ERROR_TITLES[500]))
    return render("core/error.html", fragment="core/_error.html", status=status,
                  status_code=status, title=title, message=message)


def handle_http_error(error: HTTPException):
    message = None
    if error.code == 429:
        message = _("Please wait a minute and try again.")
    response = _error_page(error.code or 500, message)
    # Keep what the error says beyond its page, e.g. Allow on a 405.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_refusal(error: PortalError):
    """A service's refusal no view showed in place: its error page, with what it says."""
    status = status_of(error)
    title = str(ERROR_TITLES.get(status, ERROR_TITLES[400] if status < 500 else ERROR_TITLES[500]))
    return _error_page(status, error.message if error.message != title else None)


def handle_csrf_error(error: CSRFError):
    return _error_page(400, _("The form has expired or did not come from this site. "
                              "Reload the page and submit it again."))


def handle_server_error(error: Exception):
    current_app.logger.exception("unhandled error", exc_info=error)
    _visitor_if_user_unreadable()
    return _error_page(500, _("The error has been logged. Please try again in a few minutes."))


def _visitor_if_user_unreadable() -> None:
    """When the database is down the user cannot be loaded; the error page is then shown as
    to a visitor rather than failing itself into the server's bare English page."""
    from flask import g
    from flask_login import current_user

    from portal.extensions import login_manager

    try:
        current_user.is_authenticated  # noqa: B018 - loading the user is the point
    except Exception:  # noqa: BLE001 - whatever broke the page may break the loader too
        g._login_user = login_manager.anonymous_user()


def format_in_zone(moment: datetime, zone: ZoneInfo | str, date: str | None = "MMMMEd") -> str:
    """A moment as the clock of `zone` shows it (Wed, December 2, 09:00 / ср, 2 декабря,
    09:00: a Babel date skeleton and the time); date=None: the time only. A naive moment is
    the database's UTC."""
    return format_moment(moment, zone, date)


def _datetime_filter(value: datetime, fmt: str = "medium") -> str:
    """`| datetime`: "short" (the usual one in lists) is a readable day and time in the
    viewer's locale and zone (2 дек. 2026 г., 21:38 / Dec 2, 2026, 21:38)."""
    return format_moment(value) if fmt == "short" else format_datetime(value, fmt)


def _date_filter(value, fmt: str = "medium") -> str:
    """`| date`: "short" is the day with the month in letters (2 дек. 2026 г. / Dec 2, 2026)."""
    if fmt != "short":
        return format_date(value, fmt)
    if isinstance(value, datetime):
        return format_moment(value, time=False)
    return format_skeleton("yMMMd", value, locale=get_locale())


def asset_url(name: str) -> str:
    """A static file's address with its content's fingerprint: browsers keep static files for
    an hour (wsgi.py), so a changed file must get a new address to be fetched again."""
    return url_for("static", filename=name, v=_fingerprint(current_app.static_folder, name))


@functools.cache
def _fingerprint(static_folder: str, name: str) -> str | None:
    path = Path(static_folder) / name
    if not path.is_file():
        return None  # url_for leaves a None value out of the address
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def page_assets(static_folder: str) -> dict[str, list[str]]:
    """Stylesheets and scripts under static/css and static/js, the portal's own first."""
    root = Path(static_folder)

    def listed(folder: str, first: str) -> list[str]:
        names = sorted(p.name for p in (root / folder).glob(f"*.{folder}"))
        names.sort(key=lambda name: name != first)
        return [f"{folder}/{name}" for name in names]

    return {"stylesheets": listed("css", "portal.css"), "scripts": listed("js", "portal.js")}


# A query string longer than this is refused with the portal's 414 page (serving.py lets
# gunicorn pass request lines up to 8190 bytes, so such a query reaches the app).
MAX_QUERY_BYTES = 4096


def refuse_long_query():
    if len(request.query_string) > MAX_QUERY_BYTES:
        return _error_page(414, _("Shorten the search or the filters and try again."))
    return None


def init_app(app) -> None:
    app.before_request(refuse_long_query)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(PortalError, handle_refusal)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_server_error)
    app.jinja_env.globals.update(page_assets=page_assets(app.static_folder))
    app.jinja_env.globals.update(is_staff=roles.is_staff, is_admin=roles.is_admin,
                                  has_role=roles.has_role, BILLING_ROLES=roles.BILLING)
    app.jinja_env.globals.update(asset_url=asset_url,
                                  languages=LANGUAGES, format_in_zone=format_in_zone,
                                  get_locale=get_locale)
    app.jinja_env.filters["datetime"] = _datetime_filter
    app.jinja_env.filters["date"] = _date_filter
    app.jinja_env.filters["currencyformat"] = format_money
    app.jinja_env.globals.update(zone_name=zone_name)

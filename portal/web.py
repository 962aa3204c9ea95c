"""View helpers, the one place for htmx, status and role decisions.

- page or fragment for htmx (`render`), 303 after a write (`see_other`), 204 (`no_content`);
- the status of a re-shown form (`form_status`) and of a service's refusal (`status_of`);
- the reader's language (`current_language`);
- who may open a page (`role_required`, the role vocabulary in `portal.roles`).
"""
from __future__ import annotations

import functools

from flask import abort, make_response, redirect, render_template
from flask_babel import get_locale
from flask_login import current_user
from htmx_flask import request

from portal import errors, roles

STATUS_OF: dict[type[errors.PortalError], int] = {
    errors.Malformed: 400,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Gone: 410,
    errors.Invalid: 422,
    errors.Limited: 429,
    errors.Exhausted: 429,
}


def is_htmx() -> bool:
    """Any request htmx made (boosted navigations too)."""
    return bool(request.htmx)


def wants_fragment() -> bool:
    """An htmx request that is neither a boosted navigation nor a history restore."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, fragment: str | None = None, status: int = 200, **context):
    """Render the full page, or its fragment for htmx; responses vary on HX-Request."""
    name = fragment if fragment and wants_fragment() else template
    response = make_response(render_template(name, **context), status)
    response.vary.add("HX-Request")
    return response


def see_other(location: str):
    """Redirect after a successful write (303, so the browser follows with GET)."""
    return redirect(location, code=303)


def no_content():
    """204: done, nothing to show (e.g. an htmx action that swaps nothing)."""
    return make_response("", 204)


def form_status(form) -> int:
    """200 for a form shown for the first time, 422 for one submitted with errors."""
    return 422 if form.is_submitted() else 200


def status_of(error: errors.PortalError) -> int:
    """The HTTP answer to a service's refusal."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 422


def attach_error(form, error: errors.PortalError) -> None:
    """Show a service's refusal beside the field(s) it concerns, or above the form."""
    placed = dict(getattr(error, "fields", {}) or {})
    if error.field and error.field not in placed:
        placed[error.field] = error.message
    shown = False
    for name, message in placed.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [message]
            shown = True
    if not shown:
        form.form_errors.append(error.message)


def current_language() -> str:
    """The language the page speaks: "ru" (the default) or "en"."""
    locale = get_locale()
    return locale.language if locale is not None else "ru"


def role_required(*allowed: str):
    """Only logged-in users with one of `allowed` roles (see portal.roles) open the view."""
    unknown = set(allowed) - set(roles.ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                from portal.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate

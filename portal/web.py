"""View helpers: choose page or fragment for htmx, and the 303 redirect after a write."""
from __future__ import annotations

from flask import make_response, redirect, render_template
from htmx_flask import request


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

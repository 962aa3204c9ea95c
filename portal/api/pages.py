"""Pages of the API for people: the tokens page (linked from the profile) and the API's
description as a readable page, drawn from the generated OpenAPI document."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.api import tokens
from portal.api.forms import NewTokenForm, RevokeTokenForm
from portal.api.models import READ, WRITE, ApiToken
from portal.errors import PortalError
from portal.web import attach_error, form_status, render, see_other, status_of

pages = Blueprint("api_pages", __name__)


def _tokens_page(form: NewTokenForm, secret: str | None = None, created: ApiToken | None = None,
                 status: int = 200):
    return render("api/tokens.html", form=form, revoke_form=RevokeTokenForm(formdata=None),
                  tokens=list(ApiToken.of(current_user)), secret=secret, created=created,
                  status=status)


@pages.get("/profile/tokens")
@login_required
def token_list():
    """The user's API tokens: name, scopes, when made and last used; make and revoke."""
    return _tokens_page(NewTokenForm(formdata=None))


@pages.post("/profile/tokens")
@login_required
def create_token():
    """Make a token; its secret is on this answer only."""
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form, status=form_status(form))
    scopes = [scope for scope, chosen in ((READ, form.read.data), (WRITE, form.write.data))
              if chosen]
    try:
        row, secret = tokens.create_token(current_user, form.name.data, scopes)
    except PortalError as error:
        attach_error(form, error)
        return _tokens_page(form, status=status_of(error))
    response = _tokens_page(NewTokenForm(formdata=None), secret=secret, created=row)
    response.headers["Cache-Control"] = "no-store"
    return response


@pages.post("/profile/tokens/revoke")
@login_required
def revoke_token():
    form = RevokeTokenForm()
    if not form.validate_on_submit() or not (form.token.data or "").isdigit():
        abort(400)
    row = tokens.revoke(current_user, int(form.token.data[:10]))
    flash(_("The token “%(name)s” is revoked: requests with it are refused from now on.",
            name=row.name), "success")
    return see_other(url_for("api_pages.token_list"))


@pages.get("/api/v1/docs")
def docs():
    """The API's description for people to read, from the same document clients fetch."""
    from portal.api.problems import KINDS

    spec = current_app.extensions["portal_api"].spec.to_dict()
    return render("api/docs.html", spec=spec, groups=operations_of(spec),
                  schemas=spec.get("components", {}).get("schemas", {}),
                  problems=[(status, slug, title) for status, (slug, title) in KINDS.items()])


METHODS = ("get", "post", "put", "patch", "delete")


def operations_of(spec: dict) -> list[dict]:
    """The document's operations grouped by tag, in the order they were declared."""
    groups: dict[str, list[dict]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append({
                "method": method.upper(), "path": path,
                "anchor": re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-"),
                **operation})
    return [{"tag": tag, "operations": found} for tag, found in groups.items()]

"""The REST API at /api/v1: tickets, the knowledge base, an organization's licenses, contract
and entitlement, the public tiers; personal access tokens and their page; the OpenAPI 3.1
description generated from the routes (flask-smorest) and a page to read it.

- `blueprint`: the blueprint; `tickets`, `reference` (kb, tiers), `organizations`: its routes;
- `auth`: the bearer token of a request, its scopes and the request's language;
- `tokens` + `models`: making, listing, revoking and recognising tokens (hashed at rest);
- `problems`: every error as RFC 9457 problem+json; `paging`: cursors;
- `limiting`: Flask-Limiter per token, counted in Redis or the database;
- `pages`: /profile/tokens and /api/v1/docs.
"""
from __future__ import annotations

import http

import flask_smorest
from flask import request
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from portal.api import auth, organizations, reference, tickets  # noqa: F401 - their routes
from portal.api.blueprint import PREFIX, bp
from portal.api.problems import (
    PROBLEM_JSON,
    ProblemSchema,
    handle_http_error,
    handle_refusal,
    handle_server_error,
)
from portal.errors import Forbidden, Malformed, PortalError

DESCRIPTION = """The support portal's API: your tickets, the knowledge base, your
organization's licenses, contract and entitlement, and the vendor's support tiers.

Authenticate with a personal access token made on your profile (`/profile/tokens`):
`Authorization: Bearer pat_...`. A token acts as you, with what its scopes allow: `read` for
GET, `write` for POST. Lists are paged with cursors (`next_cursor`, and a `Link` header).
Errors are problem details (RFC 9457, `application/problem+json`) in the language of
`Accept-Language`, else your profile's."""


class PortalApi(flask_smorest.Api):
    """flask-smorest's Api that leaves the portal's own error pages alone (the API's errors
    are handled on its blueprint) and documents every error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        return None

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def is_api_path() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@bp.before_request
def _prepare() -> None:
    """The request's language; room for a message's files (as on the tickets' pages)."""
    from flask import current_app

    auth.choose_language()
    config = current_app.config
    per_file = int(config.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    files = int(config.get("ATTACHMENTS_PER_MESSAGE", 10))
    request.max_content_length = per_file * files + 1024 * 1024


@bp.after_request
def _answer_headers(response):
    from portal.web import current_language

    response.headers["Content-Language"] = current_language()
    response.vary.update(("Accept-Language", "Authorization"))
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


bp.register_error_handler(PortalError, handle_refusal)
bp.register_error_handler(HTTPException, handle_http_error)
bp.register_error_handler(Exception, handle_server_error)


def _routing_problem(error: HTTPException):
    """No route (404) or not this method (405): problem+json under /api/v1, the portal's
    error page elsewhere."""
    if is_api_path():
        auth.choose_language()
        return handle_http_error(error)
    from portal.core import handle_http_error as error_page

    return error_page(error)


def _early_refusal(error: PortalError):
    """What the portal refuses before any route answers (control characters in the address,
    a public demo): problem+json under /api/v1 too, even where no route matched."""
    if is_api_path():
        auth.choose_language()
        return handle_refusal(error)
    from portal.core import handle_refusal as refusal_page

    return refusal_page(error)


def init_app(app) -> None:
    """The API's blueprint with its description, the tokens and docs pages, rate limits."""
    from portal.api.limiting import make_limiter, rate
    from portal.api.pages import pages
    from portal.security import csrf

    config = app.config
    config.setdefault("API_TITLE", "Support portal API")
    config.setdefault("API_VERSION", "1.0")
    config.setdefault("OPENAPI_VERSION", "3.1.0")
    config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": DESCRIPTION},
        "components": {"securitySchemes": {"token": {
            "type": "http", "scheme": "bearer",
            "description": "A personal access token (pat_...) made on the profile"}}},
    })
    api = PortalApi(app)
    api.register_blueprint(bp)
    app.extensions["portal_api"] = api
    app.register_blueprint(pages)
    csrf.exempt(bp)  # cookies carry no authority in the API: only the bearer token does
    limiter = make_limiter(app)
    limiter.limit(rate)(bp)
    app.extensions["portal_api_limiter"] = limiter
    app.register_error_handler(NotFound, _routing_problem)
    app.register_error_handler(MethodNotAllowed, _routing_problem)
    app.register_error_handler(Malformed, _early_refusal)
    app.register_error_handler(Forbidden, _early_refusal)

"""Errors of the API as RFC 9457 problem details (application/problem+json), in the request's
language: every refusal of a service, every HTTP error, validation errors with their fields,
and the server's own failures."""
from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from portal.errors import Invalid, NotFound, PortalError
from portal.web import current_language, status_of

PROBLEM_JSON = "application/problem+json"

# status -> (the problem type's name in the docs page's anchor, its title)
KINDS: dict[int, tuple[str, object]] = {
    400: ("malformed", _l("The request could not be understood")),
    401: ("unauthorized", _l("A valid access token is needed")),
    403: ("forbidden", _l("Not allowed")),
    404: ("not-found", _l("Not found")),
    405: ("method-not-allowed", _l("This method is not allowed here")),
    406: ("not-acceptable", _l("This answer cannot be given in the format asked for")),
    409: ("conflict", _l("The present state does not allow this")),
    410: ("gone", _l("No longer available")),
    413: ("too-large", _l("The request is too large")),
    415: ("unsupported-media-type", _l("This content type is not accepted here")),
    422: ("invalid", _l("The input is not valid")),
    429: ("rate-limited", _l("Too many requests")),
    500: ("server-error", _l("Something went wrong on our side")),
}

# marshmallow's and webargs' own messages, said in the request's language.
MESSAGES = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be null."),
    "Unknown field.": _l("This field is not known."),
    "Not a valid string.": _l("Give text here."),
    "Not a valid integer.": _l("Give a whole number here."),
    "Not a valid boolean.": _l("Give true or false here."),
    "Not a valid list.": _l("Give a list here."),
    "Invalid input type.": _l("The value has the wrong type."),
    "Invalid input.": _l("The value is not valid."),
    "Invalid value.": _l("The value is not valid."),
}


class ProblemSchema(ma.Schema):
    """A problem detail (RFC 9457); `errors` names the fields at fault (422)."""

    type = ma.fields.String(required=True, metadata={
        "description": "A link to the problem type's description (the docs page)"})
    title = ma.fields.String(required=True, metadata={"description": "The kind of problem"})
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(metadata={"description": "What happened this time"})
    instance = ma.fields.String(metadata={"description": "The path that was asked for"})
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
                            metadata={"description": "Messages per field at fault"})


def problem_type(status: int) -> str:
    slug = KINDS.get(status, KINDS[500 if status >= 500 else 400])[0]
    return url_for("api_pages.docs", _external=True) + f"#problem-{slug}"


def problem(status: int, detail: str | None = None, *, errors: dict | None = None,
            headers: dict | None = None):
    """The problem+json answer for `status`."""
    title = KINDS.get(status, KINDS[500 if status >= 500 else 400])[1]
    body: dict[str, object] = {"type": problem_type(status), "title": str(title),
                               "status": status, "instance": request.path}
    if detail and detail != str(title):
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), status,
                                          mimetype=PROBLEM_JSON)
    response.headers["Content-Language"] = current_language()
    response.vary.add("Accept-Language")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _said(message) -> str:
    text = str(message)
    return str(MESSAGES.get(text, text))


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """webargs' nested {location: {field: [messages]}} as {"field.sub": [messages]}."""
    found: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found.update(flatten(value, name))
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if not isinstance(m, dict | list)]
        if texts:
            found[prefix or "_"] = [_said(m) for m in texts]
        for item in messages:
            if isinstance(item, dict | list):
                found.update(flatten(item, prefix))
    else:
        found[prefix or "_"] = [_said(messages)]
    return found


def _without_location(errors: dict) -> dict:
    """webargs keys messages by location first ("json", "query" ...): the field names alone."""
    if len(errors) == 1:
        (location, inner), = errors.items()
        if location in {"json", "query", "form_and_files", "files", "form"} and isinstance(
                inner, dict):
            return inner
    return errors


def handle_refusal(error: PortalError):
    status = status_of(error)
    if isinstance(error, NotFound) and error.message == _("Page not found"):
        # The web's access helpers say "page"; the title says it for the API.
        return problem(404)
    fields = dict(getattr(error, "fields", {}) or {})
    if error.field and error.field not in fields:
        fields[error.field] = error.message
    errors = {name: [message] for name, message in fields.items()} if isinstance(
        error, Invalid) else None
    return problem(status, error.message, errors=errors)


def handle_http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = {name: value for name, value in error.get_headers()
               if name.lower() not in {"content-type", "content-length"}}
    if status == 422 and data.get("messages"):
        return problem(422, _("Correct the fields named below."),
                       errors=flatten(_without_location(data["messages"])), headers=headers)
    if status == 429:
        return problem(429, _("This token (or address) has made too many requests. Wait a "
                              "little and try again."), headers=headers)
    if status == 413:
        return problem(413, _("The request is larger than the portal takes."), headers=headers)
    if status == 405:
        return problem(405, None, headers=headers)
    return problem(status, None, headers=headers)


def handle_server_error(error: Exception):
    current_app.logger.exception("unhandled API error", exc_info=error)
    return problem(500, _("The error has been logged. Please try again in a few minutes."))

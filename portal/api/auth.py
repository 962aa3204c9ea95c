"""Who an API request acts for: the personal access token in `Authorization: Bearer ...`.

Cookies give no authority here (so the API needs no CSRF token); a token acts as its user with
the same access helpers as the web, within its scopes: reading (GET) needs "read", changing
(POST) "write". The request's language is Accept-Language, else the token user's language.
"""
from __future__ import annotations

import functools

from flask import g, request
from flask_babel import gettext as _
from flask_babel import refresh

from portal.api.blueprint import bp
from portal.api.models import ApiToken
from portal.api.problems import problem
from portal.api.tokens import recognise
from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES

BEARER = "Bearer"
_NOT_LOOKED = object()


def presented_secret() -> str | None:
    """The token in the Authorization header, None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != BEARER.lower() or not secret.strip():
        return None
    return secret.strip()


def current_token() -> ApiToken | None:
    """The live token the request presents (looked up once per request), else None."""
    found = g.get("api_token", _NOT_LOOKED)
    if found is _NOT_LOOKED:
        secret = presented_secret()
        found = recognise(secret) if secret else None
        g.api_token = found
    return found


def choose_language() -> None:
    """Accept-Language when it names a language of the portal, else the token user's."""
    asked = request.accept_languages.best_match(LANGUAGES) if request.accept_languages else None
    token = current_token()
    own = token.user.language if token is not None else None
    g.request_language = asked or (own if own in LANGUAGES else DEFAULT_LANGUAGE)
    refresh()  # a locale chosen before this point (an earlier message) is chosen again


def limit_key() -> str:
    """What a rate limit counts: the token, or the client's address without one."""
    token = current_token()
    return f"api-token:{token.id}" if token is not None else f"api-address:{request.remote_addr}"


def _unauthorized():
    if request.headers.get("Authorization"):
        return problem(401, _("The access token is not valid, or it was revoked."),
                       headers={"WWW-Authenticate": f'{BEARER} error="invalid_token"'})
    return problem(401, _("Send a personal access token: Authorization: Bearer <token>. "
                          "Make one on your profile."),
                   headers={"WWW-Authenticate": BEARER})


def user_of_request(scope: str | None, optional: bool = False):
    """The token's user, or a problem to answer with (None, problem)."""
    token = current_token()
    if token is None:
        if optional and not request.headers.get("Authorization"):
            return None, None
        return None, _unauthorized()
    if scope is not None and not token.allows(scope):
        return None, problem(403, _("This token may not %(act)s: it lacks the “%(scope)s” "
                                    "scope.", act=_("change anything") if scope == "write"
                                    else _("read"), scope=scope),
                             headers={"WWW-Authenticate":
                                      f'{BEARER} error="insufficient_scope" scope="{scope}"'})
    return token.user, None


def needs(scope: str, optional: bool = False):
    """The view runs with the token's user as `user` (None for an anonymous request to an
    `optional` view); otherwise the request is answered 401/403."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            user, refusal = user_of_request(scope, optional)
            if refusal is not None:
                return refusal
            return view(*args, user=user, **kwargs)

        documented = bp.doc(security=[{"token": []}, {}] if optional else [{"token": []}])(
            guarded)
        documented = bp.alt_response(401, response="UNAUTHORIZED")(documented)
        return bp.alt_response(403, response="FORBIDDEN")(documented)

    return decorate

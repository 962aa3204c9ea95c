"""Kinds of refusal a service raises; views map them to answers (portal.web), never the reverse.

Services know nothing of HTTP: they say *why* they refuse (the object is not there for this
person, the person may not do this, the state forbids it now, it is gone, the input is wrong),
with a message for the person and, where it belongs to one, the form field it is about.
"""
from __future__ import annotations


class PortalError(Exception):
    """A refused request; `message` is shown to the person, `field` names a form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Malformed(PortalError):
    """The request cannot be understood (a broken link, a token that was never issued)."""


class NotFound(PortalError):
    """No such object for this person: also what anyone outside an organization is told."""


class Forbidden(PortalError):
    """The person is known to the object but may not do this with it."""


class Conflict(PortalError):
    """The object's present state refuses it (already accepted, the maximum reached...)."""


class Gone(PortalError):
    """It existed and no longer can be used (an expired or spent link)."""


class Exhausted(PortalError):
    """The person did this too often lately; the message says when they may again."""


class Limited(PortalError):
    """Refused for now: the person (or address, or organization) used up a rate limit."""


class Invalid(PortalError):
    """The input is wrong; `fields` maps field names to their messages."""

    def __init__(self, message: str, field: str | None = None,
                 fields: dict[str, str] | None = None) -> None:
        super().__init__(message, field)
        self.fields = dict(fields or ({field: message} if field else {}))

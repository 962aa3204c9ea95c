"""Cursor paging: a list answers with at most `limit` items and, when there are more, an
opaque `next_cursor` (and a Link: rel="next") to ask for the following ones. A cursor is the
position after the last item given; it is not signed, as it only narrows what the person may
see anyway."""
from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

import marshmallow as ma
from flask import request
from flask_babel import lazy_gettext as _l

from portal.api.fields import text, whole
from portal.errors import Invalid
from portal.security import MAX_ID

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode(kind: str, position: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{position}".encode()).decode().rstrip("=")


def decode(kind: str, cursor: str | None) -> int | None:
    """The position a cursor names; Invalid for one this API did not give out."""
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        named, _colon, number = text.partition(":")
        position = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        position, named = -1, ""
    if named != kind or not 0 <= position <= MAX_ID:
        raise Invalid(str(_l("This cursor was not given out by this list.")), field="cursor")
    return position


def next_link(cursor: str | None) -> dict[str, str]:
    """The Link header of a page that has a next one."""
    if cursor is None:
        return {}
    args = request.args.to_dict()
    args["cursor"] = cursor
    return {"Link": f'<{request.base_url}?{urlencode(args)}>; rel="next"'}


class PageQuery(ma.Schema):
    """Paging parameters of every list."""

    cursor = text(100, description="next_cursor of the previous page")
    limit = whole(1, MAX_LIMIT, load_default=DEFAULT_LIMIT, description="How many items at most")

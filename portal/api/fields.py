"""Input fields of the API's schemas, with messages in the request's language: text without
NUL or control characters (line breaks only where the text may have lines), whole numbers in
range, a choice among values, and UTC moments that say their offset."""
from __future__ import annotations

from datetime import UTC, datetime

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_smorest.fields import Upload
from werkzeug.datastructures import FileStorage

from portal.forms import has_control_characters
from portal.security import MAX_ID


def _clean(lines: bool):
    def check(value: str) -> None:
        if has_control_characters(value, lines=lines):
            raise ma.ValidationError(str(_l("Remove the control characters (such as NUL "
                                            "bytes) from this text.")))

    return check


def _at_most(length: int):
    def check(value: str) -> None:
        if len(value) > length:
            raise ma.ValidationError(str(_l("At most %(count)d characters.", count=length)))

    return check


def _filled(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError(str(_l("This field may not be empty.")))


def text(length: int, *, required: bool = False, lines: bool = False, filled: bool = False,
         description: str = "", **options) -> ma.fields.String:
    """A string of at most `length` characters; `filled`: not only spaces."""
    checks = [_clean(lines), _at_most(length)] + ([_filled] if filled else [])
    if not required:
        options.setdefault("load_default", None)
    metadata = {"description": description} if description else {}
    return ma.fields.String(required=required, validate=checks,
                            metadata={**metadata, "maxLength": length}, **options)


def whole(low: int, high: int = MAX_ID, *, strict: bool = False, description: str = "",
          **options):
    """An integer from `low` to `high`; `strict` (JSON bodies): a number, never a string."""

    def check(value: int) -> None:
        if not low <= value <= high:
            raise ma.ValidationError(str(_l("From %(low)d to %(high)d.", low=low, high=high)))

    metadata = {"description": description} if description else {}
    return ma.fields.Integer(validate=check, strict=strict,
                             metadata={**metadata, "minimum": low, "maximum": high}, **options)


def choice(values, *, description: str = "", **options):
    """One of `values`."""
    allowed = tuple(values)

    def check(value: str) -> None:
        if value not in allowed:
            raise ma.ValidationError(str(_l("Choose one of: %(values)s.",
                                            values=", ".join(allowed))))

    metadata = {"description": description} if description else {}
    return ma.fields.String(validate=check, metadata={**metadata, "enum": list(allowed)},
                            **options)


class Moment(ma.fields.DateTime):
    """A stored (naive UTC) moment, given with its offset: 2026-02-02T07:00:00+00:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class File(Upload):
    """A file of a multipart form (a plain text value in its place is refused)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ma.ValidationError(str(_l("Send a file here (multipart/form-data).")))
        return value

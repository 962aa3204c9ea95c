"""Typed reading of TOML tables that records each problem with its place instead of failing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.domain.policy.model import Problem, Text

_MISSING = object()
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list",
               dict: "a table"}


class Reader:
    """Collects problems while a preset is read; each getter returns None on a problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, place: str, message: str) -> None:
        """Record one problem at `place`."""
        self.problems.append(Problem(place, message))

    def value(
        self, table: Mapping[str, Any], key: str, place: str, kind: type,
        required: bool = True, default: Any = None,
    ) -> Any:
        """`table[key]` of `kind`; a problem when missing (if required) or of another type."""
        raw = table.get(key, _MISSING)
        where = f"{place}.{key}" if place else key
        if raw is _MISSING:
            if required:
                self.problem(where, "missing")
            return default
        # bool is an int in Python; a preset saying `hours = true` is still wrong.
        if not isinstance(raw, kind) or (kind is int and isinstance(raw, bool)):
            self.problem(where, f"must be {_TYPE_NAMES.get(kind, kind.__name__)}")
            return default
        return raw

    def count(
        self, table: Mapping[str, Any], key: str, place: str,
        required: bool = True, default: int | None = None, minimum: int = 0,
    ) -> int | None:
        """A whole number not below `minimum`."""
        raw = self.value(table, key, place, int, required, None)
        if raw is None:
            return default
        if raw < minimum:
            what = "negative" if raw < 0 else f"below {minimum}"
            self.problem(f"{place}.{key}", f"must not be {what} (got {raw})")
            return default
        return int(raw)

    def text(self, table: Mapping[str, Any], key: str, place: str,
             required: bool = True) -> Text | None:
        """A {ru, en} pair."""
        raw = self.value(table, key, place, dict, required)
        if raw is None:
            return None
        return self.text_of(raw, f"{place}.{key}")

    def text_of(self, raw: Mapping[str, Any], place: str) -> Text | None:
        """A {ru, en} pair from a table already in hand."""
        ru = self.value(raw, "ru", place, str)
        en = self.value(raw, "en", place, str)
        if ru is None or en is None:
            return None
        return Text(ru=ru, en=en)

    def decimal(
        self, table: Mapping[str, Any], key: str, place: str, required: bool = True,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        """A non-negative decimal written as a string ("1800.00"); floats are refused."""
        if key not in table:
            if required:
                self.problem(f"{place}.{key}", "missing")
            return None
        return self.decimal_of(table[key], f"{place}.{key}", maximum)

    def decimal_of(self, raw: Any, place: str, maximum: Decimal | None = None) -> Decimal | None:
        """A non-negative Decimal from a TOML string."""
        if not isinstance(raw, str):
            self.problem(place, 'must be a decimal string such as "1800.00" (no floats)')
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            self.problem(place, f"{raw!r} is not a decimal number")
            return None
        if not number.is_finite() or number < 0:
            self.problem(place, f"must not be negative (got {raw})")
            return None
        if maximum is not None and number > maximum:
            self.problem(place, f"must be at most {maximum} (got {raw})")
            return None
        return number

    def choice(self, table: Mapping[str, Any], key: str, place: str, choices: tuple[str, ...],
               required: bool = True, default: str | None = None) -> str | None:
        """One of `choices`."""
        raw = self.value(table, key, place, str, required)
        if raw is None:
            return default
        if raw not in choices:
            self.problem(f"{place}.{key}", f"{raw!r} is not one of {', '.join(choices)}")
            return default
        return str(raw)

    def strings(self, table: Mapping[str, Any], key: str, place: str,
                required: bool = True) -> tuple[str, ...]:
        """A list of strings."""
        raw = self.value(table, key, place, list, required, [])
        if not all(isinstance(item, str) for item in raw):
            self.problem(f"{place}.{key}", "must be a list of strings")
            return ()
        return tuple(raw)

    def tables(self, raw: Mapping[str, Any], key: str, place: str = "",
               required: bool = False) -> list[tuple[str, Mapping[str, Any]]]:
        """An array of tables as (place, table) pairs, e.g. ("targets[3]", {...})."""
        items = self.value(raw, key, place, list, required, [])
        found = []
        for index, item in enumerate(items):
            where = f"{place + '.' if place else ''}{key}[{index}]"
            if isinstance(item, dict):
                found.append((where, item))
            else:
                self.problem(where, "must be a table")
        return found

    def known_keys(self, table: Mapping[str, Any], place: str, allowed: set[str]) -> None:
        """A problem for each key the format does not know (usually a typo)."""
        for key in table:
            if key not in allowed:
                where = f"{place}.{key}" if place else key
                self.problem(where, "unknown key")

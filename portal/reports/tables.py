"""What a report is made of: its tables (the numbers, shown as accessible tables and written
to CSV as they are) and its chart (drawn from the same numbers)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from portal.reports.charts import Series


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    # Columns holding numbers (right-aligned on the page).
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False
    horizontal: bool = False


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    tables: tuple[Table, ...]
    chart: Chart | None = None
    notes: tuple[str, ...] = field(default=())


def cell(value: object) -> str:
    """A value as the page and the CSV show it ("" for none; decimals as written)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_csv(report: Report) -> str:
    """Every table of the report, each headed by its caption, separated by a blank line.
    Cells a spreadsheet would run as a formula are quoted with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, table in enumerate(report.tables):
        if number:
            writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_safe(cell(value)) for value in row])
    return out.getvalue()


def _safe(text: str) -> str:
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True

"""Tables to files: CSV (UTF-8 with BOM, semicolons, for Excel in French) and XLSX.

The files hold exactly the rows and markers the page shows ("< 5", "s"); links and
sparklines are left out. A table whose rows are grouped (levels per area) gets the group
as a first column. Text a spreadsheet could run as a formula (a name such as `=HYPERLINK(…)`)
is written with a leading `'` in CSV and as a text cell in XLSX; numbers are left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dashboards.selectors.building import legend_items
from dashboards.tables import Table, export_value

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Progress = Callable[[int, int], None]


def table_rows(table: Table) -> Iterable[list]:
    """The header, then each row, as spreadsheet values."""
    columns = table.exported_columns
    grouped = bool(table.group_rows)
    header = [str(table.columns[index].label) for index in columns]
    yield [_("Area"), *header] if grouped else header
    group = ""
    for number, row in enumerate(table.rows):
        group = table.group_rows.get(number, group)
        values = [export_value(row[index]) for index in columns]
        yield [group, *values] if grouped else values


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a text a spreadsheet could take for a formula (numbers never are)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _csv_text(value: object) -> str:
    """A value as CSV text, with a decimal comma; text that looks like a formula gets a `'`."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if is_formula_like(value):
        return f"'{value}"
    return "" if value is None else str(value)


def csv_bytes(table: Table, *, progress: Progress | None = None) -> bytes:
    """A table as CSV: UTF-8 with BOM, `;` separated, so that Excel opens it as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    total = len(table.rows) + 1
    for number, row in enumerate(table_rows(table), start=1):
        writer.writerow([_csv_text(value) for value in row])
        if progress and number % 500 == 0:
            progress(number, total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    """A valid, unique sheet title (31 characters, no []:*?/\\)."""
    clean = "".join(char for char in text if char not in "[]:*?/\\")[:28] or "Table"
    title, number = clean, 2
    while title in used:
        title = f"{clean[:26]} {number}"
        number += 1
    used.add(title)
    return title


def _xlsx_row(sheet: object, row: Iterable, *, bold: bool = False) -> list:
    """A row of values for a write-only sheet: text that looks like a formula stays text."""
    cells: list = []
    for value in row:
        if not bold and not is_formula_like(value):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def xlsx_bytes(
    tables: Sequence[Table], *, context: Sequence[str] = (), progress: Progress | None = None
) -> bytes:
    """Tables as an XLSX workbook: one sheet per table, then a sheet explaining the markers."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    total = sum(len(table.rows) + 1 for table in tables) or 1
    done = 0
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.slug, used))
        for number, row in enumerate(table_rows(table)):
            sheet.append(_xlsx_row(sheet, row, bold=number == 0))
            done += 1
            if progress and done % 500 == 0:
                progress(done, total)
    notes = workbook.create_sheet(_sheet_title(_("Read me"), used))
    for table in tables:
        notes.append(_xlsx_row(notes, [table.title]))
        if table.note:
            notes.append(_xlsx_row(notes, [table.note]))
    for line in context:
        notes.append(_xlsx_row(notes, [line]))
    for marker, meaning in legend_items():
        notes.append(_xlsx_row(notes, [marker, meaning]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Tables to files: CSV (UTF-8 with BOM, semicolons, for Excel in French) and XLSX.

The files hold exactly the rows and markers the page shows ("< 5", "s"); links and
sparklines are left out. A table whose rows are grouped (levels per area) gets the group
as a first column.
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


def _csv_text(value: object) -> str:
    """A value as CSV text, with a decimal comma."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
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
            if number == 0:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.font = Font(bold=True)
                    cells.append(cell)
                sheet.append(cells)
            else:
                sheet.append(row)
            done += 1
            if progress and done % 500 == 0:
                progress(done, total)
    notes = workbook.create_sheet(_sheet_title(_("Read me"), used))
    for table in tables:
        notes.append([table.title])
        if table.note:
            notes.append([table.note])
    for line in context:
        notes.append([line])
    for marker, meaning in legend_items():
        notes.append([marker, meaning])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

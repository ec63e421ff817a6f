"""Tables as the dashboards show and export them: the same rows, the same suppression."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString

from dashboards.selectors.cubes import Figure


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere (the link is dropped in exports)."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Share:
    """A proportion (0–1) shown as a percentage, or withheld."""

    value: float | None
    withheld: Figure | None = None

    def __str__(self) -> str:
        if self.value is None:
            return str(self.withheld) if self.withheld is not None else "–"
        percent = round(self.value * 100)
        if -1000 < percent < 1000:
            return f"{percent} %"  # no grouping under a thousand
        return f"{number_format(percent, force_grouping=True)} %"


@dataclass(frozen=True)
class Column:
    """A column: its label, whether it holds numbers, whether exports include it."""

    label: str
    is_numeric: bool = True
    is_exported: bool = True


@dataclass(frozen=True)
class Table:
    """A table of a dashboard (its first column names the rows)."""

    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    group_rows: dict[int, str] = field(default_factory=dict)  # row index → heading before it

    def display_rows(self) -> list[tuple[str | None, list[tuple[Any, bool]]]]:
        """Each row (values with their column's `is_numeric`) after its group heading, if any."""
        return [
            (
                self.group_rows.get(index),
                [
                    (value, column.is_numeric)
                    for value, column in zip(row, self.columns, strict=True)
                ],
            )
            for index, row in enumerate(self.rows)
        ]

    @property
    def exported_columns(self) -> list[int]:
        """Indexes of the columns that go into exports."""
        return [index for index, column in enumerate(self.columns) if column.is_exported]


def export_value(value: Any) -> str | int | float | None:
    """A cell as a spreadsheet value: numbers stay numbers, withheld figures their marker."""
    if isinstance(value, Figure):
        return value.value if not value.is_hidden and not value.is_lower_bound else str(value)
    if isinstance(value, Share):
        if value.value is None:
            return str(value)
        return round(value.value * 100, 1)
    if isinstance(value, SafeString):
        return None
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)

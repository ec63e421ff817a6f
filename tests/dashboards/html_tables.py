"""Read the tables of a dashboard page back as text (what a sighted reader sees)."""

from __future__ import annotations

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    """Collects the rows of every `section.dash-table`, by table slug."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and "dash-table" in (values.get("class") or ""):
            self.current = (values.get("aria-labelledby") or "").removeprefix("table-")
            self.tables[self.current] = []
        elif self.current and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []
        elif (
            self.cell is not None
            and tag == "span"
            and "visually-hidden" in (values.get("class") or "")
        ) or (self.hidden_depth and tag == "span"):
            self.hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.hidden_depth:
            self.hidden_depth -= 1
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.current:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden_depth:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """Every dashboard table of a page: slug → rows (header first) of cell texts."""
    reader = _TableReader()
    reader.feed(html)
    return reader.tables

"""Writes for organizations: communes from the bundled data, libraries from CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Commune, Library

COMMUNES_CSV = Path(__file__).resolve().parent / "data" / "mel_communes.csv"
LIBRARY_COLUMNS = ("name", "insee_code", "kind")
# Accepted spellings of a library kind, English values and French labels.
KIND_ALIASES = {
    "municipal": Library.Kind.MUNICIPAL,
    "municipale": Library.Kind.MUNICIPAL,
    "associative": Library.Kind.ASSOCIATIVE,
    "associatif": Library.Kind.ASSOCIATIVE,
}


class ImportRejected(Exception):
    """A file was refused; `errors` holds one message per bad line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LibraryRow:
    """One valid line of a library file."""

    line: int
    name: str
    commune: Commune
    kind: str


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    created: int
    updated: int


@transaction.atomic
def communes_load(*, path: Path = COMMUNES_CSV) -> int:
    """Create or update the MEL communes from the bundled INSEE data; return their count."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = {commune.insee_code: commune for commune in Commune.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        code, name, population = row["insee_code"], row["name"], int(row["population"])
        commune = existing.get(code)
        if commune is None:
            to_create.append(Commune(insee_code=code, name=name, population=population))
        elif (commune.name, commune.population) != (name, population):
            commune.name, commune.population = name, population
            to_update.append(commune)
    Commune.objects.bulk_create(to_create)
    Commune.objects.bulk_update(to_update, ["name", "population"])
    return len(rows)


def library_rows_parse(text: str) -> list[LibraryRow]:
    """Check every line of a library CSV; raise ImportRejected listing all bad lines."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ImportRejected([_("The file is empty.")]) from None
    if tuple(header) != LIBRARY_COLUMNS:
        raise ImportRejected(
            [
                _("Line 1: the columns must be exactly %(expected)s (found: %(found)s).")
                % {"expected": ", ".join(LIBRARY_COLUMNS), "found": ", ".join(header) or "-"}
            ]
        )
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}
    errors: list[str] = []
    rows: list[LibraryRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        problem = _library_line_problem(values, communes)
        if problem:
            errors.append(_("Line %(line)d: %(reason)s") % {"line": line_number, "reason": problem})
            continue
        name, code, kind = (value.strip() for value in values)
        key = (code, name.casefold())
        if key in seen:
            errors.append(
                _("Line %(line)d: the library “%(name)s” already appears on line %(first)d.")
                % {"line": line_number, "name": name, "first": seen[key]}
            )
            continue
        seen[key] = line_number
        rows.append(LibraryRow(line_number, name, communes[code], KIND_ALIASES[kind.lower()]))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([_("The file holds no library.")])
    return rows


def _library_line_problem(values: list[str], communes: dict[str, Commune]) -> str | None:
    """Why one CSV line is invalid, or None."""
    if len(values) != len(LIBRARY_COLUMNS):
        return _("expected %(expected)d columns, found %(found)d.") % {
            "expected": len(LIBRARY_COLUMNS),
            "found": len(values),
        }
    name, code, kind = (value.strip() for value in values)
    if not name:
        return _("the name is empty.")
    if len(name) > Library._meta.get_field("name").max_length:
        return _("the name is longer than 200 characters.")
    if code not in communes:
        return _("the INSEE code “%(code)s” is not a commune of the MEL.") % {"code": code}
    if kind.lower() not in KIND_ALIASES:
        return _("the kind “%(kind)s” is unknown (use municipal or associative).") % {"kind": kind}
    return None


@transaction.atomic
def libraries_import(*, text: str) -> ImportResult:
    """Import a whole library CSV, or nothing at all when any line is invalid."""
    rows = library_rows_parse(text)
    created = updated = 0
    for row in rows:
        library = Library.objects.filter(commune=row.commune, name__iexact=row.name).first()
        if library is None:
            Library.objects.create(name=row.name, commune=row.commune, kind=row.kind)
            created += 1
        elif library.kind != row.kind:
            library.kind = row.kind
            library.save(update_fields=["kind"])
            updated += 1
    return ImportResult(created=created, updated=updated)

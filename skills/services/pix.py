"""Import of a Pix Orga campaign export (profiles collection): all lines or nothing.

The format is documented in skills/PIX_FORMAT.md. Each participant's level per CRCN
competence becomes a `certified` statement in the LRS, whose listener turns it into
evidence. Statement ids are derived from the content, so importing a file twice
records nothing new.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lrs.models import Statement
from lrs.services import statements_store
from skills.models import Competence
from skills.selectors import framework_current, framework_max_levels
from skills.statements import pix_statement

PIX_FRAMEWORK = "crcn"
LEVEL_PREFIX = "niveau pour la competence"
SHARED_COLUMN = "envoi (o/n)"
DATE_COLUMN = "date de l'envoi"
CAMPAIGN_ID_COLUMN = "id campagne"
CAMPAIGN_CODE_COLUMNS = ("code", "code campagne", "code de la campagne")
CAMPAIGN_NAME_COLUMN = "nom de la campagne"
NOT_AVAILABLE = {"", "na", "n/a", "-"}
NO = {"non", "n", "no"}
BATCH = 500


class PixImportRejected(Exception):
    """A file was refused; `errors` holds one French message per problem, with line numbers."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PixResult:
    """One level of one participant on one competence."""

    line: int
    email: str
    competence: Competence
    level: int
    sent_on: date


@dataclass(frozen=True)
class PixFile:
    """A checked export: its campaign and the results to record."""

    campaign_key: str
    campaign_name: str
    results: tuple[PixResult, ...]
    people: dict[str, AbstractBaseUser]
    not_shared_lines: tuple[int, ...]


@dataclass(frozen=True)
class PixImportResult:
    """What an import recorded."""

    people: int
    recorded: int
    already_imported: int
    not_shared_lines: tuple[int, ...]


@dataclass(frozen=True)
class _Header:
    """Where the useful columns of an export are."""

    email: int
    sent_on: int
    shared: int | None
    levels: dict[int, Competence]
    campaign_id: int | None
    campaign_code: int | None
    campaign_name: int | None


def normalise(text: str) -> str:
    """A header or name without accents, case, curly apostrophes or repeated spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def _line(number: int, message: str) -> str:
    """A message about one line of the file."""
    return _("Line %(line)d: %(message)s") % {"line": number, "message": message}


def _read(text: str) -> list[tuple[int, list[str]]]:
    """The CSV rows with their line numbers (semicolons, as Pix writes them, or commas)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for values in reader:
        rows.append((reader.line_num, [value.strip() for value in values]))
    return rows


def _competence_for(wanted: str, competences: Sequence[Competence]) -> Competence | None:
    """The CRCN competence a (normalised) column label names, by title, or code and title."""
    for competence in competences:
        title = normalise(competence.title)
        if wanted in {title, normalise(f"{competence.code} {competence.title}"), competence.code}:
            return competence
    return None


def _email_column(names: list[str], email_column: str | None) -> int | None:
    """The column of the e-mail: the one named, else the first whose header says "mail"."""
    wanted = normalise(email_column) if email_column else None
    for index, name in enumerate(names):
        if (name == wanted) if wanted else ("mail" in name):
            return index
    return None


def _header(
    values: list[str], competences: Sequence[Competence], email_column: str | None
) -> _Header | list[str]:
    """Locate the columns; return the header or the list of problems."""
    names = [normalise(value) for value in values]
    errors: list[str] = []
    levels: dict[int, Competence] = {}
    for index, name in enumerate(names):
        if name.startswith(LEVEL_PREFIX):
            competence = _competence_for(name[len(LEVEL_PREFIX) :].strip(), competences)
            if competence is None:
                errors.append(
                    _line(
                        1,
                        _("the column “%(name)s” names no CRCN competence.")
                        % {"name": values[index]},
                    )
                )
            else:
                levels[index] = competence
    if not levels and not errors:
        errors.append(
            _line(
                1,
                _(
                    "no “Niveau pour la compétence …” column: this is not the export of a "
                    "Pix profiles-collection campaign."
                ),
            )
        )
    email = _email_column(names, email_column)
    if email is None:
        errors.append(
            _line(
                1,
                _(
                    "no e-mail column: create the campaign with an external identifier "
                    "such as “Adresse e-mail”, or name the column with --email-column."
                ),
            )
        )
    if DATE_COLUMN not in names:
        errors.append(_line(1, _("the column “Date de l'envoi” is missing.")))
    if errors:
        return errors
    code = next((names.index(name) for name in CAMPAIGN_CODE_COLUMNS if name in names), None)
    return _Header(
        email=email,
        sent_on=names.index(DATE_COLUMN),
        shared=names.index(SHARED_COLUMN) if SHARED_COLUMN in names else None,
        levels=levels,
        campaign_id=names.index(CAMPAIGN_ID_COLUMN) if CAMPAIGN_ID_COLUMN in names else None,
        campaign_code=code,
        campaign_name=names.index(CAMPAIGN_NAME_COLUMN) if CAMPAIGN_NAME_COLUMN in names else None,
    )


def _date(value: str) -> date | None:
    """A date written 2025-03-14 (as Pix does) or 14/03/2025."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def _row_results(
    number: int, values: list[str], header: _Header, top: int
) -> tuple[list[PixResult], list[str]]:
    """The results of one participant's line, or its problems."""
    errors = []
    email = _email_of(values, header)
    try:
        validate_email(email)
    except ValidationError:
        errors.append(
            _line(number, _("“%(email)s” is not an e-mail address.") % {"email": email})
            if email
            else _line(number, _("the e-mail address is empty."))
        )
    sent_on = _date(values[header.sent_on])
    if sent_on is None:
        errors.append(
            _line(
                number,
                _("the date “%(value)s” is not a date (expected 2025-03-14).")
                % {"value": values[header.sent_on]},
            )
        )
    results = []
    for index, competence in header.levels.items():
        raw = values[index]
        if raw.lower() in NOT_AVAILABLE:
            continue
        if not re.fullmatch(r"\d+", raw) or int(raw) > top:
            errors.append(
                _line(
                    number,
                    _("the level “%(value)s” for %(code)s is not a whole number from 0 to %(top)d.")
                    % {"value": raw, "code": competence.code, "top": top},
                )
            )
        elif int(raw) > 0 and sent_on is not None:
            results.append(PixResult(number, email, competence, int(raw), sent_on))
    return ([] if errors else results), errors


def _campaign(rows: list[tuple[int, list[str]]], header: _Header) -> tuple[str, str]:
    """The campaign's key (its id, else its code) and name, from the first data line."""
    if not rows:
        return "", ""
    values = rows[0][1]
    key = ""
    for index in (header.campaign_id, header.campaign_code):
        if index is not None and re.fullmatch(r"[A-Za-z0-9-]{1,40}", values[index]):
            key = values[index]
            break
    name = values[header.campaign_name] if header.campaign_name is not None else ""
    return key, name


def pix_file_parse(text: str, *, email_column: str | None = None) -> PixFile:
    """Check a whole export; raise PixImportRejected listing every bad line."""
    framework = framework_current(PIX_FRAMEWORK)
    if framework is None:
        raise PixImportRejected([_("The CRCN framework is not loaded.")])
    competences = list(framework.competences.select_related("framework"))
    top = framework_max_levels([framework.pk]).get(framework.pk, 0)
    rows = [(number, values) for number, values in _read(text) if any(values)]
    if not rows:
        raise PixImportRejected([_("The file is empty.")])
    header = _header(rows[0][1], competences, email_column)
    if isinstance(header, list):
        raise PixImportRejected(header)
    width = len(rows[0][1])
    errors: list[str] = []
    results: list[PixResult] = []
    not_shared: list[int] = []
    line_emails: list[tuple[int, str]] = []
    lines = rows[1:]
    for number, values in lines:
        if len(values) != width:
            errors.append(
                _line(
                    number,
                    _("expected %(expected)d columns, found %(found)d.")
                    % {"expected": width, "found": len(values)},
                )
            )
            continue
        if header.shared is not None and values[header.shared].lower() in NO:
            not_shared.append(number)
            continue
        found, problems = _row_results(number, values, header, top)
        results += found
        errors += problems
        if not problems:
            line_emails.append((number, _email_of(values, header)))
    people = _people(line_emails, errors)
    if errors:
        raise PixImportRejected(sorted(errors, key=_line_order))
    if not lines:
        raise PixImportRejected([_("The file holds no participant.")])
    key, name = _campaign(lines, header)
    return PixFile(key, name, tuple(results), people, tuple(not_shared))


def _email_of(values: list[str], header: _Header) -> str:
    """The e-mail of a line, as the platform stores it."""
    return values[header.email].replace(" ", "").lower()


def _people(line_emails: list[tuple[int, str]], errors: list[str]) -> dict[str, AbstractBaseUser]:
    """The platform users the e-mails designate; an error for each line matching nobody."""
    emails = {email for _number, email in line_emails}
    people = {
        user.email.lower(): user for user in get_user_model().objects.filter(email__in=emails)
    }
    for number, email in line_emails:
        if email not in people:
            errors.append(
                _line(
                    number,
                    _("nobody on the platform has the e-mail address “%(email)s”.")
                    % {"email": email},
                )
            )
    return people


def _line_order(message: str) -> int:
    """Sort messages by the line number they start with."""
    match = re.search(r"\d+", message)
    return int(match.group()) if match else 0


@transaction.atomic
def pix_import(*, text: str, email_column: str | None = None) -> PixImportResult:
    """Import a Pix campaign export: every result as a certified statement, or nothing."""
    parsed = pix_file_parse(text, email_column=email_column)
    zone = ZoneInfo(settings.TIME_ZONE)
    statements = [
        pix_statement(
            user=parsed.people[result.email],
            competence=result.competence,
            level=result.level,
            sent_at=datetime.combine(result.sent_on, time(12, 0), tzinfo=zone),
            campaign_key=parsed.campaign_key,
            campaign_name=parsed.campaign_name,
            email=result.email,
        )
        for result in parsed.results
    ]
    unique = list({item["id"]: item for item in statements}.values())
    known: set[str] = set()
    for start in range(0, len(unique), BATCH):
        ids = [item["id"] for item in unique[start : start + BATCH]]
        known |= {
            str(value)
            for value in Statement.objects.filter(statement_id__in=ids).values_list(
                "statement_id", flat=True
            )
        }
    fresh = [item for item in unique if item["id"] not in known]
    for start in range(0, len(fresh), BATCH):
        statements_store(payload=fresh[start : start + BATCH])
    return PixImportResult(
        people=len({result.email for result in parsed.results}),
        recorded=len(fresh),
        already_imported=len(unique) - len(fresh),
        not_shared_lines=parsed.not_shared_lines,
    )

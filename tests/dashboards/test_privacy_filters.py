"""No single person can be singled out: whatever the filters, from everything the pages show.

Hypothesis draws people, evidence and completions, then filter combinations (period,
framework competence, provenance, level). For each, the network team's pages (MEL, both
communes, every library) are read as a reader would, and checked against the truth
recomputed here from the evidence and the statements:
- every figure shown covers 5 people or more and is right; "< 5" hides fewer than 5;
- on every relation a reader knows (a row's levels add up to its agents, libraries add
  up to their commune and communes to the MEL, months add up to the period), no withheld
  figure can be worked out (interval reasoning, as an attacker would), and the withheld
  part never holds 1 to 4 people;
- two periods one month apart never give a withheld month by difference.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboards.months import add_months, current_month, month_of
from lrs.models import Statement
from lrs.vocabulary import ActivityType, Verb
from organizations.models import Membership
from skills.models import Evidence
from tests.dashboards.conftest import COMMUNES, user_with_role
from tests.dashboards.factories import agent_at, completion_record, digcomp, evidence_record
from tests.dashboards.html_tables import page_tables

pytestmark = pytest.mark.django_db
CODES = ("1.1", "4.2")
TRACKS = ("validated", "online", "in_person", "declared", "certified")
INF = math.inf


@dataclass(frozen=True)
class Shown:
    """A figure as read on a page: its status and, when shown, its value."""

    status: str  # "shown", "small", "secret", "none"
    value: float | None = None


def read(text: str) -> Shown:
    """Parse one cell of a page."""
    text = text.replace("\u202f", " ").replace("\xa0", " ").strip()
    if text == "< 5":
        return Shown("small")
    if text == "s":
        return Shown("secret")
    if text in ("", "–"):
        return Shown("none")
    if text.startswith("≥"):
        return Shown("atleast", int(text.lstrip("≥ ").replace(" ", "")))
    if text.endswith("%"):
        return Shown("shown", float(text.rstrip(" %")) / 100)
    return Shown("shown", int(text.replace(" ", "")))


def check_figure(shown: Shown, value: int, people: int, *, where: str) -> None:
    """A shown figure is true and covers 5 people or more; "< 5" hides fewer than 5."""
    if shown.status == "shown":
        assert shown.value == value, f"{where}: shows {shown.value}, truth {value}"
        assert people >= 5, f"{where}: shows a figure of {people} people"
    elif shown.status == "small":
        assert people < 5, f"{where}: '< 5' over {people} people"
    elif shown.status == "atleast":
        assert shown.value <= value, f"{where}: at least {shown.value}, truth {value}"


class Attacker:
    """Everything the pages show, and what a reader can work out from it by difference.

    Cells are registered under a key (the same figure on two pages must be shown the same
    way); lines say that members add up to a total. `solve` pins withheld values by interval
    reasoning, line after line, feeding every value found back in, until nothing changes."""

    def __init__(self) -> None:
        self.cells: dict[tuple, tuple[Shown, int, int, bool]] = {}
        self.lines: list[tuple[list[tuple], tuple, str]] = []

    def cell(
        self, key: tuple, shown: Shown, value: int, people: int, *, events: bool, where: str
    ) -> None:
        """Register a figure as shown on a page, with its truth."""
        check_figure(shown, value, people, where=where)
        if key in self.cells:
            seen = self.cells[key][0]
            assert (seen.status, seen.value) == (shown.status, shown.value), (
                f"{where}: shown as {shown} here, {seen} on another page"
            )
        self.cells[key] = (shown, value, people, events)

    def line(self, members: list[tuple], total: tuple, where: str) -> None:
        """Register that `members` add up to `total`."""
        self.lines.append((members, total, where))

    def _bounds(self, key: tuple, known: dict[tuple, float]) -> tuple[float, float]:
        if key in known:
            return (known[key], known[key])
        shown, _value, _people, events = self.cells[key]
        if shown.status == "small":
            return (0, INF if events else 4)
        if shown.status == "atleast":
            return (shown.value, INF)
        return (5, INF)

    def solve(self) -> None:
        """Pin what can be pinned; no figure of 1 to 4 people may come out, nor such a rest."""
        known = {
            key: cell[0].value for key, cell in self.cells.items() if cell[0].status == "shown"
        }
        changed = True
        while changed:
            changed = False
            for members, total, where in self.lines:
                terms = [(1, key) for key in members] + [(-1, total)]
                for index, (sign, key) in enumerate(terms):
                    if key in known:
                        continue
                    low_rest = high_rest = 0.0
                    for other, (other_sign, other_key) in enumerate(terms):
                        if other == index:
                            continue
                        low, high = self._bounds(other_key, known)
                        low_rest += other_sign * (low if other_sign > 0 else high)
                        high_rest += other_sign * (high if other_sign > 0 else low)
                    low, high = self._bounds(key, known)
                    # sign * x + rest = 0
                    if sign > 0:
                        lowest, highest = max(low, -high_rest), min(high, -low_rest)
                    else:
                        lowest, highest = max(low, low_rest), min(high, high_rest)
                    if not (math.isinf(lowest) or math.isinf(highest)) and lowest == highest:
                        truth = self.cells[key][1]
                        assert highest == truth, f"{where}: worked out {highest}, truth {truth}"
                        people = self.cells[key][2]
                        assert people == 0 or people >= 5, f"{where}: {people} people worked out"
                        known[key] = highest
                        changed = True
        for members, total, where in self.lines:
            if total in known:
                rest = sum(self.cells[key][2] for key in members if key not in known)
                assert rest == 0 or rest >= 5, f"{where}: {rest} people by difference"


def truth_levels(month, track: str) -> dict[tuple[int, int], int]:
    """(user, competence) → level at the end of `month` for a track, from the evidence."""
    levels: dict[tuple[int, int], int] = {}
    rows = Evidence.objects.order_by("observed_at", "statement_id").values_list(
        "user_id", "competence_id", "level", "provenance", "observed_at"
    )
    for user_id, competence_id, level, provenance, observed_at in rows:
        if month_of(observed_at) > month:
            continue
        key = (user_id, competence_id)
        if track == "declared":
            if provenance == "declared":
                levels[key] = level
        elif provenance != "declared" and (track == "validated" or provenance == track):
            levels[key] = max(levels.get(key, 0), level)
    return levels


def truth_activity() -> dict[tuple[int, object], int]:
    """(user, month) → path completions, from the statements."""
    found: dict[tuple[int, object], int] = defaultdict(int)
    rows = Statement.objects.filter(
        verb_iri=Verb.COMPLETED,
        is_voided=False,
        user__isnull=False,
        data__object__definition__type=ActivityType.COURSE,
    ).values_list("user_id", "timestamp_at")
    for user_id, moment in rows:
        found[(user_id, month_of(moment))] += 1
    return found


PEOPLE = st.lists(
    st.tuples(
        st.integers(0, 3),  # library
        st.lists(
            st.tuples(
                st.sampled_from(CODES),
                st.integers(0, 6),
                st.sampled_from(["online", "in_person", "declared", "certified"]),
                st.integers(0, 3),
            ),
            max_size=3,
        ),
        st.lists(st.integers(0, 3), max_size=2),  # completions, months ago
    ),
    min_size=4,
    max_size=22,
)
FILTERS = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.sampled_from([None, *CODES]),
        st.sampled_from(TRACKS),
        st.integers(1, 6),
    ),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=PEOPLE, filter_sets=FILTERS)
def test_no_single_person_can_be_singled_out_through_filters(client, network, people, filter_sets):
    """Across filter combinations and pages, nothing shown singles out fewer than 5 people."""
    with transaction.atomic():
        _run(client, network, people, filter_sets)
        transaction.set_rollback(True)


def _run(client, network, people, filter_sets) -> None:
    libraries = [library for code in COMMUNES for library in network.libraries[code]]
    now = timezone.now()
    Membership.objects.filter(role=Membership.Role.AGENT).delete()  # start from empty libraries
    for library_index, evidence, completions in people:
        person = agent_at(libraries[library_index])
        for code, level, provenance, ago in evidence:
            if level == 0 and provenance != "declared":
                level = 1
            evidence_record(
                person,
                digcomp(code),
                level=level,
                provenance=provenance,
                when=now - timedelta(days=31 * ago),
            )
        for ago in completions:
            completion_record(person, when=now - timedelta(days=31 * ago))
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    commune_of = {library.pk: library.commune.insee_code for library in libraries}
    completions = truth_activity()
    for first_offset, code, track, level in filter_sets:
        last = current_month()
        first = add_months(last, -first_offset - 1)
        competence = digcomp(code) if code else None
        query = {
            "du": f"{first:%Y-%m}",
            "au": f"{last:%Y-%m}",
            "provenance": track,
            "niveau": level,
        }
        if competence:
            query["competence"] = competence.pk
        later = {**query, "du": f"{add_months(first, 1):%Y-%m}"}
        pages = {
            "mel": page_tables(
                client.get(reverse("dashboards:metropolis"), query).content.decode()
            ),
            **{
                code_: page_tables(
                    client.get(reverse("dashboards:commune", args=[code_]), query).content.decode()
                )
                for code_ in COMMUNES
            },
            **{
                library.pk: page_tables(
                    client.get(
                        reverse("dashboards:library", args=[library.pk]), query
                    ).content.decode()
                )
                for library in libraries
            },
        }
        later_pages = {
            code_: page_tables(
                client.get(reverse("dashboards:commune", args=[code_]), later).content.decode()
            )
            for code_ in COMMUNES
        }
        levels = truth_levels(last, track)
        _check_levels(pages, levels, libraries, competence, where=str(query))
        months = [
            add_months(first, step)
            for step in range((last.year - first.year) * 12 + last.month - first.month + 1)
        ]
        _check_activity(pages, completions, libraries, months, where=str(query))
        _check_periods(
            pages, later_pages, completions, commune_of, libraries, first, where=str(query)
        )


def _level_row(table: list[list[str]], code: str) -> dict[str, Shown]:
    header = table[0]
    row = next(row for row in table if row[0].startswith(f"{code} "))
    return {label: read(text) for label, text in zip(header[1:], row[1:], strict=True)}


def _people_of(key) -> list[int]:
    """The people counted in a library (its id), a commune (its INSEE code) or the MEL."""
    rows = Membership.objects.filter(library__isnull=False)
    if key in COMMUNES:
        rows = rows.filter(library__commune__insee_code=key)
    elif key != "mel":
        rows = rows.filter(library_id=key)
    return list(rows.values_list("user_id", flat=True))


LEVEL_LABELS = ("Aucun niveau", *(f"Niveau {number}" for number in range(1, 9)))


def _check_levels(pages, levels, libraries, competence, *, where) -> None:
    """Level rows of every page, their sums, and libraries → commune → MEL."""
    attacker = Attacker()
    places = [*(library.pk for library in libraries), *COMMUNES, "mel"]
    for code in [competence.code] if competence else list(CODES):
        competence_id = digcomp(code).pk
        for key in places:
            people = _people_of(key)
            row = _level_row(pages[key]["niveaux"], code)
            attacker.cell(
                ("staff", key),
                row["Agents"],
                len(people),
                len(people),
                events=False,
                where=f"{where} {key} agents",
            )
            members = []
            for number, label in enumerate(LEVEL_LABELS):
                truth = sum(1 for user in people if levels.get((user, competence_id), 0) == number)
                cell = ("level", key, code, number)
                attacker.cell(
                    cell,
                    row[label],
                    truth,
                    truth,
                    events=False,
                    where=f"{where} {key} {code} {label}",
                )
                members.append(cell)
            attacker.line(members, ("staff", key), f"{where} {key} {code} row")
        for number in range(len(LEVEL_LABELS)):
            for insee in COMMUNES:
                children = [
                    ("level", lib.pk, code, number)
                    for lib in libraries
                    if lib.commune.insee_code == insee
                ]
                attacker.line(
                    children, ("level", insee, code, number), f"{where} {insee} {code} {number}"
                )
            attacker.line(
                [("level", insee, code, number) for insee in COMMUNES],
                ("level", "mel", code, number),
                f"{where} MEL {code} {number}",
            )
    for insee in COMMUNES:
        attacker.line(
            [("staff", lib.pk) for lib in libraries if lib.commune.insee_code == insee],
            ("staff", insee),
            f"{where} {insee} staff",
        )
    attacker.line([("staff", insee) for insee in COMMUNES], ("staff", "mel"), f"{where} MEL staff")
    attacker.solve()


def _check_activity(pages, completions, libraries, months, *, where) -> None:
    """Monthly completions of every page, libraries → commune → MEL, month by month."""
    attacker = Attacker()
    users_of = {key: _people_of(key) for key in [*(lib.pk for lib in libraries), *COMMUNES, "mel"]}
    for index, month in enumerate(months):
        for key, table in [
            *((lib.pk, "progression") for lib in libraries),
            *((insee, "progression") for insee in COMMUNES),
            ("mel", "tendances"),
        ]:
            values = [completions.get((user, month), 0) for user in users_of[key]]
            shown = read(pages[key][table][1 + index][1])
            attacker.cell(
                ("done", key, index),
                shown,
                sum(values),
                sum(1 for v in values if v),
                events=True,
                where=f"{where} {key} {month}",
            )
        for insee in COMMUNES:
            attacker.line(
                [("done", lib.pk, index) for lib in libraries if lib.commune.insee_code == insee],
                ("done", insee, index),
                f"{where} {insee} {month}",
            )
        attacker.line(
            [("done", insee, index) for insee in COMMUNES],
            ("done", "mel", index),
            f"{where} MEL {month}",
        )
    attacker.solve()


def _check_periods(pages, later_pages, completions, commune_of, libraries, first, *, where) -> None:
    """Two periods one month apart: their difference is a month that is shown or empty."""
    for insee in COMMUNES:
        table, later = pages[insee]["bibliotheques"], later_pages[insee]["bibliotheques"]
        column = table[0].index("Parcours terminés")
        months = pages[insee]["progression"]
        first_month = read(months[1][1])
        for row, row_later in zip(table[1:], later[1:], strict=True):
            whole, part = read(row[column]), read(row_later[column])
            if whole.status == "shown" and part.status == "shown" and whole.value != part.value:
                if row[0] == "Toute la commune":
                    assert first_month.status == "shown", (
                        f"{where}: {insee} first month by difference"
                    )
                else:
                    library = next(lib for lib in libraries if lib.name == row[0])
                    shown = read(pages[library.pk]["progression"][1][1])
                    assert shown.status == "shown", (
                        f"{where}: library {library.pk} first month by difference"
                    )

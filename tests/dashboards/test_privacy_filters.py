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
    if text.endswith("%"):
        return Shown("shown", float(text.rstrip(" %")) / 100)
    return Shown("shown", int(text.replace(" ", "")))


def check_line(
    members: list[tuple[Shown, int, int]],
    total: tuple[Shown, int, int],
    *,
    events: bool,
    where: str,
) -> None:
    """An attacker's view of `sum(members) == total`: no withheld value pinned, no small rest.

    Each item is (what the page shows, true value, true people)."""

    def bounds(shown: Shown) -> tuple[float, float]:
        if shown.status == "shown":
            return (shown.value, shown.value)
        if shown.status == "small":
            return (0, INF if events else 4)
        return (5, INF)

    unknowns = [(1, item) for item in members if item[0].status != "shown"]
    if total[0].status != "shown":
        unknowns.append((-1, total))
    if not unknowns:
        return
    known = sum(item[0].value for item in members if item[0].status == "shown")
    target = (total[0].value - known) if total[0].status == "shown" else -known
    if total[0].status == "shown":
        hidden_people = sum(item[2] for item in members if item[0].status != "shown")
        assert hidden_people == 0 or hidden_people >= 5, (
            f"{where}: {hidden_people} people by difference"
        )
    for index, (sign, item) in enumerate(unknowns):
        low_rest = high_rest = 0.0
        for other, (other_sign, other_item) in enumerate(unknowns):
            if other == index:
                continue
            low, high = bounds(other_item[0])
            low_rest += other_sign * (low if other_sign > 0 else high)
            high_rest += other_sign * (high if other_sign > 0 else low)
        low, high = bounds(item[0])
        if sign > 0:
            lowest, highest = max(low, target - high_rest), min(high, target - low_rest)
        else:
            lowest, highest = max(low, low_rest - target), min(high, high_rest - target)
        if not (math.isinf(lowest) or math.isinf(highest)) and lowest == highest:
            assert highest == 0, f"{where}: a withheld figure is pinned at {highest}"


def check_figure(shown: Shown, value: int, people: int, *, where: str) -> None:
    """A shown figure is true and covers 5 people or more; "< 5" hides fewer than 5."""
    if shown.status == "shown":
        assert shown.value == value, f"{where}: shows {shown.value}, truth {value}"
        assert people >= 5, f"{where}: shows a figure of {people} people"
    elif shown.status == "small":
        assert people < 5, f"{where}: '< 5' over {people} people"


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
    staff = {
        library.pk: Membership.objects.filter(library=library).count() for library in libraries
    }
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
        _check_levels(pages, levels, staff, commune_of, libraries, competence, where=str(query))
        months = [
            add_months(first, step)
            for step in range((last.year - first.year) * 12 + last.month - first.month + 1)
        ]
        _check_activity(pages, completions, staff, commune_of, libraries, months, where=str(query))
        _check_periods(
            pages, later_pages, completions, commune_of, libraries, first, where=str(query)
        )


def _level_row(table: list[list[str]], code: str) -> dict[str, Shown]:
    header = table[0]
    row = next(row for row in table if row[0].startswith(f"{code} "))
    return {label: read(text) for label, text in zip(header[1:], row[1:], strict=True)}


def _check_levels(pages, levels, staff, commune_of, libraries, competence, *, where) -> None:
    codes = [competence.code] if competence else list(CODES)
    for code in codes:
        competence_id = digcomp(code).pk
        lines: dict[str, list] = {}
        for label in ("Aucun niveau", *(f"Niveau {n}" for n in range(1, 9))):
            number = 0 if label == "Aucun niveau" else int(label.split()[-1])
            members_by_commune: dict[str, list] = defaultdict(list)
            for library in libraries:
                people_here = [
                    user
                    for user in Membership.objects.filter(library=library).values_list(
                        "user_id", flat=True
                    )
                ]
                truth = sum(
                    1 for user in people_here if levels.get((user, competence_id), 0) == number
                )
                row = _level_row(pages[library.pk]["niveaux"], code)
                check_figure(
                    row[label], truth, truth, where=f"{where} library {library.pk} {code} {label}"
                )
                members_by_commune[commune_of[library.pk]].append((row[label], truth, truth))
            communes = []
            for insee, members in members_by_commune.items():
                truth = sum(item[1] for item in members)
                row = _level_row(pages[insee]["niveaux"], code)
                check_figure(
                    row[label], truth, truth, where=f"{where} commune {insee} {code} {label}"
                )
                check_line(
                    members,
                    (row[label], truth, truth),
                    events=False,
                    where=f"{where} {insee} {code} {label}",
                )
                communes.append((row[label], truth, truth))
            mel_truth = sum(item[1] for item in communes)
            mel = _level_row(pages["mel"]["niveaux"], code)[label]
            check_figure(mel, mel_truth, mel_truth, where=f"{where} MEL {code} {label}")
            check_line(
                communes,
                (mel, mel_truth, mel_truth),
                events=False,
                where=f"{where} MEL {code} {label}",
            )
            lines[label] = communes
        # Each place's row: its levels add up to its agents.
        for key in [*(library.pk for library in libraries), *COMMUNES, "mel"]:
            row = _level_row(pages[key]["niveaux"], code)
            if key == "mel":
                people_here = list(
                    Membership.objects.filter(library__in=libraries).values_list(
                        "user_id", flat=True
                    )
                )
            elif key in COMMUNES:
                people_here = list(
                    Membership.objects.filter(library__commune__insee_code=key).values_list(
                        "user_id", flat=True
                    )
                )
            else:
                people_here = list(
                    Membership.objects.filter(library_id=key).values_list("user_id", flat=True)
                )
            members = []
            for label, cell in row.items():
                if label.startswith("Niveau ") or label == "Aucun niveau":
                    number = 0 if label == "Aucun niveau" else int(label.split()[-1])
                    truth = sum(
                        1
                        for user in people_here
                        if levels.get((user, digcomp(code).pk), 0) == number
                    )
                    members.append((cell, truth, truth))
            total = len(people_here)
            check_figure(row["Agents"], total, total, where=f"{where} {key} agents")
            check_line(
                members,
                (row["Agents"], total, total),
                events=False,
                where=f"{where} {key} {code} row",
            )


def _check_activity(pages, completions, staff, commune_of, libraries, months, *, where) -> None:
    def place_truth(users: list[int], month) -> tuple[int, int]:
        values = [completions.get((user, month), 0) for user in users]
        return sum(values), sum(1 for value in values if value)

    users_of = {
        library.pk: list(
            Membership.objects.filter(library=library).values_list("user_id", flat=True)
        )
        for library in libraries
    }
    for index, month in enumerate(months):
        by_commune: dict[str, list] = defaultdict(list)
        for library in libraries:
            shown = read(pages[library.pk]["progression"][1 + index][1])
            value, people = place_truth(users_of[library.pk], month)
            check_figure(shown, value, people, where=f"{where} library {library.pk} {month}")
            by_commune[commune_of[library.pk]].append((shown, value, people))
        communes = []
        for insee, members in by_commune.items():
            shown = read(pages[insee]["progression"][1 + index][1])
            value, people = sum(item[1] for item in members), sum(item[2] for item in members)
            check_figure(shown, value, people, where=f"{where} commune {insee} {month}")
            check_line(
                members, (shown, value, people), events=True, where=f"{where} {insee} {month}"
            )
            communes.append((shown, value, people))
        shown = read(pages["mel"]["tendances"][1 + index][1])
        value, people = sum(item[1] for item in communes), sum(item[2] for item in communes)
        check_figure(shown, value, people, where=f"{where} MEL {month}")
        check_line(communes, (shown, value, people), events=True, where=f"{where} MEL {month}")


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

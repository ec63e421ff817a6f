"""Named people and their records, for coordinators and library heads only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from dashboards.charts import month_label
from dashboards.forms import Filters
from dashboards.models import PersonActivityMonth, PersonLevelStep
from dashboards.selectors.access import AnyUser
from dashboards.selectors.building import track_label
from dashboards.tables import Column, Table
from organizations.models import Library, Membership
from organizations.selectors import visible_people


def people_of(viewer: AnyUser, libraries: Sequence[Library]) -> QuerySet:
    """The people of some libraries that a viewer may see, by name."""
    members = Membership.objects.filter(
        library__in=[library.pk for library in libraries], role__in=Membership.LIBRARY_ROLES
    ).values("user_id")
    return (
        visible_people(viewer).filter(pk__in=members).order_by("last_name", "first_name", "email")
    )


def people_table(users: Sequence, libraries: Sequence[Library], filters: Filters) -> Table:
    """One row per person: library, level on each competence at the end, activity in the period."""
    user_ids = [user.pk for user in users]
    competences = filters.shown_competences
    levels: dict[tuple[int, int], int] = {}
    steps = (
        PersonLevelStep.objects.filter(
            user_id__in=user_ids,
            competence_id__in=[competence.pk for competence in competences],
            track=filters.track,
            month_on__lte=filters.last_month,
        )
        .order_by("month_on")
        .values_list("user_id", "competence_id", "level")
    )
    for user_id, competence_id, level in steps:
        levels[(user_id, competence_id)] = level
    activity = {
        row["user_id"]: (row["completions"] or 0, row["attendances"] or 0)
        for row in PersonActivityMonth.objects.filter(
            user_id__in=user_ids,
            month_on__gte=filters.first_month,
            month_on__lte=filters.last_month,
        )
        .values("user_id")
        .annotate(completions=Sum("completions"), attendances=Sum("attendances"))
        .order_by()
    }
    names = {library.pk: library.name for library in libraries}
    places: dict[int, list[str]] = defaultdict(list)
    for user_id, library_id in (
        Membership.objects.filter(user_id__in=user_ids, library_id__in=list(names))
        .order_by("pk")
        .values_list("user_id", "library_id")
    ):
        if names[library_id] not in places[user_id]:
            places[user_id].append(names[library_id])
    columns = (
        Column(_("Person"), is_numeric=False),
        Column(_("Library"), is_numeric=False),
        *(Column(competence.code) for competence in competences),
        Column(_("Path completions")),
        Column(_("Workshop attendance")),
    )
    rows = []
    for user in users:
        completions, attendances = activity.get(user.pk, (0, 0))
        rows.append(
            (
                user.display_name,
                ", ".join(places[user.pk]),
                *(levels.get((user.pk, competence.pk)) for competence in competences),
                completions,
                attendances,
            )
        )
    title = _("People: level at the end of %(month)s (%(track)s), activity in the period") % {
        "month": month_label(filters.last_month),
        "track": track_label(filters.track),
    }
    note = _("An empty level means no evidence yet on that competence.")
    return Table("personnes", title, columns, tuple(rows), note=note)

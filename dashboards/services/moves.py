"""Moving a person's summaries when their home library changes (a membership listener).

A person counts in the library they joined first. When their memberships change, their
level steps and person-months still counted in another place move to the new home (or
out of every place, when they no longer belong to a library): their old figures leave the
old places and go to the new ones, so the tables equal a rebuild at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dashboards.models import PersonLevelStep
from dashboards.selectors.homes import homes_for, stored_home
from dashboards.services.activity import activity_rehome
from dashboards.services.levels import levels_refresh


@transaction.atomic(savepoint=False)
def people_rehome(*, user_ids: Iterable[int]) -> int:
    """Move some people's summaries to their current home; return the pairs and months moved."""
    users = sorted(set(user_ids))
    if not users:
        return 0
    homes = homes_for(users)
    rows = (
        PersonLevelStep.objects.filter(user_id__in=users)
        .values_list("user_id", "competence_id", "library_id", "commune_id")
        .distinct()
    )
    pairs = {
        (user_id, competence_id)
        for user_id, competence_id, library_id, commune_id in rows
        if stored_home(library_id, commune_id) != homes.get(user_id)
    }
    # Levels first, then activity: the order of a statement write (skills' listener runs
    # before the dashboards' one), so both take the summaries lock, then the `LevelCount`
    # rows, then the person-months and the `ActivityCount` rows, in the same order.
    moved = levels_refresh(pairs=pairs) if pairs else 0
    return moved + activity_rehome(homes=homes, user_ids=users)

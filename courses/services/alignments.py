"""The competences a path targets, published to the skills app as alignments."""

from __future__ import annotations

from django.db import transaction

from courses.activities import path_iri
from courses.models import TrainingPathPage
from skills.models import Alignment
from skills.services import alignments_set


@transaction.atomic
def path_alignments_sync(*, path: TrainingPathPage) -> list[Alignment]:
    """Replace the path's alignments with its published target competences."""
    items = [
        (link.competence, link.level)
        for link in path.target_competences.select_related("competence").order_by("sort_order")
    ]
    return alignments_set(activity_iri=path_iri(path.pk), items=items)

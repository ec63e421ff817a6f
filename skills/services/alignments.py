"""Writes of alignments: which competences, at which level, an activity serves."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skills.models import Alignment, Competence
from skills.selectors import framework_max_levels


@transaction.atomic
def alignments_set(
    *, activity_iri: str, items: Sequence[tuple[Competence, int]]
) -> list[Alignment]:
    """Replace an activity's alignments; re-derive its evidence when they changed."""
    from skills.tasks import activity_evidence_refresh_task  # tasks import the services

    activity_iri = activity_iri.strip()
    if not activity_iri:
        raise ValidationError(_("An alignment needs an activity IRI."))
    wanted: dict[int, tuple[Competence, int]] = {}
    for competence, level in items:
        if competence.pk in wanted:
            raise ValidationError(
                _("The competence %(code)s appears twice.") % {"code": competence.code}
            )
        wanted[competence.pk] = (competence, level)
    tops = framework_max_levels({competence.framework_id for competence, _level in wanted.values()})
    for competence, level in wanted.values():
        top = tops.get(competence.framework_id, 0)
        if not 1 <= level <= top:
            raise ValidationError(
                _("Level %(level)s is outside 1–%(top)s for the competence %(code)s.")
                % {"level": level, "top": top, "code": competence.code}
            )
    existing = {
        row.competence_id: row for row in Alignment.objects.filter(activity_iri=activity_iri)
    }
    changed = False
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    if stale:
        Alignment.objects.filter(pk__in=stale).delete()
        changed = True
    result = []
    for competence_id, (competence, level) in wanted.items():
        row = existing.get(competence_id)
        if row is None:
            row = Alignment(activity_iri=activity_iri, competence=competence, level=level)
            row.full_clean()
            row.save()
            changed = True
        elif row.level != level:
            row.level = level
            row.save(update_fields=["level"])
            changed = True
        result.append(row)
    if changed:
        activity_evidence_refresh_task.delay_on_commit(activity_iri)
    return result

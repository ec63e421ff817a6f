"""Counts of patrons at public mediation sessions: numbers by theme, age band, autonomy."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import PublicAttendanceCount, Session
from workshops.models.public import MAX_COUNT
from workshops.permissions import can_train
from workshops.selectors import kits_of

# (kit page id or None for general help, age band, autonomy level)
CountKey = tuple[int | None, str, str]


class CountsRefused(Exception):
    """Counts that cannot be recorded; `reason` explains it to people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_counts(session: Session, counts: Mapping[CountKey, int]) -> None:
    """Refuse unknown themes, age bands or autonomy levels, and impossible numbers."""
    kit_ids = set(kits_of(session.workshop).values_list("pk", flat=True))
    age_bands = set(PublicAttendanceCount.AgeBand.values)
    autonomy_levels = set(PublicAttendanceCount.Autonomy.values)
    for (kit_id, age_band, autonomy), count in counts.items():
        if kit_id is not None and kit_id not in kit_ids:
            raise CountsRefused(_("This theme is not one of the workshop’s kits."))
        if age_band not in age_bands or autonomy not in autonomy_levels:
            raise CountsRefused(_("Unknown age band or autonomy level."))
        if not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
            raise CountsRefused(
                _("Each count must be a whole number between 0 and %(max)d.") % {"max": MAX_COUNT}
            )


@transaction.atomic
def public_counts_record(
    *,
    session: Session,
    counts: Mapping[CountKey, int],
    recorded_by: AbstractBaseUser,
    now: datetime | None = None,
) -> list[PublicAttendanceCount]:
    """Replace the counts of a public session (zeros are not stored)."""
    if not can_train(recorded_by, session):
        raise CountsRefused(_("Only the session’s trainers may record its counts."))
    locked = Session.objects.select_for_update().select_related("workshop").get(pk=session.pk)
    if not locked.is_public:
        raise CountsRefused(_("Staff sessions record attendance by name, not counts."))
    if locked.status == Session.Status.CANCELLED:
        raise CountsRefused(_("This session has been cancelled."))
    if locked.starts_at and timezone.localdate(now or timezone.now()) < timezone.localdate(
        locked.starts_at
    ):
        raise CountsRefused(_("Counts can be recorded from the day of the session."))
    _check_counts(locked, counts)
    PublicAttendanceCount.objects.filter(session=locked).delete()
    rows = PublicAttendanceCount.objects.bulk_create(
        [
            PublicAttendanceCount(
                session=locked, kit_id=kit_id, age_band=age_band, autonomy=autonomy, count=count
            )
            for (kit_id, age_band, autonomy), count in sorted(
                counts.items(), key=lambda item: (item[0][0] or 0, item[0][1], item[0][2])
            )
            if count
        ]
    )
    Session.objects.filter(pk=locked.pk).update(public_counts_recorded_at=now or timezone.now())
    return rows

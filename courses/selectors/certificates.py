"""The certificates of finished paths (issued by the certificates app)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.http import urlencode

from certificates.models import Certificate
from certificates.selectors import can_hand_over, certificates_of
from courses.models import TrainingPathPage
from courses.selectors.progress import AnyUser


def achievement_key(path_id: int) -> str:
    """The certificates app's key of a path's achievement."""
    return f"path:{path_id}"


def path_certificate(user: AnyUser, path: TrainingPathPage) -> Certificate | None:
    """The learner's certificate for a path, if issued."""
    return certificates_of(user).filter(achievement_key=achievement_key(path.pk)).first()


def path_certificates(user: AnyUser, path_ids: Iterable[int]) -> dict[int, Certificate]:
    """The learner's certificates for these paths, by path id."""
    keys = {achievement_key(pk): pk for pk in path_ids}
    rows = certificates_of(user).filter(achievement_key__in=keys)
    return {keys[row.achievement_key]: row for row in rows}


def path_hand_over_url(user: AnyUser, path: TrainingPathPage) -> str | None:
    """Where a trainer or supervisor hands over this path's certificates (None for others)."""
    if not can_hand_over(user):
        return None
    query = urlencode({"achievement": achievement_key(path.pk)})
    return f"{reverse('certificates:manage')}?{query}"

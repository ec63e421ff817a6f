"""Reads of the LRS used by the platform (progress, evidence, dashboards)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from lrs.models import OutboxEntry, Statement


def statements_of_user(
    user: AbstractBaseUser,
    *,
    activity_iris: Iterable[str] | None = None,
    verbs: Iterable[str] | None = None,
) -> QuerySet[Statement]:
    """A user's statements that are not voided, optionally about given activities/verbs."""
    queryset = Statement.objects.filter(user=user, is_voided=False, is_voiding=False)
    if activity_iris is not None:
        queryset = queryset.filter(activity_iri__in=list(activity_iris))
    if verbs is not None:
        queryset = queryset.filter(verb_iri__in=list(verbs))
    return queryset.order_by("stored_at", "seq")


def outbox_backlog() -> QuerySet[OutboxEntry]:
    """Statements not yet forwarded to the external LRS, oldest first."""
    return OutboxEntry.objects.filter(sent_at__isnull=True).order_by("pk")

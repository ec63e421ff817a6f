"""Reads of the LRS: platform statements, documents, activities, agents, the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from lrs.models import (
    ActivityDefinition,
    ActorIdentity,
    Document,
    OutboxEntry,
    Statement,
    iri_hash,
    key_hash,
)
from lrs.services.documents import DocumentScope
from lrs.xapi.helpers import actor_ifi
from lrs.xapi.models import Agent, Group


def statements_of_user(
    user: AbstractBaseUser,
    *,
    activity_iris: Iterable[str] | None = None,
    verbs: Iterable[str] | None = None,
) -> QuerySet[Statement]:
    """A user's statements that are not voided, optionally about given activities/verbs."""
    queryset = Statement.objects.filter(user=user, is_voided=False, is_voiding=False)
    if activity_iris is not None:
        iris = list(activity_iris)
        queryset = queryset.filter(
            activity_hash__in=[iri_hash(iri) for iri in iris], activity_iri__in=iris
        )
    if verbs is not None:
        verb_list = list(verbs)
        queryset = queryset.filter(
            verb_hash__in=[iri_hash(verb) for verb in verb_list], verb_iri__in=verb_list
        )
    return queryset.order_by("stored_at", "seq")


def document_get(scope: DocumentScope, document_id: str) -> Document | None:
    """One document of a scope, or None."""
    return Document.objects.filter(
        scope_key=scope.scope_key, document_key=scope.document_key(document_id)
    ).first()


def document_ids(scope: DocumentScope, *, since: datetime | None = None) -> list[str]:
    """The ids of a scope's documents (changed after `since`), oldest change first."""
    queryset = Document.objects.filter(scope_key=scope.scope_key)
    if scope.registration is not None:
        queryset = queryset.filter(registration=scope.registration)
    if since is not None:
        queryset = queryset.filter(updated_at__gt=since)
    ids = queryset.order_by("updated_at", "pk").values_list("document_id", flat=True)
    return list(dict.fromkeys(ids))


def activity_object(activity_iri: str) -> dict[str, Any]:
    """The canonical Activity object the LRS knows for an IRI (just the id when unknown)."""
    found: dict[str, Any] = {"objectType": "Activity", "id": activity_iri}
    definition = (
        ActivityDefinition.objects.filter(iri_key=key_hash(activity_iri))
        .values_list("definition", flat=True)
        .first()
    )
    if definition:
        found["definition"] = definition
    return found


def person_for(agent: Agent | Group) -> dict[str, Any]:
    """The Person object for an agent: every name and identifier known for its IFI."""
    person: dict[str, Any] = {"objectType": "Person"}
    names: list[str] = []
    ifis: list[dict[str, Any]] = []
    if agent.name:
        names.append(agent.name)
    for identity in ActorIdentity.objects.filter(key=key_hash(actor_ifi(agent))).order_by("name"):
        if identity.name and identity.name not in names:
            names.append(identity.name)
        if identity.ifi not in ifis:
            ifis.append(identity.ifi)
    own = agent.model_dump(mode="json", by_alias=True, exclude_unset=True)
    own_ifi = {
        name: own[name] for name in ("mbox", "mbox_sha1sum", "openid", "account") if name in own
    }
    if own_ifi not in ifis:
        ifis.insert(0, own_ifi)
    if names:
        person["name"] = names
    for ifi in ifis:
        for name, value in ifi.items():
            values = person.setdefault(name, [])
            if value not in values:
                values.append(value)
    return person


def outbox_backlog() -> QuerySet[OutboxEntry]:
    """Statements not yet forwarded to the external LRS, oldest first."""
    return OutboxEntry.objects.filter(sent_at__isnull=True).order_by("pk")


@dataclass(frozen=True)
class OutboxSummary:
    """Counts of the forwarding outbox, for the admin."""

    waiting: int
    failing: int
    sent_last_day: int
    oldest_waiting_at: datetime | None


def outbox_summary() -> OutboxSummary:
    """How many statements wait, how many failed at least once, how many left today."""
    since = timezone.now() - timedelta(days=1)
    waiting = OutboxEntry.objects.filter(sent_at__isnull=True).aggregate(
        waiting=Count("pk"),
        failing=Count("pk", filter=Q(attempts__gt=0)),
        oldest=Min("created_at"),
    )
    sent = OutboxEntry.objects.filter(sent_at__gte=since).count()
    return OutboxSummary(
        waiting=waiting["waiting"],
        failing=waiting["failing"],
        sent_last_day=sent,
        oldest_waiting_at=waiting["oldest"],
    )

"""A small typed builder for the statements the platform records itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser

from lrs.agents import agent_for
from lrs.vocabulary import ACTIVITY_IRI_PATH, VERB_DISPLAY
from lrs.xapi.timestamps import format_timestamp


def activity_iri(kind: str, key: str | int) -> str:
    """The stable IRI of a platform activity, e.g. …/xapi/activities/path/12."""
    return f"{settings.SITE_URL}{ACTIVITY_IRI_PATH}{kind}/{key}"


def activity(
    iri: str, *, activity_type: str, name: str | dict[str, str], description: str = ""
) -> dict[str, Any]:
    """An Activity object with a French name (or a language map)."""
    names = {"fr-FR": name} if isinstance(name, str) else name
    definition: dict[str, Any] = {"type": activity_type, "name": names}
    if description:
        definition["description"] = {"fr-FR": description}
    return {"objectType": "Activity", "id": iri, "definition": definition}


def platform_statement(
    *,
    user: AbstractBaseUser,
    verb: str,
    object_: dict[str, Any],
    result: dict[str, Any] | None = None,
    registration: uuid.UUID | str | None = None,
    parents: list[dict[str, Any]] | None = None,
    instructor: AbstractBaseUser | None = None,
    extensions: dict[str, Any] | None = None,
    timestamp: datetime | None = None,
    statement_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """A statement about a platform user, ready for `lrs.services.statement_record`."""
    statement: dict[str, Any] = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": agent_for(user),
        "verb": {"id": verb, "display": VERB_DISPLAY.get(verb, {"en-US": verb.rsplit("/", 1)[-1]})},
        "object": object_,
    }
    if result:
        statement["result"] = result
    context: dict[str, Any] = {}
    if registration:
        context["registration"] = str(registration)
    if parents:
        context["contextActivities"] = {"parent": parents}
    if instructor is not None:
        context["instructor"] = agent_for(instructor)
    if extensions:
        context["extensions"] = extensions
    if context:
        context["platform"] = "BNM Formation"
        statement["context"] = context
    if timestamp is not None:
        statement["timestamp"] = format_timestamp(timestamp)
    return statement

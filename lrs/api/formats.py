"""Rendering stored statements for GET: the exact, ids and canonical formats, attachments."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from lrs.models import ActivityDefinition, Attachment, key_hash
from lrs.xapi.helpers import canonical, ids_format

FORMATS = ("exact", "ids", "canonical")


def _own_activities(holder: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The Activity object and context activities of a statement or sub-statement dict."""
    obj = holder.get("object")
    if isinstance(obj, dict) and obj.get("objectType", "Activity") == "Activity":
        yield obj
    context = holder.get("context")
    if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
        for value in context["contextActivities"].values():
            for activity in value if isinstance(value, list) else [value]:
                if isinstance(activity, dict):
                    yield activity


def _activities(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every Activity object of a statement dict (object, context, sub-statement)."""
    yield from _own_activities(statement)
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        yield from _own_activities(obj)


def _with_canonical_definitions(statements: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of the statements whose activities carry the LRS's canonical definitions."""
    copies = [json.loads(json.dumps(statement)) for statement in statements]
    wanted = {
        key_hash(activity["id"])
        for copy in copies
        for activity in _activities(copy)
        if isinstance(activity.get("id"), str)
    }
    if not wanted:
        return copies
    known = dict(
        ActivityDefinition.objects.filter(iri_key__in=wanted).values_list("iri_key", "definition")
    )
    for copy in copies:
        for activity in _activities(copy):
            definition = known.get(key_hash(activity.get("id", "")))
            if definition:
                activity["definition"] = definition
    return copies


def render(statements: Sequence[dict[str, Any]], fmt: str, languages: list[str]) -> list[dict]:
    """The statements in the requested format."""
    if fmt == "ids":
        return [ids_format(statement) for statement in statements]
    if fmt == "canonical":
        return [canonical(s, languages) for s in _with_canonical_definitions(statements)]
    return list(statements)


def attachment_parts(statements: Sequence[dict[str, Any]]) -> list[tuple[str, str, bytes]]:
    """The stored attachments referenced by statements, once each: (sha2, type, content)."""
    wanted: list[str] = []
    for statement in statements:
        for attachment in statement.get("attachments") or ():
            sha2 = attachment.get("sha2") if isinstance(attachment, dict) else None
            if isinstance(sha2, str) and sha2 not in wanted:
                wanted.append(sha2)
    if not wanted:
        return []
    rows = {row.sha2: row for row in Attachment.objects.filter(sha2__in=wanted)}
    return [
        (sha2, rows[sha2].content_type, bytes(rows[sha2].content))
        for sha2 in wanted
        if sha2 in rows
    ]

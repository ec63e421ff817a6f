"""The rows statements share: agent identities (for Person) and canonical activity definitions.

Only what is new or changed is written, in sorted key order (concurrent batches lock in
the same order and cannot deadlock). A batch whose agents and definitions are all known
writes nothing here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from lrs.models import ActivityDefinition, ActorIdentity, key_hash

IFI_NAMES = ("mbox", "mbox_sha1sum", "openid", "account")


def _ifi_key(agent: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The IFI key (as lrs.xapi.helpers.actor_ifi) and IFI of a validated agent dict."""
    for name in IFI_NAMES:
        value = agent.get(name)
        if value is None:
            continue
        if name == "account":
            return f"account:{value['homePage']}|{value['name']}", {name: value}
        if name == "mbox_sha1sum":
            return f"mbox_sha1sum:{value.lower()}", {name: value}
        return f"{name}:{value}", {name: value}
    return None  # an anonymous Group


def identities_of(datas: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], tuple[dict, str]]:
    """Every identified agent (actor, Agent/Group object, members): (IFI, name) by hashes."""
    found: dict[tuple[str, str], tuple[dict, str]] = {}
    for data in datas:
        candidates = [data["actor"]]
        obj = data.get("object")
        if isinstance(obj, dict) and obj.get("objectType") in ("Agent", "Group"):
            candidates.append(obj)
        for agent in candidates:
            for one in [agent, *(agent.get("member") or [])]:
                identified = _ifi_key(one)
                if identified is None:
                    continue
                name = one.get("name") or ""
                key = (key_hash(identified[0]), key_hash(name))
                found.setdefault(key, (identified[1], name))
    return found


def _activities(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The Activity objects of a validated statement dict: object, context, sub-statement."""
    for holder in (data, data.get("object")):
        if not isinstance(holder, dict):
            continue
        if holder is not data and holder.get("objectType") != "SubStatement":
            continue
        obj = holder.get("object")
        if isinstance(obj, dict) and obj.get("objectType", "Activity") == "Activity":
            yield obj
        context = holder.get("context") or {}
        for value in (context.get("contextActivities") or {}).values():
            yield from value if isinstance(value, list) else [value]


def merge_definition(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical definition: the newest values, name and description maps merged."""
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def definitions_of(datas: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, dict[str, Any]]]:
    """The activity definitions a batch carries, merged in order, keyed by IRI hash."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for data in datas:
        for activity in _activities(data):
            definition = activity.get("definition")
            if not definition:
                continue
            key = key_hash(activity["id"])
            previous = found.get(key)
            merged = merge_definition(previous[1], definition) if previous else definition
            found[key] = (activity["id"], merged)
    return found


def identities_save(
    identities: Mapping[tuple[str, str], tuple[dict, str]], known: set[tuple[str, str]]
) -> None:
    """Insert the (IFI, name) pairs not known yet."""
    missing = [
        ActorIdentity(key=key[0], name_key=key[1], ifi=identities[key][0], name=identities[key][1])
        for key in sorted(identities)
        if key not in known
    ]
    if missing:
        ActorIdentity.objects.bulk_create(missing, ignore_conflicts=True)


def definitions_save(
    definitions: Mapping[str, tuple[str, dict[str, Any]]], stored: Mapping[str, dict[str, Any]]
) -> None:
    """Insert new canonical definitions and update the ones a batch changes."""
    new_rows, changed = [], {}
    for key in sorted(definitions):
        iri, definition = definitions[key]
        if key not in stored:
            new_rows.append(
                ActivityDefinition(activity_iri=iri, iri_key=key, definition=definition)
            )
        elif merge_definition(stored[key], definition) != stored[key]:
            changed[key] = definition
    if new_rows:
        ActivityDefinition.objects.bulk_create(new_rows, ignore_conflicts=True)
    if changed:
        rows = ActivityDefinition.objects.select_for_update().filter(iri_key__in=sorted(changed))
        for row in rows.order_by("iri_key"):
            row.definition = merge_definition(row.definition, changed[row.iri_key])
            row.save(update_fields=["definition"])

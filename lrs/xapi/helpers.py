"""Pure helpers the statement store uses on validated statements.

* IFI keys for agents and the agent/activity sets behind ``related_agents``,
  ``related_activities`` and the ``agent``/``activity`` filters;
* ``normalize_context_activities``: the stored form, where every contextActivities value is
  an array (Data 2.4.6.2: the LRS MUST return them as arrays, even in ``exact`` format);
* ``canonical`` and ``ids_format``: the ``format=canonical`` and ``format=ids`` renderings of a
  stored statement dict.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

from lrs.xapi.lang import pick_language
from lrs.xapi.models import Activity, Agent, Context, Group, Statement, SubStatement

__all__ = [
    "actor_ifi",
    "agent_ifis_with_members",
    "canonical",
    "ids_format",
    "normalize_context_activities",
    "related_activity_ids",
    "related_agent_ifis",
]

_IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


# --------------------------------------------------------------------------- IFIs
def actor_ifi(agent: Agent | Group) -> str:
    """Return the canonical IFI key of an Agent/Group, e.g. ``mbox:mailto:a@b.c``.

    Forms: ``mbox:<mailto IRI>``, ``mbox_sha1sum:<lowercase hex>``, ``openid:<URI>``,
    ``account:<homePage>|<name>`` (``|`` cannot occur in a valid homePage IRI). An anonymous
    Group has no IFI; it gets ``group:[<member keys, sorted, comma-separated>]``.
    """
    if agent.mbox is not None:
        return f"mbox:{agent.mbox}"
    if agent.mbox_sha1sum is not None:
        return f"mbox_sha1sum:{agent.mbox_sha1sum.lower()}"
    if agent.openid is not None:
        return f"openid:{agent.openid}"
    if agent.account is not None:
        return f"account:{agent.account.home_page}|{agent.account.name}"
    members = sorted(actor_ifi(member) for member in getattr(agent, "member", None) or ())
    return "group:[" + ",".join(members) + "]"


def agent_ifis_with_members(agent: Agent | Group, *, members: bool = True) -> set[str]:
    """Return the IFI keys an Agent/Group matches: its own IFI and, if asked, its members'.

    An anonymous Group has no IFI of its own, so it always contributes its members.
    """
    if isinstance(agent, Agent):
        return {actor_ifi(agent)}
    keys: set[str] = set()
    if not agent.is_anonymous:
        keys.add(actor_ifi(agent))
    if members or agent.is_anonymous:
        keys.update(actor_ifi(member) for member in agent.member or ())
    return keys


def _statement_agent_ifis(statement: Statement | SubStatement) -> set[str]:
    """Return actor/object (with members) and instructor/team IFI keys of one (sub)statement."""
    keys = agent_ifis_with_members(statement.actor)
    if isinstance(statement.object, Agent | Group):
        keys |= agent_ifis_with_members(statement.object)
    context = statement.context
    if context is not None:
        for agent in (context.instructor, context.team):
            if agent is not None:
                keys |= agent_ifis_with_members(agent, members=False)
    return keys


def related_agent_ifis(statement: Statement | SubStatement) -> set[str]:
    """Return every IFI key ``related_agents=true`` must match for this statement.

    Covers the actor and an Agent/Group object (each with its Group members), the authority,
    the context instructor and team, and the same properties of a SubStatement object.
    Anonymous Groups (which have no IFI) contribute their members wherever they occur.
    """
    keys = _statement_agent_ifis(statement)
    authority = getattr(statement, "authority", None)
    if authority is not None:
        keys |= agent_ifis_with_members(authority, members=False)
    if isinstance(statement.object, SubStatement):
        keys |= _statement_agent_ifis(statement.object)
    return keys


def _context_activity_ids(context: Context | None) -> Iterator[str]:
    """Yield the ids of all context activities of a context."""
    if context is None or context.context_activities is None:
        return
    for activities in context.context_activities.as_lists().values():
        for activity in activities:
            yield activity.id


def related_activity_ids(statement: Statement | SubStatement) -> set[str]:
    """Return the object activity id, all context activity ids, and the same in a SubStatement."""
    ids: set[str] = set()
    if isinstance(statement.object, Activity):
        ids.add(statement.object.id)
    ids.update(_context_activity_ids(statement.context))
    if isinstance(statement.object, SubStatement):
        ids |= related_activity_ids(statement.object)
    return ids


# --------------------------------------------------------------------------- stored form
def _normalize_context(context: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of a context dict with every contextActivities value as a list."""
    activities = context.get("contextActivities")
    if not isinstance(activities, dict):
        return context
    wrapped = {
        kind: value if isinstance(value, list) else [value] for kind, value in activities.items()
    }
    return {**context, "contextActivities": wrapped}


def normalize_context_activities(statement: dict[str, Any]) -> dict[str, Any]:
    """Return a shallow copy of a statement dict whose contextActivities values are all arrays."""
    result = dict(statement)
    if isinstance(result.get("context"), dict):
        result["context"] = _normalize_context(result["context"])
    obj = result.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        result["object"] = normalize_context_activities(obj)
    return result


# --------------------------------------------------------------------------- canonical format
def _reduce_map(holder: dict[str, Any], key: str, languages: Sequence[str]) -> None:
    """Reduce ``holder[key]`` (a language map) in place to its best-matching single entry."""
    language_map = holder.get(key)
    if not isinstance(language_map, dict) or len(language_map) <= 1:
        return
    chosen = pick_language(language_map, languages)
    if chosen is not None:
        holder[key] = {chosen: language_map[chosen]}


def _canonical_activity(activity: Any, languages: Sequence[str]) -> None:
    """Reduce the language maps of an activity definition in place."""
    if not isinstance(activity, dict) or not isinstance(activity.get("definition"), dict):
        return
    definition = activity["definition"]
    _reduce_map(definition, "name", languages)
    _reduce_map(definition, "description", languages)
    for list_name in ("choices", "scale", "source", "target", "steps"):
        for component in definition.get(list_name) or ():
            if isinstance(component, dict):
                _reduce_map(component, "description", languages)


def _canonical_in_place(statement: dict[str, Any], languages: Sequence[str]) -> None:
    """Apply language filtering to the verb and activities of a (sub)statement in place."""
    if isinstance(statement.get("verb"), dict):
        _reduce_map(statement["verb"], "display", languages)
    obj = statement.get("object")
    if isinstance(obj, dict):
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            _canonical_activity(obj, languages)
        elif kind == "SubStatement":
            _canonical_in_place(obj, languages)
    context = statement.get("context")
    if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
        for value in context["contextActivities"].values():
            for activity in value if isinstance(value, list) else [value]:
                _canonical_activity(activity, languages)


def canonical(statement_dict: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """Return a copy for ``format=canonical``: each verb/activity language map keeps one entry.

    ``languages`` are the client's language ranges, best first (from Accept-Language; ``*``
    allowed). Agents are returned as stored. Substituting the LRS's canonical Activity
    definitions, if wanted, is the caller's job before calling this.
    """
    result = copy.deepcopy(statement_dict)
    _canonical_in_place(result, languages)
    return result


# --------------------------------------------------------------------------- ids format
def _ids_agent(agent: Any) -> Any:
    """Reduce an Agent/Group dict to objectType plus its IFI (or, if anonymous, its members)."""
    if not isinstance(agent, dict):
        return agent
    kind = agent.get("objectType", "Agent")
    reduced: dict[str, Any] = {"objectType": kind}
    for key in _IFI_KEYS:
        if key in agent:
            reduced[key] = agent[key]
            return reduced
    if kind == "Group":
        reduced["member"] = [_ids_agent(member) for member in agent.get("member") or ()]
    return reduced


def _ids_activity(activity: Any) -> Any:
    """Reduce an Activity dict to its id (objectType defaults to Activity, so it is dropped)."""
    if not isinstance(activity, dict):
        return activity
    return {"id": activity.get("id")}


def _ids_object(obj: Any) -> Any:
    """Reduce a statement object according to its objectType."""
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return _ids_activity(obj)
    if kind in ("Agent", "Group"):
        return _ids_agent(obj)
    if kind == "SubStatement":
        return _ids_statement(obj)
    return dict(obj)


def _ids_context(context: Any) -> Any:
    """Reduce the agents and activities of a context dict."""
    if not isinstance(context, dict):
        return context
    result = dict(context)
    for key in ("instructor", "team"):
        if key in result:
            result[key] = _ids_agent(result[key])
    activities = result.get("contextActivities")
    if isinstance(activities, dict):
        result["contextActivities"] = {
            kind: [_ids_activity(item) for item in value]
            if isinstance(value, list)
            else _ids_activity(value)
            for kind, value in activities.items()
        }
    return result


def _ids_statement(statement: dict[str, Any]) -> dict[str, Any]:
    """Apply the ids reduction to a (sub)statement dict, returning a new dict."""
    result = dict(statement)
    if "actor" in result:
        result["actor"] = _ids_agent(result["actor"])
    if isinstance(result.get("verb"), dict):
        result["verb"] = {"id": result["verb"].get("id")}
    if "object" in result:
        result["object"] = _ids_object(result["object"])
    if "authority" in result:
        result["authority"] = _ids_agent(result["authority"])
    if "context" in result:
        result["context"] = _ids_context(result["context"])
    return result


def ids_format(statement_dict: dict[str, Any]) -> dict[str, Any]:
    """Return a copy for ``format=ids``: agents/groups and activities reduced to their ids.

    Agents and identified Groups keep objectType and their IFI; Activities and Verbs only
    their id (the minimum that identifies them, as ADL's conformance suite checks);
    anonymous Groups keep their members, each reduced to objectType and IFI. Other
    properties (result, attachments, timestamps, ...) are kept as stored.
    """
    return _ids_statement(statement_dict)

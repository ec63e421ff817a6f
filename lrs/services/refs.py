"""The StatementRef rule, precomputed at write time as inherited index keys.

xAPI 1.0.3 (Communication 2.1.3): a statement whose object is a StatementRef matches the
filters (agent, verb, activity, registration, related_*) when its target matches them,
the target's own target too (two levels here). Instead of joining at query time, a
referring statement S receives the filterable properties of its target T as index keys
of level 1 (kinds 11-16) and those of T's target U as keys of level 2 (kinds 21-26). A
query then looks up its criteria at level 0 (the statement's own columns and keys), 1
and 2, each an index lookup.

When a target arrives after the statements that refer to it, it hands its properties
to them (level 1) and to the statements that refer to those (level 2).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from lrs.models import Statement, StatementKey, statement_key
from lrs.xapi.helpers import (
    agent_ifis_with_members,
    related_activity_ids,
    related_agent_ifis,
)
from lrs.xapi.models import Activity, Agent, Group, StatementRef
from lrs.xapi.models import Statement as XStatement
from lrs.xapi.validation import parse_statement

Kind = StatementKey.Kind
Properties = dict[int, set[str]]
LEVEL_OFFSET = 10  # keys of level n use kinds n * 10 + kind


def properties(parsed: XStatement, authority_ifi: str) -> Properties:
    """The filterable properties of a statement, by key kind."""
    agents = agent_ifis_with_members(parsed.actor)
    if isinstance(parsed.object, Agent | Group):
        agents |= agent_ifis_with_members(parsed.object)
    related = related_agent_ifis(parsed)
    if authority_ifi:
        related.add(authority_ifi)
    context = parsed.context
    found: Properties = {
        Kind.AGENT: agents,
        Kind.RELATED_AGENT: related - agents,
        Kind.RELATED_ACTIVITY: related_activity_ids(parsed),
        Kind.VERB: {parsed.verb.id},
        Kind.ACTIVITY: {parsed.object.id} if isinstance(parsed.object, Activity) else set(),
        Kind.REGISTRATION: {context.registration.lower()}
        if context is not None and context.registration
        else set(),
    }
    return found


def level_keys(props: Properties, level: int) -> set[int]:
    """The index keys of properties at a level (1: the target's, 2: its target's)."""
    return {
        statement_key(level * LEVEL_OFFSET + kind, value)
        for kind, values in props.items()
        for value in values
    }


class Chain:
    """Properties of stored statements (and of their targets), loaded once per batch."""

    def __init__(self) -> None:
        """Start empty."""
        self.props: dict[uuid.UUID, Properties] = {}
        self.target: dict[uuid.UUID, uuid.UUID | None] = {}

    def add(self, statement_id: uuid.UUID, parsed: XStatement, authority_ifi: str) -> None:
        """Know a statement of the batch."""
        self.props[statement_id] = properties(parsed, authority_ifi)
        obj = parsed.object
        self.target[statement_id] = uuid.UUID(obj.id) if isinstance(obj, StatementRef) else None

    def load(self, ids: Iterable[uuid.UUID]) -> None:
        """Load stored statements not known yet (one query)."""
        wanted = [value for value in ids if value not in self.props]
        if not wanted:
            return
        for statement_id, data in Statement.objects.filter(statement_id__in=wanted).values_list(
            "statement_id", "data"
        ):
            # A stored statement carries its authority, which properties() then includes.
            self.add(statement_id, parse_statement(data), "")

    def inherited(self, target: uuid.UUID) -> set[int]:
        """The keys a statement referring to `target` inherits (levels 1 and 2)."""
        keys: set[int] = set()
        if target in self.props:
            keys |= level_keys(self.props[target], 1)
            second = self.target.get(target)
            if second is not None and second in self.props:
                keys |= level_keys(self.props[second], 2)
        return keys


def referring_keys(
    fresh: Sequence[tuple[uuid.UUID, int, XStatement]], authority_ifi: str
) -> list[StatementKey]:
    """Inherited keys of the batch's referring statements (targets stored or in the batch)."""
    referring = [
        (seq, uuid.UUID(p.object.id)) for _id, seq, p in fresh if isinstance(p.object, StatementRef)
    ]
    if not referring:
        return []
    chain = Chain()
    for statement_id, _seq, parsed in fresh:
        chain.add(statement_id, parsed, authority_ifi)
    chain.load(target for _seq, target in referring)
    chain.load(
        second for _seq, target in referring if (second := chain.target.get(target)) is not None
    )
    return [
        StatementKey(key=key, statement_id=seq)
        for seq, target in referring
        for key in chain.inherited(target)
    ]


def late_target_keys(
    fresh: Sequence[tuple[uuid.UUID, int, XStatement]],
    referrers: Mapping[uuid.UUID, list[tuple[uuid.UUID, int]]],
    authority_ifi: str,
) -> list[StatementKey]:
    """Keys that statements stored before their target receive when the target arrives.

    `referrers` maps a new statement id to the (id, seq) of stored statements referring
    to it (found by the batch lookup).
    """
    if not referrers:
        return []
    chain = Chain()
    for statement_id, _seq, parsed in fresh:
        chain.add(statement_id, parsed, authority_ifi)
    chain.load(
        second
        for statement_id in referrers
        if (second := chain.target.get(statement_id)) is not None
    )
    keys: list[StatementKey] = []
    first_level: dict[uuid.UUID, uuid.UUID] = {}
    for target, referring in referrers.items():
        for referring_id, seq in referring:
            keys += [StatementKey(key=key, statement_id=seq) for key in chain.inherited(target)]
            first_level[referring_id] = target
    # Statements referring to those referrers get the new target's properties at level 2.
    for seq, referred in Statement.objects.filter(statement_ref__in=list(first_level)).values_list(
        "seq", "statement_ref"
    ):
        target = first_level[referred]
        keys += [
            StatementKey(key=key, statement_id=seq) for key in level_keys(chain.props[target], 2)
        ]
    return keys

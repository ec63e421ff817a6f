"""The statement query of GET /xapi/statements: filters, StatementRef rule, stable paging.

Every filter is an index lookup: `verb`, `activity`, `registration` and `since`/`until`
use the statement's own indexed columns (64-bit hashes, re-checked against the full IRI);
`agent`, `related_agents` and `related_activities` go through the `StatementKey` table,
whose primary key is (key, statement).

StatementRef rule (xAPI 1.0.3, Communication 2.1.3): a statement whose object is a
StatementRef also matches when the statement it targets matches (voided or not), two
levels deep. The store precomputes it (lrs.services.refs): a referring statement holds
its target's properties as index keys of level 1, its target's target's as level 2. A
page is the merge of three queries, each ordered by (stored, seq) under the LIMIT: the
direct matches and the referring ones at levels 1 and 2, all index lookups; none
depends on the planner guessing how many statements refer to others.

Paging: the first page fixes a snapshot (the highest `seq` then stored); `more` carries
it with the position of the last row, signed, so later pages neither skip nor repeat
rows while writes go on.
"""

from __future__ import annotations

import heapq
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Max, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from lrs.models import Statement, StatementKey, iri_hash, statement_key
from lrs.services.refs import LEVEL_OFFSET

CURSOR_SALT = "lrs.statements.more"
CURSOR_MAX_AGE = 24 * 3600  # `more` links stay valid for a day
SERVER_MAX_LIMIT = 500
REF_LEVELS = (1, 2)  # StatementRef chains followed: target, and target's target
FIELDS = ("seq", "stored_at", "data")
# With `as_text`, a page carries each statement as the JSON text the database holds
# (`data_text`) instead of a decoded dict: the exact format is then written out without a
# decode and re-encode of every statement, which was 40 % of a 250-statement GET.
TEXT_FIELDS = ("seq", "stored_at")


@dataclass(frozen=True)
class StatementQuery:
    """The filters of one statements query (already validated)."""

    agent_ifi: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    ascending: bool = False
    client_id: int | None = None  # statements/read/mine: only this client's statements…
    client_authority: str | None = None  # …found through its authority's index key
    user_id: int | None = None  # session and player tokens: only this user's statements


@dataclass(frozen=True)
class Position:
    """Where a page stopped, within a snapshot."""

    snapshot_seq: int
    after_stored: str | None = None
    after_seq: int | None = None


def _key_in(keys: list[int]) -> Q:
    """The statement is among those having one of these index keys."""
    return Q(seq__in=StatementKey.objects.filter(key__in=keys).values("statement_id"))


def _criteria(query: StatementQuery) -> Q:
    """The filter conditions on a statement's own properties (its columns and keys)."""
    kind = StatementKey.Kind
    condition = Q()
    if query.verb:
        condition &= Q(verb_hash=iri_hash(query.verb), verb_iri=query.verb)
    if query.registration:
        condition &= Q(registration=uuid.UUID(query.registration))
    if query.activity:
        if query.related_activities:
            condition &= _key_in([statement_key(kind.RELATED_ACTIVITY, query.activity)])
        else:
            condition &= Q(activity_hash=iri_hash(query.activity), activity_iri=query.activity)
    if query.agent_ifi:
        kinds = (kind.AGENT, kind.RELATED_AGENT) if query.related_agents else (kind.AGENT,)
        condition &= _key_in([statement_key(k, query.agent_ifi) for k in kinds])
    return condition


def _inherited_criteria(query: StatementQuery, level: int) -> Q:
    """The same filters on the properties a referring statement inherited at a level."""
    kind = StatementKey.Kind
    base = level * LEVEL_OFFSET
    condition = Q(statement_ref__isnull=False)
    if query.verb:
        condition &= _key_in([statement_key(base + kind.VERB, query.verb)])
    if query.registration:
        condition &= _key_in([statement_key(base + kind.REGISTRATION, query.registration)])
    if query.activity:
        activity_kind = kind.RELATED_ACTIVITY if query.related_activities else kind.ACTIVITY
        condition &= _key_in([statement_key(base + activity_kind, query.activity)])
    if query.agent_ifi:
        kinds = (kind.AGENT, kind.RELATED_AGENT) if query.related_agents else (kind.AGENT,)
        condition &= _key_in([statement_key(base + k, query.agent_ifi) for k in kinds])
    return condition


def _has_criteria(query: StatementQuery) -> bool:
    return any((query.verb, query.registration, query.activity, query.agent_ifi))


def _window(query: StatementQuery, position: Position) -> Q:
    """since/until, the snapshot, the owner restriction and the page position."""
    condition = Q(seq__lte=position.snapshot_seq, is_voided=False)
    if query.since:
        condition &= Q(stored_at__gt=query.since)
    if query.until:
        condition &= Q(stored_at__lte=query.until)
    if query.client_id is not None:
        condition &= Q(client_id=query.client_id)
        if query.client_authority:
            kind = StatementKey.Kind
            condition &= _key_in(
                [
                    statement_key(kind.AGENT, query.client_authority),
                    statement_key(kind.RELATED_AGENT, query.client_authority),
                ]
            )
    if query.user_id is not None:
        condition &= Q(user_id=query.user_id)
    if position.after_seq is not None and position.after_stored is not None:
        stored = datetime.fromisoformat(position.after_stored)
        if query.ascending:
            condition &= Q(stored_at__gt=stored) | Q(stored_at=stored, seq__gt=position.after_seq)
        else:
            condition &= Q(stored_at__lt=stored) | Q(stored_at=stored, seq__lt=position.after_seq)
    return condition


def _ordering(query: StatementQuery) -> tuple[str, str]:
    return ("stored_at", "seq") if query.ascending else ("-stored_at", "-seq")


def current_snapshot() -> int:
    """The highest statement sequence number stored so far."""
    return Statement.objects.aggregate(top=Max("seq"))["top"] or 0


def _columns(queryset: QuerySet[Statement], *, as_text: bool) -> QuerySet[Statement]:
    """The columns a page needs: the statement decoded, or as the database's JSON text."""
    if as_text:
        return queryset.only(*TEXT_FIELDS).annotate(data_text=Cast("data", TextField()))
    return queryset.only(*FIELDS)


def direct_matches(
    query: StatementQuery, position: Position, *, as_text: bool = False
) -> QuerySet[Statement]:
    """Statements that match the filters themselves, in page order."""
    condition = _window(query, position)
    if _has_criteria(query):
        condition &= _criteria(query)
    ordered = Statement.objects.filter(condition).order_by(*_ordering(query))
    return _columns(ordered, as_text=as_text)


def referring_matches(
    query: StatementQuery, position: Position, level: int, *, as_text: bool = False
) -> QuerySet[Statement]:
    """Statements whose target (level 1) or target's target (level 2) matches, in page order."""
    condition = _window(query, position) & _inherited_criteria(query, level)
    ordered = Statement.objects.filter(condition).order_by(*_ordering(query))
    return _columns(ordered, as_text=as_text)


def statements_page(
    query: StatementQuery, position: Position | None = None, *, as_text: bool = False
) -> tuple[list[Statement], Position | None]:
    """One page of matching statements, and the position of the next page (or None).

    With `as_text`, each row carries `data_text` (the statement as JSON text) and no `data`.
    """
    position = position or Position(snapshot_seq=current_snapshot())
    limit = min(query.limit or SERVER_MAX_LIMIT, SERVER_MAX_LIMIT)
    rows = list(direct_matches(query, position, as_text=as_text)[: limit + 1])
    if _has_criteria(query):
        for level in REF_LEVELS:
            referring = list(
                referring_matches(query, position, level, as_text=as_text)[: limit + 1]
            )
            rows = _merge(rows, referring, ascending=query.ascending)
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, replace(position, after_stored=last.stored_at.isoformat(), after_seq=last.seq)


def _merge(first: list[Statement], second: list[Statement], *, ascending: bool) -> list[Statement]:
    """Two page-ordered lists merged in page order, without duplicates."""
    if not second:
        return first
    sign = 1 if ascending else -1

    def order(row: Statement) -> tuple[float, int]:
        return (sign * row.stored_at.timestamp(), sign * row.seq)

    merged: list[Statement] = []
    seen: set[int] = set()
    for row in heapq.merge(first, second, key=order):
        if row.seq not in seen:
            seen.add(row.seq)
            merged.append(row)
    return merged


def encode_more(
    query: StatementQuery, position: Position, options: dict[str, Any] | None = None
) -> str:
    """A signed, opaque token carrying the query, the next position and the output options."""
    payload = {
        "q": {
            k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(query).items()
        },
        "p": asdict(position),
        "o": options or {},
    }
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def decode_more(token: str) -> tuple[StatementQuery, Position, dict[str, Any]]:
    """Read a `more` token back; raise signing.BadSignature when forged or expired."""
    payload = signing.loads(token, salt=CURSOR_SALT, max_age=CURSOR_MAX_AGE)
    raw = payload["q"]
    for key in ("since", "until"):
        if raw.get(key):
            raw[key] = datetime.fromisoformat(raw[key])
    return StatementQuery(**raw), Position(**payload["p"]), dict(payload.get("o") or {})


def statement_by_id(statement_id: str, *, voided: bool) -> Statement | None:
    """One statement by id: a voided one only when `voided`, a non-voided one otherwise."""
    return (
        Statement.objects.filter(statement_id=uuid.UUID(statement_id), is_voided=voided)
        .only(*FIELDS, "user_id", "client_id")
        .first()
    )


def consistent_through() -> datetime:
    """Up to when every stored statement is visible to reads (X-Experience-API-Consistent-Through).

    Writes are synchronous and a batch commits in one transaction, so reads never lag
    behind acknowledged writes: the current time is the bound.
    """
    return timezone.now()

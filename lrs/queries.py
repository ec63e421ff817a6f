"""The statement query of GET /xapi/statements: filters, StatementRef rule, stable paging.

Every filter is an index lookup: `verb`, `activity`, `registration` and `since`/`until`
use the statement's own indexed columns; `agent`, `related_agents` and
`related_activities` go through the `StatementKey` index table.

StatementRef rule (xAPI 1.0.3, Communication 2.1.3): a statement whose object is a
StatementRef also matches when the statement it targets matches. The query is the
union of the direct matches and of the statements targeting a match (two levels deep),
each branch ordered by (stored, seq) so the database merges them under the LIMIT.

Paging: the first page fixes a snapshot (the highest `seq` then stored); `more` carries
it with the position of the last row, signed, so later pages neither skip nor repeat
rows while writes go on.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from django.core import signing
from django.db.models import Max, Q, QuerySet

from lrs.models import Statement, StatementKey, key_hash

CURSOR_SALT = "lrs.statements.more"
CURSOR_MAX_AGE = 24 * 3600  # `more` links stay valid for a day
SERVER_MAX_LIMIT = 500
REF_DEPTH = 2


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
    client_id: int | None = None  # statements/read/mine: only this client's statements


@dataclass(frozen=True)
class Position:
    """Where a page stopped, within a snapshot."""

    snapshot_seq: int
    after_stored: str | None = None
    after_seq: int | None = None


def _criteria(query: StatementQuery) -> Q:
    """The filter conditions applied to a statement's own properties."""
    condition = Q()
    if query.verb:
        condition &= Q(verb_iri=query.verb)
    if query.registration:
        condition &= Q(registration=uuid.UUID(query.registration))
    if query.activity:
        if query.related_activities:
            condition &= Q(
                pk__in=StatementKey.objects.filter(
                    kind=StatementKey.Kind.RELATED_ACTIVITY, key=key_hash(query.activity)
                ).values("statement_id")
            )
        else:
            condition &= Q(activity_iri=query.activity)
    if query.agent_ifi:
        kind = StatementKey.Kind.RELATED_AGENT if query.related_agents else StatementKey.Kind.AGENT
        condition &= Q(
            pk__in=StatementKey.objects.filter(kind=kind, key=key_hash(query.agent_ifi)).values(
                "statement_id"
            )
        )
    return condition


def _has_filters(query: StatementQuery) -> bool:
    return any((query.verb, query.registration, query.activity, query.agent_ifi))


def _window(query: StatementQuery, position: Position) -> Q:
    """since/until, the snapshot, the owning client and the page position."""
    condition = Q(seq__lte=position.snapshot_seq, is_voided=False)
    if query.since:
        condition &= Q(stored_at__gt=query.since)
    if query.until:
        condition &= Q(stored_at__lte=query.until)
    if query.client_id is not None:
        condition &= Q(client_id=query.client_id)
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


def statements_page(
    query: StatementQuery, position: Position | None = None
) -> tuple[list[Statement], Position | None]:
    """One page of matching statements, and the position of the next page (or None)."""
    position = position or Position(snapshot_seq=current_snapshot())
    limit = min(query.limit or SERVER_MAX_LIMIT, SERVER_MAX_LIMIT)
    window = _window(query, position)
    order = _ordering(query)
    fields = ("seq", "stored_at")
    if not _has_filters(query):
        candidates: QuerySet = Statement.objects.filter(window).order_by(*order)
        rows = list(candidates.only("seq", "stored_at", "data")[: limit + 1])
    else:
        criteria = _criteria(query)
        direct = Statement.objects.filter(window & criteria)
        targets = Statement.objects.filter(criteria).values("statement_id")
        branches = [direct.values_list(*fields)]
        for _ in range(REF_DEPTH):
            referring = Statement.objects.filter(window, statement_ref__in=targets)
            branches.append(referring.values_list(*fields))
            targets = Statement.objects.filter(statement_ref__in=targets).values("statement_id")
        merged = branches[0].union(*branches[1:], all=True).order_by(
            *(name.lstrip("-") if not name.startswith("-") else name for name in order)
        )
        seen: list[int] = []
        for seq, _stored in merged[: (limit + 1) * (REF_DEPTH + 1)]:
            if seq not in seen:
                seen.append(seq)
            if len(seen) > limit:
                break
        by_seq = Statement.objects.in_bulk(seen, field_name="seq")
        rows = [by_seq[seq] for seq in seen]
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, replace(position, after_stored=last.stored_at.isoformat(), after_seq=last.seq)


def encode_more(query: StatementQuery, position: Position) -> str:
    """A signed, opaque token carrying the query and the next position."""
    payload = {
        "q": {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(query).items()},
        "p": asdict(position),
    }
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def decode_more(token: str) -> tuple[StatementQuery, Position]:
    """Read a `more` token back; raise signing.BadSignature when forged or expired."""
    payload = signing.loads(token, salt=CURSOR_SALT, max_age=CURSOR_MAX_AGE)
    raw = payload["q"]
    for key in ("since", "until"):
        if raw.get(key):
            raw[key] = datetime.fromisoformat(raw[key])
    return StatementQuery(**raw), Position(**payload["p"])

"""The statement query: the StatementRef rule in every case, paging, and index-only plans."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction

from lrs.queries import (
    Position,
    StatementQuery,
    current_snapshot,
    direct_matches,
    referring_matches,
    statements_page,
)
from lrs.services import statements_store
from tests.lrs.conftest import ACTIVITY, statement

pytestmark = pytest.mark.django_db

LEA = "mbox:mailto:learner@example.org"
MAX = {"objectType": "Agent", "mbox": "mailto:max@example.org"}
SPECIAL = "http://example.org/verbs/special"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
REGISTRATION = "7e0c7e0f-2f0a-4c55-8d55-7a0a2ad3a0b1"


def ids(query: StatementQuery) -> list[str]:
    """The ids of the first page of a query."""
    rows, _next = statements_page(query)
    return [str(row.statement_id) for row in rows]


def ref(target: str, **overrides) -> dict:
    """A statement referring to another one."""
    return statement(object={"objectType": "StatementRef", "id": target}, **overrides)


def store(*items: dict) -> list[str]:
    """Store statements, return their ids."""
    return statements_store(payload=list(items)).ids


def test_a_statement_stored_before_its_target_matches_once_the_target_arrives() -> None:
    """Late targets hand their properties to the statements already referring to them."""
    target = str(uuid.uuid4())
    (referring,) = store(ref(target))
    (second,) = store(ref(referring))
    assert ids(StatementQuery(verb=SPECIAL)) == []
    store(statement(id=target, verb={"id": SPECIAL}))
    assert ids(StatementQuery(verb=SPECIAL)) == [target, second, referring]


def test_targets_in_the_same_batch_count() -> None:
    """A batch holding both the target and the referring statement."""
    target = str(uuid.uuid4())
    _target, referring = store(statement(id=target, verb={"id": SPECIAL}), ref(target))
    assert set(ids(StatementQuery(verb=SPECIAL))) == {target, referring}


@pytest.mark.parametrize(
    ("target_overrides", "query"),
    [
        ({"actor": MAX}, StatementQuery(agent_ifi="mbox:mailto:max@example.org")),
        (
            {"context": {"instructor": MAX}},
            StatementQuery(agent_ifi="mbox:mailto:max@example.org", related_agents=True),
        ),
        ({"object": {"id": ACTIVITY + "/target"}}, StatementQuery(activity=ACTIVITY + "/target")),
        (
            {"context": {"contextActivities": {"parent": [{"id": ACTIVITY + "/p"}]}}},
            StatementQuery(activity=ACTIVITY + "/p", related_activities=True),
        ),
        ({"context": {"registration": REGISTRATION}}, StatementQuery(registration=REGISTRATION)),
    ],
)
def test_every_filter_follows_statement_refs(target_overrides: dict, query) -> None:
    """agent, related_agents, activity, related_activities and registration follow refs."""
    (target,) = store(statement(**target_overrides))
    (referring,) = store(ref(target))
    assert set(ids(query)) == {target, referring}


def test_combined_filters_must_all_match_the_same_target() -> None:
    """Properties of different levels of a chain are never mixed."""
    (target,) = store(statement(actor=MAX))  # agent Max, verb experienced
    (middle,) = store(ref(target, verb={"id": SPECIAL}))  # agent Léa, verb special
    (outer,) = store(ref(middle))
    mixed = StatementQuery(agent_ifi="mbox:mailto:max@example.org", verb=SPECIAL)
    assert ids(mixed) == []
    assert set(ids(StatementQuery(agent_ifi=LEA, verb=SPECIAL))) == {middle, outer}


def test_refs_are_followed_two_levels_only() -> None:
    """A third level of StatementRef is not followed."""
    (target,) = store(statement(verb={"id": SPECIAL}))
    (first,) = store(ref(target))
    (second,) = store(ref(first))
    (third,) = store(ref(second))
    found = ids(StatementQuery(verb=SPECIAL))
    assert set(found) == {target, first, second}
    assert third not in found


def test_a_voided_target_still_brings_its_referring_statements() -> None:
    """Voided statements are not returned, but statements targeting them are."""
    (target,) = store(statement(verb={"id": SPECIAL}))
    (voiding,) = store(ref(target, verb={"id": VOIDED}))
    assert ids(StatementQuery(verb=SPECIAL)) == [voiding]


def test_pages_merge_direct_and_referring_matches_in_order() -> None:
    """With limit, pages come in stored order across direct and referring matches."""
    (target,) = store(statement(verb={"id": SPECIAL}))
    expected = [target]
    for _ in range(4):
        expected += store(ref(target))
        expected += store(statement(verb={"id": SPECIAL}))
    query = StatementQuery(verb=SPECIAL, limit=3, ascending=True)
    seen, position = [], None
    while True:
        rows, position = statements_page(query, position)
        seen += [str(row.statement_id) for row in rows]
        if position is None:
            break
    assert seen == expected


QUERIES = {
    "agent+verb": StatementQuery(agent_ifi="mbox:mailto:p1@example.org", verb=SPECIAL + "/1"),
    "activity+since": StatementQuery(activity=ACTIVITY + "/1"),
    "related_activities": StatementQuery(activity=ACTIVITY + "/p1", related_activities=True),
    "related_agents": StatementQuery(agent_ifi="mbox:mailto:p1@example.org", related_agents=True),
    "registration": StatementQuery(registration=str(uuid.UUID(int=1, version=4))),
    "verb": StatementQuery(verb=SPECIAL + "/1"),
    "no filter": StatementQuery(),
}


def corpus(size: int = 1500) -> None:
    """Statements spread over 50 people, activities and registrations, and a few refs."""
    items = [
        statement(
            actor={"mbox": f"mailto:p{n % 50}@example.org"},
            verb={"id": f"{SPECIAL}/{n % 5}"},
            object={"id": f"{ACTIVITY}/{n % 50}"},
            context={
                "registration": str(uuid.UUID(int=n % 50, version=4)),
                "contextActivities": {"parent": [{"id": f"{ACTIVITY}/p{n % 50}"}]},
            },
        )
        for n in range(size)
    ]
    stored = statements_store(payload=items).ids
    store(*[ref(target) for target in stored[:20]])


def _plan(queryset) -> str:
    """The database's plan for a queryset, sequential scans priced out on PostgreSQL.

    On a test table of 1,500 rows the planner rightly prefers reading the table to an index
    (it did so for the verb filter, depending on the statistics earlier tests left), so a
    plain EXPLAIN says nothing about 100,000 rows. With `enable_seqscan` off PostgreSQL still
    scans when no index can serve the query, which is what this test must catch.
    """
    if connection.vendor != "postgresql":
        return queryset.explain()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_filter_query_scans_the_statements_table(name: str) -> None:
    """Every query of a page is an index lookup (EXPLAIN: no sequential scan)."""
    corpus()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    query = QUERIES[name]
    position = Position(snapshot_seq=current_snapshot())
    plans = [_plan(direct_matches(query, position)[:501])]
    if name != "no filter":
        plans += [_plan(referring_matches(query, position, level)[:501]) for level in (1, 2)]
    for plan in plans:
        if connection.vendor == "postgresql":
            assert "Seq Scan on lrs_statement " not in plan + " ", plan
            assert "Seq Scan on lrs_statementkey" not in plan, plan
        else:
            assert "SCAN lrs_statement\n" not in plan + "\n", plan
            assert "SCAN lrs_statementkey\n" not in plan + "\n", plan

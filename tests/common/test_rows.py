"""common.rows: `rows_update` (prepared per-row UPDATEs by primary key) and `row_find`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, MultipleObjectsReturned
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.rows import pks_existing, row_find, rows_update
from lrs.models import LrsClient
from lrs.services import lrs_client_create, lrs_client_revoke
from organizations.models import Commune
from skills.models import SkillRecord
from tests.accounts.factories import UserFactory
from tests.skills.factories import CompetenceFactory

pytestmark = pytest.mark.django_db


def test_writes_the_named_fields_of_every_row_and_nothing_else() -> None:
    """Each row gets its own values for the named fields; other columns keep what is stored."""
    first, second = UserFactory(first_name="Anne"), UserFactory(first_name="Bruno")
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    first.first_name, first.last_login, first.last_name = "Annie", when, "not written"
    second.first_name, second.last_login = "Brune", None
    assert rows_update([second, first], ["first_name", "last_login"]) == 2
    stored = {u.pk: u for u in get_user_model().objects.filter(pk__in=[first.pk, second.pk])}
    assert (stored[first.pk].first_name, stored[first.pk].last_login) == ("Annie", when)
    assert stored[first.pk].last_name != "not written"
    assert (stored[second.pk].first_name, stored[second.pk].last_login) == ("Brune", None)


def test_uuid_datetime_and_foreign_key_values_are_prepared_by_their_fields() -> None:
    """UUID and timezone-aware datetimes round-trip on every backend."""
    user, competence = UserFactory(), CompetenceFactory()
    record = SkillRecord.objects.create(user=user, competence=competence, level=1)
    record.level, record.last_statement_id = 3, uuid.uuid4()
    record.last_evidence_at = datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
    rows_update([record], ["level", "last_statement_id", "last_evidence_at"])
    stored = SkillRecord.objects.get(pk=record.pk)
    assert (stored.level, stored.last_statement_id, stored.last_evidence_at) == (
        3,
        record.last_statement_id,
        record.last_evidence_at,
    )


def test_rows_are_written_in_primary_key_order_in_one_statement() -> None:
    """One UPDATE, parameters in pk order (concurrent writers lock rows in the same order)."""
    users = [UserFactory() for _ in range(3)]
    for user in users:
        user.first_name = f"n{user.pk}"
    sent: list[tuple[str, list, bool]] = []

    def spy(execute, sql, params, many, context):
        sent.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        rows_update(list(reversed(users)), ["first_name"])
    ((sql, params, many),) = sent
    assert sql.startswith("UPDATE")
    assert many
    assert [row[-1] for row in params] == sorted(user.pk for user in users)
    assert set(get_user_model().objects.values_list("first_name", flat=True)) >= {
        f"n{user.pk}" for user in users
    }


def test_nothing_to_write_is_a_no_op() -> None:
    """An empty list sends no query."""
    with CaptureQueriesContext(connection) as queries:
        assert rows_update([], ["first_name"]) == 0
    assert queries.captured_queries == []


def test_mixed_models_and_key_fields_are_refused_before_anything_is_written() -> None:
    """Rows of two models, no field or the primary key: refused, and nothing changes."""
    user = UserFactory(first_name="Claire")
    user.first_name = "changed"
    commune = Commune.objects.first()
    with pytest.raises(TypeError, match="same model"):
        rows_update([user, commune], ["first_name"])
    with pytest.raises(ValueError, match="no field"):
        rows_update([user], [])
    with pytest.raises(ValueError, match="non-key"):
        rows_update([user], ["id"])
    assert get_user_model().objects.get(pk=user.pk).first_name == "Claire"


def _loaded(row) -> dict:
    """Every concrete field's value, by attribute name."""
    return {field.attname: getattr(row, field.attname) for field in type(row)._meta.concrete_fields}


def test_row_find_loads_the_row_the_orm_loads() -> None:
    """JSON, datetimes, booleans, UUIDs and foreign key ids come back as the ORM gives them."""
    client = lrs_client_create(name="Lumi", scopes=["statements/write", "state"]).client
    user, competence = UserFactory(first_name="Zoé"), CompetenceFactory()
    record = SkillRecord.objects.create(
        user=user,
        competence=competence,
        level=2,
        last_statement_id=uuid.uuid4(),
        last_evidence_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    found_client = row_find(LrsClient, key=client.key, is_active=True)
    assert _loaded(found_client) == _loaded(LrsClient.objects.get(pk=client.pk))
    assert found_client.scopes == ["statements/write", "state"]
    assert _loaded(row_find(get_user_model(), pk=user.pk)) == _loaded(
        get_user_model().objects.get(pk=user.pk)
    )
    found_record = row_find(SkillRecord, pk=record.pk)
    assert _loaded(found_record) == _loaded(SkillRecord.objects.get(pk=record.pk))
    assert found_record.competence == competence
    assert not found_record._state.adding
    assert found_record._state.db == "default"


def test_row_find_matches_every_field_given() -> None:
    """A row equal on one field but not another is not found; a revoked client is not active."""
    client = lrs_client_create(name="Storyline").client
    lrs_client_revoke(client=client)
    assert row_find(LrsClient, key=client.key, is_active=True) is None
    assert row_find(LrsClient, key=client.key, is_active=False).pk == client.pk
    assert row_find(LrsClient, key="no such key") is None


def test_row_find_sends_one_select() -> None:
    """One query, whatever the lookup."""
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert row_find(get_user_model(), pk=user.pk, is_active=True).pk == user.pk
    (query,) = queries.captured_queries
    assert query["sql"].startswith("SELECT")


def test_row_find_refuses_ambiguous_and_unsupported_lookups() -> None:
    """Two matching rows, no field, a relation, an unknown field or a bad value: an error."""
    UserFactory(first_name="Jean")
    UserFactory(first_name="Jean")
    with pytest.raises(MultipleObjectsReturned):
        row_find(get_user_model(), first_name="Jean")
    with pytest.raises(ValueError, match="at least one field"):
        row_find(get_user_model())
    with pytest.raises(ValueError, match="own columns"):
        row_find(SkillRecord, user=1)
    with pytest.raises(FieldDoesNotExist):
        row_find(get_user_model(), nickname="Jean")
    with pytest.raises(ValueError, match="expected a number"):
        row_find(get_user_model(), pk="abc")


def test_pks_existing_gives_the_keys_that_have_a_row() -> None:
    """Keys of rows that exist, none of the others; duplicates and text keys are fine."""
    first, second = UserFactory(), UserFactory()
    gone = UserFactory()
    gone_pk = gone.pk
    gone.delete()
    User = get_user_model()
    assert pks_existing(User, [first.pk, gone_pk, second.pk, first.pk, 10**9]) == {
        first.pk,
        second.pk,
    }
    assert pks_existing(User, [str(first.pk)]) == {first.pk}
    assert pks_existing(User, []) == set()


def test_pks_existing_asks_once_per_500_keys() -> None:
    """One SELECT for up to 500 keys, one more for each 500 after."""
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert pks_existing(get_user_model(), [user.pk, *range(10**6, 10**6 + 700)]) == {user.pk}
    assert len(queries.captured_queries) == 2

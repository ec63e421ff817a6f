"""rows_update: prepared per-row UPDATEs by primary key, with the fields' own preparation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.rows import rows_update
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

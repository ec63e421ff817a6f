"""Writing changed columns of many rows by primary key (`rows_update`).

Django's `bulk_update` builds one `UPDATE ... SET f = CASE WHEN pk = 1 THEN ... END` per
batch: an expression tree of one `When` per row and field, compiled in Python on every call.
In the listeners that keep skills records and dashboard summaries current that compilation
was the largest cost of a statement batch (cProfile on the demo's dashboards step: 13 s of
53 s, for rows that change a few at a time). `rows_update` sends a single prepared
`UPDATE ... WHERE pk = %s` with `executemany`, in primary-key order, so concurrent writers
lock rows in the same order. Fields are prepared for the database by their own model
field, as the ORM would.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def rows_update(rows: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Write `fields` of every row (all of one model, already saved); return the row count."""
    if not rows:
        return 0
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise TypeError("rows_update: every row must be of the same model")
    if not fields:
        raise ValueError("rows_update: no field to write")
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    if any(not field.concrete or field.primary_key for field in targets):
        raise ValueError("rows_update: only concrete, non-key fields can be written")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in targets)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 (names from the model)
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    params = [
        [
            *(field.get_db_prep_save(getattr(row, field.attname), connection) for field in targets),
            meta.pk.get_db_prep_value(row.pk, connection),
        ]
        for row in sorted(rows, key=lambda row: row.pk)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)

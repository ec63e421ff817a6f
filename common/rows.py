"""Row access without compiling a queryset: `rows_update` (writes) and `row_find` (reads).

Django's `bulk_update` builds one `UPDATE ... SET f = CASE WHEN pk = 1 THEN ... END` per
batch: an expression tree of one `When` per row and field, compiled in Python on every call.
In the listeners that keep skills records and dashboard summaries current that compilation
was the largest cost of a statement batch (cProfile on the demo's dashboards step: 13 s of
53 s, for rows that change a few at a time). `rows_update` sends a single prepared
`UPDATE ... WHERE pk = %s` with `executemany`, in primary-key order, so concurrent writers
lock rows in the same order. Fields are prepared for the database by their own model
field, as the ORM would.

`row_find` is for the one query some requests make every time: the LRS checking a client's
credentials or a player token's user. Compiling `Model.objects.filter(...).first()` costs
several times the database round trip itself (on the development machine, 800 µs against
120 µs for the same SELECT sent raw), and on a single-statement POST that was a fifth of the
request. It sends a SELECT built once per model, lookup and database, and loads the row as
the ORM does: every concrete field, through the converters the compiler would apply, into
`Model.from_db`. `pks_existing` is its companion for a set of primary keys (the LRS checking
that the users its statements name still exist).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import MultipleObjectsReturned
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]
ColumnConverters = tuple[Any, list[Converter]]
Select = tuple[str, list[models.Field], list[ColumnConverters]]
_SELECTS: dict[tuple[type[models.Model], tuple[str, ...], str], Select] = {}


def _converters(
    field: models.Field, table: str, connection: BaseDatabaseWrapper
) -> ColumnConverters:
    """A column and the converters the compiler applies to its values (backend's, then field's)."""
    column = field.get_col(table)
    return column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)


def _convert(value: Any, converter: ColumnConverters, connection: BaseDatabaseWrapper) -> Any:
    """A value read from the database, as the ORM would hand it over."""
    column, chain = converter
    for convert in chain:
        value = convert(value, column, connection)
    return value


def _select(
    model: type[models.Model], names: tuple[str, ...], connection: BaseDatabaseWrapper
) -> Select:
    """The SELECT of every concrete field where `names` equal parameters, and its converters."""
    key = (model, names, connection.alias)
    cached = _SELECTS.get(key)
    if cached is not None:
        return cached
    meta = model._meta
    if meta.parents:
        raise ValueError("row_find: models inheriting a table are not supported")
    quote = connection.ops.quote_name
    wheres = [meta.pk if name == "pk" else meta.get_field(name) for name in names]
    if any(not field.concrete or field.is_relation for field in wheres):
        raise ValueError("row_find: only the model's own columns can be matched")
    fields = meta.concrete_fields
    converters = [_converters(field, meta.db_table, connection) for field in fields]
    condition = " AND ".join(f"{quote(field.column)} = %s" for field in wheres)
    sql = (
        f"SELECT {', '.join(quote(field.column) for field in fields)} "  # noqa: S608 (names from the model)
        f"FROM {quote(meta.db_table)} WHERE {condition} LIMIT 2"
    )
    _SELECTS[key] = cached = (sql, wheres, converters)
    return cached


def row_find(model: type[M], **equals: Any) -> M | None:
    """The one row whose fields equal `equals` (as `filter(**equals)`), or None.

    Exact matches on concrete fields only; more than one matching row raises
    `MultipleObjectsReturned`, so use it on unique keys.
    """
    if not equals:
        raise ValueError("row_find: give at least one field to match")
    names = tuple(sorted(equals))
    connection = connections[router.db_for_read(model)]
    sql, wheres, converters = _select(model, names, connection)
    params = [
        field.get_db_prep_value(equals[name], connection, prepared=False)
        for name, field in zip(names, wheres, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not found:
        return None
    if len(found) > 1:
        raise MultipleObjectsReturned(f"row_find: more than one {model.__name__} matches")
    values = [
        _convert(value, converter, connection)
        for value, converter in zip(found[0], converters, strict=True)
    ]
    names_loaded = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names_loaded, values)


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


def pks_existing(model: type[models.Model], pks: Iterable[Any]) -> set[Any]:
    """The primary keys among `pks` that have a row, in one SELECT per 500 keys."""
    wanted = list(dict.fromkeys(pks))
    if not wanted:
        return set()
    connection = connections[router.db_for_read(model)]
    meta = model._meta
    quote = connection.ops.quote_name
    converter = _converters(meta.pk, meta.db_table, connection)
    found = set()
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cursor.execute(
                f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} "  # noqa: S608 (names from the model)
                f"WHERE {quote(meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [meta.pk.get_db_prep_value(pk, connection, prepared=False) for pk in chunk],
            )
            found.update(_convert(value, converter, connection) for (value,) in cursor.fetchall())
    return found

"""Plain SQL for the statements every comment post runs, compiled once.

Compiling an ORM statement costs more than running it: on SQLite an insert
takes about 0.05 ms to run and 0.3 ms to build. The posting path runs a handful
of them per comment, so it uses these instead: each statement is built once
per model from the model's own fields, and values go in and come out through
the same conversions Django applies (``pre_save`` for ``auto_now_add`` and
defaults, ``get_db_prep_save`` on the way in, the backend's and the field's
converters on the way out).

Rows written by :func:`insert` send no ``pre_save``/``post_save`` signals: use
it only for models no receiver listens to (a test checks the ones that do).

On PostgreSQL, the writes inside :func:`batch` (inserts, and statements
passed to :func:`later`) reach the server as one statement of data-modifying
``WITH`` clauses when the block ends: one round trip instead of one each. A
row may refer to another row of the same batch; its key is read from that
row's ``RETURNING``. Elsewhere they run one by one, at once.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, Any], Any]


def quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


def table(model: type[models.Model]) -> str:
    return quote(model._meta.db_table)


@functools.cache
def _insert_plan(
    model: type[models.Model], vendor: str
) -> tuple[str, list[models.Field[Any, Any]], str]:
    """``INSERT INTO t (columns) VALUES``, its fields, and its RETURNING (or "")."""
    meta = model._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    head = f"INSERT INTO {table(model)} ({columns}) VALUES"
    returning = ""
    if connection.features.can_return_columns_from_insert:
        returning = f" RETURNING {quote(meta.pk.column)}"
    return head, fields, returning


@dataclass
class _Write:
    sql: str
    params: list[Any]
    obj: models.Model | None = None  # an insert's row, whose key comes back
    # The row's foreign keys to rows of the same batch, set once those have keys.
    links: list[tuple[str, models.Model]] = dataclasses.field(default_factory=list)


class _Batch(threading.local):
    writes: list[_Write] | None = None


_batch = _Batch()


@contextmanager
def batch() -> Iterator[None]:
    """Send the writes inside as one statement at the end (PostgreSQL).

    Keys of rows inserted inside are set when the block ends; nothing inside
    may read one before. An exception inside sends nothing.
    """
    if connection.vendor != "postgresql" or _batch.writes is not None:
        yield
        return
    _batch.writes = []
    try:
        yield
        writes = _batch.writes
    finally:
        _batch.writes = None
    _flush(writes)


def flush() -> None:
    """Send the batch's writes now (their rows get their keys); it stays open."""
    if _batch.writes:
        writes, _batch.writes = _batch.writes, []
        _flush(writes)


def _flush(writes: list[_Write]) -> None:
    if not writes:
        return
    clauses, params, keys = [], [], []
    for index, write in enumerate(writes):
        clauses.append(f"w{index} AS ({write.sql})")
        params.extend(write.params)
        if write.obj is not None:
            keys.append(_key_of(index, write.obj))
    selected = ", ".join(keys) or "1"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(clauses)} SELECT {selected}", params)
        row = cursor.fetchone()
    inserted = [write.obj for write in writes if write.obj is not None]
    for obj, pk in zip(inserted, row, strict=False):
        obj.pk = pk
    for write in writes:
        for attname, target in write.links:
            setattr(write.obj, attname, target.pk)


def _key_of(index: int, obj: models.Model) -> str:
    """The key of the row the batch's ``index``-th write inserts."""
    # Names come from the model and the batch's own numbering, never input.
    return f"(SELECT {quote(obj._meta.pk.column)} FROM w{index})"  # noqa: S608


def _queued(obj: models.Model, column: models.Field[Any, Any]) -> tuple[int, Any]:
    """For a foreign key to a row queued in this batch: its write and the row."""
    if _batch.writes is None or not isinstance(column, models.ForeignKey):
        return -1, None
    if not column.is_cached(obj):
        return -1, None
    target = column.get_cached_value(obj)
    for index, write in enumerate(_batch.writes):
        if write.obj is not None and write.obj is target and target.pk is None:
            return index, target
    return -1, None


def insert(obj: M) -> M:
    """Write a new ``obj`` with one precompiled INSERT; sets its primary key."""
    head, fields, returning = _insert_plan(type(obj), connection.vendor)
    marks: list[str] = []
    params: list[Any] = []
    links: list[tuple[str, models.Model]] = []
    for column in fields:
        index, target = _queued(obj, column)
        if target is not None:
            marks.append(_key_of(index, target))
            links.append((column.attname, target))
        else:
            marks.append("%s")
            value = column.get_db_prep_save(column.pre_save(obj, True), connection)
            params.append(value)
    sql = f"{head} ({', '.join(marks)}){returning}"
    if _batch.writes is not None:
        _batch.writes.append(_Write(sql, params, obj, links))
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            obj.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def later(sql: str, params: Sequence[Any]) -> None:
    """Run a statement whose result no one reads: in the batch if one is open."""
    if _batch.writes is not None:
        _batch.writes.append(_Write(sql, list(params)))
        return
    execute(sql, params)


@functools.cache
def _select_plan(
    model: type[models.Model], column: str, vendor: str
) -> tuple[str, list[str], list[tuple[int, list[Converter], Any]]]:
    fields = list(model._meta.concrete_fields)
    names = ", ".join(quote(field.column) for field in fields)
    sql = (
        f"SELECT {names} FROM {table(model)} "  # noqa: S608
        f"WHERE {quote(column)} = %s LIMIT 1"
    )
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        found = [
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        ]
        if found:
            converters.append((index, found, expression))
    return sql, [field.attname for field in fields], converters


def select_one(model: type[M], column: str, value: Any) -> M | None:
    """The ``model`` row whose ``column`` equals ``value``, or None."""
    sql, names, converters = _select_plan(model, column, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, expression in converters:
        for function in functions:
            values[index] = function(values[index], expression, connection)
    return model.from_db(connection.alias, names, values)


def execute(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Run one statement; the rows it returns, if any."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
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
) -> tuple[str, list[models.Field[Any, Any]], bool]:
    meta = model._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    returning = bool(connection.features.can_return_columns_from_insert)
    sql = f"INSERT INTO {table(model)} ({columns}) VALUES ({marks})"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields, returning


def insert(obj: M) -> M:
    """Write a new ``obj`` with one precompiled INSERT; sets its primary key."""
    sql, fields, returning = _insert_plan(type(obj), connection.vendor)
    params = [
        field.get_db_prep_save(field.pre_save(obj, True), connection)
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


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

"""Plain SQL writes and reads rows exactly as the ORM would."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection, transaction
from django.db.models.signals import ModelSignal, post_save, pre_save
from django.test.utils import CaptureQueriesContext
from wagtail.models import TranslatableMixin

from gazette.core import sql
from gazette.discussion.models import Comment, Thread
from gazette.moderation.models import AuditEntry, ModerationRecord

pytestmark = pytest.mark.django_db

WRITTEN_BY_SQL = (Comment, ModerationRecord, AuditEntry)


# Receivers of every model's saves that leave these models alone: Wagtail's
# sets the locale of translatable models only.
HARMLESS = {"wagtail.models.i18n.set_locale_on_new_instance"}


def _receivers(signal: ModelSignal, model: type) -> set[str]:
    sync, asynchronous = signal._live_receivers(model)
    return {f"{r.__module__}.{r.__qualname__}" for r in [*sync, *asynchronous]}


@pytest.mark.parametrize("model", WRITTEN_BY_SQL)
def test_no_one_listens_to_the_models_it_writes(model: type) -> None:
    # sql.insert sends no save signals: a receiver added later would miss rows.
    assert not issubclass(model, TranslatableMixin)
    assert _receivers(pre_save, model) <= HARMLESS
    assert _receivers(post_save, model) <= HARMLESS


def test_an_inserted_row_reads_back_as_the_orm_wrote_it() -> None:
    thread = Thread.objects.create(key="sql-thread")
    anchor = {"block": "b1", "selector": [{"type": "TextQuoteSelector", "exact": "ñ"}]}

    comment = sql.insert(
        Comment(
            thread=thread,
            author_name="Ana",
            text="Hola",
            html="<p>Hola</p>",
            email_verified=True,
            anchor=anchor,
        )
    )

    assert comment.pk is not None
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.anchor == anchor
    assert stored.email_verified is True
    assert stored.created_at == comment.created_at
    assert stored.status == Comment.Status.PUBLISHED
    assert stored.thread_id == thread.pk


def test_select_one_converts_as_the_orm_does() -> None:
    made = Thread.objects.create(key="sql-read", restricted=True, title="T")

    found = sql.select_one(Thread, "key", "sql-read")

    assert found is not None
    assert found.pk == made.pk
    assert found.restricted is True
    assert isinstance(found.created_at, datetime)
    assert found.created_at == Thread.objects.get(pk=made.pk).created_at
    assert sql.select_one(Thread, "key", "no-such-thread") is None


def test_execute_returns_rows_or_nothing() -> None:
    Thread.objects.create(key="sql-count")
    table = sql.table(Thread)

    rows = sql.execute(f"SELECT COUNT(*) FROM {table}", [])  # noqa: S608
    changed = sql.execute(f"UPDATE {table} SET version = version + 1", [])  # noqa: S608

    assert rows == [(1,)]
    assert changed == []


def test_a_batch_sends_linked_rows_in_one_statement_on_postgresql() -> None:
    thread = Thread.objects.create(key="sql-batch")
    bump = f"UPDATE {sql.table(Thread)} SET version = version + 1 WHERE id = %s"  # noqa: S608

    with CaptureQueriesContext(connection) as queries, sql.batch():
        comment = sql.insert(Comment(thread=thread, author_name="Ana", text="Hola"))
        record = sql.insert(ModerationRecord(comment=comment, reasons=["ok"]))
        entry = sql.insert(AuditEntry(comment=comment, action="published"))
        sql.later(bump, [thread.pk])

    assert len(queries) == (1 if connection.vendor == "postgresql" else 4)
    assert comment.pk is not None
    assert record.comment_id == entry.comment_id == comment.pk
    assert ModerationRecord.objects.get(pk=record.pk).comment_id == comment.pk
    assert AuditEntry.objects.get(pk=entry.pk).comment_id == comment.pk
    assert Comment.objects.get(pk=comment.pk).text == "Hola"
    assert Thread.objects.get(pk=thread.pk).version == thread.version + 1


def test_an_error_inside_a_batch_writes_nothing() -> None:
    thread = Thread.objects.create(key="sql-batch-error")

    def fails_halfway() -> None:
        with transaction.atomic(), sql.batch():
            comment = sql.insert(Comment(thread=thread, author_name="Ana", text="Hi"))
            sql.insert(ModerationRecord(comment=comment))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails_halfway()

    assert not Comment.objects.filter(thread=thread).exists()
    assert not ModerationRecord.objects.exists()


def test_outside_a_batch_a_later_statement_runs_at_once() -> None:
    thread = Thread.objects.create(key="sql-later")
    table = sql.table(Thread)

    sql.later(f"UPDATE {table} SET version = 7 WHERE id = %s", [thread.pk])  # noqa: S608

    assert Thread.objects.get(pk=thread.pk).version == 7

"""Writing what an importer read: in batches, in one transaction, once.

Comments are inserted a thousand at a time, flat, each remembering its
parent's origin. When the file is read, parents are found with one UPDATE
(including replies left waiting by an earlier import), and depth and root are
set one level of the tree at a time. A second import of the same file finds
every origin already there and adds nothing. A failure anywhere, or a dry
run, rolls everything back.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.db.models import (
    DateTimeField,
    Exists,
    JSONField,
    Max,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gazette.core.db import write_transaction
from gazette.core.privacy import hash_ip
from gazette.discussion.errors import InvalidComment
from gazette.discussion.keys import page_key
from gazette.discussion.models import Comment, Thread
from gazette.discussion.services import check_thread_key, threads_recount
from gazette.interchange.records import CommentRecord, Record, Skipped, ThreadRecord
from gazette.publishing.models import ArticlePage, SectionPage
from gazette.publishing.services import article_import

BATCH = 1000
UNRESOLVED = 32767  # depth of a reply whose place in the tree is not yet known


@dataclass
class Summary:
    added: Counter[str] = field(default_factory=Counter)  # by status
    already: int = 0  # comments an earlier import brought in
    skipped: Counter[str] = field(default_factory=Counter)  # by reason
    threads_created: int = 0
    articles_created: int = 0
    orphans: int = 0  # replies whose parent is not there: shown top-level
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.added.values())


class _Threads:
    """The file's threads, made Gazette threads when a comment needs one."""

    def __init__(
        self, source: str, summary: Summary, section: SectionPage | None
    ) -> None:
        self.source = source
        self.summary = summary
        self.section = section
        self.records: dict[str, ThreadRecord] = {}
        self.pks: dict[str, int] = {}

    def add(self, record: ThreadRecord) -> None:
        self.records[record.ref] = record
        if self.section is not None and record.is_post:
            made = article_import(
                section=self.section,
                title=record.title,
                slug=record.slug,
                html=record.body,
                published_at=record.created_at,
                live=record.live,
            )
            self.summary.articles_created += int(made is not None)

    def pk(self, ref: str) -> int | None:
        return self.pks.get(ref)

    def resolve(self, refs: Iterable[str]) -> None:
        """Find or make the Gazette threads of these refs, a batch at a time.

        A record with a Gazette key keeps it (Gazette's own files). Otherwise
        the article whose slug is the post's slug or its address's last part
        takes its comments; else the thread already at that address; else a
        new thread keyed by the source's name for the page.
        """
        todo = {ref: self.records[ref] for ref in refs if ref in self.records}
        todo = {ref: r for ref, r in todo.items() if ref not in self.pks}
        if not todo:
            return
        slugs = {ref: _slugs(r) for ref, r in todo.items() if not r.key}
        articles: dict[str, list[ArticlePage]] = {}
        wanted_slugs = {slug for found in slugs.values() for slug in found}
        for article in ArticlePage.objects.filter(slug__in=wanted_slugs):
            articles.setdefault(article.slug, []).append(article)
        urls = {r.url[:2000] for ref, r in todo.items() if r.url and ref in slugs}
        at_url: dict[str, int] = {}
        for url, pk in Thread.objects.filter(url__in=urls).values_list("url", "pk"):
            at_url.setdefault(url, pk)
        keys: dict[str, tuple[ThreadRecord, ArticlePage | None]] = {}
        chosen: dict[str, str] = {}  # ref -> key
        for ref, record in todo.items():
            article = next(
                (
                    articles[slug][0]
                    for slug in slugs.get(ref, [])
                    if len(articles.get(slug, [])) == 1
                ),
                None,
            )
            if article is None and record.url[:2000] in at_url and ref in slugs:
                self.pks[ref] = at_url[record.url[:2000]]
                continue
            chosen[ref] = key = page_key(article.pk) if article else self._key(record)
            keys.setdefault(key, (record, article))
        there = set(Thread.objects.filter(key__in=keys).values_list("key", flat=True))
        Thread.objects.bulk_create(
            [
                Thread(
                    key=key,
                    page=article,
                    url=record.url[:2000],
                    title=(article.title if article else record.title)[:255],
                    created_at=record.created_at or timezone.now(),
                )
                for key, (record, article) in keys.items()
                if key not in there
            ],
            ignore_conflicts=True,
        )
        self.summary.threads_created += len(set(keys) - there)
        found = dict(Thread.objects.filter(key__in=keys).values_list("key", "pk"))
        self.pks.update({ref: found[key] for ref, key in chosen.items()})

    def _key(self, record: ThreadRecord) -> str:
        for candidate in (record.key or record.name, f"{self.source}-{record.ref}"):
            try:
                return check_thread_key(candidate)
            except InvalidComment:
                continue
        # hash() differs between processes; a digest keeps re-runs on one key.
        digest = hashlib.sha256(record.ref.encode()).hexdigest()[:24]
        return check_thread_key(f"{self.source}-{digest}")


def _slugs(record: ThreadRecord) -> list[str]:
    path = [part for part in urlsplit(record.url).path.split("/") if part]
    return [slug for slug in (record.slug, path[-1] if path else "") if slug]


def _row(record: CommentRecord, thread_id: int) -> dict[str, Any]:
    return {
        "thread_id": thread_id,
        "depth": UNRESOLVED if record.parent_origin else 0,
        "origin": record.origin[:255],
        "origin_parent": record.parent_origin[:255],
        "author_name": record.author_name[:200],
        "author_email": record.author_email[:254],
        "email_verified": record.email_verified,
        "author_badge": record.author_badge[:20],
        "text": record.text,
        "html": record.html,
        "status": record.status,
        "created_at": record.created_at,
        "edited_at": record.edited_at,
        "ip_hash": hash_ip(record.ip) if record.ip else "",
        "upvotes": record.upvotes,
        "downvotes": record.downvotes,
        "score": record.upvotes - record.downvotes,
        "anchor": record.anchor,
        "passage": record.passage,
    }


class _Inserter:
    """Plain INSERTs of many rows at once: model instances cost more than
    the database does, and imported rows need none of their behaviour."""

    def __init__(self) -> None:
        fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        self.fields = fields
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.pick = itemgetter(*(f.attname for f in fields))
        self.prepared = [
            (index, f)
            for index, f in enumerate(fields)
            if isinstance(f, (DateTimeField, JSONField))
        ]
        # Names come from the model, quoted by the backend; values are parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(Comment._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )

    def __call__(self, rows: list[dict[str, Any]]) -> None:
        values = []
        for row in rows:
            line = list(self.pick({**self.defaults, **row}))
            for index, f in self.prepared:
                if line[index] is not None:
                    line[index] = f.get_db_prep_save(line[index], connection)
            values.append(line)
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


def _flush(
    batch: list[CommentRecord],
    threads: _Threads,
    summary: Summary,
    insert: Callable[[list[dict[str, Any]]], None],
) -> None:
    wanted = {record.origin for record in batch}
    there = set(
        Comment.objects.filter(origin__in=wanted).values_list("origin", flat=True)
    )
    threads.resolve({record.thread_ref for record in batch})
    rows, seen = [], set(there)
    for record in batch:
        if record.origin in seen:
            summary.already += int(record.origin in there)
            continue
        seen.add(record.origin)
        thread_id = threads.pk(record.thread_ref)
        if thread_id is None:
            summary.skipped["comment whose thread is not in the file"] += 1
            continue
        rows.append(_row(record, thread_id))
        summary.added[record.status] += 1
    if rows:
        insert(rows)
    batch.clear()


def _place_replies(summary: Summary) -> None:
    """Find parents, then set depth and root level by level."""
    parent = Comment.objects.filter(
        origin=OuterRef("origin_parent"), thread_id=OuterRef("thread_id")
    ).exclude(pk=OuterRef("pk"))
    waiting = Comment.objects.filter(parent__isnull=True).exclude(origin_parent="")
    found = waiting.filter(Exists(parent))
    # A top-level comment that gains its parent takes its replies down with it.
    Comment.objects.filter(root__in=found.values("pk")).update(depth=UNRESOLVED)
    found.update(depth=UNRESOLVED, parent_id=Subquery(parent.values("pk")[:1]))
    root_of_parent = Subquery(
        Comment.objects.filter(pk=OuterRef("parent_id"))
        .annotate(top=Coalesce("root_id", "pk"))
        .values("top")[:1]
    )
    placed = Comment.objects.filter(depth__lt=UNRESOLVED)
    level, deepest = 0, placed.aggregate(deepest=Max("depth"))["deepest"] or 0
    while level <= deepest:
        moved = Comment.objects.filter(depth=UNRESOLVED, parent__depth=level).update(
            depth=level + 1, root_id=root_of_parent
        )
        deepest = max(deepest, level + 1) if moved else deepest
        level += 1
    summary.orphans = Comment.objects.filter(depth=UNRESOLVED).update(
        depth=0, parent=None, root=None
    )


def import_records(
    records: Iterable[Record],
    *,
    source: str,
    dry_run: bool = False,
    progress: Callable[[Summary], None] | None = None,
    articles_in: SectionPage | None = None,
) -> Summary:
    """Import a reader's records; all or nothing. Raises ImportFailed if broken.

    ``articles_in``: make an article in this section for each post that has
    none (WordPress), so its comments land under it.
    """
    summary = Summary(dry_run=dry_run)
    with write_transaction():
        threads = _Threads(source, summary, articles_in)
        insert = _Inserter()
        batch: list[CommentRecord] = []
        for record in records:
            if isinstance(record, CommentRecord):
                batch.append(record)
                if len(batch) >= BATCH:
                    _flush(batch, threads, summary, insert)
                    if progress:
                        progress(summary)
            elif isinstance(record, ThreadRecord):
                threads.add(record)
            elif isinstance(record, Skipped):
                summary.skipped[record.reason] += 1
        _flush(batch, threads, summary, insert)
        _place_replies(summary)
        threads_recount(set(threads.pks.values()))
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(summary)
    return summary

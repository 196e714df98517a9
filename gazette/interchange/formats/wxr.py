"""WordPress's WXR export (1.0 to 1.2): posts, each with its comments.

wpDiscuz keeps its comments as WordPress comments, and its votes in comment
meta (``wpdiscuz_votes``, and likes and dislikes apart in
``wpdiscuz_votes_seperate``), which become the comment's vote totals.
Pingbacks and trackbacks are skipped unless asked for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import Element

from django.utils import timezone

from gazette.discussion.models import Comment
from gazette.interchange import text
from gazette.interchange.records import CommentRecord, Record, Skipped, ThreadRecord
from gazette.interchange.xmlstream import child_text, children, elements

STATUS = {
    "1": Comment.Status.PUBLISHED,
    "approve": Comment.Status.PUBLISHED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.DELETED,
}
_VOTE = re.compile(r's:\d+:"(like|dislike)";i:(-?\d+);')


@dataclass(frozen=True)
class Options:
    site: str = ""  # tells two sites' comment ids apart; default: the file's site
    pingbacks: bool = False
    all_posts: bool = False  # also posts without comments (to make articles)


def _meta(comment: Element) -> dict[str, str]:
    return {
        child_text(meta, "meta_key"): child_text(meta, "meta_value")
        for meta in children(comment, "commentmeta")
    }


def _votes(meta: dict[str, str]) -> tuple[int, int]:
    apart = dict(_VOTE.findall(meta.get("wpdiscuz_votes_seperate", "")))
    if apart:
        return max(0, int(apart.get("like", 0))), abs(int(apart.get("dislike", 0)))
    try:
        total = int(meta.get("wpdiscuz_votes", "0") or 0)
    except ValueError:
        total = 0
    return max(total, 0), max(-total, 0)


def _comment(comment: Element, post: str, site: str, pingbacks: bool) -> Record:
    kind = child_text(comment, "comment_type")
    if kind in ("pingback", "trackback") and not pingbacks:
        return Skipped(kind)
    content = child_text(comment, "comment_content")
    created = text.when(
        child_text(comment, "comment_date_gmt"),
        fallback=text.when(child_text(comment, "comment_date")),
    )
    comment_id = child_text(comment, "comment_id")
    if not comment_id:  # seen in the wild: make a stable id from the content
        seed = f"{post}|{child_text(comment, 'comment_author')}|{created}|{content}"
        comment_id = "h" + hashlib.sha256(seed.encode()).hexdigest()[:24]
    parent = child_text(comment, "comment_parent")
    body, html = text.from_wordpress(content)
    up, down = _votes(_meta(comment))
    return CommentRecord(
        origin=f"wxr:{site}:{comment_id}",
        thread_ref=post,
        parent_origin=f"wxr:{site}:{parent}" if parent not in ("", "0") else "",
        author_name=child_text(comment, "comment_author") or "Anonymous",
        author_email=child_text(comment, "comment_author_email"),
        ip=child_text(comment, "comment_author_IP"),
        created_at=created or timezone.now(),
        text=body,
        html=html,
        status=STATUS.get(
            child_text(comment, "comment_approved"), Comment.Status.PENDING
        ),
        upvotes=up,
        downvotes=down,
    )


def _site(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/") or "wordpress"


def read(source: BinaryIO, options: Options = Options()) -> Iterator[Record]:
    site_url = ""
    wanted = {"item", "base_site_url", "link"}
    for name, element in elements(source, wanted, depth=3):
        if name == "base_site_url":  # the channel's own address, before the items
            site_url = element.text or ""
            continue
        if name == "link":
            site_url = site_url or element.text or ""
            continue
        comments = list(children(element, "comment"))
        is_post = child_text(element, "post_type") in ("", "post")
        if not comments and not (options.all_posts and is_post):
            continue
        post = (
            child_text(element, "post_id")
            or child_text(element, "guid")
            or child_text(element, "link")
        )
        if not post:
            yield Skipped("post without an id")
            continue
        yield ThreadRecord(
            ref=post,
            url=child_text(element, "link"),
            title=child_text(element, "title"),
            slug=child_text(element, "post_name"),
            created_at=text.when(child_text(element, "post_date_gmt")),
            is_post=is_post,
            body=text.autop(child_text(element, "encoded")),
            live=child_text(element, "status") in ("", "publish"),
        )
        site = options.site or _site(site_url)
        for comment in comments:
            yield _comment(comment, post, site, options.pingbacks)

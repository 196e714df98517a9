"""Load the benchmark threads into a Gazette database through the real services."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from gazette.discussion import services
    from gazette.discussion.models import Comment
    from gazette.publishing.models import HomePage

    from workload import BIG, threads

    # The big thread sits under the demo's lead story, so the article page
    # can be measured with it (or under BENCH_BIG_KEY, an embed thread); the
    # small one is an embed thread.
    lead = HomePage.objects.get(depth=2).lead_story
    keys = {BIG: os.environ.get("BENCH_BIG_KEY") or f"page-{lead.pk}"}
    for name, comments in threads().items():
        key = keys.get(name, name)
        if Comment.objects.filter(thread__key=key).count() >= len(comments):
            continue  # already seeded (the demo's own comments do not count)
        ids: list[int] = []
        for c in comments:
            posted = services.comment_create(
                services.CommentRequest(
                    thread_key=key,
                    text=c.text,
                    author_name=c.author,
                    parent_id=ids[c.parent] if c.parent is not None else None,
                )
            )
            ids.append(posted.comment.pk)
    print(json.dumps({"big": keys[BIG], "article": lead.url}))


if __name__ == "__main__":
    main()

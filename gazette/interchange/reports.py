"""An import's summary in words, for the terminal and the admin."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gazette.interchange.loader import Summary


def describe(summary: Summary) -> str:
    lines = []
    if summary.dry_run:
        lines.append(_("Dry run: nothing was written. The import would bring in:"))
    statuses = ", ".join(
        f"{count:,} {status}" for status, count in sorted(summary.added.items())
    )
    counted = (
        ngettext("%(n)s comment", "%(n)s comments", summary.total)
        if summary.dry_run
        else ngettext(
            "%(n)s comment imported", "%(n)s comments imported", summary.total
        )
    )
    lines.append(
        counted % {"n": f"{summary.total:,}"}
        + (f" ({statuses})" if statuses else "")
        + ", "
        + ngettext("%(n)d new thread.", "%(n)d new threads.", summary.threads_created)
        % {"n": summary.threads_created}
    )
    if summary.articles_created:
        lines.append(
            ngettext(
                "%(n)d post became an article.",
                "%(n)d posts became articles.",
                summary.articles_created,
            )
            % {"n": summary.articles_created}
        )
    if summary.already:
        lines.append(
            _("%(n)s were already here from an earlier import.")
            % {"n": f"{summary.already:,}"}
        )
    for reason, count in sorted(summary.skipped.items()):
        lines.append(
            _("Skipped %(n)s: %(reason)s.") % {"n": f"{count:,}", "reason": reason}
        )
    if summary.orphans:
        lines.append(
            _(
                "%(n)s replies whose parent is not here are shown as top-level "
                "comments (a later import of the parent puts them back)."
            )
            % {"n": f"{summary.orphans:,}"}
        )
    return "\n".join(lines)

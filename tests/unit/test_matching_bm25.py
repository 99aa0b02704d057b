"""BM25 and the fused search on tiny corpora (vectors given, no model needed)."""

import numpy as np
import pytest

from evidence.matching.bm25 import BM25, tokenize
from evidence.matching.index import COSINE_WEIGHT, MatchIndex

CLAIMS = [
    "Vaccines cause autism in children.",
    "The Eiffel Tower was built in 1889 for the World's Fair.",
    "Drinking bleach cures the coronavirus.",
    "Bananas are a good source of potassium.",
]


def test_tokens_drop_links_and_stopwords_and_fold_plurals():
    assert tokenize("The vaccines https://t.co/x cause AUTISM's spread") == ["vaccine", "cause", "autism", "spread"]


def test_the_document_sharing_rare_query_terms_scores_highest():
    scores = BM25(CLAIMS).scores("do vaccines give children autism?")
    assert scores.argmax() == 0
    assert scores[1] == scores[3] == 0


def test_unknown_words_and_empty_corpora_score_zero():
    assert not BM25(CLAIMS).scores("zebra quantum").any()
    assert BM25([]).scores("vaccines").shape == (0,)


def test_scores_are_at_most_the_query_ceiling():
    bm25 = BM25(CLAIMS)
    for query in ("vaccines autism", "bleach bleach coronavirus", CLAIMS[1]):
        assert bm25.scores(query).max() <= bm25.ceiling(query)


def _unit(*values):
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_fusion_ranks_by_weighted_cosine_and_lexical_share():
    vectors = np.stack([_unit(1, 0), _unit(0, 1), _unit(1, 1), _unit(0, 0, 1)])
    index = MatchIndex(["a", "b", "c", "d"], CLAIMS, vectors)
    query = _unit(0, 0, 1)  # semantically closest to "d", lexically to "a"
    results = index.search("vaccines autism", top=4, vector=query)
    assert [doc for doc, _ in results][:2] == ["a", "d"]
    scores = dict(results)
    ceiling = index.bm25.ceiling("vaccines autism")
    expected = COSINE_WEIGHT * 0 + (1 - COSINE_WEIGHT) * index.bm25.scores("vaccines autism")[0] / ceiling
    assert scores["a"] == pytest.approx(expected, abs=1e-4)
    assert scores["d"] == pytest.approx(COSINE_WEIGHT, abs=1e-4)


def test_search_returns_at_most_top_and_nothing_on_an_empty_index():
    index = MatchIndex(["a", "b"], CLAIMS[:2], np.stack([_unit(1), _unit(0, 1)]))
    assert len(index.search("autism", top=5, vector=_unit(1))) == 2
    assert MatchIndex([], [], np.zeros((0, 384))).search("autism", vector=_unit(1)) == []

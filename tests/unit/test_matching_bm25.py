"""BM25 and the re-ranked first stage of the search on tiny corpora (vectors given, no model needed)."""

import numpy as np

from evidence.matching.bm25 import BM25, tokenize
from evidence.matching.index import MatchIndex

CLAIMS = [
    "Vaccines cause autism in children.",
    "The Eiffel Tower was built in 1889 for the World's Fair.",
    "Drinking bleach cures the coronavirus.",
    "Bananas are a good source of potassium.",
]


def test_tokens_drop_links_and_stopwords_and_stem():
    assert tokenize("The vaccines https://t.co/x cause AUTISM's spread") == ["vaccin", "caus", "autism", "spread"]
    assert tokenize("vaccinated vaccine vaccines") == ["vaccin"] * 3


def test_hashtags_and_handles_are_split_into_words():
    assert tokenize("#CoronaVirus kills — Ilhan Omar (@IlhanMN) pic.twitter.com/3S32De8ekP") == [
        "corona", "virus", "kill", "ilhan", "omar", "ilhan", "mn",
    ]


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
    """The same direction for both encoders: a MiniLM-sized and an MPNet-sized unit vector."""
    pair = []
    for size in (384, 768):
        vector = np.zeros(size, dtype=np.float32)
        vector[: len(values)] = values
        pair.append(vector / np.linalg.norm(vector))
    return tuple(pair)


def _index(ids, claims, *directions):
    vectors, wide = zip(*(_unit(*d) for d in directions), strict=True)
    return MatchIndex(ids, claims, np.stack(vectors), np.stack(wide))


def test_a_strong_match_scores_high_and_a_weak_best_candidate_low():
    index = _index(["a", "b", "c", "d"], CLAIMS, (1, 0), (0, 1), (1, 1), (0, 0, 1))
    results = index.search("Do vaccines cause autism in children?", top=4, vectors=_unit(1, 0.1), cross_encode=False)
    assert results[0][0] == "a" and results[0][1] > 0.7
    assert [score for _, score in results] == sorted((score for _, score in results), reverse=True)
    weak = index.search("potatoes", top=1, vectors=_unit(0.2, 0.2, 0.2, 1), cross_encode=False)
    assert weak[0][1] < 0.5


def test_search_returns_at_most_top_and_nothing_on_an_empty_index():
    index = _index(["a", "b"], CLAIMS[:2], (1,), (0, 1))
    assert len(index.search("autism", top=5, vectors=_unit(1), cross_encode=False)) == 2
    assert MatchIndex([], [], np.zeros((0, 384)), np.zeros((0, 768))).search("autism", vectors=_unit(1)) == []

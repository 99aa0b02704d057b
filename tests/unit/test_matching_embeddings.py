"""The MiniLM encoder loads from disk, offline, and gives sensible similarities."""

import os

import numpy as np

from evidence.matching import embeddings


def test_the_model_loads_offline_and_paraphrases_are_closer_than_unrelated_sentences():
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    claim, paraphrase, unrelated = embeddings.encode([
        "The Eiffel Tower is in Paris.",
        "Paris is home to the Eiffel Tower.",
        "Bananas are rich in potassium.",
    ])
    assert claim.shape == (384,) and claim.dtype == np.float32
    assert abs(np.linalg.norm(claim) - 1) < 1e-5
    assert claim @ paraphrase > 0.8
    assert claim @ unrelated < 0.2


def test_batches_give_the_same_vectors_as_single_sentences():
    texts = ["Short one.", "A much longer sentence about unemployment figures in Ohio last year."]
    together = embeddings.encode(texts)
    alone = np.vstack([embeddings.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


def test_vectors_round_trip_through_bytes():
    vector = embeddings.encode(["Bytes in the database."])[0]
    assert np.array_equal(embeddings.from_bytes(embeddings.to_bytes(vector)), vector)


def test_the_query_adapter_bends_a_tweet_towards_its_claim_but_only_a_little():
    from evidence.matching.index import adapt_query

    tweet, claim, unrelated = embeddings.encode([
        "BREAKING: Bill Gates wants to put microchips in the COVID vaccine #plandemic",
        "Bill Gates plans to use COVID-19 vaccines to implant microchips in people.",
        "Bananas are rich in potassium.",
    ])
    adapted = adapt_query(tweet)
    assert adapted.dtype == np.float32 and abs(np.linalg.norm(adapted) - 1) < 1e-5
    assert adapted @ tweet > 0.8, "near the identity: the space is bent, not replaced"
    assert adapted @ claim > adapted @ unrelated + 0.3

"""Claim matching: finding earlier fact-checks of a claim (BM25 + MiniLM embeddings)."""

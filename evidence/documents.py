"""Turning a pasted or uploaded document into plain text (pure functions)."""

import html
import io
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from factcheck.html import html_to_text, normalise_text

HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPE = "application/pdf"
TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}


# Compressed data a server or uploader may send as text; it is never unpacked here.
COMPRESSED_SIGNATURES = (
    (b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"\xfd7zXZ\x00", "xz"), (b"PK\x03\x04", "zip"),
    *((b"BZh" + digit.encode(), "bzip2") for digit in "123456789"),
)
# Text has next to no control characters (tab, newlines and form feed aside), and text in
# a legacy encoding such as Windows-1252 has a few undecodable bytes (its accented
# letters); binary noise has many of both.
_CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, *range(14, 32), 127])
MAX_CONTROL_SHARE = 0.01
MAX_UNDECODABLE_SHARE = 0.3
BINARY = "This file is binary, not text or HTML."


class UnreadableDocument(ValueError):
    """The document's bytes cannot be read as its type says."""


def decode_text(body: bytes) -> str:
    """A text or HTML body as text (UTF-8, undecodable bytes replaced).

    Raises UnreadableDocument when the body is not text at all: compressed data,
    NUL bytes anywhere (PostgreSQL stores no NUL in text), or mostly control
    characters and undecodable bytes (binary noise declared as text).
    """
    for signature, name in COMPRESSED_SIGNATURES:
        if body.startswith(signature):
            raise UnreadableDocument(f"This is {name}-compressed data, not text or HTML; it is not unpacked.")
    if b"\x00" in body:
        raise UnreadableDocument(BINARY)
    text = body.decode("utf-8", errors="replace")
    size = max(len(text), 1)
    controls = size - len(text.translate(_CONTROL_CHARACTERS))
    if controls > size * MAX_CONTROL_SHARE or text.count("\ufffd") > size * MAX_UNDECODABLE_SHARE:
        raise UnreadableDocument(BINARY)
    return text


def guess_content_type(filename: str, body: bytes, declared: str = "") -> str:
    """The document's type from its bytes, then its name, then what the client declared.

    Browsers declare what the file name suggests, so the bytes come first.
    """
    name, declared = filename.lower(), declared.split(";")[0].strip().lower()
    if body.startswith(b"%PDF-") or name.endswith(".pdf") or declared == PDF_TYPE:
        return PDF_TYPE
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or name.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    return declared if declared in HTML_TYPES | TEXT_TYPES else "text/plain"


def extract_text(body: bytes, content_type: str) -> str:
    """The readable text of a document; raises UnreadableDocument when there is none."""
    if content_type == PDF_TYPE:
        try:
            reader = PdfReader(io.BytesIO(body))
            text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise UnreadableDocument(f"This PDF cannot be read ({exc}).") from exc
        text = text.replace("\x00", "")  # a broken font map yields NULs, which PostgreSQL refuses
    else:
        decoded = decode_text(body)
        text = html_to_text(decoded) if content_type in HTML_TYPES else normalise_text(decoded)
    if not text.strip():
        raise UnreadableDocument("The document has no readable text.")
    return text.strip()


_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
TITLE_MAX_CHARS = 300


def html_title(body: bytes, content_type: str) -> str:
    """The ``<title>`` of an HTML document in plain words (entities decoded, spaces
    collapsed, at most 300 characters); empty for other types or when there is none."""
    if content_type not in HTML_TYPES:
        return ""
    try:
        head = decode_text(body[:200_000])
    except UnreadableDocument:
        return ""
    found = _TITLE.search(head)
    if not found:
        return ""
    title = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", found.group(1))).split())
    return title[:TITLE_MAX_CHARS]

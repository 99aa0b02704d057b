"""Turning a pasted or uploaded document into plain text (pure functions)."""

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from factcheck.html import html_to_text, normalise_text

HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPE = "application/pdf"
TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}


class UnreadableDocument(ValueError):
    """The document's bytes cannot be read as its type says."""


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
    else:
        if b"\x00" in body[:4096]:
            raise UnreadableDocument("This file is binary, not text or HTML.")
        decoded = body.decode("utf-8", errors="replace")
        text = html_to_text(decoded) if content_type in HTML_TYPES else normalise_text(decoded)
    if not text.strip():
        raise UnreadableDocument("The document has no readable text.")
    return text.strip()

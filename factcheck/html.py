"""Sanitising pasted HTML and turning it into plain text (pure functions)."""

import html as html_lib
import re

import nh3

_BLOCK_END = re.compile(
    r"</(p|div|h[1-6]|li|blockquote|pre|tr|section|article|header|footer|figure|figcaption)\s*>"
    r"|<br\s*/?>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\f\v\r]+")


def sanitise(html: str) -> str:
    """Keep safe formatting only: no scripts, styles, event handlers or javascript: URLs."""
    return nh3.clean(html, link_rel="noopener noreferrer nofollow")


def html_to_text(html: str) -> str:
    """Plain text of ``html``, one paragraph a line, separated by blank lines."""
    cleaned = sanitise(html)
    marked = _BLOCK_END.sub("\n\n", cleaned)
    text = html_lib.unescape(_TAG.sub("", marked))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise_text(text: str) -> str:
    """Pasted plain text: unify line endings and trim trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()

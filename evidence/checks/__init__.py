"""Automated checks. Importing this package registers every built-in check."""

from . import numbers_consistency, quote_in_article  # noqa: F401

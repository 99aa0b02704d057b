"""Automated checks. Importing this package registers every built-in check."""

from . import excerpt_in_source, link_archive, numbers_consistency, prior_fact_checks, quote_in_article, sources_independence  # noqa: F401

"""GIN indexes for the public fact-check search on PostgreSQL.

``claims.fact_check_lists`` narrows a search to verdicts whose headline and summary,
claim wording and quote, or claimant's name match a query word; each of these is a
full-text expression index here, written exactly as Django's ``SearchVector`` with
the English configuration renders it, so the planner uses them. SQLite has no such
indexes; its fallback search scans, which is fine at its scale.
"""

from django.db import migrations

INDEXES = {
    "verdict_search_gin": ("claims_verdict", ("headline", "summary")),
    "claim_search_gin": ("claims_claim", ("text", "quote")),
    "claimant_search_gin": ("claims_claimant", ("name",)),
}


def _document(columns) -> str:
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({_document(columns)}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_rating_scales_admin_group_pages")]

    operations = [migrations.RunPython(create, drop)]

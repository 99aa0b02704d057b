"""Trigram indexes so that the desk's substring search stays fast on PostgreSQL.

SQLite has no such indexes; there the search scans, which is fine at its scale.
"""

from django.db import migrations

INDEXES = {
    "claim_quote_trgm": ("claims_claim", "quote"),
    "claim_text_trgm": ("claims_claim", "text"),
    "claimant_name_trgm": ("claims_claimant", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_list_indexes")]

    operations = [migrations.RunPython(create, drop)]

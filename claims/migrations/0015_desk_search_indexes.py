"""GIN indexes for the desk's search on PostgreSQL (``claims.desk_search``).

The desk searches evidence items (title and excerpt), verdicts (headline, summary and
body) and notes as well as claims and claimants (whose indexes migration 0011 made);
each expression here is the one ``desk_search.matching`` writes, so the planner uses
it. SQLite has no such indexes; its fallback scans, which is fine at its scale.
"""

from django.db import migrations

INDEXES = {
    "evidence_desk_search_gin": ("evidence_evidenceitem", ("title", "excerpt")),
    "verdict_desk_search_gin": ("claims_verdict", ("headline", "summary", "body")),
    "note_desk_search_gin": ("claims_note", ("text",)),
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
    dependencies = [("claims", "0014_text_length_limits"), ("evidence", "0004_text_length_limits")]

    operations = [migrations.RunPython(create, drop)]

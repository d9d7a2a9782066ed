"""The full-text machinery of the index, for the database in use.

PostgreSQL: the unaccent and pg_trgm extensions; a `search_vector` tsvector column that a trigger
fills from the title (weight A) and the body (weight B), unaccented and stemmed with the row's
`config` (the group's language: spanish, english or french); a GIN index on it and a trigram GIN
index on `title_folded` for names.

SQLite (the embedded default): an FTS5 table over title and body (Unicode words, accents removed),
kept in step with the entries by triggers, so every way a row is written updates it.

Each vendor's SQL runs only on that vendor; the column and the FTS table are not model fields.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

POSTGRESQL_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector(NEW.config::regconfig, unaccent(coalesce(NEW.title, ''))), 'A') ||
        setweight(to_tsvector(NEW.config::regconfig, unaccent(coalesce(NEW.body, ''))), 'B');
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_entry_vector_trigger BEFORE INSERT OR UPDATE OF title, body, config
    ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_vector()
    """,
    "CREATE INDEX search_entry_vector_idx ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_trgm_idx ON search_searchentry USING gin (title_folded gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm_idx",
    "DROP INDEX IF EXISTS search_entry_vector_idx",
    "DROP TRIGGER IF EXISTS search_entry_vector_trigger ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vector()",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
      title, body, content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
      INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Both skip themselves on any database but PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

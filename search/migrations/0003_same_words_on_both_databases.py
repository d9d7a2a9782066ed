"""Both databases index the same words (search/lexemes.py says how), so that the demo finds the same rows.

PostgreSQL: the trigger unaccents, makes every run of characters that are neither letters nor digits one
space, then stems with the row's configuration as before; every row's vector is computed again.

SQLite: the FTS5 table holds the lexemes (stop words dropped, Snowball stems) that its triggers get from
`search_lexemes()`, a function search/apps.py registers on every connection, instead of the raw texts.
"""

from django.db import migrations

POSTGRESQL_VECTOR = """
CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(NEW.config::regconfig,
      regexp_replace(unaccent(coalesce(NEW.title, '')), '[^[:alnum:]]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector(NEW.config::regconfig,
      regexp_replace(unaccent(coalesce(NEW.body, '')), '[^[:alnum:]]+', ' ', 'g')), 'B');
  RETURN NEW;
END
$$
"""
POSTGRESQL_VECTOR_BEFORE = """
CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(NEW.config::regconfig, unaccent(coalesce(NEW.title, ''))), 'A') ||
    setweight(to_tsvector(NEW.config::regconfig, unaccent(coalesce(NEW.body, ''))), 'B');
  RETURN NEW;
END
$$
"""
POSTGRESQL_FORWARD = [POSTGRESQL_VECTOR, "UPDATE search_searchentry SET config = config"]
POSTGRESQL_BACKWARD = [POSTGRESQL_VECTOR_BEFORE, "UPDATE search_searchentry SET config = config"]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE_FORWARD = [
    *SQLITE_DROP,
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')",
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
      INSERT INTO search_fts(rowid, title, body)
      VALUES (new.id, search_lexemes(new.config, new.title), search_lexemes(new.config, new.body));
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
      DELETE FROM search_fts WHERE rowid = old.id;
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
      DELETE FROM search_fts WHERE rowid = old.id;
      INSERT INTO search_fts(rowid, title, body)
      VALUES (new.id, search_lexemes(new.config, new.title), search_lexemes(new.config, new.body));
    END
    """,
    """
    INSERT INTO search_fts(rowid, title, body)
    SELECT id, search_lexemes(config, title), search_lexemes(config, body) FROM search_searchentry
    """,
]
SQLITE_BACKWARD = [
    *SQLITE_DROP,
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


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "sqlite":
            from search.lexemes import register_sqlite_functions

            connection.ensure_connection()
            register_sqlite_functions(connection.connection)
        for statement in statements_by_vendor.get(connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Sessions' rate-limit counters live in the database cache; `migrate` alone must set it up.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("vpwg", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

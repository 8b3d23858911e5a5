"""The database table behind caches["throttle"] when there is no Redis (settings.CACHES)."""

from django.core.management import call_command
from django.db import migrations

TABLE = "prongsai_throttle"


def create_cache_table(apps, schema_editor):
    # Created whatever the cache backend, so switching away from Redis later needs no step.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_organisation_thai_name")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]

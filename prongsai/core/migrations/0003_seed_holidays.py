"""Load the official Thai public holidays shipped in prongsai/thai/data/holidays.json."""

from django.db import migrations


def load(apps, schema_editor):
    from prongsai.thai.workdays import load_official_holidays

    Holiday = apps.get_model("core", "Holiday")
    for day, name in sorted(load_official_holidays().items()):
        Holiday.objects.get_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notification")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

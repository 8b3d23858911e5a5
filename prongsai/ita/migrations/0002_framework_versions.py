
import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def overrides_to_versions(apps, schema_editor):
    """Each administrator's `ita-<year>` correction becomes version 1 of that year."""
    DataOverride = apps.get_model("ita", "DataOverride")
    FrameworkVersion = apps.get_model("ita", "FrameworkVersion")
    for override in DataOverride.objects.filter(name__startswith="ita-"):
        year = override.name.removeprefix("ita-")
        if year.isdigit():
            FrameworkVersion.objects.create(
                year=int(year),
                number=1,
                text=override.text,
                sha256=hashlib.sha256(override.text.encode()).hexdigest(),
                reason=override.reason,
                created_at=override.updated_at,
            )
            override.delete()


def versions_to_overrides(apps, schema_editor):
    DataOverride = apps.get_model("ita", "DataOverride")
    FrameworkVersion = apps.get_model("ita", "FrameworkVersion")
    for version in FrameworkVersion.objects.order_by("year", "number"):
        DataOverride.objects.update_or_create(
            name=f"ita-{version.year}", defaults={"text": version.text, "reason": version.reason}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('ita', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='result',
            name='framework_version',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='framework version'),
        ),
        migrations.CreateModel(
            name='FrameworkVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='ITA year (B.E.)')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('text', models.TextField(verbose_name='content (YAML)')),
                ('sha256', models.CharField(editable=False, max_length=64)),
                ('reason', models.CharField(max_length=500, verbose_name='reason for the change')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'ITA framework version',
                'verbose_name_plural': 'ITA framework versions',
                'ordering': ['year', 'number'],
                'constraints': [models.UniqueConstraint(fields=('year', 'number'), name='ita_framework_version_once')],
            },
        ),
        migrations.RunPython(overrides_to_versions, versions_to_overrides),
    ]

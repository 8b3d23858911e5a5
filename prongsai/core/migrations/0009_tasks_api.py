# Background work on django-tasks: a job keeps only its task id, progress, result and error.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_throttle_cache_table'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='job',
            name='job_queue',
        ),
        migrations.RemoveField(
            model_name='job',
            name='finished_at',
        ),
        migrations.RemoveField(
            model_name='job',
            name='started_at',
        ),
        migrations.RemoveField(
            model_name='job',
            name='status',
        ),
        migrations.RemoveField(
            model_name='scheduledrun',
            name='job',
        ),
        migrations.AddField(
            model_name='job',
            name='error',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='job',
            name='task_id',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='scheduledrun',
            name='task_id',
            field=models.CharField(blank=True, max_length=64),
        ),
    ]

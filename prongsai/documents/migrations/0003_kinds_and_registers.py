# Written for the kinds helper (issue 16): external letters' fields, the send and receive registers.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_alter_position_roles'),
        ('documents', '0002_frozen_and_sealed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='documents_register_number',
        ),
        migrations.AddField(
            model_name='document',
            name='enclosures',
            field=models.TextField(blank=True, verbose_name='enclosures (สิ่งที่ส่งมาด้วย)'),
        ),
        migrations.AddField(
            model_name='document',
            name='refers_to',
            field=models.CharField(blank=True, max_length=500, verbose_name='reference to earlier letters (อ้างถึง)'),
        ),
        migrations.CreateModel(
            name='ReceivedEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='calendar year (B.E.)')),
                ('number', models.PositiveIntegerField(verbose_name='number received')),
                ('received_on', models.DateField(verbose_name='date received')),
                ('sender', models.CharField(max_length=300, verbose_name='From (จาก)')),
                ('their_reference', models.CharField(blank=True, max_length=100, verbose_name='their reference number (ที่)')),
                ('their_date', models.DateField(blank=True, null=True, verbose_name='dated')),
                ('subject', models.CharField(max_length=500, verbose_name='subject')),
                ('to', models.CharField(max_length=300, verbose_name='To (ถึง)')),
                ('action', models.CharField(blank=True, max_length=300, verbose_name='action taken')),
                ('file', models.CharField(blank=True, max_length=300)),
                ('filename', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.organisation', verbose_name='organisation')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'receive register entry',
                'verbose_name_plural': 'receive register',
                'ordering': ['-year', '-number'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'year', 'number'), name='documents_received_number')],
            },
        ),
        migrations.CreateModel(
            name='SentEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('book', models.CharField(choices=[('sent', 'letters and memos sent (ทะเบียนหนังสือส่ง)'), ('orders', 'orders (คำสั่ง)'), ('announcements', 'announcements (ประกาศ)')], default='sent', max_length=16, verbose_name='series')),
                ('year', models.PositiveSmallIntegerField(verbose_name='calendar year (B.E.)')),
                ('number', models.PositiveIntegerField(verbose_name='number')),
                ('reference', models.CharField(max_length=100, verbose_name='reference number (ที่)')),
                ('date', models.DateField(verbose_name='date')),
                ('sender', models.CharField(blank=True, max_length=300, verbose_name='From (จาก)')),
                ('to', models.CharField(blank=True, max_length=300, verbose_name='To (ถึง)')),
                ('subject', models.CharField(max_length=500, verbose_name='subject')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('key', models.CharField(blank=True, max_length=100)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='register_entries', to='documents.document')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'send register entry',
                'verbose_name_plural': 'send register',
                'ordering': ['-year', '-number'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'book', 'year', 'number'), name='documents_sent_number'), models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('organisation', 'key'), name='documents_sent_key')],
            },
        ),
    ]

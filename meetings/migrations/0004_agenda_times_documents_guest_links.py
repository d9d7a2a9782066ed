# Agenda builder (issue 16): a fixed start time per item, guests with e-mail and their own link, documents
# of a meeting and of its agenda items.

import django.db.models.deletion
import meetings.models
import vpwg.uploads
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_answers_attendance'),
        ('members', '0007_decisions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='agendaitem',
            name='start_time',
            field=models.TimeField(blank=True, null=True, verbose_name='fixed start time'),
        ),
        migrations.AddField(
            model_name='guest',
            name='email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail'),
        ),
        migrations.CreateModel(
            name='MeetingDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('file', models.FileField(max_length=300, upload_to=meetings.models.meeting_document_upload_to, validators=[vpwg.uploads.FileContentValidator(kinds=('pdf', 'docx', 'xlsx', 'pptx', 'odt', 'png', 'jpeg'), max_mb=20)], verbose_name='file')),
                ('original_name', models.CharField(blank=True, max_length=200)),
                ('kind', models.CharField(max_length=10)),
                ('size', models.PositiveIntegerField(default=0)),
                ('agenda_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='documents', to='meetings.agendaitem', verbose_name='agenda item')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='meetings.meeting')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meeting_documents', to='members.workinggroup')),
            ],
            options={
                'verbose_name': 'meeting document',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='GuestInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('nonce', models.CharField(default=meetings.models.new_nonce, max_length=32)),
                ('sent_to', models.EmailField(blank=True, max_length=254, verbose_name='sent to')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('guest', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='meetings.guest')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guest_invitations', to='meetings.meeting')),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'guest invitation',
                'constraints': [models.UniqueConstraint(fields=('meeting', 'guest'), name='guest_invitation_unique')],
            },
        ),
    ]

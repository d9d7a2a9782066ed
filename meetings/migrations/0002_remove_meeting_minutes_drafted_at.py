# Meeting.minutes_drafted_at repeated what the minutes relation says (a Minutes row exists once the
# Secretariat starts the draft); the reminder sweep now reads `meeting.minutes`.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="meeting",
            name="minutes_drafted_at",
        ),
    ]

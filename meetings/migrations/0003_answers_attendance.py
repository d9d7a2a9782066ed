# Answers say how one comes to a hybrid meeting, who will come and a comment; the register copies
# whether an institution attended as an observer (shown apart, left out of pillar rates) and records
# the guests present (issue 16).

import django.db.models.deletion
from django.db import migrations, models


def mark_observer_rows(apps, schema_editor):
    """Rows recorded before the flag existed: an institution that is an observer today was one then
    (the nearest the data can tell; a change of status since is rare and recorded in its history)."""
    Attendance = apps.get_model("meetings", "Attendance")
    Attendance.objects.filter(membership__status="observer").update(observer=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_remove_meeting_minutes_drafted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetinginvitation",
            name="mode",
            field=models.CharField(
                blank=True,
                choices=[("in_person", "In person"), ("online", "Online")],
                max_length=20,
                verbose_name="comes",
            ),
        ),
        migrations.AddField(
            model_name="meetinginvitation",
            name="attendee_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="who will come"),
        ),
        migrations.AddField(
            model_name="meetinginvitation",
            name="comment",
            field=models.TextField(blank=True, max_length=1000, verbose_name="comment"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="observer",
            field=models.BooleanField(default=False, verbose_name="as an observer"),
        ),
        migrations.RunPython(mark_observer_rows, migrations.RunPython.noop),
        migrations.CreateModel(
            name="GuestAttendance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("affiliation", models.CharField(blank=True, max_length=200, verbose_name="affiliation")),
                (
                    "guest",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="attendances",
                        to="meetings.guest",
                        verbose_name="guest",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="guest_attendances",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "guest attendance",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("guest__isnull", False)),
                        fields=("meeting", "guest"),
                        name="guest_attendance_unique_guest",
                    )
                ],
            },
        ),
    ]

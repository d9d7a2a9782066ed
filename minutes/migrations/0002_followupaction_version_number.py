from django.db import migrations, models


def backfill(apps, schema_editor):
    """An existing action belongs to the first version submitted after it was added (none yet: NULL)."""
    FollowUpAction = apps.get_model("minutes", "FollowUpAction")
    MinutesVersion = apps.get_model("minutes", "MinutesVersion")
    for action in FollowUpAction.objects.all().iterator():
        first = (
            MinutesVersion.objects.filter(minutes_id=action.minutes_id, created_at__gte=action.created_at)
            .order_by("number")
            .values_list("number", flat=True)
            .first()
        )
        if first is not None:
            FollowUpAction.objects.filter(pk=action.pk).update(version_number=first)


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupaction",
            name="version_number",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="first in version"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

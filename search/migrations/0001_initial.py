import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0006_institution_aliases"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("institution", "Institutions"),
                            ("representative", "Representatives"),
                            ("meeting", "Meetings"),
                            ("agenda_item", "Agenda items"),
                            ("topic", "Topics"),
                            ("minutes", "Minutes"),
                            ("decision", "Decisions"),
                            ("task", "Work plan tasks"),
                            ("activity", "Activities"),
                            ("outreach", "Outreach"),
                            ("document", "Documents"),
                        ],
                        max_length=20,
                    ),
                ),
                ("source", models.CharField(max_length=60)),
                ("object_id", models.PositiveBigIntegerField()),
                ("audience", models.CharField(max_length=40)),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField(blank=True)),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("url", models.CharField(max_length=300)),
                ("title_folded", models.CharField(blank=True, max_length=300)),
                ("config", models.CharField(default="simple", max_length=20)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "working_group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.workinggroup"
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(fields=["working_group", "kind", "year"], name="search_entry_group_kind_idx"),
                    models.Index(fields=["source", "object_id"], name="search_entry_object_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "object_id", "audience"), name="search_entry_unique_audience"
                    )
                ],
            },
        ),
    ]

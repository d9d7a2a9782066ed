"""The report models move from the `vpwg` app to `reports` without touching a row.

Their tables were created by vpwg/migrations/0004_reports.py and keep their names (each model's
`Meta.db_table`), so this migration only tells Django's migration state that `reports` now owns them
(`database_operations` is empty); vpwg/migrations/0006 drops them from vpwg's state, and 0002 here
renames their content types, so permissions, guardian grants and the document-access log stay valid.
On a fresh database the tables are created once, by vpwg 0004, and nothing here touches them either.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("vpwg", "0005_member_report_sections"),  # the tables exist and the sections are seeded
        ("meetings", "0001_initial"),
        ("members", "0003_user_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AnnualReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("foreword", models.TextField(blank=True, verbose_name="foreword (Markdown)")),
                        ("lessons_learned", models.TextField(blank=True, verbose_name="lessons learned (Markdown)")),
                        ("challenges", models.TextField(blank=True, verbose_name="challenges (Markdown)")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Awaiting Coordination Group"),
                                    ("approved", "Approved"),
                                    ("circulated", "Circulated to members"),
                                ],
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("revision", models.PositiveIntegerField(default=1)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("circulated_at", models.DateTimeField(blank=True, null=True)),
                        ("return_note", models.TextField(blank=True)),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "working_group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="annual_reports",
                                to="members.workinggroup",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "group annual report",
                        "db_table": "vpwg_annualreport",
                        "ordering": ["-year"],
                    },
                ),
                migrations.CreateModel(
                    name="MemberReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "countries",
                            models.CharField(
                                blank=True,
                                help_text="Comma-separated, e.g. Peru, Colombia",
                                max_length=300,
                                verbose_name="countries covered",
                            ),
                        ),
                        ("sections", models.JSONField(default=list)),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("revision", models.PositiveIntegerField(default=1)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "membership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="annual_reports",
                                to="members.membership",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "working_group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="member_reports",
                                to="members.workinggroup",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "member annual report",
                        "db_table": "vpwg_memberreport",
                        "ordering": ["-year", "membership__institution__name"],
                    },
                ),
                migrations.CreateModel(
                    name="MemberReportSection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "pillar",
                            models.CharField(
                                choices=[
                                    ("government", "Government"),
                                    ("companies", "Companies"),
                                    ("civil_society", "Civil society"),
                                ],
                                max_length=20,
                                verbose_name="pillar",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                        ("key", models.SlugField(max_length=40, verbose_name="key")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("guidance", models.TextField(blank=True, verbose_name="guidance for the author")),
                        (
                            "per_country",
                            models.BooleanField(
                                default=False,
                                help_text="Repeated for each country the report covers.",
                                verbose_name="one part per country",
                            ),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="in use")),
                    ],
                    options={
                        "verbose_name": "member report section",
                        "db_table": "vpwg_memberreportsection",
                        "ordering": ["pillar", "position"],
                        "constraints": [
                            models.UniqueConstraint(fields=("pillar", "key"), name="member_report_section_unique_key")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("annual_group", "Group annual report"),
                                    ("member_annual", "Member annual report"),
                                    ("meeting_pack", "Meeting pack"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("rendering", "Rendering"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("progress", models.PositiveSmallIntegerField(default=0)),
                        ("stage", models.CharField(blank=True, max_length=120)),
                        ("error", models.TextField(blank=True)),
                        ("file", models.FileField(blank=True, upload_to="reports/")),
                        ("pages", models.PositiveIntegerField(blank=True, null=True)),
                        ("rendered_at", models.DateTimeField(blank=True, null=True)),
                        ("render_seconds", models.FloatField(blank=True, null=True)),
                        ("requested_at", models.DateTimeField(blank=True, null=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "annual_report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="renders",
                                to="reports.annualreport",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="meetings.meeting",
                            ),
                        ),
                        (
                            "member_report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="renders",
                                to="reports.memberreport",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "working_group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reports",
                                to="members.workinggroup",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "report",
                        "db_table": "vpwg_report",
                        "ordering": ["-requested_at", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="annualreport",
                    constraint=models.UniqueConstraint(
                        fields=("working_group", "year"), name="annual_report_once_per_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="memberreport",
                    constraint=models.UniqueConstraint(
                        fields=("membership", "year"), name="member_report_once_per_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(fields=("annual_report",), name="report_one_per_annual_report"),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(fields=("member_report",), name="report_one_per_member_report"),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(fields=("meeting",), name="report_one_pack_per_meeting"),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("annual_report__isnull", False),
                                ("kind", "annual_group"),
                                ("meeting__isnull", True),
                                ("member_report__isnull", True),
                            ),
                            models.Q(
                                ("annual_report__isnull", True),
                                ("kind", "member_annual"),
                                ("meeting__isnull", True),
                                ("member_report__isnull", False),
                            ),
                            models.Q(
                                ("annual_report__isnull", True),
                                ("kind", "meeting_pack"),
                                ("meeting__isnull", False),
                                ("member_report__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="report_subject_matches_kind",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="report_progress_percent"
                    ),
                ),
            ],
        ),
    ]

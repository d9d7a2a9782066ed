"""The report models now belong to the `reports` app (reports/migrations/0001_initial.py takes them
over): drop them from vpwg's migration state only. Their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("vpwg", "0005_member_report_sections"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Report"),  # first: it points at the others
                migrations.DeleteModel(name="MemberReport"),
                migrations.DeleteModel(name="AnnualReport"),
                migrations.DeleteModel(name="MemberReportSection"),
            ],
        ),
    ]

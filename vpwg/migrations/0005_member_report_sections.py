"""Seed the members' annual report structure per pillar (admins adjust it in the Django admin).

Government: the structure of the VPI reporting guidelines for member governments (as in the
Netherlands' 2018 report): A. commitment, B. domestic policies, laws and regulations, C. promotion and
implementation, then per country the in-country work and its lessons learned and challenges.
Companies and civil society: their own guideline structures. "{country}" in a title is replaced by
the country for sections repeated per country.
"""

from django.db import migrations

from vpwg.reports.sections import DEFAULT_SECTIONS as SECTIONS


def seed(apps, schema_editor):
    Section = apps.get_model("vpwg", "MemberReportSection")
    for pillar, rows in SECTIONS.items():
        for position, (key, title, guidance, per_country) in enumerate(rows, start=1):
            Section.objects.get_or_create(
                pillar=pillar,
                key=key,
                defaults={"position": position, "title": title, "guidance": guidance, "per_country": per_country},
            )


class Migration(migrations.Migration):
    dependencies = [("vpwg", "0004_reports")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Sum

from activities.models import Activity, OutreachContact
from activities.selectors import Period, activity_statistics
from members.models import Pillar, WorkingGroup
from workplan.models import ProgressReport, Task, WorkPlan

pytestmark = pytest.mark.django_db


def test_demo_reproduces_the_peru_figures_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    peru = WorkingGroup.objects.get(slug="peru")
    counts = (
        Activity.objects.count(),
        Task.objects.count(),
        ProgressReport.objects.count(),
        OutreachContact.objects.count(),
    )
    stats = activity_statistics(peru, Period(date(2010, 1, 1), date(2015, 12, 31)))
    assert (stats["total_activities"], stats["total_participants"]) == (28, 2213)
    assert sum(count for _label, count in stats["by_sector"]) == 2213
    titles = " ".join(Activity.objects.values_list("title", flat=True))
    for key in ("Breakfast for executives", "International forum", "International seminar", "National Police"):
        assert key in titles
    plan = WorkPlan.objects.get(working_group=peru)
    assert plan.status == WorkPlan.Status.APPROVED
    assert {t.lead.pillar for t in plan.tasks.select_related("lead")} == set(Pillar.values)
    assert {c.institution_name.split(" (")[0] for c in OutreachContact.objects.all()} >= {
        "National Police of Peru",
        "Ministry of Interior",
        "SUCAMEC",
        "International Code of Conduct Association",
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == (
        Activity.objects.count(),
        Task.objects.count(),
        ProgressReport.objects.count(),
        OutreachContact.objects.count(),
    )
    assert Activity.objects.aggregate(s=Sum("participants_total"))["s"] > 2213

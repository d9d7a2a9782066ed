import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from activities.models import Activity
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Institution, WorkingGroup
from minutes.models import MinutesVersion

pytestmark = pytest.mark.django_db


def _generate() -> str:
    out = io.StringIO()
    call_command("generate_scale_data", scale=0.05, seed=8, stdout=out)
    return out.getvalue()


def test_generate_scale_data_builds_the_seeded_set_once():
    output = _generate()
    assert WorkingGroup.objects.filter(slug__startswith="scale-").count() == 20
    counts = (
        Institution.objects.count(),
        get_user_model().objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Attendance.objects.count(),
        MinutesVersion.objects.count(),
        Activity.objects.count(),
    )
    assert counts == (100, 500, 80, 400, 330, 100, 240)
    # The same seed draws the same names and statuses: the benchmark compares runs on this.
    assert list(Institution.objects.order_by("pk").values_list("name", flat=True)[:2]) == [
        "Lithium Development Host-state agency 0001",
        "Community Valley Foreign government or embassy 0002",
    ]
    assert Attendance.objects.filter(status=Attendance.Status.PRESENT).count() == 252
    assert "attendance" in output and "bench-pass-2026" in output
    with pytest.raises(CommandError):
        _generate()

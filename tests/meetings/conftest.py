from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting


@pytest.fixture
def alpha(world):
    return world["a"]


@pytest.fixture
def secretariat(alpha):
    return alpha.users["secretariat"]


@pytest.fixture
def schedule(alpha, secretariat):
    """Schedule a plenary in group A through the service: days ahead, hour in the group's zone."""

    def _schedule(days=30, hour=10, hours=2, **kwargs):
        tz = alpha.group.tzinfo
        day = (timezone.now() + timedelta(days=days)).astimezone(tz).date()
        starts_at = timezone.datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)
        defaults = {
            "working_group": alpha.group,
            "actor": secretariat,
            "kind": Meeting.Kind.PLENARY,
            "title": "Plenary",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "venue": "Lima",
        }
        defaults.update(kwargs)
        return services.meeting_schedule(**defaults)

    return _schedule

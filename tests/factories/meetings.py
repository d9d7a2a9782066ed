from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Meeting, MeetingRequest, Topic
from tests.factories.members import WorkingGroupFactory


def _start(days: int = 30):
    return (timezone.now() + timedelta(days=days)).replace(hour=15, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned plenary a month ahead, two hours long. `starts_in_days` moves it (negative: past)."""

    class Meta:
        model = Meeting

    class Params:
        starts_in_days = 30

    working_group = factory.SubFactory(WorkingGroupFactory)
    kind = Meeting.Kind.PLENARY
    title = factory.Sequence(lambda n: f"Plenary {n}")
    starts_at = factory.LazyAttribute(lambda o: _start(o.starts_in_days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    format = Meeting.Format.IN_PERSON
    venue = "Lima, Socios Perú"
    status = Meeting.Status.PLANNED


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")
    description = "Why it matters"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    working_group = factory.SubFactory(WorkingGroupFactory)
    subject = "Security incident near a mine site"
    reason = "Both sides asked for a space for dialogue."

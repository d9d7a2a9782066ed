from datetime import date

import factory

from activities.models import Activity, OutreachContact
from tests.factories.members import WorkingGroupFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    working_group = factory.SubFactory(WorkingGroupFactory)
    type = Activity.Type.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop on the Voluntary Principles {n}")
    starts_on = date(2025, 5, 12)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    place = "Lima"
    region = "Lima"
    topics = factory.LazyFunction(lambda: ["human_rights"])
    participants_police = 20
    participants_business = 10

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class OutreachContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachContact

    working_group = factory.SubFactory(WorkingGroupFactory)
    contacted_on = date(2025, 3, 4)
    institution_name = "National Police of Peru"
    kind = OutreachContact.Kind.POLICE
    purpose = "Present the Voluntary Principles to the police training directorate."

from datetime import date

import factory
from django.contrib.auth import get_user_model

from members import services
from members.models import Institution, Membership, Pillar, Representative, WorkingGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("test-pass-123")


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    """Created through the service so its role groups and capabilities exist."""

    class Meta:
        model = WorkingGroup

    slug = factory.Sequence(lambda n: f"group{n}")
    name = factory.Sequence(lambda n: f"Working Group {n}")
    country = "Peru"
    time_zone = "America/Lima"
    require_mfa_for_privileged = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.working_group_create(**kwargs)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = Institution.Kind.COMPANY
    country = "Peru"


class MembershipFactory(factory.django.DjangoModelFactory):
    """Admitted through the service so the history starts."""

    class Meta:
        model = Membership

    working_group = factory.SubFactory(WorkingGroupFactory)
    institution = factory.SubFactory(InstitutionFactory)
    pillar = Pillar.COMPANIES
    status = Membership.Status.MEMBER
    joined_on = date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_admit(**kwargs)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    user = factory.SubFactory(UserFactory)
    membership = factory.SubFactory(MembershipFactory)
    role = Representative.Role.PRINCIPAL

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.representative_add(**kwargs)

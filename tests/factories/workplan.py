from datetime import date

import factory

from tests.factories.members import MembershipFactory, UserFactory, WorkingGroupFactory
from workplan.models import Objective, ProgressReport, Task, WorkPlan


class WorkPlanFactory(factory.django.DjangoModelFactory):
    """A draft one-year plan; pass status=WorkPlan.Status.APPROVED for an approved one."""

    class Meta:
        model = WorkPlan

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Work plan {n}")
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)
    status = WorkPlan.Status.DRAFT
    approved_on = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status != WorkPlan.Status.DRAFT), date(2025, 12, 10), None
    )


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    work_plan = factory.SubFactory(WorkPlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    position = factory.Sequence(lambda n: n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    work_plan = factory.SubFactory(WorkPlanFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    category = Task.Category.CAPACITY_BUILDING
    lead = factory.LazyAttribute(lambda o: MembershipFactory(working_group=o.work_plan.working_group))
    starts_on = date(2026, 2, 1)
    due_on = date(2026, 6, 30)

    @factory.post_generation
    def supporting(self, create, extracted, **kwargs):
        if create and extracted:
            self.supporting.set(extracted)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    author = factory.SubFactory(UserFactory)
    text = "Two sessions held; the third is scheduled."

"""Work plans: a group's plan for at least a year, its objectives, tasks and progress reports."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Membership
from vpwg.dates import day_text
from vpwg.models import TimeStampedModel
from vpwg.uploads import FileContentValidator

# The shared validator checks that the name and the content agree on an accepted kind.
ATTACHMENT_VALIDATORS = [FileContentValidator(max_mb=10)]


def one_year_after(day: datetime.date) -> datetime.date:
    """The last day of a plan of exactly one year starting on `day` (29 February safe)."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February -> 1 March next year
        anniversary = day.replace(year=day.year + 1, month=3, day=1)
    return anniversary - datetime.timedelta(days=1)


class WorkPlan(TimeStampedModel):
    """A working group's plan: draft, approved by a Coordination Group decision (under the charter's rule
    for the work plan, members.services.decisions), closed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")

    ALLOWED = {  # from-status -> statuses it may move to
        Status.DRAFT: {Status.APPROVED},
        Status.APPROVED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="work_plans")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_note = models.TextField(_("reasons for the approval"), blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("work plan")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="workplan_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < one_year_after(self.starts_on):
            raise ValidationError(
                {
                    "ends_on": _("A work plan covers at least one year: it must end on %(date)s or later.")
                    % {"date": day_text(one_year_after(self.starts_on))}
                }
            )


class WorkPlanStatusChange(models.Model):
    """One transition of a work plan. Rows are only ever added."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=WorkPlan.Status.choices)
    to_status = models.CharField(max_length=20, choices=WorkPlan.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("work plan status change")

    def __str__(self):
        return f"{self.work_plan}: {self.from_status} → {self.to_status}"


class Objective(TimeStampedModel):
    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objective")

    def __str__(self):
        return self.title


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Task.OPEN)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_on__lt=today, work_plan__status=WorkPlan.Status.APPROVED)


class Task(TimeStampedModel):
    """A piece of the plan, led by one member institution and supported by others."""

    class Category(models.TextChoices):
        CAPACITY_BUILDING = "capacity_building", _("Capacity building")
        PROMOTION = "promotion", _("Promotion")
        STUDIES = "studies", _("Studies (incl. the scoping study)")
        LOBBYING = "lobbying", _("Lobbying")
        ASSESSMENTS = "assessments", _("Security and human rights assessments")
        VISITS = "visits", _("Visits")
        MONITORING = "monitoring", _("Monitoring and evaluation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    ALLOWED = {
        Status.PLANNED: {Status.IN_PROGRESS, Status.DONE, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.DONE, Status.CANCELLED, Status.PLANNED},
        Status.DONE: {Status.IN_PROGRESS},  # reopened
        Status.CANCELLED: {Status.PLANNED},
    }
    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name=_("objective")
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    lead = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead institution")
    )
    supporting = models.ManyToManyField(
        Membership, blank=True, related_name="supported_tasks", verbose_name=_("supporting institutions")
    )
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Optimistic locking: an edit based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("starts_on")), name="workplan_task_due_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def working_group(self):
        return self.work_plan.working_group

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def clean(self):
        errors = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = _("A task cannot be due before it starts.")
        if self.lead_id and self.work_plan_id:
            lead = self.lead
            if lead.working_group_id != self.work_plan.working_group_id or not lead.is_participating:
                errors["lead"] = _("The lead institution must be a current member of this working group.")
        if self.objective_id and self.work_plan_id and self.objective.work_plan_id != self.work_plan_id:
            errors["objective"] = _("The objective belongs to another work plan.")
        if errors:
            raise ValidationError(errors)


class TaskStatusChange(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Task.Status.choices)
    to_status = models.CharField(max_length=20, choices=Task.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("task status change")

    def __str__(self):
        return f"{self.task}: {self.from_status} → {self.to_status}"


def progress_upload_to(instance, filename: str) -> str:
    return f"workplan/{instance.task.work_plan.working_group.slug}/task-{instance.task_id}/{filename}"


class ProgressReport(TimeStampedModel):
    """What the lead institution reports on its task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The institution the author reported for (None when the Secretariat reported on its behalf).
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("progress"))
    attachment = models.FileField(
        _("attachment"), upload_to=progress_upload_to, blank=True, validators=ATTACHMENT_VALIDATORS
    )
    attachment_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress report")

    def __str__(self):
        return f"{self.task} ({self.created_at:%Y-%m-%d})" if self.created_at else str(self.task)

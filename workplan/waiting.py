"""What waits in the work plan (vpwg.waiting): tasks led by the person's institution that are due soon
or overdue, or that have gone without a progress report for too long (the reminders' rules)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from members.waiting import represented
from vpwg.waiting import Overflow, WaitingItem, WaitingQuery, at_most, register_waiting_source

from .models import ProgressReport, Task, WorkPlan
from .services import DUE_SOON_DAYS, REPORT_INTERVAL_DAYS

LIMIT = 5


def tasks_due(user, group, access):
    if not access.is_representative:
        return []
    today = group.today()
    since = datetime.datetime.combine(
        today - datetime.timedelta(days=REPORT_INTERVAL_DAYS), datetime.time.min, tzinfo=group.tzinfo
    )
    recent_report = Exists(ProgressReport.objects.filter(task=OuterRef("pk"), created_at__gte=since))
    due_soon = Q(due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    report_missing = Q(starts_on__lte=today - datetime.timedelta(days=REPORT_INTERVAL_DAYS)) & ~recent_report
    rows = (
        Task.objects.open()
        .filter(
            work_plan__working_group=group,
            work_plan__status=WorkPlan.Status.APPROVED,
            lead_id__in=represented(user, group),
        )
        .filter(due_soon | report_missing)
        .order_by("due_on", "pk")
    )

    def make(task):
        soon = task.due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS)
        return WaitingItem(
            kind="workplan.task_due" if soon else "workplan.progress_due",
            label=_("Work plan task due") if soon else _("Progress report due"),
            title=task.title,
            url=reverse("workplan:progress-create", args=[group.slug, task.pk]),
            action=_("Report progress"),
            due=task.due_on if soon else None,
        )

    more = Overflow(
        kind="workplan.task_due",
        label=_("Work plan tasks"),
        title=ngettext_lazy("%(n)s more task", "%(n)s more tasks", "n"),
        url=reverse("workplan:index", args=[group.slug]),
        action=_("Open the work plan"),
    )

    return [WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, make, more))]


register_waiting_source("workplan.tasks", tasks_due, order=65)

"""The Coordination Group's decision to approve a work plan (members.decision_hooks: members decides,
workplan_approve applies it, since members may not import workplan)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .exceptions import WorkplanError
from .models import WorkPlan
from .permissions import APPROVAL_CAPABILITY


def _check(plan: WorkPlan, proposal: str) -> None:
    if plan.status != WorkPlan.Status.DRAFT:
        raise WorkplanError(_("Only a draft work plan can be approved."))


def _apply(decision, plan: WorkPlan, actor) -> None:
    from .services import workplan_approve

    workplan_approve(plan=plan, adopted=decision, actor=actor)


def register() -> None:
    """Called from WorkplanConfig.ready()."""
    from members.decision_hooks import DecisionSubject, register_subject

    register_subject(
        DecisionSubject(
            kind="work_plan",
            model="workplan.workplan",
            capability=APPROVAL_CAPABILITY,
            label=lambda plan: plan.title,
            check=_check,
            apply=_apply,
            url=lambda plan: reverse("workplan:plan-detail", args=[plan.working_group.slug, plan.pk]),
        )
    )

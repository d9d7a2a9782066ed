from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members import services as members_services
from members.models import Decision, DecisionKind, DecisionStatus
from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.kept import kept
from vpwg.views import group_view

from . import selectors, services
from .forms import CloseForm, ObjectiveForm, ProgressReportForm, ProposeApprovalForm, TaskForm, WorkPlanForm


def _access(request):
    return permissions.access_for(request.user, request.working_group)


def _plan_redirect(plan):
    return redirect("workplan:plan-detail", group_slug=plan.working_group.slug, plan_id=plan.pk)


@group_view()
@require_GET
def index(request):
    group = request.working_group
    can_manage = _access(request).can("manage_workplan")
    return render(
        request,
        "workplan/workplan_list.html",
        {
            "plans": selectors.workplans_for(group),
            "can_manage": can_manage,
            # The Secretariat's follow-up list; members see their tasks on the plan pages.
            "overdue": selectors.overdue_tasks_for(group) if can_manage else [],
        },
    )


@group_view("manage_workplan")
@require_http_methods(["GET", "POST"])
@once_per_submit
def plan_create(request):
    group = request.working_group
    form = WorkPlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.workplan_create(working_group=group, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft work plan created. Add its objectives and tasks."))
            return _plan_redirect(plan)
    return render(request, "workplan/workplan_form.html", {"form": form})


@group_view()
@require_GET
def plan_detail(request, plan_id: int):
    group = request.working_group
    # The plan with its objectives, tasks and coverage is the same for every reader: kept between writes
    # in the group (vpwg.kept), with the labels' language.
    key = f"workplan:{plan_id}:{translation.get_language()}"
    context = dict(kept(group, key, lambda: selectors.workplan_page(group, plan_id)))
    access, plan = _access(request), context["plan"]
    context.update(
        {
            "can_manage": access.can("manage_workplan"),
            "can_edit": access.allows("workplan.edit_workplan", plan),
            "can_close": access.allows("workplan.close_workplan", plan),
            "approval": selectors.plan_approval(access, plan),
        }
    )
    return render(request, "workplan/workplan_detail.html", context)


def _transition(request, plan_id: int, form_class, service, template: str, done_message: str):
    group = request.working_group
    plan = selectors.workplan_get(group, plan_id)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(plan=plan, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done_message)
        return _plan_redirect(plan)
    return render(request, template, {"plan": plan, "form": form})


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def plan_approve(request, plan_id: int):
    """Nobody approves a work plan alone (issue 14): a Coordination Group member proposes the approval
    (their vote is "agree"), the others vote on the plan's page, and the plan is approved when the
    charter's rule for the work plan is met. With a decision open already, this leads to its vote."""
    group = request.working_group
    plan = selectors.workplan_get(group, plan_id)
    access = _access(request)
    access.require_rule("workplan.approve_workplan", plan)
    open_decision = Decision.objects.open().about(plan).first()
    if open_decision is not None:
        return redirect("members:decision-vote", group_slug=group.slug, decision_id=open_decision.pk)
    form = ProposeApprovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = members_services.decision_open(
                working_group=group,
                kind=DecisionKind.WORK_PLAN,
                subject=plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if decision.is_open:
                messages.success(
                    request, _("Approval proposed: the other Coordination Group members are asked to vote.")
                )
            elif decision.status == DecisionStatus.ADOPTED:
                rule = decision.get_rule_display()
                messages.success(request, _("Approved at once under the rule: %(rule)s.") % {"rule": rule})
            else:
                messages.error(request, decision.get_status_display())
            return _plan_redirect(plan)
    return render(request, "workplan/workplan_approve.html", {"plan": plan, "form": form})


@group_view("manage_workplan")
@require_http_methods(["GET", "POST"])
def plan_close(request, plan_id: int):
    return _transition(
        request, plan_id, CloseForm, services.workplan_close, "workplan/workplan_close.html", _("Work plan closed.")
    )


@group_view("manage_workplan")
@require_http_methods(["GET", "POST"])
@once_per_submit
def objective_create(request, plan_id: int):
    plan = selectors.workplan_get(request.working_group, plan_id)
    form = ObjectiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(plan=plan, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Objective added."))
            return _plan_redirect(plan)
    return render(request, "workplan/objective_form.html", {"plan": plan, "form": form})


def _task_fields(cleaned: dict) -> dict:
    fields = dict(cleaned)
    fields.pop("version", None)
    return fields


@group_view("manage_workplan")
@require_http_methods(["GET", "POST"])
@once_per_submit
def task_create(request, plan_id: int):
    plan = selectors.workplan_get(request.working_group, plan_id)
    form = TaskForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(plan=plan, actor=request.user, **_task_fields(form.cleaned_data))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Task added."))
            return _plan_redirect(plan)
    return render(request, "workplan/task_form.html", {"plan": plan, "form": form})


@group_view("manage_workplan")
@require_http_methods(["GET", "POST"])
def task_edit(request, task_id: int):
    task = selectors.task_get(request.working_group, task_id)
    form = TaskForm(request.POST if request.method == "POST" else None, instance=task, plan=task.work_plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task,
                actor=request.user,
                version=form.cleaned_data.get("version") or 0,
                **_task_fields(form.cleaned_data),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Task saved."))
            return redirect("workplan:task-detail", group_slug=request.working_group.slug, task_id=task.pk)
    return render(request, "workplan/task_form.html", {"plan": task.work_plan, "form": form, "task": task})


@group_view()
@require_GET
def task_detail(request, task_id: int):
    group = request.working_group
    context = selectors.task_page(group, task_id)
    task, access = context["task"], _access(request)
    context["can_edit"] = access.allows("workplan.edit_workplan", task.work_plan)
    context["can_report"] = access.allows("workplan.post_progress_report", task)
    return render(request, "workplan/task_detail.html", context)


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def progress_create(request, task_id: int):
    group = request.working_group
    task = selectors.task_get(group, task_id)
    _access(request).require_rule("workplan.report_progress", task)
    form = ProgressReportForm(request.POST if request.method == "POST" else None, request.FILES or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_post(task=task, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Progress report posted."))
            return redirect("workplan:task-detail", group_slug=group.slug, task_id=task.pk)
    return render(request, "workplan/progressreport_form.html", {"task": task, "form": form})


@group_view()
@require_GET
def progress_attachment(request, report_id: int):
    """Downloads go through here (never a public media URL): only the group's people get the file."""
    report = selectors.progress_report_get(request.working_group, report_id)
    name = (report.attachment_name or report.attachment.name).rsplit("/", 1)[-1]
    return FileResponse(report.attachment.open("rb"), as_attachment=True, filename=name)

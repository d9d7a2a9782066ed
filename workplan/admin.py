"""Django admin for work plans. Plans and tasks are created and edited through the services (permission,
the closed-plan and lead rules, audit); a plan's approval and closing, a task's status and progress
reports are recorded on the group's pages, so they are read-only here."""

from django.contrib import admin

from vpwg.admin import ServiceModelAdmin

from . import services
from .models import Objective, ProgressReport, Task, TaskStatusChange, WorkPlan, WorkPlanStatusChange


def _adopt(obj, created) -> None:
    obj.pk = created.pk
    obj._state.adding = False


class ReadOnlyHistory(admin.TabularInline):
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class WorkPlanHistoryInline(ReadOnlyHistory):
    model = WorkPlanStatusChange


class TaskHistoryInline(ReadOnlyHistory):
    model = TaskStatusChange


@admin.register(WorkPlan)
class WorkPlanAdmin(ServiceModelAdmin):
    list_display = ["title", "working_group", "starts_on", "ends_on", "status"]
    list_filter = ["working_group", "status"]
    inlines = [WorkPlanHistoryInline]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["working_group", "title", "summary", "starts_on", "ends_on"]
        return [
            *("working_group", "title", "summary", "starts_on", "ends_on", "status"),
            *("approved_on", "approval_note", "approval_recorded_by", "closed_on"),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["working_group", "status", "approved_on", "approval_note", "approval_recorded_by", "closed_on"]
        if obj.status != WorkPlan.Status.DRAFT:
            readonly += ["starts_on", "ends_on"]  # the period is part of what the plenary approved
        return readonly

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)  # title, summary (and a draft's dates)
            return
        created = services.workplan_create(
            working_group=obj.working_group,
            actor=request.user,
            title=obj.title,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
            summary=obj.summary,
        )
        _adopt(obj, created)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "work_plan", "position"]
    list_filter = ["work_plan__working_group"]


@admin.register(Task)
class TaskAdmin(ServiceModelAdmin):
    """Through task_create / task_update: leads and supporting institutions must be current members,
    and a closed plan's tasks no longer change."""

    list_display = ["title", "work_plan", "category", "lead", "due_on", "status"]
    list_filter = ["work_plan__working_group", "category", "status"]
    readonly_fields = ["status", "version"]
    raw_id_fields = ["lead", "supporting", "objective"]
    inlines = [TaskHistoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "work_plan"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.TASK_FIELDS if name in form.cleaned_data}
        supporting = list(form.cleaned_data.get("supporting", []))
        if change:
            services.task_update(task=obj, actor=request.user, version=obj.version, supporting=supporting, **fields)
        else:
            created = services.task_create(plan=obj.work_plan, actor=request.user, supporting=supporting, **fields)
            _adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): the services above set the supporting institutions.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)  # the read-only history: saves nothing


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """A member's own report (progress_report_post may move the task too): read-only here."""

    list_display = ["task", "author", "created_at"]
    list_filter = ["task__work_plan__working_group"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

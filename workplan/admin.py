from django.contrib import admin

from .models import Objective, ProgressReport, Task, TaskStatusChange, WorkPlan, WorkPlanStatusChange


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
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "starts_on", "ends_on", "status"]
    list_filter = ["working_group", "status"]
    readonly_fields = ["status", "approved_on", "approval_recorded_by", "closed_on"]  # transitions go through services
    inlines = [WorkPlanHistoryInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "work_plan", "position"]
    list_filter = ["work_plan__working_group"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "work_plan", "category", "lead", "due_on", "status"]
    list_filter = ["work_plan__working_group", "category", "status"]
    readonly_fields = ["status", "version"]
    raw_id_fields = ["lead", "supporting", "objective"]
    inlines = [TaskHistoryInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["task", "author", "created_at"]
    list_filter = ["task__work_plan__working_group"]
    raw_id_fields = ["task", "author", "membership"]

"""Django admin for minutes: read-only. Drafting, review, approval, circulation, follow-up actions and
public summaries change only through the services (their permission checks, history and audit)."""

from django.contrib import admin

from .models import FollowUpAction, Minutes, MinutesStatusChange, MinutesVersion, PublicSummary


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = MinutesVersion
    fields = ["number", "created_by", "created_at", "pdf_rendered_at"]
    readonly_fields = fields


class HistoryInline(ReadOnlyInline):
    model = MinutesStatusChange
    fields = ["from_status", "to_status", "version_number", "actor", "note", "created_at"]
    readonly_fields = fields


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (and their permission checks)."""

    list_display = ["meeting", "working_group", "status", "latest_version_number", "circulated_at"]
    list_filter = ["working_group", "status"]
    inlines = [VersionInline, HistoryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["description", "institution", "due_on", "status"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicSummary)
class PublicSummaryAdmin(admin.ModelAdmin):
    list_display = ["title", "minutes", "status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

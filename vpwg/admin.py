from django.contrib import admin

from .models import AuditRecord, OutboxMessage


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "working_group", "actor", "action", "target_label"]
    list_filter = ["working_group", "action"]
    search_fields = ["action", "target_label", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "sent_at", "attempts", "failed_at"]
    list_filter = ["working_group"]
    readonly_fields = ["dedupe_key", "sent_at", "attempts", "last_error", "failed_at"]

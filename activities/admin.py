from django.contrib import admin

from .models import Activity, ActivityAttachment, OutreachContact


class AttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "created_at"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "type", "starts_on", "region", "participants_total"]
    list_filter = ["working_group", "type"]
    search_fields = ["title", "place", "region"]
    readonly_fields = ["participants_total", "version", "recorded_by"]
    filter_horizontal = ["organisers", "partner_institutions", "funder_institutions"]
    raw_id_fields = ["task"]
    inlines = [AttachmentInline]


@admin.register(OutreachContact)
class OutreachContactAdmin(admin.ModelAdmin):
    list_display = ["institution_name", "working_group", "kind", "contacted_on", "follow_up_on"]
    list_filter = ["working_group", "kind"]
    readonly_fields = ["version", "recorded_by"]

"""Django admin for meetings: for reading and for fixing data. Workflow changes go through the pages."""

from django.contrib import admin

from .models import AgendaItem, Attendance, CalendarFeed, Guest, Meeting, MeetingInvitation, MeetingRequest, Topic


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["topic"]
    filter_horizontal = ["presenters", "guests"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "kind", "starts_at", "status"]
    list_filter = ["working_group", "kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["status", "invited_at", "created_by"]  # only services change the status
    inlines = [AgendaItemInline]


@admin.register(MeetingInvitation)
class MeetingInvitationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "membership", "answer", "answered_at"]
    list_filter = ["answer", "meeting__working_group"]
    raw_id_fields = ["meeting", "representative", "user", "membership"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "membership", "pillar", "status"]
    list_filter = ["status", "pillar", "meeting__working_group"]
    raw_id_fields = ["meeting", "membership", "representative"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "membership", "status", "created_at"]
    list_filter = ["working_group", "status"]
    search_fields = ["title"]


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "expertise", "working_group"]
    search_fields = ["name", "affiliation"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["subject", "working_group", "membership", "status", "created_at"]
    list_filter = ["working_group", "status"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "updated_at"]
    exclude = ["token"]  # the token is a secret; regenerate it from the calendar page

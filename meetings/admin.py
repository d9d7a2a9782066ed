"""Django admin for meetings: for reading and for fixing logistics (titles, times, venues, agendas).

What the services record as a decision or an answer is read-only here: a meeting's status and the
plenary's agreements about the next one, RSVPs, the attendance register, a topic's place in the
backlog, the Secretariat's answer to a meeting request. Meetings are scheduled from the group's pages
(invitations, permissions and reminders come with them).
"""

from django.contrib import admin

from .models import AgendaItem, Attendance, CalendarFeed, Guest, Meeting, MeetingInvitation, MeetingRequest, Topic


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    # Only services change the status; the next-meeting agreements are the plenary's (meeting_record_next).
    readonly_fields = [
        "working_group",
        "kind",
        "status",
        "invited_at",
        "created_by",
        "follows",
        "next_topics",
        "next_guests",
        "next_venue",
        "next_notes",
        "next_agreed_at",
    ]
    inlines = [AgendaItemInline]

    def has_add_permission(self, request):
        return False  # meeting_schedule: overlap checks, audit, the invitation workflow

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeetingInvitation)
class MeetingInvitationAdmin(ReadOnlyAdmin):
    """Sent by meeting_invite, answered by the invitee (invitation_answer)."""

    list_display = ["meeting", "user", "membership", "answer", "answered_at"]
    list_filter = ["answer", "meeting__working_group"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    """The register is recorded by the Secretariat on the meeting page (attendance_record, audited)."""

    list_display = ["meeting", "membership", "pillar", "status"]
    list_filter = ["status", "pillar", "meeting__working_group"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "membership", "status", "created_at"]
    list_filter = ["working_group", "status"]
    search_fields = ["title"]
    readonly_fields = ["working_group", "membership", "proposed_by", "status"]

    def has_add_permission(self, request):
        return False  # proposed by members (topic_propose)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "expertise", "working_group"]
    search_fields = ["name", "affiliation"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["subject", "working_group", "membership", "status", "created_at"]
    list_filter = ["working_group", "status"]
    readonly_fields = [
        "working_group",
        "requested_by",
        "membership",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "meeting",
    ]

    def has_add_permission(self, request):
        return False  # made by members (meeting_request_create), decided by the Secretariat

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "updated_at"]
    exclude = ["token"]  # the token is a secret; regenerate it from the calendar page

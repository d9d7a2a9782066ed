"""Django admin for the members domain. Changes that must keep history or roles in step go
through services (admin actions and save hooks call them); the raw history is read-only."""

from django.contrib import admin

from . import services
from .models import (
    CoordinationSeat,
    GroupAdministrator,
    Institution,
    Invitation,
    Membership,
    MembershipStatusChange,
    Representative,
    SecretariatTerm,
    WorkingGroup,
)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "time_zone", "require_mfa_for_privileged"]
    search_fields = ["name", "slug", "country"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []  # role groups are named after the slug

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.working_group_create(
                actor=request.user,
                **{f: form.cleaned_data[f] for f in form.cleaned_data},
            )
            obj.pk = created.pk


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class MembershipStatusChangeInline(admin.TabularInline):
    model = MembershipStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "pillar", "effective_on", "reason", "actor", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    can_delete = False
    fields = ["user", "role", "job_title", "started_on", "ended_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["institution", "working_group", "pillar", "status", "joined_on", "ended_on"]
    list_filter = ["working_group", "pillar", "status"]
    search_fields = ["institution__name"]
    readonly_fields = ["status", "ended_on"]  # status changes only through the lifecycle services
    inlines = [RepresentativeInline, MembershipStatusChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.membership_admit(
                working_group=obj.working_group,
                institution=obj.institution,
                pillar=obj.pillar,
                joined_on=obj.joined_on,
                actor=request.user,
                reason="Added in the admin",
            )
            obj.pk = created.pk


@admin.register(MembershipStatusChange)
class MembershipStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["membership", "from_status", "to_status", "effective_on", "actor"]
    list_filter = ["to_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "membership", "role", "started_on", "ended_on"]
    list_filter = ["working_group", "role"]
    search_fields = ["user__email", "user__last_name", "membership__institution__name"]
    readonly_fields = ["working_group"]

    def save_model(self, request, obj, form, change):
        obj.working_group = obj.membership.working_group
        super().save_model(request, obj, form, change)
        services.roles_resync(user=obj.user, working_group=obj.working_group)


@admin.register(CoordinationSeat)
class CoordinationSeatAdmin(admin.ModelAdmin):
    list_display = ["working_group", "pillar", "representative", "started_on", "ended_on"]
    list_filter = ["working_group", "pillar"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.roles_resync(user=obj.representative.user, working_group=obj.working_group)


@admin.register(SecretariatTerm)
class SecretariatTermAdmin(admin.ModelAdmin):
    list_display = ["working_group", "institution", "started_on", "ended_on"]
    filter_horizontal = ["staff"]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.staff.all()) if change else set()
        super().save_related(request, form, formsets, change)
        for user in before | set(form.instance.staff.all()):
            services.roles_resync(user=user, working_group=form.instance.working_group)


@admin.register(GroupAdministrator)
class GroupAdministratorAdmin(admin.ModelAdmin):
    list_display = ["working_group", "user", "started_on", "ended_on"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.roles_resync(user=obj.user, working_group=obj.working_group)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "membership", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token", "accepted_at", "representative"]

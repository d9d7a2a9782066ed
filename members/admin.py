"""Django admin for the members domain.

Every change the services model as a decision goes through them, acting as the signed-in user, with
their checks and audit records: charter rules (with the decision's reason), admissions, representatives,
Coordination Group seats, Secretariat terms and group administrators. What only a Coordination Group
decision may change (a membership's status and pillar) and the history are read-only here.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import ngettext

from vpwg import permissions
from vpwg.admin import ServiceModelAdmin

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
from .services import CHARTER_FIELDS

GROUP_FIELDS = ["slug", "name", "short_name", "country", "time_zone", "language"]


def _adopt(obj, created) -> None:
    """Point the admin's unsaved instance at the row a service created (for the log and the redirect)."""
    obj.pk = created.pk
    obj._state.adding = False


class CharterDecisionForm(forms.ModelForm):
    decision_reason = forms.CharField(
        label="Decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Changing a rule of the charter is a decision of the group: say who decided it and why "
        "(e.g. “Plenary of 10 March 2026”). It is kept in the charter's history.",
    )
    decided_on = forms.DateField(label="Decided on", required=False, help_text="Today if left empty.")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ServiceModelAdmin):
    list_display = ["name", "slug", "country", "time_zone", "require_mfa_for_privileged"]
    search_fields = ["name", "slug", "country"]

    def _may_change_charter(self, request, obj) -> bool:
        return permissions.can(request.user, "manage_settings", obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and self._may_change_charter(request, obj):
            kwargs["form"] = CharterDecisionForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)  # a new group: its first charter comes with it
        charter_note = (
            "Each change is recorded in the charter's history with its reason."
            if self._may_change_charter(request, obj)
            else "Read-only: only an administrator of this group changes its charter (a recorded decision)."
        )
        fieldsets = [
            (None, {"fields": GROUP_FIELDS}),
            ("Charter", {"fields": CHARTER_FIELDS, "description": charter_note}),
        ]
        if self._may_change_charter(request, obj):
            fieldsets.append(("Decision", {"fields": ["decision_reason", "decided_on"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["slug"]  # role groups are named after the slug
        if not self._may_change_charter(request, obj):
            readonly += CHARTER_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.working_group_create(actor=request.user, **form.cleaned_data)
            _adopt(obj, created)
            return
        plain = [name for name in form.changed_data if name in GROUP_FIELDS]
        if plain:
            obj.save(update_fields=[*plain, "updated_at"])
        charter = {name: form.cleaned_data[name] for name in form.changed_data if name in CHARTER_FIELDS}
        if charter:
            services.charter_change(
                working_group=obj,
                actor=request.user,
                changes=charter,
                reason=form.cleaned_data.get("decision_reason", ""),
                decided_on=form.cleaned_data.get("decided_on"),
            )


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        # The parent goes through its service (cycles refused by the form's clean(), the audit record);
        # the other fields are saved as the admin edits them.
        if "parent" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        parent, obj.parent = (
            obj.parent,
            (form.initial.get("parent") and Institution.objects.get(pk=form.initial["parent"])),
        )
        super().save_model(request, obj, form, change)
        services.institution_set_parent(institution=obj, parent=parent, actor=request.user)
        obj.parent = parent


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


class AdmissionForm(forms.ModelForm):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 2}), help_text="Recorded in the membership's history."
    )

    class Meta:
        model = Membership
        fields = ["working_group", "institution", "pillar", "status", "joined_on"]


@admin.register(Membership)
class MembershipAdmin(ServiceModelAdmin):
    """Admission goes through `membership_admit`; after that a membership changes only by the lifecycle
    decisions on the group's pages (warn, suspend, reinstate, expel, withdraw), so here it is read-only."""

    list_display = ["institution", "working_group", "pillar", "status", "joined_on", "ended_on"]
    list_filter = ["working_group", "pillar", "status"]
    search_fields = ["institution__name"]
    inlines = [RepresentativeInline, MembershipStatusChangeInline]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AdmissionForm
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.membership_admit(
            working_group=obj.working_group,
            institution=obj.institution,
            pillar=obj.pillar,
            status=obj.status,
            joined_on=obj.joined_on,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        _adopt(obj, created)


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
class RepresentativeAdmin(ServiceModelAdmin):
    """Appointed, re-assigned (principal or alternate) and removed through the services, with the roles
    they give following at once; only the job title is a plain edit."""

    list_display = ["user", "membership", "role", "started_on", "ended_on"]
    list_filter = ["working_group", "role"]
    search_fields = ["user__email", "user__last_name", "membership__institution__name"]
    actions = ["remove_representatives"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["membership", "user", "role", "job_title"]
        return ["user", "membership", "working_group", "role", "job_title", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["user", "membership", "working_group", "started_on", "ended_on"]
        return readonly + (["role", "job_title"] if obj.ended_on is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.representative_appoint(
                membership=obj.membership,
                user=obj.user,
                role=obj.role,
                job_title=obj.job_title,
                actor=request.user,
            )
            _adopt(obj, created)
            return
        if "job_title" in form.changed_data:
            obj.save(update_fields=["job_title", "updated_at"])
        if "role" in form.changed_data:
            services.representative_change_role(representative=obj, role=obj.role, actor=request.user)

    @admin.action(description="End the selected representations (their roles end at once)")
    def remove_representatives(self, request, queryset):
        removed = sum(
            self.run_service(request, services.representative_remove, representative=rep, reason="Removed in the admin")
            for rep in queryset.filter(ended_on__isnull=True).select_related("working_group", "user")
        )
        self.message_user(
            request,
            ngettext("%(count)d representation ended.", "%(count)d representations ended.", removed)
            % {"count": removed},
        )


class TermAdmin(ServiceModelAdmin):
    """A term's row is history: once it has an end date nothing changes; an open term may be ended."""

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [name for name in self.get_fields(request, obj) if name not in self.changeable]
        return readonly + (["ended_on"] if obj.ended_on is not None else [])


@admin.register(CoordinationSeat)
class CoordinationSeatAdmin(TermAdmin):
    """Seats are assigned through `coordination_seat_assign` (the seats-per-pillar limit, audit, roles)
    and ended through `coordination_seat_end`."""

    list_display = ["working_group", "pillar", "representative", "started_on", "ended_on"]
    list_filter = ["working_group", "pillar"]
    changeable = ["ended_on"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["representative", "started_on", "ended_on"]  # group and pillar are the holder's
        return ["working_group", "pillar", "representative", "started_on", "ended_on"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form

        class SeatForm(form):
            def clean(self):
                representative = self.cleaned_data.get("representative")
                if representative is not None:  # so that the model's checks see the seat it will be
                    self.instance.working_group = representative.working_group
                    self.instance.pillar = representative.membership.pillar
                return super().clean()

        return SeatForm

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.coordination_seat_assign(
                working_group=obj.representative.working_group,
                representative=obj.representative,
                started_on=obj.started_on,
                ended_on=obj.ended_on,
                actor=request.user,
            )
            _adopt(obj, created)
        elif "ended_on" in form.changed_data and obj.ended_on is not None:
            services.coordination_seat_end(
                seat=obj, actor=request.user, ended_on=obj.ended_on, reason="Ended in the admin"
            )


@admin.register(SecretariatTerm)
class SecretariatTermAdmin(TermAdmin):
    """A new term goes through `secretariat_term_start` (the previous one ends the day before); staff
    and the end of an open term change through `secretariat_term_change`. Both are audited."""

    list_display = ["working_group", "institution", "started_on", "ended_on"]
    filter_horizontal = ["staff"]
    changeable = ["staff", "ended_on"]

    def get_fields(self, request, obj=None):
        return ["working_group", "institution", "staff", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return ["ended_on"]  # a term starts open; the next hand-over ends it
        return readonly + (["staff"] if obj.ended_on is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.secretariat_term_start(
                working_group=obj.working_group,
                institution=obj.institution,
                staff=list(form.cleaned_data["staff"]),
                started_on=obj.started_on,
                actor=request.user,
            )
            _adopt(obj, created)
            return
        changed = set(form.changed_data)
        if changed & {"staff", "ended_on"}:
            services.secretariat_term_change(
                term=obj,
                actor=request.user,
                staff=list(form.cleaned_data["staff"]) if "staff" in changed else None,
                ended_on=obj.ended_on if "ended_on" in changed else None,
                reason="Changed in the admin",
            )

    def save_related(self, request, form, formsets, change):
        pass  # no inlines; not form.save_m2m(): the services above write the staff, never the form


@admin.register(GroupAdministrator)
class GroupAdministratorAdmin(TermAdmin):
    list_display = ["working_group", "user", "started_on", "ended_on"]
    changeable = ["ended_on"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["working_group", "user"]  # from today
        return ["working_group", "user", "started_on", "ended_on"]

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.group_administrator_add(
                working_group=obj.working_group, user=obj.user, actor=request.user
            )
            _adopt(obj, created)
        elif "ended_on" in form.changed_data and obj.ended_on is not None:
            services.group_administrator_end(administrator=obj, actor=request.user, ended_on=obj.ended_on)


@admin.register(Invitation)
class InvitationAdmin(ServiceModelAdmin):
    """Invitations are sent through `representative_invite` (the e-mail with the link, the audit record)."""

    list_display = ["email", "membership", "role", "created_at", "expires_at", "accepted_at"]
    fields = ["membership", "email", "first_name", "last_name", "role", "job_title"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.representative_invite(
            membership=obj.membership,
            email=obj.email,
            first_name=obj.first_name,
            last_name=obj.last_name,
            role=obj.role,
            job_title=obj.job_title,
            actor=request.user,
        )
        _adopt(obj, created)

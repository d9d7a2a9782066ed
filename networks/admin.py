"""Django admin for networks: platform administrators create networks, put groups in them and grant the
network staff role; a group's decision to share its figures goes through its service (a charter change,
so only an administrator of that group may record it, with the decision's reason)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from vpwg import permissions
from vpwg.admin import ServiceModelAdmin

from . import services
from .models import Network, NetworkGroup


class NetworkForm(forms.ModelForm):
    staff = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("email"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Network staff read the figures of the network's sharing groups, and nothing inside a group.",
    )

    class Meta:
        model = Network
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["staff"] = list(
                get_user_model().objects.filter(groups__name=permissions.network_staff_group_name(self.instance.slug))
            )


class NetworkGroupInline(admin.TabularInline):
    model = NetworkGroup
    extra = 0
    can_delete = False
    fields = ["working_group", "shares_figures"]
    readonly_fields = ["shares_figures"]  # the group's charter decides (NetworkGroupAdmin)


@admin.register(Network)
class NetworkAdmin(ServiceModelAdmin):
    form = NetworkForm
    list_display = ["name", "slug"]
    inlines = [NetworkGroupInline]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []  # the staff group is named after the slug

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:  # new groups join through the service (its audit record)
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for inline_form in formset.forms:
                if inline_form.instance.pk is None and inline_form.cleaned_data.get("working_group"):
                    services.network_group_add(
                        network=form.instance,
                        working_group=inline_form.cleaned_data["working_group"],
                        actor=request.user,
                    )
        wanted = set(form.cleaned_data.get("staff") or [])
        had = set(form.initial.get("staff") or [])
        for user in wanted - had:
            services.network_staff_set(network=form.instance, user=user, staff=True, actor=request.user)
        for user in had - wanted:
            services.network_staff_set(network=form.instance, user=user, staff=False, actor=request.user)


class SharingDecisionForm(forms.ModelForm):
    decision_reason = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sharing the group's figures is a decision of its charter: say who decided it and why.",
    )
    decided_on = forms.DateField(label="Decided on", required=False, help_text="Today if left empty.")

    class Meta:
        model = NetworkGroup
        fields = ["shares_figures"]


@admin.register(NetworkGroup)
class NetworkGroupAdmin(ServiceModelAdmin):
    form = SharingDecisionForm
    list_display = ["working_group", "network", "shares_figures"]
    list_filter = ["network", "shares_figures"]

    def has_add_permission(self, request):
        return False  # groups join from the network's page

    def save_model(self, request, obj, form, change):
        if "shares_figures" in form.changed_data:
            services.network_sharing_change(
                row=obj,
                shares_figures=form.cleaned_data["shares_figures"],
                actor=request.user,
                reason=form.cleaned_data["decision_reason"],
                decided_on=form.cleaned_data.get("decided_on"),
            )

"""Inside a group: the networks it is part of, and its charter decision to share its figures with one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.views import group_view

from . import services
from .forms import SharingDecisionForm
from .models import NetworkGroup


@group_view()
def group_networks(request):
    group = request.working_group
    rows = NetworkGroup.objects.filter(working_group=group).select_related("network").order_by("network__name")
    return render(
        request,
        "networks/group_networks.html",
        {"rows": rows, "can_decide": permissions.can(request.user, "manage_settings", group)},
    )


@group_view("manage_settings")
@require_http_methods(["GET", "POST"])
def group_sharing_decide(request, row_id: int):
    group = request.working_group
    row = get_object_or_404(NetworkGroup.objects.select_related("network"), pk=row_id, working_group=group)
    form = SharingDecisionForm(request.POST or None, initial={"shares_figures": not row.shares_figures})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.network_sharing_change(row=row, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if change is None:
                messages.info(request, _("Nothing changed: that is already the group's rule."))
            elif form.cleaned_data["shares_figures"]:
                messages.success(
                    request, _("The group now shares its figures with %(network)s.") % {"network": row.network}
                )
            else:
                messages.success(
                    request, _("The group no longer shares its figures with %(network)s.") % {"network": row.network}
                )
            return redirect("group_networks:index", group_slug=group.slug)
    return render(request, "networks/group_sharing_decide.html", {"row": row, "form": form})

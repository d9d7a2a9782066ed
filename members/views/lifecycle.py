from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import decisions_views, selectors, services
from ..forms import (
    LifecycleForm,
    RoleForm,
)
from ..models import (
    DecisionKind,
    Representative,
)
from ..permissions import lifecycle_steps
from ._common import _access

# --- lifecycle and representatives ---------------------------------------------------------------

# Steps the Coordination Group decides by a vote (members.services.decision_open); withdrawal is the member's.
DECISION_STEPS = {
    "warn": DecisionKind.WARNING,
    "suspend": DecisionKind.SUSPENSION,
    "reinstate": DecisionKind.REINSTATEMENT,
    "expel": DecisionKind.EXPULSION,
}
LIFECYCLE_STEPS = {  # the member's own step runs at once; the others only when a decision is adopted
    "warn": (None, _("Warn")),
    "suspend": (None, _("Suspend")),
    "reinstate": (None, _("Reinstate")),
    "expel": (None, _("Expel")),
    "withdraw": (services.membership_withdraw, _("Withdraw")),
}


@group_view("view_directory")
@require_http_methods(["GET", "POST"])
@once_per_submit
def membership_lifecycle(request, institution_id: int, step: str):
    """One page per lifecycle step; the service decides who may take it."""
    group = request.working_group
    if step not in LIFECYCLE_STEPS:
        raise Http404
    membership = selectors.institution_page_for(group, institution_id)
    if step not in lifecycle_steps(_access(request), membership):
        raise PermissionDenied
    service, label = LIFECYCLE_STEPS[step]
    form = LifecycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if step in DECISION_STEPS:  # the Coordination Group votes on it (issue 14)
                decision = services.decision_open(
                    working_group=group,
                    kind=DECISION_STEPS[step],
                    subject=membership,
                    actor=request.user,
                    **form.cleaned_data,
                )
            else:
                service(membership=membership, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            back = reverse("members:institution-detail", args=[group.slug, institution_id])
            if step in DECISION_STEPS:
                return decisions_views.after_proposal(request, decision, back)
            messages.success(request, _("Recorded: %(step)s.") % {"step": label})
            return redirect(back)
    return render(
        request,
        "members/membership_lifecycle.html",
        {
            "membership": membership,
            "form": form,
            "step": step,
            "step_label": label,
            "decides": step in DECISION_STEPS,
            "open_decision": decisions_views.open_decision_about(membership) if step in DECISION_STEPS else None,
        },
    )


@group_view("manage_representatives")
@require_http_methods(["GET", "POST"])
def representative_role(request, representative_id: int):
    group = request.working_group
    representative = get_object_or_404(
        Representative.objects.select_related("user", "membership__institution"),
        pk=representative_id,
        working_group=group,
    )
    form = RoleForm(request.POST or None, initial={"role": representative.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_change_role(
                representative=representative, role=form.cleaned_data["role"], actor=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The role has been changed."))
        return redirect(
            "members:institution-detail", group_slug=group.slug, institution_id=representative.membership.institution_id
        )
    return render(request, "members/representative_role.html", {"representative": representative, "form": form})

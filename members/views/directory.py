from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.errors import DomainError
from vpwg.views import group_view
from vpwg.waiting import waiting_for_request

from .. import selectors, services
from ..exceptions import InvitationUnavailable
from ..forms import (
    InvitationAcceptForm,
    ReasonForm,
    RepresentativeInviteForm,
)
from ..models import (
    Representative,
)
from ..permissions import lifecycle_steps
from ._common import _access
from .lifecycle import LIFECYCLE_STEPS


@group_view()
def dashboard(request):
    """The group's home: first what waits for this person here (vpwg.waiting: every app's sources, one
    query each), then the membership and who holds which role."""
    group = request.working_group
    context = {
        "waiting": waiting_for_request(request),
        "pillar_counts": selectors.pillar_counts(group),
        "management": selectors.management_for(group),
        **selectors.application_summary_for(request.user, group),
    }
    return render(request, "members/group_dashboard.html", context)


@group_view("view_directory")
def directory(request):
    group = request.working_group
    return render(
        request,
        "members/membership_list.html",
        {"directory": selectors.directory_for(group), "pillar_counts": selectors.pillar_counts(group)},
    )


@group_view("view_directory")
def institution_detail(request, institution_id: int):
    group, access = request.working_group, _access(request)
    membership = selectors.institution_page_for(group, institution_id)
    return render(
        request,
        "members/institution_detail.html",
        {
            "membership": membership,
            "can_manage_representatives": access.can("manage_representatives"),
            "can_invite": access.allows("members.invite_representative", membership),
            "lifecycle_steps": [(step, LIFECYCLE_STEPS[step][1]) for step in lifecycle_steps(access, membership)],
        },
    )


@group_view("manage_representatives")
@require_http_methods(["GET", "POST"])
def representative_invite(request, institution_id: int):
    group = request.working_group
    membership = selectors.institution_page_for(group, institution_id)
    form = RepresentativeInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_invite(membership=membership, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("members:institution-detail", group_slug=group.slug, institution_id=institution_id)
    return render(request, "members/representative_invite.html", {"membership": membership, "form": form})


@group_view("manage_representatives")
@require_http_methods(["GET", "POST"])
def representative_remove(request, representative_id: int):
    group = request.working_group
    representative = get_object_or_404(
        Representative.objects.select_related("user", "membership__institution"),
        pk=representative_id,
        working_group=group,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_remove(
                representative=representative, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s no longer represents the institution.") % {"name": representative.user.get_full_name()},
            )
        return redirect(
            "members:institution-detail", group_slug=group.slug, institution_id=representative.membership.institution_id
        )
    return render(request, "members/representative_remove.html", {"representative": representative, "form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link in an invitation e-mail: set a password (new accounts) and start representing."""
    try:
        invitation = services.invitation_for_token(token)
    except InvitationUnavailable as error:
        return render(request, "members/invitation_unavailable.html", {"reason": str(error)}, status=410)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = None if has_account else InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and (form is None or form.is_valid()):
        if has_account and (not request.user.is_authenticated or request.user.email.lower() != invitation.email):
            messages.info(request, _("Sign in with %(email)s to accept this invitation.") % {"email": invitation.email})
            return redirect(f"/accounts/login/?next={request.path}")
        try:
            representative = services.invitation_accept(
                token=token, password=form.cleaned_data["password1"] if form else None
            )
        except InvitationUnavailable as error:
            return render(request, "members/invitation_unavailable.html", {"reason": str(error)}, status=410)
        if request.user != representative.user:
            login(request, representative.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome. You now represent %(institution)s in %(group)s.")
            % {"institution": invitation.membership.institution, "group": invitation.working_group},
        )
        return redirect("members:dashboard", group_slug=invitation.working_group.slug)
    return render(
        request, "members/invitation_accept.html", {"invitation": invitation, "form": form, "has_account": has_account}
    )

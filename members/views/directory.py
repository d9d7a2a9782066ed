from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.errors import DomainError
from vpwg.kept import kept
from vpwg.listing import Link, page_of, query_with
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
    # The same for everyone in the group: kept between its writes (vpwg.kept), with the labels' language.
    who = kept(
        group,
        f"dashboard:{translation.get_language()}",
        lambda: {"pillar_counts": selectors.pillar_counts(group), "management": selectors.management_for(group)},
    )
    context = {
        "waiting": waiting_for_request(request),
        **who,
        **selectors.application_summary_for(request.user, group),
    }
    return render(request, "members/group_dashboard.html", context)


# Institutions on one page of the directory; a group up to this size sees every pillar on one page.
DIRECTORY_PER_PAGE = 25


@group_view("view_directory")
def directory(request):
    """The member directory by pillar (issue 18): every pillar on one page while the group has at most
    DIRECTORY_PER_PAGE institutions taking part; beyond that one pillar at a time (?pillar=, default the
    first with any), in pages (?page=). The counts per pillar are the pages' totals: no COUNT query."""
    group = request.working_group
    # The directory is the same for everyone who may read it: its counts and each page's rows are kept
    # between writes in the group (vpwg.kept), per language (the rows carry translated labels).
    language = translation.get_language()
    counts = kept(group, f"directory:counts:{language}", lambda: selectors.pillar_counts(group))
    totals = {row["pillar"]: row["members"] + row["observers"] for row in counts}
    one_page = sum(totals.values()) <= DIRECTORY_PER_PAGE
    pillar = request.GET.get("pillar")
    if pillar not in totals:
        pillar = None if one_page else next((p for p, n in totals.items() if n), next(iter(totals)))
    params = request.GET.copy()  # the page links name the pillar shown, even when it was the default
    if pillar:
        params["pillar"] = pillar
    page, pager = page_of(
        params,
        selectors.directory_for(group, pillar),
        DIRECTORY_PER_PAGE,
        count=totals[pillar] if pillar else sum(totals.values()),
    )
    rows = kept(
        group,
        f"directory:{language}:{pillar}:{page.number}",
        lambda: selectors.directory_sections(page.object_list),
    )
    sections = [
        {
            **rows[row["pillar"]],
            "pillar": row["pillar"],
            "member_count": row["members"],
            "observer_count": row["observers"],
        }
        for row in counts
        if pillar in (None, row["pillar"])
    ]
    pillar_links = [
        Link(
            label=row["label"],
            query=query_with(request.GET, pillar=row["pillar"]),
            current=row["pillar"] == pillar,
            count=totals[row["pillar"]],
        )
        for row in counts
    ]
    if one_page:
        pillar_links.insert(
            0, Link(label=_("All pillars"), query=query_with(request.GET, pillar=None), current=pillar is None)
        )
    return render(
        request,
        "members/membership_list.html",
        {"sections": sections, "pillar_counts": counts, "pillar": pillar, "pillar_links": pillar_links, "pager": pager},
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
            "relatives": selectors.organisation_relatives_for(request.user, membership.institution),
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

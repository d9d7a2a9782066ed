from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.ratelimit import rate_limit_exceeded
from vpwg.views import group_view

from . import decisions_views, selectors, services
from .exceptions import InvitationUnavailable
from .forms import (
    ApplicationForm,
    CharterForm,
    DecisionForm,
    InvitationAcceptForm,
    LifecycleForm,
    PublicApplicationForm,
    ReasonForm,
    RepresentativeInviteForm,
    ReviewForm,
    RoleForm,
    SeatAssignForm,
    SecretariatTermForm,
    TextForm,
)
from .models import (
    ApplicationEvent,
    CoordinationSeat,
    DecisionKind,
    MembershipApplication,
    Representative,
    WorkingGroup,
)
from .permissions import lifecycle_steps


def _access(request):
    return permissions.access_for(request.user, request.working_group)


@group_view()
def dashboard(request):
    group = request.working_group
    context = {
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


# --- applications -----------------------------------------------------------------------------

APPLICATION_RATE_LIMIT = 5  # public submissions per address per hour


@login_not_required
@require_http_methods(["GET", "POST"])
def application_apply(request, group_slug: str):
    """The public application form of a group: no account needed, rate-limited, with bot checks."""
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    form = PublicApplicationForm(request.POST or None, request.FILES or None, working_group=group)
    if request.method == "POST":
        if rate_limit_exceeded(request, scope="application", limit=APPLICATION_RATE_LIMIT, period_seconds=3600):
            return render(request, "members/application_rate_limited.html", {"group": group}, status=429)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("homepage", "started")}
            try:
                application = services.application_submit(working_group=group, data=data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("applications:status", token=application.status_token)
    return render(request, "members/application_apply.html", {"form": form, "group": group})


@login_not_required
@require_http_methods(["GET", "POST"])
def application_status(request, token: str):
    """The applicant's own page (from the confirmation e-mail): status, questions and answers."""
    application = get_object_or_404(MembershipApplication.objects.select_related("working_group"), status_token=token)
    form = TextForm(request.POST or None, label=_("Your answer"))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_provide_info(status_token=token, answer=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. Your answer has been added to the application."))
        return redirect("applications:status", token=token)
    events = application.events.exclude(kind=ApplicationEvent.Kind.DUPLICATE)
    return render(
        request, "members/application_status.html", {"application": application, "events": events, "form": form}
    )


@group_view()
def application_list(request):
    group = request.working_group
    applications = selectors.applications_visible_to(request.user, group)
    if applications is None:
        raise PermissionDenied
    return render(
        request,
        "members/application_list.html",
        {
            "applications": applications,
            "can_propose": _access(request).can("propose_member"),
        },
    )


@group_view("propose_member")
@require_http_methods(["GET", "POST"])
@once_per_submit
def application_propose(request):
    group = request.working_group
    form = ApplicationForm(request.POST or None, request.FILES or None, working_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_propose(working_group=group, data=form.cleaned_data, actor=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your proposal has been sent to the Coordination Group."))
            return redirect("members:application-detail", group_slug=group.slug, application_id=application.pk)
    return render(request, "members/application_propose.html", {"form": form})


def _application(request, application_id):
    application = selectors.application_for(request.user, request.working_group, application_id)
    if application is None:
        raise Http404
    return application


@group_view()
def application_detail(request, application_id: int):
    application = _application(request, application_id)
    access = _access(request)
    can_decide = access.allows("members.decide_application", application)
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "can_see_reviews": access.can("manage_applications") or can_decide,
            "can_request_info": access.allows("members.request_application_info", application),
            "can_decide": can_decide,
            "open_decision": decisions_views.open_decision_about(application),
            "can_endorse": access.allows("members.endorse_application", application),
            # Prefixes keep the ids of the four forms on one page apart.
            "review_form": ReviewForm(prefix="review"),
            "decision_form": DecisionForm(prefix="decision"),
            "info_form": TextForm(label=_("What should the applicant add?"), prefix="info"),
            "endorse_form": TextForm(label=_("Comment (optional)"), prefix="endorse", required=False),
        },
    )


def _application_step(request, application_id, capability, form_class, call, done_message, **form_kwargs):
    """GET shows the form on the application page; POST runs one service call."""
    group = request.working_group
    application = _application(request, application_id)
    _access(request).require(capability)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            call(application, form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done_message)
        return redirect("members:application-detail", group_slug=group.slug, application_id=application.pk)
    return render(request, "members/application_step.html", {"application": application, "form": form})


@group_view("manage_applications")
@require_http_methods(["GET", "POST"])
def application_request_info(request, application_id: int):
    return _application_step(
        request,
        application_id,
        "manage_applications",
        TextForm,
        lambda app, data: services.application_request_info(application=app, actor=request.user, question=data["text"]),
        _("The applicant has been asked for more information."),
        label=_("What should the applicant add?"),
        prefix="info",
    )


@group_view("decide_applications")
@require_http_methods(["GET", "POST"])
def application_review(request, application_id: int):
    return _application_step(
        request,
        application_id,
        "decide_applications",
        ReviewForm,
        lambda app, data: services.application_review(application=app, actor=request.user, **data),
        _("Your view has been recorded."),
        prefix="review",
    )


@group_view("decide_applications")
@require_http_methods(["GET", "POST"])
def application_decide(request, application_id: int):
    """Nobody decides alone (issue 14): this proposes the decision to the Coordination Group, which votes
    under the charter's rule; an open decision about the application is voted on instead."""
    group = request.working_group
    application = _application(request, application_id)
    _access(request).require("decide_applications")
    back = reverse("members:application-detail", args=[group.slug, application.pk])
    form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_open(
                working_group=group,
                kind=DecisionKind.ADMISSION,
                subject=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                proposal=form.cleaned_data["decision"],
            )
        except DomainError as error:
            messages.error(request, str(error))
            already = decisions_views.open_decision_about(application)
            if already is not None:
                return redirect("members:decision-detail", group_slug=group.slug, decision_id=already.pk)
            return redirect(back)
        return decisions_views.after_proposal(request, decision, back)
    return render(request, "members/application_step.html", {"application": application, "form": form})


@group_view("endorse_application")
@require_http_methods(["GET", "POST"])
def application_endorse(request, application_id: int):
    # Another pillar, already endorsed, or decided: 403.
    _access(request).require_rule("members.endorse_application", _application(request, application_id))
    return _application_step(
        request,
        application_id,
        "endorse_application",
        TextForm,
        lambda app, data: services.application_endorse(application=app, actor=request.user, comment=data["text"]),
        _("Your institution's endorsement has been recorded."),
        label=_("Comment (optional)"),
        prefix="endorse",
        required=False,
    )


# --- lifecycle and representatives ---------------------------------------------------------------

# Steps the Coordination Group decides by a vote (members.services.decision_open); withdrawal is the member's.
DECISION_STEPS = {
    "warn": DecisionKind.WARNING,
    "suspend": DecisionKind.SUSPENSION,
    "reinstate": DecisionKind.REINSTATEMENT,
    "expel": DecisionKind.EXPULSION,
}
LIFECYCLE_STEPS = {
    "warn": (services.membership_warn, _("Warn")),
    "suspend": (services.membership_suspend, _("Suspend")),
    "reinstate": (services.membership_reinstate, _("Reinstate")),
    "expel": (services.membership_expel, _("Expel")),
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


# --- management levels, audit trail, charter -----------------------------------------------------


@group_view()
@require_http_methods(["GET", "POST"])
def coordination_group(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_roles")
    form = SeatAssignForm(request.POST or None, working_group=group, initial={"started_on": group.today()})
    if request.method == "POST":
        access.require("manage_roles")
        if form.is_valid():
            try:
                services.coordination_seat_assign(working_group=group, actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The seat has been assigned."))
                return redirect("members:coordination", group_slug=group.slug)
    return render(
        request,
        "members/coordination_group.html",
        {
            "seats": selectors.coordination_seats_for(group),
            "form": form if can_manage else None,
        },
    )


@group_view("manage_roles")
@require_http_methods(["GET", "POST"])
def coordination_seat_end(request, seat_id: int):
    group = request.working_group
    seat = get_object_or_404(
        CoordinationSeat.objects.select_related("representative__user"), pk=seat_id, working_group=group
    )
    form = LifecycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordination_seat_end(
                seat=seat,
                actor=request.user,
                ended_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The term has ended."))
        return redirect("members:coordination", group_slug=group.slug)
    return render(request, "members/coordination_seat_end.html", {"seat": seat, "form": form})


@group_view()
@require_http_methods(["GET", "POST"])
def secretariat(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_roles")
    form = SecretariatTermForm(request.POST or None, working_group=group, initial={"started_on": group.today()})
    if request.method == "POST":
        access.require("manage_roles")
        if form.is_valid():
            try:
                services.secretariat_term_start(
                    working_group=group,
                    institution=form.cleaned_data["membership"].institution,
                    staff=[rep.user for rep in form.cleaned_data["staff"]],
                    started_on=form.cleaned_data["started_on"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The Secretariat has been handed over."))
                return redirect("members:secretariat", group_slug=group.slug)
    return render(
        request,
        "members/secretariat_terms.html",
        {
            "terms": selectors.secretariat_terms_for(group),
            "form": form if can_manage else None,
        },
    )


@group_view("view_audit")
def audit_trail(request):
    group = request.working_group
    page = Paginator(selectors.audit_trail_for(group), 50).get_page(request.GET.get("page"))
    return render(request, "members/audit_trail.html", {"page": page})


@group_view()
def charter(request):
    group = request.working_group
    return render(
        request,
        "members/charter.html",
        {
            "rules": selectors.charter_rules_for(group),
            "decision_rules": services.decision_rules_for(group),
            "changes": group.charter_changes.select_related("actor")[:50],
            "can_edit": _access(request).can("manage_settings"),
        },
    )


@group_view("manage_settings")
@require_http_methods(["GET", "POST"])
def charter_edit(request):
    group = request.working_group
    form = CharterForm(
        request.POST or None, instance=WorkingGroup.objects.get(pk=group.pk), initial={"decided_on": group.today()}
    )
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in services.CHARTER_FIELDS}
        try:
            rows = services.charter_change(
                working_group=group,
                actor=request.user,
                changes=changes,
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)d rule changed.", "%(count)d rules changed.", len(rows)) % {"count": len(rows)},
            )
            return redirect("members:charter", group_slug=group.slug)
    return render(request, "members/charter_edit.html", {"form": form})

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.dates import group_time
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.ratelimit import rate_limit_exceeded
from vpwg.views import group_view

from .. import decisions_views, selectors, services
from ..forms import (
    ApplicationForm,
    DecisionForm,
    PublicApplicationForm,
    ReviewForm,
    TextForm,
)
from ..models import (
    ApplicationEvent,
    DecisionKind,
    MembershipApplication,
    WorkingGroup,
)
from ._common import _access

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
                # The applicant's e-mails in the language of the form they filled in.
                application = services.application_submit(
                    working_group=group, data=data, language=request.LANGUAGE_CODE
                )
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
    with group_time(application.working_group):  # a public page, its dates on the group's calendar all the same
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

"""Pages of the group's decisions: a Coordination Group decision and its votes, written procedures,
the decision register and the charter's decision rules. Thin: selector, access check, one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.permissions import access_for
from vpwg.views import group_view

from . import decision_selectors as selectors
from . import services
from .decisions_forms import (
    CommentForm,
    DecisionRuleForm,
    DecisionVoteForm,
    ProcedureForm,
    ProcedureVoteForm,
    RegisterFilterForm,
)


def _access(request):
    return access_for(request.user, request.working_group)


def _decision(request, decision_id: int):
    decision = selectors.decision_visible_to(_access(request), decision_id)
    if decision is None:
        raise Http404
    return decision


@group_view()
def decision_register(request):
    form = RegisterFilterForm(request.GET or None)
    kind, year = "", None
    if form.is_valid():
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    entries = selectors.decision_register_for(_access(request), kind=kind, year=year)
    return render(request, "members/decisions/register.html", {"form": form, "entries": entries})


@group_view()
def decision_detail(request, decision_id: int):
    decision = _decision(request, decision_id)
    access = _access(request)
    context = selectors.decision_page(access, decision)
    context["can_vote"] = (
        decision.is_open and access.allows("members.vote_decision", decision) and context.get("is_voter", False)
    )
    context["vote_form"] = DecisionVoteForm(
        initial={"choice": context["my_vote"].choice, "reason": context["my_vote"].reason}
        if context.get("my_vote")
        else None
    )
    return render(request, "members/decisions/decision_detail.html", context)


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def decision_vote(request, decision_id: int):
    """GET: the vote form; POST: vote (or replace one's vote). Refusals come back as a message."""
    decision = _decision(request, decision_id)
    access = _access(request)
    if decision.is_open:
        access.require_rule("members.vote_decision", decision)  # a seat holder's page
    elif not access.allows("members.follow_decision", decision):
        raise PermissionDenied  # closed: those who follow it are told so by the service's message
    form = DecisionVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_vote(decision=decision, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            decision.refresh_from_db()
            if decision.is_open:
                messages.success(request, _("Your vote has been recorded."))
            else:
                messages.success(
                    request,
                    _("Your vote has been recorded. The decision is closed: %(status)s.")
                    % {"status": decision.get_status_display().lower()},
                )
        return redirect("members:decision-detail", group_slug=request.working_group.slug, decision_id=decision.pk)
    return render(request, "members/decisions/decision_vote.html", {"decision": decision, "form": form})


# --- written procedures ------------------------------------------------------------------------


def _procedure(request, procedure_id: int):
    procedure = selectors.procedure_for(request.working_group, procedure_id)
    if procedure is None:
        raise Http404
    return procedure


@group_view()
def procedure_list(request):
    return render(
        request,
        "members/decisions/procedure_list.html",
        {
            "procedures": selectors.procedures_for(request.working_group),
            "can_open": _access(request).allows("members.open_procedure", request.working_group),
        },
    )


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def procedure_open(request):
    group = request.working_group
    _access(request).require_rule("members.open_procedure", group)
    form = ProcedureForm(request.POST or None, request.FILES or None, initial=ProcedureForm.initial_for(group))
    mentions = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.procedure_open(
                working_group=group,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                deadline=data["deadline"],
                rule=data["rule"],
                observers_vote=data["observers_vote"],
                tally_visibility=data["tally_visibility"],
                attachment=data["attachment"],
                accept_mentions=data["accept_mentions"],
            )
        except services.ProcedureMentions as error:
            mentions = error.mentions
            form.add_error(None, str(error))
            # Sent again as it is, the author confirms the mentions (an attachment must be chosen again).
            form.data = form.data.copy()
            form.data["accept_mentions"] = "on"
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The written procedure is open; every institution has been told."))
            return redirect("members:procedure-detail", group_slug=group.slug, procedure_id=procedure.pk)
    return render(request, "members/decisions/procedure_form.html", {"form": form, "mentions": mentions})


@group_view()
def procedure_detail(request, procedure_id: int):
    procedure = _procedure(request, procedure_id)
    context = selectors.procedure_page(_access(request), procedure)
    context.update(vote_form=ProcedureVoteForm(), comment_form=CommentForm())
    return render(request, "members/decisions/procedure_detail.html", context)


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def procedure_vote(request, procedure_id: int):
    """GET: the vote form; POST: the institution's vote. Refusals (closed, observer, already voted,
    not a representative) come back as a message; nothing is saved."""
    procedure = _procedure(request, procedure_id)
    form = ProcedureVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_vote(procedure=procedure, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your institution's vote has been recorded."))
        return redirect("members:procedure-detail", group_slug=request.working_group.slug, procedure_id=procedure.pk)
    return render(request, "members/decisions/procedure_vote.html", {"procedure": procedure, "form": form})


@group_view()
@require_POST
@once_per_submit
def procedure_comment(request, procedure_id: int):
    procedure = _procedure(request, procedure_id)
    _access(request).require_rule("members.comment_procedure", procedure)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.procedure_comment(procedure=procedure, actor=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect("members:procedure-detail", group_slug=request.working_group.slug, procedure_id=procedure.pk)


@group_view()
def procedure_attachment(request, procedure_id: int):
    procedure = _procedure(request, procedure_id)
    if not procedure.attachment:
        raise Http404
    name = f"procedure-{procedure.pk}.pdf"
    return FileResponse(procedure.attachment.open("rb"), as_attachment=True, filename=name)


# --- the charter's decision rules ------------------------------------------------------------------


@group_view("manage_settings")
@require_http_methods(["GET", "POST"])
def decision_rules_edit(request):
    group = request.working_group
    form = DecisionRuleForm(request.POST or None, initial={"decided_on": group.today()})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.decision_rule_change(working_group=group, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The rule has been changed.") if change else _("Nothing changed."))
            return redirect("members:charter", group_slug=group.slug)
    return render(
        request,
        "members/decisions/decision_rules_edit.html",
        {"form": form, "rules": services.decision_rules_for(group)},
    )


# --- proposing from the subject's page (an application, a membership) ----------------------------


def after_proposal(request, decision, back_url: str):
    """Where a proposal leads: the open decision (the others vote), or back to the subject when the rule
    was met at once (a warning: any one member)."""
    slug = request.working_group.slug
    if decision.is_open:
        messages.success(request, _("The decision is open: the other Coordination Group members are asked to vote."))
        return redirect("members:decision-detail", group_slug=slug, decision_id=decision.pk)
    messages.success(
        request,
        _("Decided at once under the rule (%(rule)s): %(status)s.")
        % {"rule": decision.get_rule_display().lower(), "status": decision.get_status_display().lower()},
    )
    return redirect(back_url)


def open_decision_about(subject):
    """The decision open about `subject`, if any (its page links to it)."""
    from .models import Decision

    return Decision.objects.open().about(subject).first()

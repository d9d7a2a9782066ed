from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AnswerForm,
    InviteForm,
)
from ..ics import meeting_ics
from ._common import _access, _detail


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_invite(request, meeting_id: int):
    """Choose the recipients (all ticked) and the guests sent their own link (ticked), add a message, see
    the e-mail as sent (from the first visit on), then send."""
    group = request.working_group
    meeting = selectors.meeting_plain_for(group, meeting_id)
    if not _access(request).allows("meetings.invite_to_meeting", meeting):
        messages.error(request, _("This meeting has already started or taken place: it can no longer be invited to."))
        return _detail(meeting)
    candidates = services.meeting_audience_to_invite(meeting)
    agenda = services.invitation_agenda(meeting)  # the preview's agenda, and its guests
    form = InviteForm(request.POST or None, candidates=candidates, guests=services.invitation_guests(agenda))
    sending = request.method == "POST" and request.POST.get("action") != "preview"
    if sending and form.is_valid():
        guests = form.chosen_guests()
        try:
            count = services.meeting_invite(
                meeting=meeting,
                actor=request.user,
                representatives=form.chosen(),
                message=form.cleaned_data["message"],
                guests=guests,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if count or not guests:
                messages.success(
                    request,
                    ngettext("%(count)s representative invited.", "%(count)s representatives invited.", count)
                    % {"count": count},
                )
            for guest in guests:
                messages.success(request, _("%(name)s was sent their link to the agenda.") % {"name": guest.name})
            return _detail(meeting)
    preview = None
    recipient = form.preview_recipient()
    if recipient is not None and not (form.is_bound and "message" in form.errors):
        message = form.cleaned_data.get("message", "") if form.is_bound else ""
        preview = services.invitation_preview(meeting=meeting, representative=recipient, message=message, agenda=agenda)
    context = {
        "meeting": meeting,
        "form": form,
        "candidates": candidates,
        "guest_rows": form.guest_list(),
        "anything_to_send": bool(candidates) or bool(form.fields["guests"].choices),
        "preview": preview,
        "preview_recipient": recipient,
    }
    return render(request, "meetings/meeting_invite.html", context)


@group_view()
@require_POST
def meeting_answer(request, meeting_id: int):
    group = request.working_group
    invitation = selectors.invitation_for_answer(group, meeting_id, request.user)
    if invitation is None:
        selectors.meeting_for(group, meeting_id)  # 404 for a meeting of another group
        raise PermissionDenied
    form = AnswerForm.for_invitation(invitation, data=request.POST)
    if form.is_valid():
        try:
            services.invitation_answer(invitation=invitation, actor=request.user, **form.service_kwargs())
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return _detail(invitation.meeting)


@group_view("manage_meetings")
@require_GET
def meeting_answers(request, meeting_id: int):
    """Every answer by pillar, observers apart: who answered what, how they come, who comes, comments."""
    meeting = selectors.meeting_plain_for(request.working_group, meeting_id)
    context = {
        "meeting": meeting,
        "answers": selectors.answers_for(meeting),
        "can_remind": _access(request).allows("meetings.remind_invitations", meeting),
    }
    return render(request, "meetings/meeting_answers.html", context)


@group_view("manage_meetings")
@require_POST
def meeting_remind(request, meeting_id: int):
    """Remind those who have not answered; each person once, so a second click sends nothing new."""
    meeting = selectors.meeting_plain_for(request.working_group, meeting_id)
    try:
        result = services.invitation_remind(meeting=meeting, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if result["queued"]:
            messages.success(
                request,
                ngettext(
                    "A reminder went to %(count)s representative who has not answered.",
                    "A reminder went to %(count)s representatives who have not answered.",
                    result["queued"],
                )
                % {"count": result["queued"]},
            )
        elif result["pending"]:
            messages.info(request, _("Everyone who has not answered was already reminded once: nothing new was sent."))
        else:
            messages.info(request, _("Everyone has answered: there is nobody to remind."))
    return redirect("meetings:meeting-answers", group_slug=meeting.working_group.slug, meeting_id=meeting.pk)


@group_view()
@require_GET
def meeting_ics_download(request, meeting_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response

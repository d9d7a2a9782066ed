from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AnswerForm,
)
from ..ics import meeting_ics
from ._common import _detail


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_invite(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    if request.method == "POST":
        try:
            count = services.meeting_invite(meeting=meeting, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s representative invited.", "%(count)s representatives invited.", count)
                % {"count": count},
            )
        return _detail(meeting)
    audience = list(services.meeting_audience(meeting))
    return render(request, "meetings/meeting_invite.html", {"meeting": meeting, "audience_size": len(audience)})


@group_view()
@require_POST
def meeting_answer(request, meeting_id: int):
    group = request.working_group
    invitation = selectors.invitation_for_answer(group, meeting_id, request.user)
    if invitation is None:
        selectors.meeting_for(group, meeting_id)  # 404 for a meeting of another group
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_answer(invitation=invitation, actor=request.user, answer=form.cleaned_data["answer"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
    else:
        messages.error(request, _("Choose an answer."))
    return _detail(invitation.meeting)


@group_view()
@require_GET
def meeting_ics_download(request, meeting_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response

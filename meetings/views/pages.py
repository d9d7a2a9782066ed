from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.kept import kept
from vpwg.listing import int_param, year_fold
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AnswerForm,
    MeetingForm,
    NextAgreementForm,
    ReasonForm,
)
from ..models import Meeting
from ._common import _access, _detail
from .agenda import agenda_context


@group_view()
def meeting_list(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_meetings")
    period = selectors.next_period(group)
    # Upcoming first, then one year of the past (?year=, default the most recent; vpwg/listing.py). The
    # same for every reader: kept between writes in the group (vpwg.kept).
    year = int_param(request.GET, "year")
    meetings = kept(group, f"meetings:{year}", lambda: selectors.meetings_list_for(group, year=year))
    context = {
        **meetings,
        "years": year_fold(request.GET, meetings["year_counts"], meetings["year"]),
        "period": period,
        "period_plenary": selectors.plenary_among(meetings["upcoming"], period),
        "can_manage": can_manage,
        "can_request": access.can("request_meeting"),
        "requests": selectors.meeting_requests_for(group, request.user, manage=can_manage),
    }
    return render(request, "meetings/meeting_list.html", context)


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
@once_per_submit
def meeting_create(request):
    group = request.working_group
    agreement = selectors.last_agreement(group)
    initial = MeetingForm.initial_new(group, agreement)
    if request.GET.get("kind") in Meeting.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(request.POST or None, working_group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        follows = agreement if kwargs["kind"] == Meeting.Kind.PLENARY and not kwargs["backfill"] else None
        try:
            meeting = services.meeting_schedule(working_group=group, actor=request.user, follows=follows, **kwargs)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The meeting is recorded as held.")
                if meeting.status == Meeting.Status.HELD
                else _("Meeting scheduled."),
            )
            return _detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "agreement": agreement, "meeting": None})


@group_view()
def meeting_detail(request, meeting_id: int):
    group = request.working_group
    # The meeting with its agenda, presenters and guests is the same for every reader: kept between writes
    # in the group (vpwg.kept). What is the reader's own (the invitation, the answer) is read below.
    meeting = kept(group, f"meeting:{meeting_id}", lambda: selectors.meeting_for(group, meeting_id))
    access = _access(request)
    can_manage = access.can("manage_meetings")
    invitation = selectors.invitation_of(meeting, request.user)
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "can_edit": access.allows("meetings.edit_meeting", meeting),
        "can_invite": access.allows("meetings.invite_to_meeting", meeting),
        "can_cancel": access.allows("meetings.cancel_meeting", meeting),
        "can_record_attendance": access.allows("meetings.record_attendance", meeting),
        "can_record_next": access.allows("meetings.record_next_meeting", meeting),
        # Held: the Secretariat starts the minutes from here in one click (a post to minutes:minutes-start),
        # or opens them when they exist.
        "can_start_minutes": access.allows("meetings.start_minutes", meeting),
        "minutes_pk": meeting.minutes_pk,
        # The agenda section: items with times and the running total, documents, guests (views/agenda.py).
        **agenda_context(request, meeting, access),
        "invitation": invitation,
        "answer_form": AnswerForm.for_invitation(invitation) if invitation else None,
        "can_answer": access.allows("meetings.answer_invitation", invitation),
        "can_view_answers": access.allows("meetings.view_answers", meeting),
        "can_use_door": access.allows("meetings.mark_at_door", meeting),
        "invitation_counts": selectors.invitation_counts(meeting) if can_manage else None,
        "by_pillar": selectors.attendance_by_pillar(meeting) if meeting.status == Meeting.Status.HELD else None,
    }
    return render(request, "meetings/meeting_detail.html", context)


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    form = MeetingForm(
        request.POST or None, working_group=group, editing=True, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, actor=request.user, **form.service_kwargs())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Meeting updated."))
            return _detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Meeting cancelled; the invited representatives are told."))
        return _detail(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_next(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    initial = {
        "topics": list(meeting.next_topics.all()),
        "guests": meeting.next_guests,
        "venue": meeting.next_venue,
        "notes": meeting.next_notes,
    }
    form = NextAgreementForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record_next(
                meeting=meeting,
                actor=request.user,
                topics=list(data["topics"]),
                guests=data["guests"],
                venue=data["venue"],
                notes=data["notes"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded. The next plenary will start from this agreement."))
            return _detail(meeting)
    return render(request, "meetings/meeting_next.html", {"meeting": meeting, "form": form})

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg import permissions
from vpwg.charts import bar_chart_svg
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from . import selectors, services
from .forms import (
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    DecideRequestForm,
    MeetingForm,
    MeetingRequestForm,
    NextAgreementForm,
    ReasonForm,
    TopicForm,
)
from .ics import calendar_for, meeting_ics
from .models import Meeting


def _access(request):
    return permissions.access_for(request.user, request.working_group)


def _detail(meeting) -> str:
    return redirect("meetings:meeting-detail", group_slug=meeting.working_group.slug, meeting_id=meeting.pk)


@group_view()
def meeting_list(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_meetings")
    period = selectors.next_period(group)
    context = {
        **selectors.meetings_list_for(group),
        "period": period,
        "period_plenary": selectors.plenary_in_period(group, period),
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
    meeting = selectors.meeting_for(group, meeting_id)
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
        "can_edit_agenda": access.allows("meetings.edit_agenda", meeting),
        "invitation": invitation,
        "answer_form": AnswerForm(initial={"answer": invitation.answer}) if invitation else None,
        "can_answer": access.allows("meetings.answer_invitation", invitation),
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


@group_view("edit_agenda")
@require_http_methods(["GET", "POST"])
@once_per_submit
def agenda_item_add(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, actor=request.user, **form.service_kwargs())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Agenda item added."))
            return _detail(meeting)
    return render(request, "meetings/agenda_item_form.html", {"meeting": meeting, "form": form})


@group_view("edit_agenda")
@require_POST
def agenda_item_remove(request, meeting_id: int, item_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    try:
        services.agenda_item_remove(item=item, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Agenda item removed."))
    return _detail(meeting)


@group_view("edit_agenda")
@require_POST
def agenda_item_move(request, meeting_id: int, item_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    try:
        services.agenda_item_move(item=item, actor=request.user, direction=request.POST.get("direction", "up"))
    except DomainError as error:
        messages.error(request, str(error))
    return _detail(meeting)


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def attendance_record(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    if not meeting.has_started:
        messages.error(request, _("Attendance can only be recorded once the meeting has started."))
        return _detail(meeting)
    form = AttendanceForm(request.POST or None, rows=selectors.attendance_form_rows(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, actor=request.user, entries=form.entries())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance recorded."))
            return _detail(meeting)
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "form": form})


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


@group_view()
def attendance_overview(request):
    group = request.working_group
    data = selectors.attendance_over_time(group)
    chart_svg = mark_safe(bar_chart_svg(data["chart"], chart_id="attendance-chart")) if data["chart"] else ""  # noqa: S308 - escaped by charts.py
    return render(request, "meetings/attendance_overview.html", {"data": data, "chart_svg": chart_svg})


@group_view("view_compliance")
def compliance(request):
    group = request.working_group
    return render(request, "meetings/compliance_list.html", {"flags": selectors.compliance_flags(group)})


@group_view()
def topic_list(request):
    group = request.working_group
    context = {
        "topics": selectors.topic_backlog(group, request.user),
        "scheduled": selectors.topics_scheduled(group),
        "can_propose": _access(request).can("propose_topic"),
        "can_support": _access(request).can("support_topic"),
    }
    return render(request, "meetings/topic_list.html", context)


@group_view("propose_topic")
@require_http_methods(["GET", "POST"])
@once_per_submit
def topic_create(request):
    group = request.working_group
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_propose(working_group=group, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Topic proposed."))
            return redirect("meetings:topic-list", group_slug=group.slug)
    return render(request, "meetings/topic_form.html", {"form": form})


@group_view("support_topic")
@require_POST
@once_per_submit
def topic_support(request, topic_id: int):
    group = request.working_group
    topic = selectors.topic_for(group, topic_id)
    try:
        supported = services.topic_support_toggle(topic=topic, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your institution supports this topic.") if supported else _("Support withdrawn."))
    return redirect("meetings:topic-list", group_slug=group.slug)


@group_view("request_meeting")
@require_http_methods(["GET", "POST"])
@once_per_submit
def request_create(request):
    group = request.working_group
    form = MeetingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_request_create(working_group=group, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Request sent to the Secretariat."))
            return redirect("meetings:index", group_slug=group.slug)
    return render(request, "meetings/request_form.html", {"form": form})


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def request_decide(request, request_id: int):
    group = request.working_group
    meeting_request = selectors.meeting_request_for(group, request_id)
    form = DecideRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.meeting_request_decide(
                meeting_request=meeting_request, actor=request.user, accept=accept, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("meetings:index", group_slug=group.slug)
        if accept:
            messages.success(request, _("Request accepted. Schedule the extraordinary meeting now."))
            return redirect(f"{_url('meetings:meeting-create', group)}?kind={Meeting.Kind.EXTRAORDINARY}")
        messages.success(request, _("Request declined; the requester is told why."))
        return redirect("meetings:index", group_slug=group.slug)
    context = {
        "meeting_request": meeting_request,
        "form": form,
        "can_decide": _access(request).allows("meetings.decide_meeting_request", meeting_request),
    }
    return render(request, "meetings/request_decide.html", context)


def _url(name: str, group) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"group_slug": group.slug})


@group_view()
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    group = request.working_group
    if request.method == "POST":
        services.calendar_feed_regenerate(user=request.user)
        messages.success(request, _("New calendar address created; the old one no longer works."))
        return redirect("meetings:calendar-settings", group_slug=group.slug)
    feed = services.calendar_feed_for(user=request.user)
    from django.urls import reverse

    feed_url = request.build_absolute_uri(
        reverse("meetings:calendar-feed", kwargs={"group_slug": group.slug, "token": feed.token})
    )
    return render(request, "meetings/calendar_settings.html", {"feed_url": feed_url})


@login_not_required
@require_GET
def calendar_feed(request, group_slug: str, token: str):
    """A person's private calendar of one group's meetings. The token is the only key: no sign-in."""
    user, group = selectors.calendar_feed_get(group_slug, token)
    body = calendar_for(selectors.feed_meetings(user, group), name=group.short_name or group.name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

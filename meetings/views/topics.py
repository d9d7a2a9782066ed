from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    DecideRequestForm,
    MeetingRequestForm,
    TopicForm,
)
from ..models import Meeting
from ._common import _access, _url


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

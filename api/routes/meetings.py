"""Meetings with their agenda, one's own invitation and answer, and the ICS file. view_group."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import HttpResponse
from ninja import Query, Router
from pydantic import Field

from meetings import selectors, services
from meetings.ics import meeting_ics
from meetings.models import Meeting

from ..auth import access, require_scope
from ..errors import ApiError
from ..pagination import Paging, Period, page
from ..schemas import AnswerIn, Error, InvitationOut, MeetingDetailOut, MeetingOut, Page

router = Router(tags=["meetings"])


class MeetingFilter(Period):
    kind: str | None = Field(None, description="plenary, coordination or extraordinary")


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "title": meeting.title,
        "status": meeting.status,
        "format": meeting.format,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
    }


def _invitation(invitation) -> dict | None:
    if invitation is None:
        return None
    return {
        "meeting_id": invitation.meeting_id,
        "answer": invitation.answer,
        "answered_at": invitation.answered_at,
        "mode": invitation.mode,
        "attendee_name": invitation.attendee_name,
        "comment": invitation.comment,
    }


@router.get("/groups/{group_slug}/meetings", response=Page[MeetingOut], summary="Meetings, newest first")
def meeting_list(request, group_slug: str, filters: Query[MeetingFilter], paging: Query[Paging]):
    group, _access = access(request, group_slug)
    rows = Meeting.objects.filter(working_group=group).order_by("-starts_at", "pk")
    tz = group.tzinfo
    if filters.since:
        rows = rows.filter(starts_at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        rows = rows.filter(starts_at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return page(request, rows, _meeting, paging)


@router.get("/groups/{group_slug}/meetings/{meeting_id}", response=MeetingDetailOut, summary="A meeting and its agenda")
def meeting_detail(request, group_slug: str, meeting_id: int):
    group, _access = access(request, group_slug)
    meeting = selectors.meeting_for(group, meeting_id)
    agenda = [
        {
            "id": item.pk,
            "position": item.position,
            "title": item.title,
            "format": item.format,
            "length_minutes": item.length_minutes,
            "topic": item.topic.title if item.topic_id else None,
            "presenters": [rep.user.get_full_name() for rep in item.presenters.all()],
            "guests": [str(guest) for guest in item.guests.all()],
        }
        for item in meeting.agenda_items.all()
    ]
    invitation = selectors.invitation_of(meeting, request.user)
    return {**_meeting(meeting), "agenda": agenda, "my_invitation": _invitation(invitation)}


@router.get(
    "/groups/{group_slug}/meetings/{meeting_id}/answer",
    response={200: InvitationOut, 404: Error},
    summary="Your own invitation and answer",
)
def answer_get(request, group_slug: str, meeting_id: int):
    group, _access = access(request, group_slug)
    invitation = selectors.invitation_for_answer(group, meeting_id, request.user)
    if invitation is None:
        raise ApiError(404, "not_found", "You are not invited to this meeting.")
    return _invitation(invitation)


@router.put(
    "/groups/{group_slug}/meetings/{meeting_id}/answer",
    response={200: InvitationOut, 403: Error, 404: Error, 409: Error},
    summary="Answer your invitation (write scope)",
)
def answer_put(request, group_slug: str, meeting_id: int, body: AnswerIn):
    group, _access = access(request, group_slug)
    require_scope(request, "write")
    invitation = selectors.invitation_for_answer(group, meeting_id, request.user)
    if invitation is None:
        raise ApiError(404, "not_found", "You are not invited to this meeting.")
    invitation = services.invitation_answer(
        invitation=invitation,
        actor=request.user,
        answer=body.answer,
        mode=body.mode,
        attendee_name=body.attendee_name,
        comment=body.comment,
    )
    return _invitation(invitation)


@router.get(
    "/groups/{group_slug}/meetings/{meeting_id}/ics",
    response={200: None},
    summary="The meeting as an iCalendar file",
    openapi_extra={"responses": {200: {"description": "text/calendar", "content": {"text/calendar": {}}}}},
)
def meeting_ics_file(request, group_slug: str, meeting_id: int):
    group, _access = access(request, group_slug)
    meeting = selectors.meeting_for(group, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response

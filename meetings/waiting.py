"""What waits in meetings (vpwg.waiting): invitations to answer, members' requests for an extraordinary
meeting, attendance to record after a meeting, and the next plenary (or none scheduled)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from members.models import WorkingGroup
from vpwg.waiting import Overflow, WaitingItem, WaitingQuery, at_most, register_waiting_source

from . import selectors
from .models import Meeting, MeetingInvitation, MeetingRequest

LIMIT = 5
# A meeting that ended longer ago than this and was never recorded is history, not a task.
ATTENDANCE_HORIZON_DAYS = 90


def _local(moment, group):
    return timezone.localtime(moment, group.tzinfo)


def meeting_title(meeting: Meeting) -> str:
    """ "Plenary, 10 March 2027" in the reader's language and the group's time zone."""
    day = date_format(_local(meeting.starts_at, meeting.working_group).date(), "DATE_FORMAT")
    return _("%(title)s, %(date)s") % {"title": meeting.title, "date": day}


def invitations_to_answer(user, group, access):
    """The person's invitations without an answer, for meetings that have not started."""
    rows = (
        MeetingInvitation.objects.filter(
            user=user,
            meeting__working_group=group,
            answer=MeetingInvitation.Answer.PENDING,
            meeting__status=Meeting.Status.INVITED,
            meeting__starts_at__gt=timezone.now(),
        )
        .select_related("meeting__working_group")
        .order_by("meeting__starts_at", "pk")
    )

    def make(invitation):
        meeting = invitation.meeting
        return WaitingItem(
            kind="meetings.invitation",
            label=_("Invitation to answer"),
            title=meeting_title(meeting),
            url=reverse("meetings:meeting-detail", args=[group.slug, meeting.pk]) + "#answer-heading",
            action=_("Answer"),
            due=_local(meeting.starts_at, group).date(),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def requests_to_decide(user, group, access):
    """Members' requests for an extraordinary meeting, awaiting the Secretariat."""
    if not access.can("manage_meetings"):
        return []
    rows = MeetingRequest.objects.filter(working_group=group, status=MeetingRequest.Status.PENDING).order_by(
        "created_at", "pk"
    )

    def make(request):
        return WaitingItem(
            kind="meetings.request",
            label=_("Request for an extraordinary meeting"),
            title=request.subject,
            url=reverse("meetings:request-decide", args=[group.slug, request.pk]),
            action=_("Accept or decline"),
            due=request.preferred_date,
        )

    more = Overflow(
        kind="meetings.request",
        label=_("Requests for an extraordinary meeting"),
        title=ngettext_lazy("%(n)s more request", "%(n)s more requests", "n"),
        url=reverse("meetings:index", args=[group.slug]),
        action=_("Open the list"),
    )

    return [WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, make, more))]


def attendance_to_record(user, group, access):
    """Meetings that are over and not yet recorded as held (their attendance register is what does it)."""
    if not access.can("manage_meetings"):
        return []
    now = timezone.now()
    rows = (
        Meeting.objects.filter(
            working_group=group,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED],
            ends_at__lt=now,
            ends_at__gte=now - timedelta(days=ATTENDANCE_HORIZON_DAYS),
        )
        .select_related("working_group")
        .order_by("starts_at", "pk")
    )

    def make(meeting):
        return WaitingItem(
            kind="meetings.attendance",
            label=_("Attendance to record"),
            title=meeting_title(meeting),
            url=reverse("meetings:attendance-record", args=[group.slug, meeting.pk]),
            action=_("Record attendance"),
            due=_local(meeting.ends_at, group).date(),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def next_plenary(user, group, access):
    """The next plenary, for everyone to see; when none is coming, the Secretariat is asked to schedule
    one for this quarter (or the next, when this quarter's has been held)."""
    now = timezone.now()
    upcoming = (
        Meeting.objects.plenaries()
        .not_cancelled()
        .filter(working_group=group, ends_at__gte=now)
        .select_related("working_group")
        .order_by("starts_at", "pk")
    )
    schedules = access.can("manage_meetings")

    def items(rows):
        if rows:
            meeting = rows[0]
            return [
                WaitingItem(
                    kind="meetings.next_plenary",
                    label=_("Next plenary"),
                    title=meeting_title(meeting),
                    url=reverse("meetings:meeting-detail", args=[group.slug, meeting.pk]),
                    action=_("Open the meeting"),
                    due=_local(meeting.starts_at, group).date(),
                    count=0,
                )
            ]
        period = _period_without_plenary(group)
        title = _("None scheduled for this quarter (%(period)s)") % {"period": period.label}
        if period.start > group.today():
            title = _("None scheduled for next quarter (%(period)s)") % {"period": period.label}
        return [
            WaitingItem(
                kind="meetings.no_plenary",
                label=_("Next plenary"),
                title=title,
                url=reverse("meetings:meeting-create", args=[group.slug]) + "?kind=plenary" if schedules else "",
                action=_("Schedule") if schedules else "",
                count=1 if schedules else 0,
            )
        ]

    if not schedules:
        return [WaitingQuery(upcoming[:1], items, counted=False)]
    # Counted for the Secretariat: one (the group's own row) when no plenary is coming, none otherwise.
    nothing_coming = WorkingGroup.objects.filter(pk=group.pk).exclude(Exists(upcoming))
    return [WaitingQuery(upcoming[:1], items, count=nothing_coming)]


def _period_without_plenary(group):
    """This quarter, unless its plenary has been held already: then the next one."""
    today = group.today()
    current = selectors.next_period(group, _previous_period_day(group, today))
    held = selectors.plenary_in_period(group, current)
    return selectors.next_period(group, today) if held is not None else current


def _previous_period_day(group, today):
    """A day of the period before the current one, so that next_period() gives the current period."""
    months = max(group.meeting_cadence_months, 1)
    first_month0 = ((today.month - 1) // months) * months  # the current period's first month, from 0
    return today.replace(month=first_month0 + 1, day=1) - timedelta(days=1)


register_waiting_source("meetings.invitations", invitations_to_answer, order=20)
register_waiting_source("meetings.requests", requests_to_decide, order=40)
register_waiting_source("meetings.attendance", attendance_to_record, order=45)
register_waiting_source("meetings.next_plenary", next_plenary, order=90)

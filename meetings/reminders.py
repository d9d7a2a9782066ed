"""The periodic reminder sweep (Celery beat runs it hourly).

Each reminder reaches each person once: every e-mail goes through the outbox with a dedupe key
naming the meeting, the reminder and the person, so a sweep that runs twice, runs concurrently or
is re-run after a worker died mid-way queues nothing twice, and rows already queued are sent by
the outbox drain even when Redis was down when they were written.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.models import WorkingGroup

from . import selectors
from .models import Meeting, MeetingInvitation
from .services import _meeting_url, _queue, _site_url, coordination_members, secretariat_staff

logger = logging.getLogger(__name__)


def chaser_days() -> int:
    """Days after the invitation before representatives who have not answered are chased."""
    return getattr(settings, "MEETINGS_CHASER_DAYS", 3)


def minutes_due_days() -> int:
    """Days after a held meeting before a missing minutes draft alerts the Secretariat."""
    return getattr(settings, "MEETINGS_MINUTES_DUE_DAYS", 14)


def minutes_alert_horizon_days() -> int:
    """Older meetings (backfilled history) never alert."""
    return getattr(settings, "MEETINGS_MINUTES_ALERT_HORIZON_DAYS", 90)


@dataclass
class SweepResult:
    queued: dict = field(default_factory=dict)

    def add(self, kind: str, sent: bool) -> None:
        if sent:
            self.queued[kind] = self.queued.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.queued.values())


def meeting_minutes_overdue(meeting: Meeting, now: datetime) -> bool:
    """Does this held meeting still lack its minutes draft after the allowed days?

    The minutes app sets `Meeting.minutes_drafted_at`; extend this check if minutes gain more states.
    """
    if meeting.status != Meeting.Status.HELD or meeting.minutes_drafted_at is not None:
        return False
    due = meeting.ends_at + timedelta(days=minutes_due_days())
    return due <= now and meeting.ends_at >= now - timedelta(days=minutes_alert_horizon_days())


def _invitation_reminders(meeting: Meeting, now: datetime, result: SweepResult) -> None:
    group = meeting.working_group
    local_start = timezone.localtime(meeting.starts_at, group.tzinfo)
    local_today = timezone.localtime(now, group.tzinfo).date()
    invitations = list(meeting.invitations.select_related("user"))
    context = {"meeting": meeting, "url": _meeting_url(meeting)}
    common = {"working_group": group, "language": group.language}

    reminder_at = meeting.starts_at - timedelta(days=meeting.reminder_days)
    # Only if the invitation went out before the reminder point: otherwise it would repeat it.
    if meeting.reminder_days and now >= reminder_at and meeting.invited_at and meeting.invited_at < reminder_at:
        for invitation in invitations:
            if invitation.answer == MeetingInvitation.Answer.NOT_ATTENDING:
                continue
            result.add(
                "reminder",
                _queue(
                    dedupe_key=f"meeting:{meeting.pk}:reminder-{meeting.reminder_days}d:{invitation.user_id}",
                    recipient=invitation.user.email,
                    template="meetings/emails/reminder",
                    context={**context, "invitation": invitation, "days": meeting.reminder_days},
                    **common,
                ),
            )

    if local_today >= local_start.date() - timedelta(days=1):
        for invitation in invitations:
            if invitation.answer == MeetingInvitation.Answer.NOT_ATTENDING:
                continue
            result.add(
                "day_before",
                _queue(
                    dedupe_key=f"meeting:{meeting.pk}:reminder-day-before:{invitation.user_id}",
                    recipient=invitation.user.email,
                    template="meetings/emails/day_before",
                    context={**context, "invitation": invitation},
                    **common,
                ),
            )

    if meeting.invited_at and now >= meeting.invited_at + timedelta(days=chaser_days()):
        for invitation in invitations:
            if invitation.answer != MeetingInvitation.Answer.PENDING:
                continue
            result.add(
                "chaser",
                _queue(
                    dedupe_key=f"meeting:{meeting.pk}:chaser:{invitation.user_id}",
                    recipient=invitation.user.email,
                    template="meetings/emails/chaser",
                    context={**context, "invitation": invitation},
                    **common,
                ),
            )


def _no_plenary_alert(group: WorkingGroup, now: datetime, result: SweepResult) -> None:
    period = selectors.next_period(group, timezone.localtime(now, group.tzinfo).date())
    if selectors.plenary_in_period(group, period) is not None:
        return
    for user in secretariat_staff(group):
        result.add(
            "no_plenary",
            _queue(
                dedupe_key=f"group:{group.pk}:no-plenary:{period.start:%Y-%m}:{user.pk}",
                recipient=user.email,
                template="meetings/emails/no_plenary",
                context={
                    "working_group": group,
                    "period": period,
                    "url": _site_url("meetings:meeting-create", group.slug),
                },
                working_group=group,
                language=group.language,
            ),
        )


def _minutes_alerts(group: WorkingGroup, now: datetime, result: SweepResult) -> None:
    held = Meeting.objects.filter(
        working_group=group,
        status=Meeting.Status.HELD,
        minutes_drafted_at__isnull=True,
        ends_at__gte=now - timedelta(days=minutes_alert_horizon_days()),
    ).select_related("working_group")
    staff = None
    for meeting in held:
        if not meeting_minutes_overdue(meeting, now):
            continue
        staff = staff if staff is not None else secretariat_staff(group)
        for user in staff:
            result.add(
                "minutes_overdue",
                _queue(
                    dedupe_key=f"meeting:{meeting.pk}:minutes-overdue:{user.pk}",
                    recipient=user.email,
                    template="meetings/emails/minutes_overdue",
                    context={"meeting": meeting, "days": minutes_due_days(), "url": _meeting_url(meeting)},
                    working_group=group,
                    language=group.language,
                ),
            )


def compliance_notify(*, working_group: WorkingGroup) -> int:
    """E-mail each compliance flag to the Coordination Group once (per flag and latest plenary)."""
    flags = selectors.compliance_flags(working_group)
    if not flags:
        return 0
    queued = 0
    recipients = coordination_members(working_group)
    url = _site_url("meetings:compliance", working_group.slug)
    for flag in flags:
        for user in recipients:
            with transaction.atomic():
                queued += _queue(
                    dedupe_key=f"compliance:{flag['membership'].pk}:{flag['last_meeting'].pk}:{user.pk}",
                    recipient=user.email,
                    template="meetings/emails/compliance_flag",
                    context={"flag": flag, "working_group": working_group, "url": url},
                    working_group=working_group,
                    language=working_group.language,
                )
    return queued


def reminders_sweep(*, now: datetime | None = None) -> SweepResult:
    """Queue every reminder and alert that is due. Safe to run any number of times.

    Each meeting and each group is handled in its own transaction, so a worker that dies keeps
    what it finished and the next run completes the rest.
    """
    now = now or timezone.now()
    result = SweepResult()
    meetings = Meeting.objects.filter(status=Meeting.Status.INVITED, starts_at__gt=now).select_related("working_group")
    for meeting in meetings:
        with transaction.atomic():
            _invitation_reminders(meeting, now, result)
    for group in WorkingGroup.objects.all():
        with transaction.atomic():
            _no_plenary_alert(group, now, result)
            _minutes_alerts(group, now, result)
        result.add("compliance", bool(compliance_notify(working_group=group)))
    logger.info("Meeting reminders queued: %s", result.queued)
    return result

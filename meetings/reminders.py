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

from members import roles
from members.models import WorkingGroup
from vpwg.models import OutboxMessage
from vpwg.notify import notify_only
from vpwg.outbox import absolute_url
from vpwg.outbox_batch import Email, queue_emails_once

from . import selectors
from .links import meeting_url
from .models import Meeting, MeetingInvitation

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

    def add(self, kind: str, sent: bool | int) -> None:
        """Count `sent` e-mails (a bool for one, a number for several) of `kind` queued by this run."""
        if sent:
            self.queued[kind] = self.queued.get(kind, 0) + int(sent)

    @property
    def total(self) -> int:
        return sum(self.queued.values())


def meeting_minutes_overdue(meeting: Meeting, now: datetime) -> bool:
    """Does this held meeting still lack its minutes draft after the allowed days?

    Any minutes row counts as drafted (the minutes app creates it when the Secretariat starts the draft);
    select_related("minutes") spares the query.
    """
    if meeting.status != Meeting.Status.HELD or hasattr(meeting, "minutes"):
        return False
    due = meeting.ends_at + timedelta(days=minutes_due_days())
    return due <= now and meeting.ends_at >= now - timedelta(days=minutes_alert_horizon_days())


@dataclass(frozen=True)
class _Due:
    kind: str
    dedupe_key: str
    invitation_id: int
    template: str
    extra: tuple = ()


def _invitation_due(meeting: Meeting, now: datetime, invitations: list[tuple]) -> list[_Due]:
    """The reminders due for `meeting` now, already-queued ones included.

    `invitations` are (id, user id, answer) tuples: the sweep reads them for every invited meeting
    every hour, and most are already queued, so model instances are built only for what is sent.
    """
    group = meeting.working_group
    local_start = timezone.localtime(meeting.starts_at, group.tzinfo)
    local_today = timezone.localtime(now, group.tzinfo).date()
    due = []

    reminder_at = meeting.starts_at - timedelta(days=meeting.reminder_days)
    # Only if the invitation went out before the reminder point: otherwise it would repeat it.
    if meeting.reminder_days and now >= reminder_at and meeting.invited_at and meeting.invited_at < reminder_at:
        for pk, user_id, answer in invitations:
            if answer == MeetingInvitation.Answer.NOT_ATTENDING:
                continue
            due.append(
                _Due(
                    "reminder",
                    f"meeting:{meeting.pk}:reminder-{meeting.reminder_days}d:{user_id}",
                    pk,
                    "meetings/emails/reminder",
                    (("days", meeting.reminder_days),),
                )
            )

    if local_today >= local_start.date() - timedelta(days=1):
        for pk, user_id, answer in invitations:
            if answer == MeetingInvitation.Answer.NOT_ATTENDING:
                continue
            due.append(
                _Due(
                    "day_before",
                    f"meeting:{meeting.pk}:reminder-day-before:{user_id}",
                    pk,
                    "meetings/emails/day_before",
                )
            )

    if meeting.invited_at and now >= meeting.invited_at + timedelta(days=chaser_days()):
        for pk, user_id, answer in invitations:
            if answer != MeetingInvitation.Answer.PENDING:
                continue
            # The Secretariat's "remind those who have not answered" shares the key: once each, whoever sends.
            due.append(_Due("chaser", selectors.reminder_key(meeting, user_id), pk, "meetings/emails/chaser"))
    return due


def _existing_keys(keys: list[str]) -> set[str]:
    """Which of `keys` the outbox already holds: one query per 500 keys instead of one per e-mail.

    Only an optimisation: `queue_email_once` still checks and relies on the unique key, so a concurrent
    sweep that queues a key after this read queues nothing twice.
    """
    found = set()
    for index in range(0, len(keys), 500):
        chunk = keys[index : index + 500]
        found.update(OutboxMessage.objects.filter(dedupe_key__in=chunk).values_list("dedupe_key", flat=True))
    return found


def _emails_due(meeting: Meeting, due: list[_Due], invitations: dict) -> list[tuple[str, Email]]:
    """(kind, e-mail) for each reminder of `meeting` still to queue."""
    url = meeting_url(meeting)
    emails = []
    for item in due:
        invitation = invitations[item.invitation_id]
        context = {"meeting": meeting, "url": url, "invitation": invitation, **dict(item.extra)}
        emails.append(
            (item.kind, Email(invitation.user, item.dedupe_key, item.template, context, meeting.working_group))
        )
    return emails


def _no_plenary_alert(group: WorkingGroup, now: datetime, result: SweepResult) -> None:
    period = selectors.next_period(group, timezone.localtime(now, group.tzinfo).date())
    if selectors.plenary_in_period(group, period) is not None:
        return
    queued = notify_only(
        recipients=roles.secretariat_staff(group),
        template="meetings/emails/no_plenary",
        context={"working_group": group, "period": period, "url": absolute_url("meetings:meeting-create", group.slug)},
        dedupe_key=f"group:{group.pk}:no-plenary:{period.start:%Y-%m}",
        working_group=group,
    )
    result.add("no_plenary", queued)


def _minutes_alerts(group: WorkingGroup, now: datetime, result: SweepResult) -> None:
    held = Meeting.objects.filter(
        working_group=group,
        status=Meeting.Status.HELD,
        minutes__isnull=True,
        ends_at__gte=now - timedelta(days=minutes_alert_horizon_days()),
    ).select_related("working_group", "minutes")
    staff = None
    for meeting in held:
        if not meeting_minutes_overdue(meeting, now):
            continue
        staff = staff if staff is not None else roles.secretariat_staff(group)
        queued = notify_only(
            recipients=staff,
            template="meetings/emails/minutes_overdue",
            context={"meeting": meeting, "days": minutes_due_days(), "url": meeting_url(meeting)},
            dedupe_key=f"meeting:{meeting.pk}:minutes-overdue",
            working_group=group,
        )
        result.add("minutes_overdue", queued)


def compliance_notify(*, working_group: WorkingGroup) -> int:
    """E-mail each compliance flag to the Coordination Group once (per flag and latest plenary)."""
    flags = selectors.compliance_flags(working_group)
    if not flags:
        return 0
    queued = 0
    recipients = roles.coordination_members(working_group)
    url = absolute_url("meetings:compliance", working_group.slug)
    due = [
        (f"compliance:{flag['membership'].pk}:{flag['last_meeting'].pk}:{user.pk}", flag, user)
        for flag in flags
        for user in recipients
    ]
    existing = _existing_keys([key for key, _flag, _user in due])
    context = {"working_group": working_group, "url": url}
    emails = [
        Email(user, key, "meetings/emails/compliance_flag", {**context, "flag": flag}, working_group)
        for key, flag, user in due
        if key not in existing
    ]
    queued += len(queue_emails_once(emails))
    return queued


def reminders_sweep(*, now: datetime | None = None) -> SweepResult:
    """Queue every reminder and alert that is due. Safe to run any number of times.

    The invitation reminders are queued in batches (vpwg/outbox_batch.py: a fixed number of queries
    per batch of up to 200 e-mails, each batch its own transaction) and each group in a transaction
    of its own, so a worker that dies keeps what it finished and the next run completes the rest.
    """
    now = now or timezone.now()
    result = SweepResult()
    # A fixed number of queries whatever the number of meetings and invitations: the meetings, their
    # invitations (as tuples), which of the due e-mails are already queued, and the invitations
    # (with their people) of the e-mails still to queue.
    meetings = list(
        Meeting.objects.filter(status=Meeting.Status.INVITED, starts_at__gt=now).select_related("working_group")
    )
    rows = {meeting.pk: [] for meeting in meetings}
    for meeting_id, *row in MeetingInvitation.objects.filter(meeting__in=list(rows)).values_list(
        "meeting_id", "pk", "user_id", "answer"
    ):
        rows[meeting_id].append(row)
    due = {meeting.pk: _invitation_due(meeting, now, rows[meeting.pk]) for meeting in meetings}
    existing = _existing_keys([item.dedupe_key for items in due.values() for item in items])
    due = {pk: [item for item in items if item.dedupe_key not in existing] for pk, items in due.items()}
    wanted = {item.invitation_id for items in due.values() for item in items}
    invitations = MeetingInvitation.objects.select_related("user").in_bulk(list(wanted)) if wanted else {}
    emails = [
        pair for meeting in meetings if due[meeting.pk] for pair in _emails_due(meeting, due[meeting.pk], invitations)
    ]
    kinds = {email.dedupe_key: kind for kind, email in emails}
    for email in queue_emails_once(email for _kind, email in emails):
        result.add(kinds[email.dedupe_key], 1)
    for group in WorkingGroup.objects.all():
        with transaction.atomic():
            _no_plenary_alert(group, now, result)
            _minutes_alerts(group, now, result)
        result.add("compliance", bool(compliance_notify(working_group=group)))
    logger.info("Meeting reminders queued: %s", result.queued)
    return result

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from meetings import selectors, services
from meetings.models import Attendance, Meeting, MeetingInvitation
from meetings.reminders import reminders_sweep
from minutes.models import Minutes
from tests.factories.meetings import MeetingFactory
from vpwg.models import OutboxMessage
from vpwg.outbox import outbox_drain


def _invited(alpha, secretariat, days):
    meeting = MeetingFactory(working_group=alpha.group, starts_in_days=days)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now() - timedelta(days=20))
    return Meeting.objects.get(pk=meeting.pk)


def _keys(part):
    return sorted(OutboxMessage.objects.filter(dedupe_key__contains=part).values_list("dedupe_key", flat=True))


def test_sweep_sends_each_reminder_once(alpha, secretariat):
    meeting = _invited(alpha, secretariat, days=5)  # inside the 7-day reminder window
    member = alpha.users["member"]
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=member)
    services.invitation_answer(invitation=invitation, actor=member, answer="attending")
    first = reminders_sweep()
    assert first.queued["reminder"] == 3
    assert first.queued["chaser"] == 2  # the member answered
    second = reminders_sweep()
    assert "reminder" not in second.queued and "chaser" not in second.queued
    assert len(_keys(f"meeting:{meeting.pk}:reminder-7d:")) == 3


def test_day_before_reminder_skips_those_not_attending(alpha, secretariat):
    meeting = _invited(alpha, secretariat, days=1)
    member = alpha.users["member"]
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=member)
    services.invitation_answer(invitation=invitation, actor=member, answer="not_attending")
    reminders_sweep(now=meeting.starts_at - timedelta(hours=20))
    keys = _keys(f"meeting:{meeting.pk}:reminder-day-before:")
    assert len(keys) == 2 and f"meeting:{meeting.pk}:reminder-day-before:{member.pk}" not in keys


def test_no_reminder_before_its_time(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, starts_in_days=30)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    reminders_sweep()
    assert not _keys(f"meeting:{meeting.pk}:reminder")
    assert not _keys(f"meeting:{meeting.pk}:chaser")


def test_alert_when_no_plenary_next_quarter(alpha, secretariat):
    reminders_sweep()
    period = selectors.next_period(alpha.group)
    key = f"group:{alpha.group.pk}:no-plenary:{period.start:%Y-%m}:{secretariat.pk}"
    assert OutboxMessage.objects.filter(dedupe_key=key).count() == 1
    reminders_sweep()
    assert OutboxMessage.objects.filter(dedupe_key=key).count() == 1


def test_no_alert_when_next_quarter_has_a_plenary(alpha, secretariat):
    period = selectors.next_period(alpha.group)
    start = timezone.datetime(period.start.year, period.start.month, 10, 10, tzinfo=alpha.group.tzinfo)
    MeetingFactory(working_group=alpha.group, starts_at=start, ends_at=start + timedelta(hours=2))
    reminders_sweep()
    assert not _keys(f"group:{alpha.group.pk}:no-plenary")


def test_minutes_overdue_alert_until_minutes_drafted(alpha, secretariat):
    held = MeetingFactory(working_group=alpha.group, starts_in_days=-20, status=Meeting.Status.HELD)
    drafted = MeetingFactory(working_group=alpha.group, starts_in_days=-25, status=Meeting.Status.HELD)
    Minutes.objects.create(working_group=alpha.group, meeting=drafted, created_by=secretariat)
    recent = MeetingFactory(working_group=alpha.group, starts_in_days=-3, status=Meeting.Status.HELD)
    reminders_sweep()
    assert _keys(f"meeting:{held.pk}:minutes-overdue:") == [f"meeting:{held.pk}:minutes-overdue:{secretariat.pk}"]
    assert not _keys(f"meeting:{drafted.pk}:minutes-overdue") and not _keys(f"meeting:{recent.pk}:minutes-overdue")


def test_compliance_flags_three_unexcused_absences_and_emails_coordination_once(alpha, secretariat):
    alpha.group.max_unexcused_absences = 3
    alpha.group.save()
    for days in (-200, -110, -20):
        meeting = MeetingFactory(working_group=alpha.group, starts_in_days=days)
        services.attendance_record(
            meeting=meeting,
            actor=secretariat,
            entries=[
                {"membership": alpha.objects["company"], "status": Attendance.Status.ABSENT},
                {"membership": alpha.objects["ngo"], "status": Attendance.Status.PRESENT},
                {"membership": alpha.objects["observer"], "status": Attendance.Status.EXCUSED},
            ],
        )
    flags = selectors.compliance_flags(alpha.group)
    assert [f["membership"] for f in flags] == [alpha.objects["company"]]
    reminders_sweep()
    reminders_sweep()
    coordinator = alpha.users["coordination"]
    assert len(_keys(f"compliance:{alpha.objects['company'].pk}:")) == 1
    assert _keys(f"compliance:{alpha.objects['company'].pk}:")[0].endswith(f":{coordinator.pk}")


def test_redis_down_loses_nothing_and_sends_once(alpha, secretariat, settings):
    """The broker refuses every message: rows stay pending, the drain sends them once."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    meeting = _invited(alpha, secretariat, days=5)
    OutboxMessage.objects.update(sent_at=timezone.now())  # the invitations went out earlier
    with mock.patch("vpwg.tasks.outbox_send_task.delay", side_effect=ConnectionError("redis down")):
        reminders_sweep()
    pending = OutboxMessage.objects.pending().filter(dedupe_key__startswith=f"meeting:{meeting.pk}:reminder")
    assert pending.count() == 3
    assert outbox_drain() >= 3
    assert outbox_drain() == 0
    reminders_sweep()
    assert OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:reminder").count() == 3

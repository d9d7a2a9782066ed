from contextlib import contextmanager
from datetime import timedelta

from celery import Celery
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Attendance, Meeting, MeetingInvitation
from meetings.reminders import reminders_sweep
from minutes.models import Minutes
from tests.factories.meetings import MeetingFactory
from vpwg.celery import app as celery_app
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


@contextmanager
def broker_refusing_connections():
    """Redis down, as the code sees it: the current Celery app publishes to a port nothing listens on.

    The project's tasks are shared tasks, which resolve through the current app, so `apply_async` in
    `enqueue_on_commit` really tries that broker and really fails; no code of ours is replaced.
    """
    down = Celery("redis-down", broker="redis://127.0.0.1:1/0", set_as_current=True)
    down.conf.broker_transport_options = {"max_retries": 0}  # refused at once, not after kombu's 2 s retry pause
    try:
        yield down
    finally:
        celery_app.set_current()


def test_redis_down_loses_nothing_and_sends_once(
    alpha, secretariat, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    """The broker refuses every message: rows stay pending, the drain sends them once."""
    meeting = _invited(alpha, secretariat, days=5)
    OutboxMessage.objects.update(sent_at=timezone.now())  # the invitations went out earlier
    with broker_refusing_connections(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_sweep()  # each queued e-mail's send is attempted on commit, and refused
    refused = [r for r in caplog.records if r.name == "vpwg.celery" and r.levelname == "WARNING"]
    assert callbacks and len(refused) == len(callbacks) and not mailoutbox  # each send was tried and refused
    reminder_rows = OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:reminder")
    assert reminder_rows.pending().count() == 3
    pending = OutboxMessage.objects.pending().count()

    assert outbox_drain() == pending  # the beat's drain sends what the broker refused
    sent = [(m.to[0], m.subject) for m in mailoutbox]
    assert len(sent) == len(set(sent)) == pending  # every refused e-mail went out, each once
    assert not reminder_rows.pending().exists() and set(reminder_rows.values_list("attempts", flat=True)) == {1}

    assert outbox_drain() == 0  # the broker is back: neither a second drain nor a second sweep sends again
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert len(mailoutbox) == pending
    assert reminder_rows.count() == 3


def test_the_no_plenary_alert_names_the_period_in_the_readers_language(alpha, secretariat):
    """The sweep runs in the worker's language; the monthly period's days are written in the e-mail's."""
    from datetime import date

    from django.utils import translation

    from tests.test_translations import compiled_catalogs  # noqa: F401 - the .mo files, compiled when stale

    alpha.group.meeting_cadence_months, alpha.group.language = 1, "fr"
    alpha.group.save(update_fields=["meeting_cadence_months", "language"])
    period = selectors.Period(start=date(2027, 1, 1), end=date(2027, 2, 1))
    with translation.override("fr"):
        assert period.label == "1 jan. 2027 – 31 jan. 2027"  # the last day, not the exclusive end
    with translation.override("es"):
        assert selectors.Period(start=date(2027, 4, 1), end=date(2027, 7, 1)).label == "T2 2027"
    with translation.override("en"):
        reminders_sweep()
    mail = OutboxMessage.objects.filter(dedupe_key__contains="no-plenary", working_group=alpha.group)
    subjects = list(mail.values_list("subject", flat=True))
    assert subjects and all("Aucune plénière" in s and " Jan " not in s and " Feb " not in s for s in subjects)

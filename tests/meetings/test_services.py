from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from meetings import services
from meetings.exceptions import MeetingsError, TransitionNotAllowed
from meetings.models import Attendance, Meeting, MeetingInvitation, Topic, TopicSupport
from tests.factories.meetings import MeetingFactory, TopicFactory
from vpwg.models import AuditRecord, OutboxMessage


def test_schedule_plenary_writes_audit(schedule):
    meeting = schedule()
    assert meeting.status == Meeting.Status.PLANNED
    assert AuditRecord.objects.filter(action="meetings.meeting.scheduled", target_id=str(meeting.pk)).exists()


def test_schedule_refuses_meeting_that_ends_before_it_starts(schedule):
    with pytest.raises(MeetingsError, match="end after it starts"):
        schedule(hours=-1)


def test_schedule_refuses_overlapping_plenary(schedule):
    schedule(hour=10)
    with pytest.raises(MeetingsError, match="overlaps"):
        schedule(hour=11)
    assert Meeting.objects.count() == 1


def test_schedule_allows_plenary_after_a_cancelled_one(schedule, secretariat):
    first = schedule(hour=10)
    services.meeting_cancel(meeting=first, actor=secretariat)
    assert schedule(hour=11).pk != first.pk


def test_schedule_in_the_past_only_as_held(schedule):
    with pytest.raises(MeetingsError, match="past"):
        schedule(days=-10)
    meeting = schedule(days=-10, backfill=True)
    assert meeting.status == Meeting.Status.HELD


def test_backfill_refuses_future_meeting(schedule):
    with pytest.raises(MeetingsError, match="already taken place"):
        schedule(days=10, backfill=True)


def test_schedule_requires_manage_meetings(schedule, alpha):
    with pytest.raises(PermissionDenied):
        schedule(actor=alpha.users["member"])


def test_new_plenary_starts_from_previous_agreement(schedule, alpha, secretariat):
    held = schedule(days=-20, backfill=True)
    topic = TopicFactory(working_group=alpha.group, title="Private security companies")
    services.meeting_record_next(meeting=held, actor=secretariat, topics=[topic], venue="Embassy of Canada")
    meeting = schedule(days=40, follows=held)
    assert [item.title for item in meeting.agenda_items.all()] == ["Private security companies"]
    topic.refresh_from_db()
    assert topic.status == Topic.Status.SCHEDULED


def test_invite_sends_every_representative_including_observers(schedule, alpha, secretariat):
    meeting = schedule()
    assert services.meeting_invite(meeting=meeting, actor=secretariat) == 3
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    users = set(MeetingInvitation.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    assert alpha.users["observer"].pk in users
    messages = OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:invitation:")
    assert messages.count() == 3
    assert all(m.attachments[0]["mimetype"] == "text/calendar" for m in messages)
    assert "BEGIN:VCALENDAR" in messages[0].attachments[0]["content"]
    assert "ATTENDEE" not in messages[0].attachments[0]["content"]


def test_invite_twice_invites_nobody_twice(schedule, secretariat):
    meeting = schedule()
    services.meeting_invite(meeting=meeting, actor=secretariat)
    assert services.meeting_invite(meeting=meeting, actor=secretariat) == 0
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 3


def test_past_meeting_cannot_be_invited_to(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, starts_in_days=-1)
    with pytest.raises(MeetingsError, match="no longer be invited"):
        services.meeting_invite(meeting=meeting, actor=secretariat)
    assert not MeetingInvitation.objects.exists()


def test_cancelled_meeting_cannot_be_invited_to(schedule, secretariat):
    meeting = schedule()
    services.meeting_cancel(meeting=meeting, actor=secretariat)
    with pytest.raises(TransitionNotAllowed):
        services.meeting_invite(meeting=meeting, actor=secretariat)


def test_answering_twice_updates_the_answer(schedule, alpha, secretariat):
    meeting = schedule()
    services.meeting_invite(meeting=meeting, actor=secretariat)
    member = alpha.users["member"]
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=member)
    services.invitation_answer(invitation=invitation, actor=member, answer="attending")
    services.invitation_answer(invitation=invitation, actor=member, answer="alternate")
    invitation.refresh_from_db()
    assert invitation.answer == MeetingInvitation.Answer.ALTERNATE
    assert MeetingInvitation.objects.filter(meeting=meeting, user=member).count() == 1


def test_only_the_invited_person_answers(schedule, alpha, secretariat):
    meeting = schedule()
    services.meeting_invite(meeting=meeting, actor=secretariat)
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=alpha.users["member"])
    with pytest.raises(PermissionDenied):
        services.invitation_answer(invitation=invitation, actor=alpha.users["observer"], answer="attending")


def _entries(alpha, status="present"):
    return [
        {"membership": alpha.objects[key], "status": status, "representative": None}
        for key in ("company", "ngo", "observer")
    ]


def test_attendance_refused_before_the_meeting_starts(schedule, alpha, secretariat):
    meeting = schedule()
    with pytest.raises(MeetingsError, match="started"):
        services.attendance_record(meeting=meeting, actor=secretariat, entries=_entries(alpha))
    assert not Attendance.objects.exists()


def test_attendance_records_present_by_representative_and_marks_held(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() - timedelta(minutes=30))
    entries = _entries(alpha, "absent")
    entries[0] = {
        "membership": alpha.objects["company"],
        "status": "present",
        "representative": alpha.objects["member_rep"],
    }
    services.attendance_record(meeting=meeting, actor=secretariat, entries=entries)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    row = Attendance.objects.get(meeting=meeting, membership=alpha.objects["company"])
    assert row.representative == alpha.objects["member_rep"] and row.pillar == "companies"
    # recording again replaces
    services.attendance_record(meeting=meeting, actor=secretariat, entries=_entries(alpha, "excused"))
    assert set(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == {"excused"}


def test_attendance_refuses_representative_of_another_institution(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() - timedelta(minutes=30))
    entries = [{"membership": alpha.objects["ngo"], "status": "present", "representative": alpha.objects["member_rep"]}]
    with pytest.raises(MeetingsError, match="does not represent"):
        services.attendance_record(meeting=meeting, actor=secretariat, entries=entries)


def test_topic_support_one_per_institution_and_toggles(alpha):
    topic = TopicFactory(working_group=alpha.group, membership=alpha.objects["ngo"])
    member = alpha.users["member"]
    assert services.topic_support_toggle(topic=topic, actor=member) is True
    assert TopicSupport.objects.filter(topic=topic).count() == 1
    assert services.topic_support_toggle(topic=topic, actor=member) is False
    assert not TopicSupport.objects.exists()


def test_institution_cannot_support_its_own_topic(alpha):
    topic = services.topic_propose(working_group=alpha.group, actor=alpha.users["member"], title="Social conflicts")
    with pytest.raises(MeetingsError):
        services.topic_support_toggle(topic=topic, actor=alpha.users["member"])


def test_observers_propose_but_do_not_support(alpha):
    topic = services.topic_propose(working_group=alpha.group, actor=alpha.users["observer"], title="FPIC")
    with pytest.raises(PermissionDenied):
        services.topic_support_toggle(topic=topic, actor=alpha.users["observer"])


def test_agenda_pulls_topic_and_keeps_order(schedule, alpha):
    meeting = schedule()
    coordinator = alpha.users["coordination"]
    topic = TopicFactory(working_group=alpha.group)
    first = services.agenda_item_add(meeting=meeting, actor=coordinator, topic=topic, format="dialogue")
    second = services.agenda_item_add(
        meeting=meeting,
        actor=coordinator,
        title="Use of force",
        new_guest={"name": "Dr Ruiz", "affiliation": "PUCP", "expertise": "Police law"},
    )
    assert first.title == topic.title and second.guests.get().name == "Dr Ruiz"
    services.agenda_item_move(item=second, actor=coordinator, direction="up")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Use of force", topic.title]
    services.agenda_item_remove(item=second, actor=coordinator)
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1]
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(meeting=meeting, actor=alpha.users["member"], title="x")


def test_meeting_request_decided_once(alpha, secretariat):
    request = services.meeting_request_create(
        working_group=alpha.group, actor=alpha.users["member"], subject="Incident", reason="Urgent"
    )
    services.meeting_request_decide(meeting_request=request, actor=secretariat, accept=False, note="Plenary soon")
    with pytest.raises(TransitionNotAllowed):
        services.meeting_request_decide(meeting_request=request, actor=secretariat, accept=True)
    assert OutboxMessage.objects.filter(dedupe_key=f"meeting-request:{request.pk}:decided").exists()


def test_calendar_feed_regenerate_revokes_old_token(alpha):
    user = alpha.users["member"]
    old = services.calendar_feed_for(user=user).token
    assert services.calendar_feed_regenerate(user=user).token != old

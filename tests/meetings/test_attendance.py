"""The attendance register from the answers, observers apart, guests, and the door list (issue 16)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.exceptions import MeetingsError
from meetings.models import Attendance, Guest, GuestAttendance, Meeting, MeetingInvitation
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.members import RepresentativeFactory, UserFactory
from vpwg.models import AuditRecord


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


def _start_now(meeting, minutes_ago=30):
    """The meeting began `minutes_ago` minutes ago (invitations had gone out before)."""
    start = timezone.now() - timedelta(minutes=minutes_ago)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def _answer(meeting, user, answer, **kwargs):
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=user)
    return services.invitation_answer(invitation=invitation, actor=user, answer=answer, **kwargs)


@pytest.fixture
def answered(alpha, secretariat):
    """An invited plenary: the company says attending, the NGO not attending, the observer nothing; then it starts."""
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _answer(meeting, alpha.users["member"], "attending", comment="Arriving at 10:15")
    _answer(meeting, alpha.users["coordination"], "not_attending")
    return _start_now(meeting)


def _row(register, membership):
    return next(row for row in register["rows"] if row["membership"].pk == membership.pk)


# --- the register, pre-filled ------------------------------------------------------------------


def test_register_is_prefilled_from_the_answers(alpha, answered):
    register = selectors.attendance_register(answered)
    company = _row(register, alpha.objects["company"])
    assert company["suggestion"]["status"] == Attendance.Status.PRESENT
    assert company["suggestion"]["representative"] == alpha.objects["member_rep"]
    assert _row(register, alpha.objects["ngo"])["suggestion"]["status"] == Attendance.Status.EXCUSED
    observer = _row(register, alpha.objects["observer"])
    assert observer["suggestion"] is None and observer["observer"] is True
    assert register["rows"][-1]["observer"]  # observers come last, apart


def test_sending_the_alternate_is_present_through_the_alternate_named(alpha, secretariat):
    alternate = RepresentativeFactory(
        membership=alpha.objects["company"], role="alternate", user=UserFactory(first_name="Rosa", last_name="Quispe")
    )
    RepresentativeFactory(membership=alpha.objects["company"], role="alternate")
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _answer(meeting, alpha.users["member"], "alternate", attendee_name="rosa  QUISPE")
    suggestion = _row(selectors.attendance_register(_start_now(meeting)), alpha.objects["company"])["suggestion"]
    assert suggestion["status"] == Attendance.Status.PRESENT and suggestion["representative"] == alternate


def test_recorded_lines_win_over_the_answers(alpha, answered, secretariat):
    services.attendance_record(
        meeting=answered,
        actor=secretariat,
        entries=[{"membership": alpha.objects["company"], "status": Attendance.Status.ABSENT}],
    )
    client_form = selectors.attendance_register(answered)
    assert _row(client_form, alpha.objects["company"])["attendance"].status == Attendance.Status.ABSENT


# --- observers apart ---------------------------------------------------------------------------


def test_observers_are_shown_apart_and_left_out_of_pillar_rates(alpha, answered, secretariat):
    services.attendance_record(
        meeting=answered,
        actor=secretariat,
        entries=[
            {
                "membership": alpha.objects["company"],
                "status": "present",
                "representative": alpha.objects["member_rep"],
            },
            {"membership": alpha.objects["ngo"], "status": "absent"},
            {"membership": alpha.objects["observer"], "status": "present"},  # a government-pillar observer
        ],
    )
    assert Attendance.objects.get(meeting=answered, membership=alpha.objects["observer"]).observer is True
    rows = {row["pillar"] or "observers": row for row in selectors.attendance_by_pillar(answered)}
    assert rows["companies"]["rate"] == 100 and rows["civil_society"]["rate"] == 0
    assert rows["government"]["total"] == 0 and rows["government"]["rate"] is None
    assert rows["observers"]["observer"] and rows["observers"]["present"] == 1
    over_time = selectors.attendance_over_time(alpha.group)
    assert over_time["government"] is None  # the observer's presence is no government attendance


# --- guests ------------------------------------------------------------------------------------


def test_guests_present_are_recorded_and_replaced(alpha, answered, secretariat):
    speaker = Guest.objects.create(working_group=alpha.group, name="Elena Ruiz", affiliation="SUCAMEC")
    AgendaItemFactory(meeting=answered, position=1).guests.add(speaker)
    assert [row["guest"] for row in selectors.attendance_register(answered)["guests"]] == [speaker]
    services.attendance_record(
        meeting=answered,
        actor=secretariat,
        entries=[],
        guests=[{"guest": speaker}, {"guest": None, "name": " Juan  Pérez ", "affiliation": "Defensoría"}],
    )
    assert sorted(GuestAttendance.objects.values_list("name", "affiliation")) == [
        ("Elena Ruiz", "SUCAMEC"),
        ("Juan Pérez", "Defensoría"),
    ]
    register = selectors.attendance_register(answered)
    assert register["guests"][0]["attendance"] is not None
    assert [g.name for g in register["walk_ins"]] == ["Juan Pérez"]
    services.attendance_record(meeting=answered, actor=secretariat, entries=[], guests=[])
    assert not GuestAttendance.objects.exists()


def test_a_guest_of_another_group_cannot_attend(answered, secretariat, world):
    other = Guest.objects.create(working_group=world["b"].group, name="Someone Else")
    with pytest.raises(MeetingsError, match="another group"):
        services.attendance_record(meeting=answered, actor=secretariat, entries=[], guests=[{"guest": other}])


# --- the door ----------------------------------------------------------------------------------


def test_door_marks_one_institution_without_holding_the_meeting(alpha, answered, secretariat):
    company = alpha.objects["company"]
    services.attendance_mark(
        meeting=answered,
        actor=secretariat,
        membership=company,
        present=True,
        representative=alpha.objects["member_rep"],
    )
    services.attendance_mark(meeting=answered, actor=secretariat, membership=company, present=True)  # a second tap
    line = Attendance.objects.get(meeting=answered, membership=company)
    assert line.status == Attendance.Status.PRESENT
    answered.refresh_from_db()
    # Still invited: the compliance check must not count those not yet at the door as absent.
    assert answered.status == Meeting.Status.INVITED
    assert selectors.compliance_flags(alpha.group) == []
    services.attendance_mark(meeting=answered, actor=secretariat, membership=company, present=False)
    assert not Attendance.objects.filter(meeting=answered).exists()
    assert AuditRecord.objects.filter(action="meetings.attendance.unmarked").count() == 1


def test_door_opens_two_hours_before_the_start(alpha, secretariat):
    soon = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() + timedelta(minutes=90))
    services.attendance_mark(meeting=soon, actor=secretariat, membership=alpha.objects["company"], present=True)
    later = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() + timedelta(hours=3))
    with pytest.raises(MeetingsError, match="two hours"):
        services.attendance_mark(meeting=later, actor=secretariat, membership=alpha.objects["company"], present=True)


def test_door_refuses_other_groups_and_other_roles(alpha, answered, secretariat, world):
    with pytest.raises(MeetingsError, match="another group"):
        services.attendance_mark(
            meeting=answered, actor=secretariat, membership=world["b"].objects["company"], present=True
        )
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            meeting=answered, actor=alpha.users["member"], membership=alpha.objects["company"], present=True
        )


# --- the register page -------------------------------------------------------------------------


def test_register_page_opens_prefilled_and_marks_the_rest_absent(alpha, answered, client_as):
    client = client_as(alpha.users["secretariat"])
    url = _url("attendance-record", alpha.group, meeting_id=answered.pk)
    page = client.get(url).content.decode()
    company, ngo, observer = (alpha.objects[k] for k in ("company", "ngo", "observer"))
    assert re.search(rf'name="status_{company.pk}" value="present"[^>]*checked', page)
    assert re.search(rf'name="status_{ngo.pk}" value="excused"[^>]*checked', page)
    assert not re.search(rf'name="status_{observer.pk}"[^>]*checked', page)  # nobody answered for it
    assert "From the answer:" in page and "Observers" in page
    data = {f"rep_{company.pk}": str(alpha.objects["member_rep"].pk), f"status_{company.pk}": "present"}
    data[f"status_{ngo.pk}"] = "excused"
    refused = client.post(url, data)  # the observer is not marked
    assert refused.status_code == 200 and b'class="errorlist' in refused.content
    assert "1 institution is not marked" in refused.content.decode()
    assert not Attendance.objects.filter(meeting=answered).exists()
    response = client.post(url, {**data, "rest": "absent", "other_guests": "Juan Pérez, Defensoría\n\n"})
    assert response.status_code == 302
    statuses = dict(Attendance.objects.filter(meeting=answered).values_list("membership_id", "status"))
    assert statuses == {company.pk: "present", ngo.pk: "excused", observer.pk: "absent"}
    assert Attendance.objects.get(meeting=answered, membership=company).representative == alpha.objects["member_rep"]
    assert GuestAttendance.objects.get(meeting=answered).affiliation == "Defensoría"
    answered.refresh_from_db()
    assert answered.status == Meeting.Status.HELD


def test_register_page_refuses_a_made_up_status(alpha, answered, client_as):
    client = client_as(alpha.users["secretariat"])
    url = _url("attendance-record", alpha.group, meeting_id=answered.pk)
    response = client.post(url, {f"status_{alpha.objects['company'].pk}": "asleep", "rest": "absent"})
    assert response.status_code == 200 and b'class="errorlist' in response.content
    assert not Attendance.objects.filter(meeting=answered).exists()


def test_register_page_query_count_does_not_grow(alpha, answered, client_as, django_assert_num_queries):
    client = client_as(alpha.users["secretariat"])
    url = _url("attendance-record", alpha.group, meeting_id=answered.pk)
    client.get(url)
    # session, user, group, roles+caps; meeting; recorded lines; memberships; their representatives;
    # invitations; the guests recorded; the expected guests; the navigation's count of what waits
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    for _ in range(3):
        RepresentativeFactory(membership=alpha.objects["company"], role="alternate")
    AgendaItemFactory(meeting=answered, position=1).guests.add(
        Guest.objects.create(working_group=alpha.group, name="Elena Ruiz")
    )
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


# --- the door page -----------------------------------------------------------------------------


# One tap, whatever the group's size: session, user, group, roles+caps; the meeting; the row before
# (recorded line, membership, its people, its answers); the service's transaction (three savepoints
# here, inside the test's transaction), the locked meeting, update_or_create's read and insert, the
# audit record; the row after (four again). The fragment has no navigation, so no count of what waits.
TAP_QUERIES = 23


def test_door_page_marks_present_with_one_htmx_post(alpha, answered, client_as, django_assert_num_queries):
    client = client_as(alpha.users["secretariat"])
    door = _url("attendance-door", alpha.group, meeting_id=answered.pk)
    client.get(door)
    # session, user, group, roles+caps; meeting; recorded lines; memberships; representatives; invitations;
    # the navigation's count of what waits
    with django_assert_num_queries(10):
        page = client.get(door)
    assert page.status_code == 200 and "htmx" in page.content.decode() and "Mark present" in page.content.decode()
    company = alpha.objects["company"]
    mark = _url("attendance-door-mark", alpha.group, meeting_id=answered.pk, membership_id=company.pk)
    with django_assert_num_queries(TAP_QUERIES):
        response = client.post(mark, {"present": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith("<li") and "✓" in body
    line = Attendance.objects.get(meeting=answered, membership=company)
    assert line.representative == alpha.objects["member_rep"]  # through the person who answered
    response = client.post(mark, {"present": "0"})  # without JavaScript: back to the list
    assert response.status_code == 302 and response["Location"].endswith(f"#door-{company.pk}")
    assert not Attendance.objects.filter(meeting=answered).exists()


def test_door_post_needs_the_csrf_token(alpha, answered, secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    company = alpha.objects["company"]
    mark = _url("attendance-door-mark", alpha.group, meeting_id=answered.pk, membership_id=company.pk)
    assert client.post(mark, {"present": "1"}, HTTP_HX_REQUEST="true").status_code == 403
    assert not Attendance.objects.exists()


def test_door_refuses_an_institution_of_another_group(alpha, answered, client_as, world):
    client = client_as(alpha.users["secretariat"])
    other = world["b"].objects["company"]
    mark = _url("attendance-door-mark", alpha.group, meeting_id=answered.pk, membership_id=other.pk)
    assert client.post(mark, {"present": "1"}).status_code == 404
    assert not Attendance.objects.exists()


def test_door_page_waits_until_two_hours_before(alpha, client_as):
    meeting = MeetingFactory(working_group=alpha.group, starts_in_days=3)
    response = client_as(alpha.users["secretariat"]).get(
        _url("attendance-door", alpha.group, meeting_id=meeting.pk), follow=True
    )
    assert "two hours before" in response.content.decode()


def test_a_guest_recorded_at_the_door_is_named_nowhere_in_the_minutes(alpha, secretariat, world):
    """Who attended is confidential, guests included: the non-attribution check looks for their names."""
    from minutes import services as minutes_services
    from tests.factories.minutes import MinutesFactory

    minutes = MinutesFactory(alpha, text="Se presentó el proyecto de ley.")
    services.attendance_record(
        meeting=minutes.meeting,
        actor=secretariat,
        entries=[],
        guests=[{"guest": None, "name": "Juan Carlos Pérez Quispe", "affiliation": "Defensoría del Pueblo"}],
    )
    said = "Juan Carlos Pérez Quispe, de la Defensoría del Pueblo, intervino."
    texts = {section["key"]: {"summary": said, "agreements": ""} for section in minutes.sections}
    minutes.refresh_from_db()
    minutes = minutes_services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts=texts
    )
    minutes.refresh_from_db()
    matched = {hit["hit"].matched for hit in minutes_services.attribution_check(minutes)}
    assert "Defensoría del Pueblo" in matched and any("Pérez" in name for name in matched)

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Meeting
from members.models import Pillar
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.members import MembershipFactory


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


@pytest.fixture
def many_meetings(alpha, secretariat):
    for days in (10, 40, 80, -30, -60):
        meeting = MeetingFactory(working_group=alpha.group, starts_in_days=days)
        for position in (1, 2, 3):
            AgendaItemFactory(meeting=meeting, position=position)
    return Meeting.objects.filter(working_group=alpha.group)


def test_meeting_list_query_count_does_not_grow(alpha, client_as, many_meetings, django_assert_num_queries):
    client = client_as(alpha.users["secretariat"])
    client.get(_url("index", alpha.group))  # warm the session and permission caches
    # session, user, group, roles, caps, meetings (one, with agenda counts), next-period plenary, requests,
    # what waits (the navigation's count)...
    with django_assert_num_queries(8):
        response = client.get(_url("index", alpha.group))
    assert response.status_code == 200
    MeetingFactory(working_group=alpha.group, starts_in_days=120)
    with django_assert_num_queries(8):
        client.get(_url("index", alpha.group))


def test_meeting_detail_query_count(alpha, client_as, django_assert_num_queries, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    for position in range(1, 6):
        item = AgendaItemFactory(meeting=meeting, position=position)
        item.presenters.add(alpha.objects["member_rep"])
    services.meeting_invite(meeting=meeting, actor=secretariat)
    client = client_as(alpha.users["member"])
    client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk))
    with django_assert_num_queries(12):  # with what waits (the navigation's count) and the agenda's documents
        response = client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk))
    assert response.status_code == 200
    AgendaItemFactory(meeting=meeting, position=6).presenters.add(alpha.objects["member_rep"])
    with django_assert_num_queries(12):
        client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk))


def test_create_form_refuses_end_before_start(alpha, client_as):
    client = client_as(alpha.users["secretariat"])
    day = (timezone.now() + timedelta(days=20)).date().isoformat()
    response = client.post(
        _url("meeting-create", alpha.group),
        {
            "kind": "plenary",
            "title": "P",
            "date": day,
            "start_time": "12:00",
            "end_time": "10:00",
            "format": "in_person",
            "venue": "Lima",
            "reminder_days": 7,
        },
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_create_form_refuses_past_date_without_backfill(alpha, client_as):
    client = client_as(alpha.users["secretariat"])
    day = (timezone.now() - timedelta(days=20)).date().isoformat()
    data = {
        "kind": "plenary",
        "title": "P",
        "date": day,
        "start_time": "10:00",
        "end_time": "12:00",
        "format": "in_person",
        "venue": "Lima",
        "reminder_days": 7,
    }
    response = client.post(_url("meeting-create", alpha.group), data)
    assert "can only be recorded as held" in response.content.decode()
    response = client.post(_url("meeting-create", alpha.group), {**data, "backfill": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get().status == Meeting.Status.HELD


def test_attendance_page_refuses_meeting_not_started(alpha, client_as):
    meeting = MeetingFactory(working_group=alpha.group)
    response = client_as(alpha.users["secretariat"]).get(
        _url("attendance-record", alpha.group, meeting_id=meeting.pk), follow=True
    )
    assert "once the meeting has started" in response.content.decode()


def test_calendar_feed_lists_group_meetings_without_attendees(alpha, client, secretariat, world):
    mine = MeetingFactory(working_group=alpha.group, title="Alpha plenary")
    MeetingFactory(working_group=world["b"].group, title="Beta plenary")
    services.meeting_invite(meeting=mine, actor=secretariat)
    feed = services.calendar_feed_for(user=alpha.users["member"])
    response = client.get(_url("calendar-feed", alpha.group, token=feed.token))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "Alpha plenary" in body and "Beta plenary" not in body and "ATTENDEE" not in body
    assert client.get(_url("calendar-feed", world["b"].group, token=feed.token)).status_code == 404
    services.calendar_feed_regenerate(user=alpha.users["member"])
    assert client.get(_url("calendar-feed", alpha.group, token=feed.token)).status_code == 404


def test_attendance_overview_calls_out_government(alpha, client_as, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, starts_in_days=-10)
    ministry = MembershipFactory(working_group=alpha.group, pillar=Pillar.GOVERNMENT)
    services.attendance_record(
        meeting=meeting,
        actor=secretariat,
        entries=[
            {"membership": alpha.objects["company"], "status": Attendance.Status.PRESENT},
            {"membership": alpha.objects["ngo"], "status": Attendance.Status.PRESENT},
            {"membership": ministry, "status": Attendance.Status.ABSENT},
            # A government-pillar observer present counts in no pillar's rate (issue 16).
            {"membership": alpha.objects["observer"], "status": Attendance.Status.PRESENT},
        ],
    )
    response = client_as(alpha.users["member"]).get(_url("attendance-overview", alpha.group))
    body = response.content.decode()
    assert "<svg" in body and "government-callout" in body and "weak point" in body


# --- the minutes from the meeting page (issue 16) ------------------------------------------------


def test_a_held_meeting_offers_the_secretariat_to_start_its_minutes_in_one_click(alpha, client_as, secretariat):
    from minutes.models import Minutes

    meeting = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() - timedelta(minutes=30))
    AgendaItemFactory(meeting=meeting, position=1, title="Proyecto de ley")
    client = client_as(secretariat)
    detail = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
    start = reverse("minutes:minutes-start", args=[alpha.group.slug, meeting.pk])
    assert start not in client.get(detail).content.decode()  # not held yet: attendance first
    services.attendance_record(
        meeting=meeting,
        actor=secretariat,
        entries=[{"membership": alpha.objects[key], "status": Attendance.Status.PRESENT} for key in ("company", "ngo")]
        + [{"membership": alpha.objects["observer"], "status": Attendance.Status.ABSENT}],
    )
    page = client.get(detail).content.decode()
    assert f'<form method="post" action="{start}"' in page and "Draft the minutes</button>" in page
    assert 'name="csrfmiddlewaretoken"' in page.split(start)[1].split("</form>")[0]
    for role in ("member", "coordination", "observer"):  # only those who draft minutes
        assert start not in client_as(alpha.users[role]).get(detail).content.decode(), role
    client = client_as(secretariat)
    response = client.post(start)  # what the button sends: the minutes app's own start, no page between
    minutes = Minutes.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert response["Location"] == reverse("minutes:minutes-edit", args=[alpha.group.slug, minutes.pk])
    page = client.get(detail).content.decode()
    opened = reverse("minutes:minutes-detail", args=[alpha.group.slug, minutes.pk])
    assert start not in page and f'href="{opened}"' in page and "Open the minutes" in page


def test_a_held_meeting_page_keeps_its_query_count_with_the_minutes_button(
    alpha, client_as, secretariat, django_assert_num_queries
):
    """The minutes' id comes with the meeting's row (a join): the button costs no query."""
    from tests.factories.minutes import MinutesFactory, held_meeting

    without = held_meeting(alpha)  # two items and everyone present, as the minutes' meeting below
    with_minutes = MinutesFactory(alpha).meeting
    client = client_as(secretariat)
    counts = []
    for meeting in (without, with_minutes):
        url = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    # session, user, group, access rows, the meeting (its minutes' id joined), items, presenters, guests,
    # next topics, the person's invitation, the documents, the answers' counts, attendance by pillar, the
    # navigation's count: the same with minutes or without.
    assert counts == [14, 14]


@pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept
def test_the_meeting_and_its_agenda_are_kept_between_writes_in_the_group(world, client, kept_cache):
    """vpwg.kept (Redis in production; a local-memory cache here): the agenda is read once per generation
    of the group; the reader's own invitation is read on every view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.meetings import AgendaItemFactory, MeetingFactory

    alpha = world["a"]
    meeting = MeetingFactory(working_group=alpha.group)
    AgendaItemFactory(meeting=meeting, position=1, title="Informe de la Secretaría")
    client.force_login(alpha.users["member"])
    url = f"/g/{alpha.group.slug}/meetings/{meeting.pk}/"

    def view():
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).text
        reads = [q["sql"] for q in queries.captured_queries]
        agenda = sum('FROM "meetings_agendaitem"' in sql for sql in reads)
        return text, agenda, any("meetinginvitation" in sql for sql in reads)

    assert [view()[1] for _ in range(2)] == [1, 1]  # the generation opened, then kept
    text, agenda_reads, invitation_read = view()
    assert "Informe de la Secretaría" in text and agenda_reads == 0 and invitation_read
    services.agenda_item_add(meeting=meeting, actor=alpha.users["secretariat"], title="Varios")  # audited
    text, agenda_reads, _ = view()
    assert "Varios" in text and agenda_reads == 1


@pytest.mark.django_db(transaction=True)
def test_the_meeting_list_is_kept_per_year_between_writes_in_the_group(world, client, kept_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.meetings import MeetingFactory

    alpha = world["a"]
    MeetingFactory(working_group=alpha.group, title="Plenaria de marzo")
    client.force_login(alpha.users["member"])

    def meeting_reads(**query):
        with CaptureQueriesContext(connection) as queries:
            text = client.get(f"/g/{alpha.group.slug}/meetings/", query).text
        return text, sum('FROM "meetings_meeting"' in q["sql"] for q in queries.captured_queries)

    meeting_reads()
    meeting_reads()
    text, reads = meeting_reads()
    assert "Plenaria de marzo" in text and reads == 0
    assert meeting_reads(year=1999)[1] > 0  # another year: its own copy
    from vpwg.audit import audit_record

    audit_record(action="meetings.meeting.scheduled", working_group=alpha.group)  # as scheduling writes
    assert meeting_reads()[1] > 0

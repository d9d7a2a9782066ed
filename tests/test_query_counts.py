"""Every main page issues a fixed number of SQL queries, whatever the size of its group (issue 8).

One world is built, each page's queries are counted for the roles that matter, then the world is
multiplied (more member institutions with representatives, more meetings with agenda items and
attendance, more minutes, tasks, progress reports and activities; the measured meeting and minutes
get more rows too) and every page is counted again. The counts must be identical, equal to the
numbers below and at most 20: an N+1 anywhere fails here. The benchmark (scripts/benchmark.py)
shows the same counts on the full scale data set.
"""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation
from minutes.models import Minutes
from reports import services as report_services
from reports.models import AnnualReport, Report
from tests.conftest import build_group_world
from tests.factories.activities import ActivityFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.reports import AnnualReportFactory, MemberReportFactory, upcoming_meeting
from tests.factories.workplan import ProgressReportFactory, TaskFactory, WorkPlanFactory
from workplan.models import WorkPlan

MAX_QUERIES = 20

# (page, role) -> exact query count. The session, the user, the group and the person's groups with
# their capabilities (one query, vpwg/access_rows.py) are part of every page (4 queries; with Redis in
# production the session and the groups come from the cache), and so is the count of what waits for the
# person in the navigation (one query, vpwg/waiting.py; none on the dashboard, which reads the list
# itself: one query per source there); the rest is the page's own reads.
EXPECTED = {
    ("group dashboard", "member"): 13,
    ("group dashboard", "secretariat"): 17,
    ("member directory", "member"): 8,
    ("member directory", "secretariat"): 8,
    # +1: the organisation's other institutions in the viewer's groups (issue 19)
    ("institution page", "member"): 10,
    ("institution page", "secretariat"): 9,
    ("meeting list", "member"): 8,
    ("meeting list", "secretariat"): 8,
    # The agenda's documents (one read), and for the Secretariat its guests' links (one more): issue 16.
    ("meeting page", "member"): 12,
    ("meeting page", "secretariat"): 14,
    # The work plan: one read of the Coordination Group's decisions about approving it (issue 14).
    ("work plan", "member"): 10,
    ("work plan", "secretariat"): 10,
    ("activities statistics", "member"): 12,
    ("activities statistics", "secretariat"): 12,
    ("minutes page", "member"): 11,
    ("minutes page", "coordination"): 15,
    ("report centre", "member"): 7,
    ("report centre", "secretariat"): 8,  # no own-institution read: the Secretariat represents none
    # Issue 16: the Secretariat's invitation page (recipients and the e-mail's preview), every answer by
    # pillar, the attendance register pre-filled from the answers, and the door list.
    ("invitation page", "secretariat"): 11,
    ("answers page", "secretariat"): 8,
    ("attendance register", "secretariat"): 12,
    ("door list", "secretariat"): 10,
    # Issue 18, the long lists: folded by year (the years with their counts, then one year's rows; the
    # minutes list reads its light rows once, its visibility test being the costly part) or paged (the
    # audit trail counts its records; the directory and the report centre need no count).
    ("minutes list", "member"): 6,
    ("minutes list", "secretariat"): 7,  # and the most recent held meetings without minutes
    ("activity list", "member"): 8,
    ("activity list", "secretariat"): 8,
    ("audit trail", "secretariat"): 7,
}


def _invite(meeting, memberships):
    for membership in memberships:
        for representative in membership.representatives.active():
            MeetingInvitation.objects.get_or_create(
                meeting=meeting, user=representative.user, representative=representative, membership=membership
            )


def _attend(meeting, memberships):
    for membership in memberships:
        Attendance.objects.get_or_create(
            meeting=meeting,
            membership=membership,
            defaults={
                "pillar": membership.pillar,
                "status": Attendance.Status.PRESENT,
                "representative": membership.representatives.active().first(),
            },
        )


def build(world):
    """The objects the pages show, in their smallest useful form."""
    group = world.group
    memberships = [world.objects[key] for key in ("company", "ngo", "observer")]
    upcoming = MeetingFactory(working_group=group, status=Meeting.Status.INVITED, invited_at=timezone.now())
    for position in (1, 2):
        AgendaItemFactory(meeting=upcoming, position=position)
    _invite(upcoming, memberships)
    started = MeetingFactory(
        working_group=group,
        status=Meeting.Status.INVITED,
        invited_at=timezone.now() - timedelta(days=10),
        starts_at=timezone.now() - timedelta(minutes=30),
        ends_at=timezone.now() + timedelta(minutes=90),
    )
    _invite(started, memberships)
    MeetingInvitation.objects.filter(meeting=started).update(answer=MeetingInvitation.Answer.ATTENDING)
    planned = MeetingFactory(working_group=group, starts_at=timezone.now() + timedelta(days=50))
    AgendaItemFactory(meeting=planned, position=1).presenters.add(world.objects["member_rep"])
    circulated = MinutesFactory(world, status=Minutes.Status.CIRCULATED, title="Plenary with circulated minutes")
    submitted = MinutesFactory(world, status=Minutes.Status.SUBMITTED, title="Plenary awaiting review")
    plan = WorkPlanFactory(working_group=group, status=WorkPlan.Status.APPROVED)
    task = TaskFactory(work_plan=plan, lead=world.objects["company"], supporting=[world.objects["ngo"]])
    ProgressReportFactory(task=task, author=world.users["member"])
    ActivityFactory(working_group=group, organisers=[world.objects["company"]])
    AnnualReportFactory(world, 2024, status=AnnualReport.Status.CIRCULATED)
    report_services.report_request(actor=world.users["secretariat"], kind=Report.Kind.MEETING_PACK, subject=upcoming)
    world.objects.update(
        upcoming=upcoming, circulated=circulated, submitted=submitted, plan=plan, started=started, planned=planned
    )


def multiply(world, times: int = 4):
    """Grow every collection the pages read by `times`, including the measured objects' own rows."""
    group = world.group
    new = []
    for index in range(times):
        membership = MembershipFactory(
            working_group=group, institution=InstitutionFactory(name=f"Added institution {index}")
        )
        RepresentativeFactory(membership=membership)
        RepresentativeFactory(membership=membership, role="alternate")
        new.append(membership)
    everyone = [world.objects[key] for key in ("company", "ngo", "observer")] + new
    upcoming = world.objects["upcoming"]
    for position in range(3, 3 + times):
        AgendaItemFactory(meeting=upcoming, position=position)
    _invite(upcoming, everyone)
    _invite(world.objects["started"], everyone)
    _attend(world.objects["started"], new[:2])  # two already ticked at the door
    for position in range(2, 2 + times):
        AgendaItemFactory(meeting=world.objects["planned"], position=position).presenters.add(
            world.objects["member_rep"]
        )
    for minutes_key in ("circulated", "submitted"):
        _attend(world.objects[minutes_key].meeting, everyone)
    for index in range(times):
        past = MeetingFactory(
            working_group=group,
            status=Meeting.Status.HELD,
            starts_at=timezone.now() - timedelta(days=60 + 30 * index),
            ends_at=timezone.now() - timedelta(days=60 + 30 * index) + timedelta(hours=2),
        )
        for position in (1, 2):
            AgendaItem.objects.create(meeting=past, position=position, title=f"Item {position}")
        _attend(past, everyone)
        MinutesFactory(world, status=Minutes.Status.CIRCULATED, title=f"Older plenary {index}")
        task = TaskFactory(work_plan=world.objects["plan"], lead=new[index], supporting=everyone[:3])
        ProgressReportFactory(task=task, author=world.users["member"])
        ActivityFactory(
            working_group=group,
            organisers=everyone[:2],
            starts_on=date(2020 + index, 3, 1),
            type=Activity.Type.COURSE,
            participants_ngos=5,
        )
        AnnualReportFactory(world, 2019 + index, status=AnnualReport.Status.CIRCULATED)
        MemberReportFactory(world, year=2019 + index, submitted=True)
        pack = upcoming_meeting(world, title=f"Pack {index}", days=20 + index)
        report_services.report_request(actor=world.users["secretariat"], kind=Report.Kind.MEETING_PACK, subject=pack)


def pages(world) -> list[tuple[str, str, str]]:
    slug = world.group.slug
    objects = world.objects
    rows = []
    for name, url in (
        ("group dashboard", reverse("members:dashboard", args=[slug])),
        ("member directory", reverse("members:directory", args=[slug])),
        ("institution page", reverse("members:institution-detail", args=[slug, objects["company"].institution_id])),
        ("meeting list", reverse("meetings:index", args=[slug])),
        ("meeting page", reverse("meetings:meeting-detail", args=[slug, objects["upcoming"].pk])),
        ("work plan", reverse("workplan:plan-detail", args=[slug, objects["plan"].pk])),
        ("activities statistics", reverse("activities:statistics", args=[slug])),
        ("report centre", reverse("reports:index", args=[slug])),
        ("minutes list", reverse("minutes:index", args=[slug])),
        ("activity list", reverse("activities:index", args=[slug])),
    ):
        rows += [(name, "member", url), (name, "secretariat", url)]
    rows.append(("audit trail", "secretariat", reverse("members:audit-trail", args=[slug])))
    rows.append(("minutes page", "member", reverse("minutes:minutes-detail", args=[slug, objects["circulated"].pk])))
    for name, url_name, meeting in (
        ("invitation page", "meetings:meeting-invite", objects["planned"]),
        ("answers page", "meetings:meeting-answers", objects["upcoming"]),
        ("attendance register", "meetings:attendance-record", objects["started"]),
        ("door list", "meetings:attendance-door", objects["started"]),
    ):
        rows.append((name, "secretariat", reverse(url_name, args=[slug, meeting.pk])))
    rows.append(
        ("minutes page", "coordination", reverse("minutes:minutes-detail", args=[slug, objects["submitted"].pk]))
    )
    return rows


def count_queries(client, world) -> dict:
    counts = {}
    for name, role, url in pages(world):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 200, (name, role)  # warm: first-visit work is not the page's
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, role)
        counts[(name, role)] = len(captured.captured_queries)
    return counts


@pytest.mark.django_db
def test_main_pages_issue_the_same_queries_on_two_data_sizes(client):
    world = build_group_world("counts")
    build_group_world("neighbour")  # another tenant: nothing of it may be read
    build(world)
    small = count_queries(client, world)
    multiply(world)
    large = count_queries(client, world)

    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grow with the data (small, large): {grown}"
    too_many = {key: count for key, count in small.items() if count > MAX_QUERIES}
    assert not too_many, f"pages over {MAX_QUERIES} queries: {too_many}"
    assert small == EXPECTED


def _sweep_queries() -> tuple[int, dict]:
    from meetings.reminders import reminders_sweep

    executed = []

    def count(execute, *args):
        executed.append(1)
        return execute(*args)

    with connection.execute_wrapper(count):
        result = reminders_sweep()
    return len(executed), result.queued


def _invited_meeting(world, days: int):
    from meetings import services as meeting_services

    meeting = MeetingFactory(working_group=world.group, starts_in_days=days)
    meeting_services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now() - timedelta(days=20))
    return meeting


@pytest.mark.django_db
def test_reminder_sweep_queries_do_not_grow_with_meetings_or_invitations():
    """Steady state (everything due already queued): the same queries for 1 meeting or 5 with more people."""
    world = build_group_world("sweep")
    _invited_meeting(world, days=5)
    _sweep_queries()  # queues what is due
    one, queued = _sweep_queries()
    assert queued == {}
    for index in range(4):
        membership = MembershipFactory(working_group=world.group, institution=InstitutionFactory(name=f"Swept {index}"))
        RepresentativeFactory(membership=membership)
    for days in (2, 4, 5, 6):
        _invited_meeting(world, days=days)
    first, queued = _sweep_queries()
    assert queued.get("reminder", 0) > 0  # the new meetings' reminders went out in this run
    many, queued = _sweep_queries()
    assert queued == {}
    assert many == one


# Queries of one batch of e-mails in the first sweep over a backlog (vpwg/outbox_batch.py): the
# savepoint, which keys are queued, the recipients' languages, the insert's savepoint, the insert and
# the two releases, whatever the number of e-mails in the batch.
QUERIES_PER_BATCH = 7


@pytest.mark.django_db
def test_first_reminder_sweep_queries_grow_with_batches_not_with_emails(monkeypatch):
    """A backlog: the first sweep queues every reminder due; its queries are a fixed number per batch."""
    world = build_group_world("backlog")
    for index in range(4):
        membership = MembershipFactory(working_group=world.group, institution=InstitutionFactory(name=f"Due {index}"))
        RepresentativeFactory(membership=membership)
    for days in (2, 4, 5, 6):
        _invited_meeting(world, days=days)

    def first_sweep(batch_size: int) -> tuple[int, int]:
        monkeypatch.setattr("vpwg.outbox_batch.BATCH_SIZE", batch_size)
        with transaction.atomic():
            queries, queued = _sweep_queries()
            transaction.set_rollback(True)  # the next run is a first run again
        return queries, sum(queued.values())

    one_batch, emails = first_sweep(1000)
    assert emails >= 20
    batches = -(-emails // 5)
    in_batches_of_five, same = first_sweep(5)
    assert same == emails
    assert in_batches_of_five - one_batch == (batches - 1) * QUERIES_PER_BATCH

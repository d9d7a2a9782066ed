"""The group home (issue 16, item 1): what waits for the signed-in person in this group, per role, each
item one click from done; the count in the navigation; the weekly digest and its opt-out."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting, MeetingInvitation
from members import services
from members.models import DecisionKind, UserProfile
from members.services.digest import digest_unsubscribe_token, waiting_digest_send
from minutes import services as minutes_services
from minutes.models import Minutes
from reports.models import AnnualReport
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.minutes import MinutesFactory, held_meeting
from tests.factories.reports import AnnualReportFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory
from tests.members.decision_helpers import three_pillar_board
from vpwg.models import OutboxMessage
from vpwg.waiting import waiting_count, waiting_for
from workplan.models import WorkPlan

ROLES = ("secretariat", "coordination", "member", "observer", "admin")


def build_home(world) -> dict:
    """Group A as a Lima office has it on a Monday: a plenary in ten days with invitations out, minutes
    under review, a held meeting without minutes, a meeting that ended without its register, circulated
    minutes with a follow-up action for the company, a task of the company due in a week, an open written
    procedure, an open Coordination Group decision, a request for an extraordinary meeting, the group's
    annual report submitted, members' reports required, and the public application of the world."""
    group, users, objects = world.group, world.users, world.objects
    board = three_pillar_board(world)
    group.requires_annual_member_reports = True
    group.save(update_fields=["requires_annual_member_reports"])
    today = group.today()

    plenary = MeetingFactory(working_group=group, title="Plenaria de marzo", starts_in_days=10)
    AgendaItemFactory(meeting=plenary, position=1, title="Uso de la fuerza")
    meeting_services.meeting_invite(meeting=plenary, actor=users["secretariat"])
    # The companies' seat holder answered; the others have not.
    for invitation in MeetingInvitation.objects.filter(meeting=plenary).exclude(
        user__in=[users["member"], users["observer"], users["coordination"]]
    ):
        meeting_services.invitation_answer(invitation=invitation, actor=invitation.user, answer="attending")

    under_review = MinutesFactory(world, status=Minutes.Status.SUBMITTED, title="Plenaria de enero")
    minutes_services.minutes_approve(minutes=under_review, actor=board["companies"])  # one of three pillars

    circulated = MinutesFactory(world, status=Minutes.Status.DRAFT, title="Plenaria de octubre")
    minutes_services.action_add(
        minutes=circulated,
        actor=users["secretariat"],
        description="Enviar el estudio de línea de base",
        institution=objects["company"],
        due_on=today + timedelta(days=20),
    )
    minutes_services.minutes_submit(minutes=circulated, actor=users["secretariat"])
    for pillar in ("companies", "civil_society", "government"):
        minutes_services.minutes_approve(minutes=circulated, actor=board[pillar])
    minutes_services.minutes_circulate(minutes=circulated, actor=users["secretariat"])

    without_minutes = held_meeting(world, title="Reunión de coordinación de febrero")
    Meeting.objects.filter(pk=without_minutes.pk).update(
        starts_at=timezone.now() - timedelta(days=5, hours=2), ends_at=timezone.now() - timedelta(days=5)
    )
    without_minutes.refresh_from_db()
    unrecorded = MeetingFactory(
        working_group=group,
        title="Taller de seguridad",
        kind=Meeting.Kind.EXTRAORDINARY,
        status=Meeting.Status.INVITED,
        starts_at=timezone.now() - timedelta(days=2, hours=3),
        ends_at=timezone.now() - timedelta(days=2),
    )

    plan = WorkPlanFactory(
        working_group=group,
        status=WorkPlan.Status.APPROVED,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=300),
    )
    task = TaskFactory(
        work_plan=plan,
        title="Curso de derechos humanos para la policía",
        lead=objects["company"],
        starts_on=today - timedelta(days=30),
        due_on=today + timedelta(days=7),
    )
    TaskFactory(  # led by the NGO and due in months: nothing waits for it yet
        work_plan=plan, lead=objects["ngo"], starts_on=today - timedelta(days=10), due_on=today + timedelta(days=200)
    )

    procedure = services.procedure_open(
        working_group=group,
        actor=users["secretariat"],
        title="Aprobar el calendario 2027",
        text="Proponemos cuatro plenarias.",
        deadline=timezone.now() + timedelta(days=5),
    )
    decision = services.decision_open(
        working_group=group,
        kind=DecisionKind.SUSPENSION,
        subject=world.objects["andes"],
        actor=board["government"],
        reason="No asistió a tres plenarias.",
        effective_on=today + timedelta(days=30),
    )
    meeting_request = meeting_services.meeting_request_create(
        working_group=group, actor=users["member"], subject="Incidente en Espinar", reason="Ambas partes lo piden."
    )
    annual = AnnualReportFactory(world, year=today.year - 1, status=AnnualReport.Status.SUBMITTED)
    return {
        "board": board,
        "plenary": plenary,
        "under_review": under_review,
        "circulated": circulated,
        "without_minutes": without_minutes,
        "unrecorded": unrecorded,
        "task": task,
        "procedure": procedure,
        "decision": decision,
        "request": meeting_request,
        "annual": annual,
        "action": circulated.actions.get(),
    }


@pytest.fixture
def home(world):
    return world["a"], build_home(world["a"])


def _lines(waiting):
    return [(item.kind, item.title) for item in waiting.items]


def _expected(world, home) -> dict:
    slug, year = world.group.slug, world.group.today().year - 1
    plenary = f"Plenaria de marzo, {_day(home['plenary'])}"
    report = ("reports.member_report", f"Annual report {year}")
    return {
        "secretariat": [
            ("meetings.attendance", f"Taller de seguridad, {_day(home['unrecorded'])}"),
            ("minutes.start", f"Reunión de coordinación de febrero, {_day(home['without_minutes'])}"),
            ("members.application_received", "Applicant alpha"),
            ("meetings.request", "Incidente en Espinar"),
        ],
        "coordination": [
            report,  # last year's, due in March: overdue, so first
            ("members.procedure_vote", "Aprobar el calendario 2027"),
            ("meetings.invitation", plenary),
            ("members.decision_vote", f"Andes Mining {slug}"),
            ("members.application_review", "Applicant alpha"),
            ("minutes.approve", f"Plenaria de enero, {_day(home['under_review'].meeting)}"),
            ("reports.annual_approve", f"Annual report {year}"),
        ],
        "member": [
            report,
            ("members.procedure_vote", "Aprobar el calendario 2027"),
            ("workplan.task_due", "Curso de derechos humanos para la policía"),
            ("meetings.invitation", plenary),
            ("minutes.action", "Enviar el estudio de línea de base"),
        ],
        "observer": [report, ("meetings.invitation", plenary)],
        "admin": [
            ("meetings.attendance", f"Taller de seguridad, {_day(home['unrecorded'])}"),
            ("members.application_received", "Applicant alpha"),
            ("meetings.request", "Incidente en Espinar"),
        ],
    }


def _day(meeting):
    from django.utils.formats import date_format

    return date_format(timezone.localtime(meeting.starts_at, meeting.working_group.tzinfo).date(), "DATE_FORMAT")


@pytest.mark.parametrize("role", ROLES)
def test_home_lists_exactly_what_waits_for_each_role(home, role):
    world, objects = home
    waiting = waiting_for(world.users[role], world.group)
    assert _lines(waiting) == _expected(world, objects)[role]
    # Everyone sees the next plenary, for information; it counts for nobody since one is scheduled.
    assert [(n.kind, n.title) for n in waiting.notices] == [
        ("meetings.next_plenary", f"Plenaria de marzo, {_day(objects['plenary'])}")
    ]


@pytest.mark.parametrize("role", ROLES)
def test_navigation_count_is_the_sum_of_the_list_in_one_query(home, role, django_assert_num_queries):
    world, objects = home
    user = world.users[role]
    expected = waiting_for(user, world.group).count  # the person's roles are now known (as in a request)
    with django_assert_num_queries(1):
        assert waiting_count(user, world.group) == expected
    assert expected == len(_expected(world, objects)[role])


def test_each_item_is_one_click_from_done(home, client_as):
    """Every link of every role's list opens (200); every button posts and does the thing."""
    world, objects = home
    for role in ROLES:
        client = client_as(world.users[role])
        for item in waiting_for(world.users[role], world.group).items:
            if item.post:
                continue
            response = client.get(item.url)
            assert response.status_code == 200, (role, item.kind, item.url, response.status_code)
    client = client_as(world.users["member"])
    action = [i for i in waiting_for(world.users["member"], world.group).items if i.kind == "minutes.action"][0]
    assert client.post(action.url).status_code == 302
    objects["action"].refresh_from_db()
    assert objects["action"].status == "done"
    assert "minutes.action" not in {i.kind for i in waiting_for(world.users["member"], world.group).items}
    client = client_as(world.users["secretariat"])
    start = [i for i in waiting_for(world.users["secretariat"], world.group).items if i.kind == "minutes.start"][0]
    assert client.post(start.url).status_code == 302
    assert Minutes.objects.filter(meeting=objects["without_minutes"]).exists()


def test_dashboard_shows_the_list_and_the_count_in_the_navigation(home, client_as):
    world, objects = home
    response = client_as(world.users["coordination"]).get(reverse("members:dashboard", args=[world.group.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    detail = reverse("minutes:minutes-detail", args=[world.group.slug, objects["under_review"].pk])
    assert f'href="{detail}"' in page
    assert "Review and approve" in page
    assert '<span class="badge nav-waiting">7<span class="visually-hidden"> things wait for you' in page
    assert page.index("Waiting for you") < page.index("Membership")  # it leads the page


def test_another_page_shows_the_count_for_one_query_more(home, client_as):
    world, _objects = home
    client = client_as(world.users["member"])
    url = reverse("members:directory", args=[world.group.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert '<span class="badge nav-waiting">5<' in page
    counting = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "members_workinggroup" in q["sql"]
    ]
    assert len(counting) == 1


# Query counts of the home page, per role, after a first request (steady state): the 4 of every page
# (session, user, group, roles and capabilities), one per WaitingQuery of the person's sources, and the
# page's own 4-5 (pillar counts, Secretariat term and staff, seats, open applications for those who
# handle them). The navigation's count is the list's sum: no query. The Coordination Group member has
# the most sources: 11 queries of waiting items (minutes, summaries, decisions, procedures,
# invitations, applications, actions, tasks, member report, annual report, next plenary).
HOME_QUERIES = {"secretariat": 17, "coordination": 20, "member": 14, "observer": 14, "admin": 15}


@pytest.mark.parametrize("role", ROLES)
def test_home_query_count_is_pinned_and_does_not_grow(home, client_as, role, django_assert_num_queries):
    world, objects = home
    client = client_as(world.users[role])
    url = reverse("members:dashboard", args=[world.group.slug])
    client.get(url)
    with django_assert_num_queries(HOME_QUERIES[role]):
        client.get(url)
    # More of everything: the same number of queries.
    for n in range(3):
        extra = MeetingFactory(working_group=world.group, title=f"Extra {n}", starts_in_days=20 + n)
        meeting_services.meeting_invite(meeting=extra, actor=world.users["secretariat"])
        minutes_services.action_add(
            minutes=objects["circulated"],
            actor=world.users["secretariat"],
            description=f"Otra acción {n}",
            institution=world.objects["company"],
            due_on=date.today() + timedelta(days=40),
        )
        TaskFactory(
            work_plan=objects["task"].work_plan,
            lead=world.objects["company"],
            starts_on=objects["task"].starts_on,
            due_on=objects["task"].due_on,
        )
    with django_assert_num_queries(HOME_QUERIES[role]):
        client.get(url)


def test_nothing_waits_for_someone_without_a_role(world):
    outsider = world["a"].users["outsider"]
    assert not waiting_for(outsider, world["a"].group)
    assert waiting_count(outsider, world["a"].group) == 0


def test_nothing_of_group_b_waits_in_group_a(home, world):
    """The other group's person sees nothing of A's work, even with a role in both."""
    group_b = world["b"]
    assert _lines(waiting_for(group_b.users["coordination"], home[0].group)) == []


def test_no_plenary_asks_the_secretariat_to_schedule_one(world):
    group = world["a"]
    waiting = waiting_for(group.users["secretariat"], group.group)
    [item] = [i for i in waiting.items if i.kind == "meetings.no_plenary"]
    assert item.title.startswith("None scheduled for this quarter")
    assert item.url == reverse("meetings:meeting-create", args=[group.group.slug]) + "?kind=plenary"
    assert item.action == "Schedule"
    assert waiting_count(group.users["secretariat"], group.group) == waiting.count
    member = waiting_for(group.users["member"], group.group)
    assert [(n.kind, n.url, n.count) for n in member.notices] == [("meetings.no_plenary", "", 0)]


# --- the weekly digest -------------------------------------------------------------------------


def _digests(group):
    return OutboxMessage.objects.filter(dedupe_key__startswith=f"digest:{group.pk}:")


def test_digest_goes_once_a_week_to_each_person_something_waits_for(home, django_capture_on_commit_callbacks):
    world, _objects = home
    with django_capture_on_commit_callbacks(execute=True):
        waiting_digest_send()
    recipients = set(_digests(world.group).values_list("recipient", flat=True))
    people = {world.users[r].email for r in ROLES}
    assert people <= recipients
    assert world.users["outsider"].email not in recipients
    before = _digests(world.group).count()
    with django_capture_on_commit_callbacks(execute=True):
        assert waiting_digest_send() == 0  # again this week: nothing
    assert _digests(world.group).count() == before
    message = _digests(world.group).get(recipient=world.users["member"].email)
    assert "5 things wait for you this week" in message.subject
    assert "Enviar el estudio de línea de base" in message.body_text
    assert "/me/digest/stop/" in message.body_text
    with django_capture_on_commit_callbacks(execute=True):
        assert waiting_digest_send(now=timezone.now() + timedelta(days=7)) >= len(ROLES)  # next week


def test_digest_is_in_the_recipients_language(home, django_capture_on_commit_callbacks):
    world, _objects = home
    UserProfile.objects.update_or_create(user=world.users["coordination"], defaults={"language": "es"})
    with django_capture_on_commit_callbacks(execute=True):
        waiting_digest_send()
    message = _digests(world.group).get(recipient=world.users["coordination"].email)
    assert message.subject == "Group alpha: 7 asuntos pendientes para usted esta semana"
    assert "Actas por revisar y aprobar: Plenaria de enero" in message.body_text
    assert "Dejar de recibir estos correos:" in message.body_text
    assert "Minutes to review" not in message.body_text


def test_digest_skips_who_opted_out_and_whom_nothing_waits_for(world, home, client, django_capture_on_commit_callbacks):
    group, _objects = home
    member = group.users["member"]
    url = reverse("profile:digest-unsubscribe", args=[digest_unsubscribe_token(member)])
    assert client.get(url).status_code == 200  # a link followed by a mail scanner turns nothing off
    assert not UserProfile.objects.filter(user=member, weekly_digest=False).exists()
    response = client.post(url)
    assert response.status_code == 200 and "will no longer receive" in response.content.decode()
    assert UserProfile.objects.get(user=member).weekly_digest is False
    with django_capture_on_commit_callbacks(execute=True):
        waiting_digest_send()
    assert not _digests(group.group).filter(recipient=member.email).exists()
    assert _digests(group.group).filter(recipient=group.users["observer"].email).exists()
    # Group B: nothing waits for its observer (no plenary scheduled is the Secretariat's to fix).
    other = world["b"]
    assert not waiting_for(other.users["observer"], other.group)
    assert not _digests(other.group).filter(recipient=other.users["observer"].email).exists()
    assert _digests(other.group).filter(recipient=other.users["secretariat"].email).exists()


def test_unsubscribe_link_with_a_bad_token_is_404(client):
    assert client.get(reverse("profile:digest-unsubscribe", args=["forged"])).status_code == 404


def test_preferences_page_turns_the_digest_off_and_on(world, client_as):
    user = world["a"].users["observer"]
    client = client_as(user)
    url = reverse("profile:preferences")
    page = client.get(url).content.decode()
    assert 'name="weekly_digest"' in page and "checked" in page
    same = {"first_name": user.first_name, "last_name": user.last_name, "language": "en"}  # the page's other fields
    assert client.post(url, same).status_code == 302
    assert UserProfile.objects.get(user=user).weekly_digest is False
    client.post(url, {**same, "weekly_digest": "on"})
    assert UserProfile.objects.get(user=user).weekly_digest is True


def test_mail_goes_out_through_the_outbox_once(home, django_capture_on_commit_callbacks, settings):
    world, _objects = home
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queued = waiting_digest_send()
    assert queued == len(mail.outbox) >= len(ROLES)
    assert {m.to[0] for m in mail.outbox} >= {world.users[r].email for r in ROLES}


# --- in a browser, in Spanish ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es-PE", "viewport": {"width": 1280, "height": 1400}}


def _browser_sign_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordination_group_member_is_one_click_from_the_minutes_to_approve(world, live_server, page):
    from django.conf import settings
    from playwright.sync_api import expect

    alpha = world["a"]
    alpha.group.language = "es"
    alpha.group.save(update_fields=["language"])
    objects = build_home(alpha)
    member = alpha.users["coordination"]
    _browser_sign_in(page, live_server, member)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/g/{alpha.group.slug}/")
    expect(page.get_by_role("heading", name="Pendiente para usted")).to_be_visible()
    nav = page.get_by_role("navigation", name="Secciones del grupo")
    expect(nav.locator(".nav-waiting")).to_have_text("7 asuntos pendientes para usted")
    line = page.locator(".waiting-item", has_text="Actas por revisar y aprobar")
    expect(line).to_contain_text("Plenaria de enero")
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "home-coordination-es.png"), full_page=True)

    clicks = 0
    line.get_by_role("link", name="Revisar y aprobar").click()
    clicks += 1
    detail = reverse("minutes:minutes-detail", args=[alpha.group.slug, objects["under_review"].pk])
    page.wait_for_url(f"**{detail}")
    assert clicks == 1  # from the home to the minutes to approve
    page.get_by_role("button", name="Aprobar", exact=True).click()  # on the minutes page itself
    expect(page.locator("body")).to_contain_text("Su aprobación quedó registrada.")

    page.goto(f"{live_server.url}/g/{alpha.group.slug}/")
    expect(page.locator(".waiting-item", has_text="Actas por revisar y aprobar")).to_have_count(0)
    expect(nav.locator(".nav-waiting")).to_have_text("6 asuntos pendientes para usted")
    assert not errors


def _kinds(user, group):
    return [item.kind for item in waiting_for(user, group).items]


def test_the_minutes_and_the_annual_report_move_from_one_persons_list_to_the_next(world):
    """Returned for changes: the Secretariat revises; approved: it circulates; a report under a vote
    is a vote for the Coordination Group, not a second line."""
    alpha = world["a"]
    group, users = alpha.group, alpha.users
    minutes = MinutesFactory(alpha, status=Minutes.Status.SUBMITTED, title="Plenaria de abril")
    assert "minutes.approve" in _kinds(users["coordination"], group)
    assert "minutes.approve" not in _kinds(users["secretariat"], group)  # its own text: nothing to approve
    minutes_services.minutes_return(minutes=minutes, actor=users["coordination"], note="Falta el acuerdo 2.")
    assert "minutes.approve" not in _kinds(users["coordination"], group)
    [revise] = [i for i in waiting_for(users["secretariat"], group).items if i.kind == "minutes.revise"]
    assert revise.url == reverse("minutes:minutes-edit", args=[group.slug, minutes.pk])
    minutes_services.minutes_submit(minutes=minutes, actor=users["secretariat"])
    minutes_services.minutes_approve(minutes=minutes, actor=users["coordination"])  # the only seat: approved
    [circulate] = [i for i in waiting_for(users["secretariat"], group).items if i.kind == "minutes.circulate"]
    assert circulate.url == reverse("minutes:minutes-circulate", args=[group.slug, minutes.pk])
    minutes_services.minutes_circulate(minutes=minutes, actor=users["secretariat"])
    assert not {"minutes.circulate", "minutes.revise"} & set(_kinds(users["secretariat"], group))

    board = three_pillar_board(alpha)
    annual = AnnualReportFactory(alpha, year=group.today().year - 1, status=AnnualReport.Status.SUBMITTED)
    assert "reports.annual_approve" in _kinds(users["coordination"], group)
    services.decision_open(
        working_group=group, kind="annual_report", subject=annual, actor=board["companies"], reason="Aprobado."
    )
    kinds = _kinds(users["coordination"], group)
    assert "reports.annual_approve" not in kinds and "members.decision_vote" in kinds
    assert "members.decision_vote" not in _kinds(board["companies"], group)  # voted when opening it


@pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept
def test_who_runs_the_group_is_kept_between_writes_in_the_group(world, client, kept_cache):
    """vpwg.kept (Redis in production; a local-memory cache here): the dashboard's Secretariat, seats and
    pillar counts are one cache read until the group changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vpwg.audit import audit_record

    alpha = world["a"]
    client.force_login(alpha.users["member"])

    def seat_reads():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/g/{alpha.group.slug}/").status_code == 200
        return sum('FROM "members_coordinationseat"' in q["sql"] for q in queries.captured_queries)

    assert [seat_reads() for _ in range(3)] == [1, 1, 0]  # opened, kept, read from the cache
    audit_record(action="members.seat.changed", working_group=alpha.group)
    assert [seat_reads(), seat_reads()] == [1, 0]  # renewed by the write, then kept again


@pytest.mark.django_db(transaction=True)
def test_the_directory_is_kept_between_writes_in_the_group(world, client, kept_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vpwg.audit import audit_record

    alpha = world["a"]
    client.force_login(alpha.users["member"])

    def membership_reads():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/g/{alpha.group.slug}/members/").status_code == 200
        return sum('FROM "members_membership"' in q["sql"] for q in queries.captured_queries)

    reads = [membership_reads() for _ in range(3)]
    # The counts and the page's rows: the first read opens the generation (the rows, read after it, are
    # kept at once), the second keeps the counts, the third reads both from the cache.
    assert reads == [2, 1, 0], reads
    audit_record(action="members.membership.changed", working_group=alpha.group)
    assert membership_reads() == 2

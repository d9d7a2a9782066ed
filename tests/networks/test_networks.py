"""Networks: a group's charter decides whether it shares its figures (a recorded decision); network staff
read only the figures of the sharing groups, by pillar, small numbers suppressed, in a fixed number of
queries; they get nothing inside any group."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from members.models import CharterChange, Institution, Membership, Pillar, WorkingGroup
from networks import selectors, services
from networks.exceptions import NetworksError
from tests.factories.meetings import MeetingFactory
from tests.factories.members import InstitutionFactory, MembershipFactory, UserFactory, WorkingGroupFactory
from tests.factories.networks import NetworkFactory, NetworkGroupFactory
from vpwg import permissions
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def _platform_admin():
    return UserFactory(is_superuser=True, is_staff=True)


def _staff(network):
    user = UserFactory()
    services.network_staff_set(network=network, user=user, staff=True, actor=_platform_admin())
    return user


def _populate(group, companies: int, present: int):
    """`companies` member companies (the world's group has one already), a held plenary two months ago
    with `present` of them present and the rest absent; an observer present too (never counted)."""
    memberships = list(Membership.objects.filter(working_group=group, pillar=Pillar.COMPANIES, status="member"))
    while len(memberships) < companies:
        memberships.append(MembershipFactory(working_group=group, pillar=Pillar.COMPANIES))
    meeting = MeetingFactory(working_group=group, starts_in_days=-60, status=Meeting.Status.HELD)
    for index, membership in enumerate(memberships):
        status = Attendance.Status.PRESENT if index < present else Attendance.Status.ABSENT
        Attendance.objects.create(meeting=meeting, membership=membership, pillar=membership.pillar, status=status)
    observer = Membership.objects.filter(working_group=group, status=Membership.Status.OBSERVER).first()
    if observer is not None:
        Attendance.objects.create(
            meeting=meeting, membership=observer, pillar=observer.pillar, status="present", observer=True
        )
    return meeting


# --- the charter decision and the role ---------------------------------------------------------


def test_sharing_is_a_recorded_charter_decision_of_the_groups_administrator(world):
    a = world["a"]
    row = NetworkGroupFactory(working_group=a.group)
    assert row.shares_figures is False  # off by default
    for role in ("secretariat", "coordination", "member"):
        with pytest.raises(PermissionDenied):
            services.network_sharing_change(row=row, shares_figures=True, actor=a.users[role], reason="x")
    with pytest.raises(NetworksError):
        services.network_sharing_change(row=row, shares_figures=True, actor=a.users["admin"], reason=" ")
    change = services.network_sharing_change(
        row=row, shares_figures=True, actor=a.users["admin"], reason="Plenary of 10 March 2026"
    )
    row.refresh_from_db()
    assert row.shares_figures is True
    assert change.field == f"network.{row.network.slug}.shares_figures"
    assert (change.old_value, change.new_value) == ("False", "True")
    assert CharterChange.objects.filter(working_group=a.group, field=change.field).count() == 1
    assert AuditRecord.objects.filter(
        action="members.charter.changed", working_group=a.group, data__fields=[change.field]
    ).exists()
    assert services.network_sharing_change(row=row, shares_figures=True, actor=a.users["admin"], reason="x") is None


def test_network_staff_are_granted_by_platform_admins_and_get_nothing_in_any_group(world, client_as):
    a = world["a"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.network_staff_set(network=network, user=user, staff=True, actor=a.users["admin"])
    services.network_staff_set(network=network, user=user, staff=True, actor=_platform_admin())
    assert AuditRecord.objects.filter(action="networks.staff.granted", target_id=str(network.pk)).exists()
    permissions.forget_cached_permissions(user)
    assert permissions.is_network_staff(user, network.slug)
    assert not permissions.roles_of(user, a.group) and not permissions.capabilities_of(user, a.group)
    client = client_as(user)
    assert client.get(reverse("networks:overview", args=[network.slug])).status_code == 200
    assert client.get(reverse("members:dashboard", args=[a.group.slug])).status_code == 404
    assert client.get(reverse("minutes:index", args=[a.group.slug])).status_code == 404


# --- the figures -------------------------------------------------------------------------------


def test_overview_lists_sharing_groups_by_country_with_small_numbers_suppressed(world, client_as):
    a, b = world["a"], world["b"]
    a.group.country, b.group.country = "Peru", "Democratic Republic of the Congo"
    a.group.save(update_fields=["country"])
    b.group.save(update_fields=["country"])
    network = NetworkFactory(name="Iniciativa de los Principios Voluntarios")
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    NetworkGroupFactory(network=network, working_group=b.group, shares_figures=True)
    hidden = WorkingGroupFactory(name="Grupo que no comparte", country="Ghana")
    NetworkGroupFactory(network=network, working_group=hidden, shares_figures=False)
    _populate(a.group, companies=4, present=3)  # 3 of 4 companies present: 75 %
    _populate(b.group, companies=4, present=2)  # only 2 present: the rate would point at them

    [first, second] = selectors.figures_for(selectors.sharing_groups(network))
    assert first.working_group == b.group  # by country: Democratic Republic … before Peru
    assert (second.plenaries_held, second.plenaries_expected) == (1, 4)
    companies = {p.pillar: p for p in second.pillars}[Pillar.COMPANIES]
    assert (companies.members, companies.attendance_rate) == (4, 75)
    assert {p.pillar: p for p in first.pillars}[Pillar.COMPANIES].attendance_rate == selectors.FEWER
    civil = {p.pillar: p for p in second.pillars}[Pillar.CIVIL_SOCIETY]
    assert civil.members == selectors.FEWER and civil.attendance_rate is None  # 1 member; never recorded

    page = client_as(_staff(network)).get(reverse("networks:overview", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "menos de 3" in text and "75 %" in text and "Grupo que no comparte" not in text
    assert "Mining Co alpha" not in text  # never an institution's name


def _csv(response) -> tuple[list, dict]:
    """The header and {(group, figure, period, pillar/sector/category): value} of a CSV download."""
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    return header, {(row[1], row[2], row[3], row[4]): row[5] for row in rows if len(row) == 6}


def test_csv_has_every_figure_with_the_same_suppression(world, client_as):
    a = world["a"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    _populate(a.group, companies=3, present=3)
    response = client_as(_staff(network)).get(
        reverse("networks:overview-csv", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response["Content-Type"].startswith("text/csv")
    header, values = _csv(response)
    assert header == ["País", "Grupo de trabajo", "Cifra", "Periodo", "Pilar, sector o categoría", "Valor"]
    name, last_12 = a.group.name, "últimos 12 meses"
    assert values[(name, "Plenarias celebradas", last_12, "")] == "1"
    assert values[(name, "Plenarias previstas", last_12, "")] == "4"
    assert values[(name, "Instituciones miembro", "hoy", "Empresas")] == "3"
    assert values[(name, "Tasa de asistencia a las plenarias (%)", last_12, "Empresas")] == "100"
    assert values[(name, "Asistencia: cambio frente a los 12 meses anteriores (puntos)", last_12, "Empresas")] == ""
    # government: only the observer, never counted; civil society: one member
    assert values[(name, "Instituciones miembro", "hoy", "Gobierno")] == "menos de 3"
    assert values[(name, "Instituciones miembro", "hoy", "Sociedad civil")] == "menos de 3"
    assert values[(name, "Actividades", last_12, "")] == "0"
    assert values[(name, "Participantes", last_12, "Funcionarios públicos")] == "0"
    year = str(timezone.localdate().year)
    assert values[(name, "Instituciones miembro al final del año", year, "Empresas")] == "3"
    assert values[(name, "Instituciones miembro al final del año", year, "Sociedad civil")] == "menos de 3"
    assert (name, "Tareas del plan de trabajo con plazo en el año, por categoría", year, "Visitas") in values
    assert values[(name, "Informe anual", year, "")] == "aún no vence"
    assert "Cifras calculadas el" in response.content.decode()
    assert "Mining Co" not in response.content.decode()  # never an institution's name


def test_a_group_that_stops_sharing_disappears_at_once(world, client_as):
    """Even with its figures computed and kept by the periodic task: the pages read the sharing rows on
    every request and ask the cache only for the groups sharing now."""
    from networks.tasks import network_figures_refresh_task

    a, b = world["a"], world["b"]
    network = NetworkFactory()
    row = NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    NetworkGroupFactory(network=network, working_group=b.group, shares_figures=True)
    assert network_figures_refresh_task.delay().get() == 2
    client = client_as(_staff(network))
    detail = reverse("networks:group-detail", args=[network.slug, a.group.slug])
    overview, csv_url = (reverse(name, args=[network.slug]) for name in ("networks:overview", "networks:overview-csv"))
    assert client.get(detail).status_code == 200
    assert a.group.name in client.get(overview).content.decode()
    services.network_sharing_change(row=row, shares_figures=False, actor=a.users["admin"], reason="Plenary decision")
    assert client.get(detail).status_code == 404
    page = client.get(overview).content.decode()
    assert a.group.name not in page and b.group.name in page
    assert {key[0] for key in _csv(client.get(csv_url))[1]} == {b.group.name}


def test_group_page_is_404_for_a_group_not_sharing_or_of_another_network(world, client_as):
    a, b = world["a"], world["b"]
    network, other = NetworkFactory(), NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=False)
    NetworkGroupFactory(network=other, working_group=b.group, shares_figures=True)
    client = client_as(_staff(network))
    assert client.get(reverse("networks:group-detail", args=[network.slug, a.group.slug])).status_code == 404
    assert client.get(reverse("networks:group-detail", args=[network.slug, b.group.slug])).status_code == 404
    assert client.get(reverse("networks:group-detail", args=[network.slug, "nowhere"])).status_code == 404
    assert client.get(reverse("networks:overview", args=[other.slug])).status_code == 404  # not their network
    assert client.get(reverse("networks:overview", args=["nowhere"])).status_code == 404


# Session, user, the person's groups (access rows: the staff check), the network, its sharing groups,
# their figures from the cache (one read for all: the periodic task computed them), and the overview's
# tables and charts rendered for those figures (one read). The CSV has no rendered part.
OVERVIEW_QUERIES = 7
CSV_QUERIES = 6
# Computing the figures (the task; or a group missing from the cache): plenaries held, attendance by
# pillar, members by pillar, activities and participants by sector, membership by year, tasks by
# category, tasks by pillar, held plenaries with their minutes, annual reports.
FIGURES_QUERIES = 9


def test_overview_reads_a_fixed_number_of_queries_for_any_number_of_groups(world, client_as, django_assert_num_queries):
    network = NetworkFactory()
    client = client_as(_staff(network))
    url, csv_url = (
        reverse("networks:overview", args=[network.slug]),
        reverse("networks:overview-csv", args=[network.slug]),
    )

    def counts():
        groups = selectors.sharing_groups(network)
        with django_assert_num_queries(FIGURES_QUERIES):
            selectors.figures_for(groups)
        selectors.figures_refresh()  # what the periodic task does
        result = []
        for address in (url, csv_url):
            client.get(address)  # warm (the overview's rendered part)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    NetworkGroupFactory(network=network, working_group=world["a"].group, shares_figures=True)
    _populate(world["a"].group, companies=3, present=3)
    small = counts()
    for index in range(5):
        group = WorkingGroupFactory(country=f"Country {index}")
        NetworkGroupFactory(network=network, working_group=group, shares_figures=True)
        for _n in range(3):
            MembershipFactory(
                working_group=group,
                pillar=Pillar.GOVERNMENT,
                institution=InstitutionFactory(kind=Institution.Kind.FOREIGN_GOVERNMENT),
            )
        _populate(group, companies=3, present=3)
    assert counts() == small == [OVERVIEW_QUERIES, CSV_QUERIES]


def test_a_group_missing_from_the_cache_is_computed_on_the_spot(world, client_as):
    from django.core.cache import cache

    a = world["a"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    _populate(a.group, companies=3, present=3)
    cache.clear()
    page = client_as(_staff(network)).get(reverse("networks:overview", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert page.status_code == 200 and a.group.name in text and "100 %" in text
    assert "Cifras calculadas el" in text
    assert cache.get(selectors.CACHE_KEY.format(pk=a.group.pk)) is not None  # kept for the next request


def test_only_held_plenaries_of_the_last_12_months_count(world):
    a = world["a"]
    _populate(a.group, companies=3, present=3)
    MeetingFactory(working_group=a.group, starts_in_days=-400, status=Meeting.Status.HELD)
    MeetingFactory(working_group=a.group, starts_in_days=-30, status=Meeting.Status.CANCELLED)
    MeetingFactory(
        working_group=a.group, starts_in_days=-20, status=Meeting.Status.HELD, kind=Meeting.Kind.COORDINATION
    )
    MeetingFactory(working_group=a.group, starts_in_days=10)
    [row] = selectors.figures_for([a.group], now=timezone.now() + timedelta(minutes=1))
    assert row.plenaries_held == 1


def test_home_of_network_staff_links_to_their_network(world, client_as):
    network = NetworkFactory(slug="vpi")
    page = client_as(_staff(network)).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert reverse("networks:overview", args=["vpi"]) in page and "Redes" in page
    assert "Todavía no participa" not in page  # not told to ask a Secretariat for an invitation


def test_the_groups_administrator_records_the_sharing_decision_on_the_groups_page(world, client_as):
    a = world["a"]
    network = NetworkFactory(name="Iniciativa de los Principios Voluntarios")
    row = NetworkGroupFactory(network=network, working_group=a.group)
    index = reverse("group_networks:index", args=[a.group.slug])
    member_page = client_as(a.users["member"]).get(index, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Iniciativa de los Principios Voluntarios" in member_page and "Compartir las cifras" not in member_page
    client = client_as(a.users["admin"])
    assert "Compartir las cifras" in client.get(index, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    url = reverse("group_networks:sharing-decide", args=[a.group.slug, row.pk])
    refused = client.post(url, {"shares_figures": "on", "reason": ""}, HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 200
    row.refresh_from_db()
    assert row.shares_figures is False
    response = client.post(url, {"shares_figures": "on", "reason": "Plenaria del 10 de marzo de 2026"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.shares_figures is True
    charter = client.get(reverse("members:charter", args=[a.group.slug])).content.decode()
    assert "Plenaria del 10 de marzo de 2026" in charter


def test_overview_over_the_scale_data_sets_20_groups_reads_the_same_queries(client, django_assert_num_queries):
    """The issue's scale: 20 sharing groups (generate_scale_data, here at 5 %). At full scale (50,160
    attendance rows, 2,419 memberships, 960 tasks, 1,000 meetings) the periodic task computes the
    figures in 9 queries, ~190 ms; the overview then reads 3 queries with the production settings
    (Redis cache), median 36 ms, p95 60 ms (SQLite, test client, a loaded two-core machine)."""
    from django.core.management import call_command

    call_command("generate_scale_data", scale=0.05, seed=8, stdout=io.StringIO())
    network = NetworkFactory()
    for group in WorkingGroup.objects.filter(slug__startswith="scale-"):
        NetworkGroupFactory(network=network, working_group=group, shares_figures=True)
    groups = selectors.sharing_groups(network)
    with django_assert_num_queries(FIGURES_QUERIES):
        selectors.figures_for(groups)
    assert selectors.figures_refresh() == 20  # the periodic task
    client.force_login(_staff(network))
    url = reverse("networks:overview", args=[network.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert len(captured.captured_queries) == OVERVIEW_QUERIES
    assert page.content.decode().count('href="/n/') >= 20  # one link per group


def test_overview_compares_the_groups_in_a_chart_with_the_same_suppression(world, client_as):
    a, b = world["a"], world["b"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    NetworkGroupFactory(network=network, working_group=b.group, shares_figures=True)
    _populate(a.group, companies=4, present=3)
    _populate(b.group, companies=4, present=2)
    from django.utils import translation

    with translation.override("en"):
        chart = selectors.attendance_chart(selectors.figures_for(selectors.sharing_groups(network)))
    companies = chart.series["Companies"]
    assert sorted(map(str, companies)) == ["75", "fewer than 3"]
    page = client_as(_staff(network)).get(reverse("networks:overview", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="es")
    svg = page.content.decode().split("<svg", 1)[1].split("</svg>")[0]
    assert "menos de 3" in svg and ">75<" in svg and a.group.name in svg and "Empresas" in svg


def test_activities_and_participants_by_sector_over_the_last_12_months(world, client_as):
    from tests.factories.activities import ActivityFactory

    a = world["a"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    today = timezone.localdate()
    ActivityFactory(
        working_group=a.group, starts_on=today - timedelta(days=30), participants_ngos=12, participants_police=5
    )
    ActivityFactory(working_group=a.group, starts_on=today - timedelta(days=400), participants_ngos=99)  # too old
    from django.utils import translation

    with translation.override("en"):  # sector labels come in the active language
        [row] = selectors.figures_for([a.group])
    by_sector = dict(row.sectors)
    assert row.activities == 1 and row.participants == sum(by_sector.values())
    assert by_sector["NGOs"] == 12 and by_sector["Police"] == 5  # the old activity's 99 are not counted
    page = client_as(_staff(network)).get(
        reverse("networks:group-detail", args=[network.slug, a.group.slug]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Participantes por sector" in page.content.decode()


def test_the_trend_compares_with_the_12_months_before_when_both_rates_may_be_given(world):
    a = world["a"]
    meeting = _populate(a.group, companies=4, present=4)  # this year: 100 %
    before = MeetingFactory(working_group=a.group, starts_in_days=-420, status=Meeting.Status.HELD)
    for index, attendance in enumerate(meeting.attendances.filter(observer=False)):
        status = Attendance.Status.PRESENT if index < 3 else Attendance.Status.ABSENT  # the year before: 75 %
        Attendance.objects.create(
            meeting=before, membership=attendance.membership, pillar=attendance.pillar, status=status
        )
    [row] = selectors.figures_for([a.group])
    companies = {p.pillar: p for p in row.pillars}[Pillar.COMPANIES]
    assert (companies.attendance_rate, companies.change) == (100, 25)
    assert row.plenaries_held == 1  # the plenary of the year before is not this year's
    Attendance.objects.filter(meeting=before, status=Attendance.Status.PRESENT).first().delete()  # 2 present then
    [row] = selectors.figures_for([a.group])
    assert {p.pillar: p for p in row.pillars}[Pillar.COMPANIES].change is None  # that year's rate is not given

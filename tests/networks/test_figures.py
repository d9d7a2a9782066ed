"""The network's figures over time (issue 19, item 2): membership by pillar with joins and exits, work plan
progress by category and by pillar, minutes and annual reports circulated on time, per calendar year; by
pillar only, a count of one or two institutions never given; charts readable without colour; the time the
figures were computed shown."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from members.models import Membership, Pillar
from minutes.models import Minutes
from networks import selectors, services
from reports.models import AnnualReport
from tests.factories.meetings import MeetingFactory
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.networks import NetworkFactory, NetworkGroupFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory
from workplan.models import Task, WorkPlan

pytestmark = pytest.mark.django_db

FEWER = selectors.FEWER


def _staff(network):
    user = UserFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.network_staff_set(network=network, user=user, staff=True, actor=admin)
    return user


def _year_of(figures, year):
    return figures.years.index(year)


def test_membership_by_pillar_per_year_with_joins_and_exits(world):
    a = world["a"]
    today = timezone.localdate()
    this, last = today.year, today.year - 1
    Membership.objects.filter(working_group=a.group).update(joined_on=date(this - 5, 1, 1))  # the world's own
    for _n in range(3):  # three companies joined last year, one of them left this year
        MembershipFactory(working_group=a.group, pillar=Pillar.COMPANIES, joined_on=date(last, 3, 1))
    leaver = Membership.objects.filter(working_group=a.group, joined_on=date(last, 3, 1)).first()
    Membership.objects.filter(pk=leaver.pk).update(status=Membership.Status.WITHDRAWN, ended_on=date(this, 1, 15))
    MembershipFactory(working_group=a.group, pillar=Pillar.GOVERNMENT, joined_on=date(this, 1, 10))  # one joins

    [row] = selectors.figures_for([a.group])
    companies_before = {p.pillar: p for p in row.membership[_year_of(row, last)].pillars}[Pillar.COMPANIES]
    companies_now = {p.pillar: p for p in row.membership[_year_of(row, this)].pillars}[Pillar.COMPANIES]
    government_now = {p.pillar: p for p in row.membership[_year_of(row, this)].pillars}[Pillar.GOVERNMENT]
    assert (companies_before.members, companies_before.joins, companies_before.exits) == (4, 3, 0)
    assert (companies_now.members, companies_now.joins, companies_now.exits) == (3, 0, FEWER)  # one left
    assert government_now.joins == FEWER  # one institution joining would be named by the count
    assert government_now.members == FEWER


def test_work_plan_progress_by_category_and_by_the_leads_pillar(world):
    a = world["a"]
    year = timezone.localdate().year
    plan = WorkPlanFactory(
        working_group=a.group,
        status=WorkPlan.Status.APPROVED,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        approved_on=date(year - 1, 12, 10),
    )
    due = {"starts_on": date(year, 2, 1), "due_on": date(year, 6, 30)}
    companies = [MembershipFactory(working_group=a.group, pillar=Pillar.COMPANIES) for _n in range(3)]
    for index, lead in enumerate(companies):  # three companies lead a task each; two are done
        TaskFactory(
            work_plan=plan,
            lead=lead,
            category=Task.Category.CAPACITY_BUILDING,
            status=Task.Status.DONE if index < 2 else Task.Status.IN_PROGRESS,
            **due,
        )
    government = MembershipFactory(working_group=a.group, pillar=Pillar.GOVERNMENT)
    TaskFactory(work_plan=plan, lead=government, category=Task.Category.VISITS, status=Task.Status.DONE, **due)
    TaskFactory(work_plan=plan, lead=government, category=Task.Category.VISITS, status=Task.Status.CANCELLED, **due)
    draft = WorkPlanFactory(working_group=a.group, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))
    TaskFactory(work_plan=draft, lead=government, category=Task.Category.VISITS, **due)  # not approved: left out

    [row] = selectors.figures_for([a.group])
    index = _year_of(row, year)
    by_category = {task.key: task for task in row.tasks_by_category[index].rows}
    assert (by_category["capacity_building"].tasks, by_category["capacity_building"].done) == (3, 2)
    assert by_category["capacity_building"].progress == 67
    assert (by_category["visits"].tasks, by_category["visits"].done) == (1, 1)
    by_pillar = {task.key: task for task in row.tasks_by_pillar[index].rows}
    assert (by_pillar[Pillar.COMPANIES].tasks, by_pillar[Pillar.COMPANIES].done) == (3, 2)
    # one government institution leads: its progress would be its own
    assert by_pillar[Pillar.GOVERNMENT].tasks == FEWER and by_pillar[Pillar.GOVERNMENT].progress == FEWER
    assert by_pillar[Pillar.CIVIL_SOCIETY].tasks == 0 and by_pillar[Pillar.CIVIL_SOCIETY].progress is None
    assert row.by_year[index]["tasks"].tasks == 4  # all categories together


def _plenary(group, days_ago: int, circulated_after_days: int | None):
    meeting = MeetingFactory(working_group=group, starts_in_days=-days_ago, status=Meeting.Status.HELD)
    if circulated_after_days is not None:
        Minutes.objects.create(
            working_group=group,
            meeting=meeting,
            status=Minutes.Status.CIRCULATED,
            circulated_at=meeting.ends_at + timedelta(days=circulated_after_days),
        )
    return meeting


def test_minutes_circulated_before_the_next_plenary_is_due(world):
    a = world["a"]
    a.group.meeting_cadence_months = 3
    a.group.save(update_fields=["meeting_cadence_months"])
    on_time = _plenary(a.group, days_ago=200, circulated_after_days=30)
    late = _plenary(a.group, days_ago=300, circulated_after_days=120)  # after the next plenary was due
    _plenary(a.group, days_ago=150, circulated_after_days=None)  # not circulated
    MeetingFactory(working_group=a.group, starts_in_days=-100, status=Meeting.Status.CANCELLED)
    assert selectors.minutes_due_on(on_time.ends_at, a.group) > on_time.ends_at + timedelta(days=88)
    assert late.minutes.circulated_at > selectors.minutes_due_on(late.ends_at, a.group)

    [row] = selectors.figures_for([a.group])
    assert sum(year.held for year in row.minutes) == 3
    assert sum(year.circulated for year in row.minutes) == 2
    assert sum(year.on_time for year in row.minutes) == 1


def test_the_annual_report_is_on_time_when_circulated_by_the_charters_deadline(world):
    a = world["a"]
    a.group.member_report_due_days = 60
    a.group.save(update_fields=["member_report_due_days"])
    today = timezone.localdate()
    this, last, before = today.year, today.year - 1, today.year - 2
    moment = timezone.make_aware(timezone.datetime(this if today > date(this, 2, 1) else last, 2, 1, 12))
    AnnualReport.objects.create(
        working_group=a.group, year=last, status=AnnualReport.Status.CIRCULATED, circulated_at=moment
    )
    AnnualReport.objects.create(
        working_group=a.group,
        year=before,
        status=AnnualReport.Status.CIRCULATED,
        circulated_at=timezone.make_aware(timezone.datetime(last, 6, 1, 12)),  # due 1 March: late
    )

    [row] = selectors.figures_for([a.group])
    states = {report.year: report for report in row.annual_reports}
    assert states[before].state == "late" and states[before].due_on == date(before, 12, 31) + timedelta(days=60)
    assert states[last].state == ("on_time" if moment.date() <= states[last].due_on else "late")
    assert states[this].state == "not_due"
    AnnualReport.objects.filter(year=last).update(status=AnnualReport.Status.APPROVED, circulated_at=None)
    [row] = selectors.figures_for([a.group])
    expected = "missing" if states[last].due_on < today else "not_due"
    assert {report.year: report for report in row.annual_reports}[last].state == expected
    Membership.objects.filter(working_group=a.group).update(joined_on=date(this, 1, 1))  # a group new this year
    AnnualReport.objects.filter(working_group=a.group).delete()
    [row] = selectors.figures_for([a.group])
    assert {report.year: report.state for report in row.annual_reports}[last] == "no_members"


def test_the_groups_page_shows_every_figure_by_pillar_in_spanish_with_the_time_computed(world, client_as):
    a = world["a"]
    network = NetworkFactory()
    NetworkGroupFactory(network=network, working_group=a.group, shares_figures=True)
    _plenary(a.group, days_ago=60, circulated_after_days=10)
    selectors.figures_refresh()
    page = client_as(_staff(network)).get(
        reverse("networks:group-detail", args=[network.slug, a.group.slug]), HTTP_ACCEPT_LANGUAGE="es"
    )
    text = page.content.decode()
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert a.group.name in title and "Miembros" not in title  # the figures are in the page, not its title
    for heading in ("Miembros por pilar", "Avance del plan de trabajo", "Actas e informe anual"):
        assert heading in text
    assert "Cifras calculadas el" in text and "menos de 3" in text
    assert "A tiempo" in text
    names = Membership.objects.filter(working_group=a.group).values_list("institution__name", flat=True)
    assert not any(name in text for name in names)  # never an institution's name


def test_the_overview_compares_the_groups_in_four_charts_readable_without_colour(world, client_as):
    a, b = world["a"], world["b"]
    network = NetworkFactory()
    for group in (a.group, b.group):
        NetworkGroupFactory(network=network, working_group=group, shares_figures=True)
    page = client_as(_staff(network)).get(reverse("networks:overview", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert text.count("<svg") == 4
    for chart_id in ("attendance", "membership", "tasks", "minutes"):
        assert f'id="{chart_id}-title"' in text and f'id="{chart_id}-p1"' in text  # a title, a fill pattern
    assert "Instituciones miembro por pilar hoy" in text and "menos de 3" in text.split("<svg", 2)[2]
    assert "A lo largo del tiempo" in text and "Comparación entre grupos" in text

"""Demo: the Government of the Netherlands' member report 2026 (issue 19, items 3 and 5).

The Embassy of the Netherlands (Peru group) and the Embassy of the Netherlands in Kinshasa (South
Kivu group) belong to the Government of the Netherlands (networks/demo.py). This loader gives the
embassies a little work of their own in 2026 where the demo had none — an activity funded, an outreach
contact, a task led in Peru's work plan, two South Kivu plenaries — then the embassy in Lima writes
the government's report: pre-filled from both groups (Peru and the DRC), the A and B sections
written, submitted, and approved by the Peru Secretariat. Every step goes through the services.
Idempotent: rows are found by title (or name and date), the report by institution and year, and a
step already taken is not taken again. Runs after load_networks_demo (the parents).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction

from activities import services as activity_services
from activities.models import Activity, OutreachContact
from meetings import services as meeting_services
from meetings.models import Meeting
from members.models import Institution, Membership, Representative, SecretariatTerm, WorkingGroup
from workplan import services as workplan_services
from workplan.models import Task, WorkPlan

from . import services
from .models import MemberReport

YEAR = 2026
GOVERNMENT = "Government of the Netherlands"
LIMA, KINSHASA = "Embassy of the Netherlands", "Embassy of the Netherlands in Kinshasa"

TEXTS = {
    "commitment": (
        "Los Países Bajos son miembros de la Iniciativa de los Principios Voluntarios desde 2009 y la "
        "presidieron en 2018. El Plan de Acción Nacional sobre Empresas y Derechos Humanos incluye los "
        "Principios Voluntarios."
    ),
    "domestic": (
        "La ley de debida diligencia en cadenas de suministro y las directrices de la OCDE orientan a las "
        "empresas neerlandesas que operan en zonas de conflicto."
    ),
    "promotion": (
        "Las misiones en los países prioritarios apoyan a los grupos de trabajo nacionales; el detalle por "
        "país sigue, con lo que registra la plataforma de cada grupo."
    ),
}


def _secretariat_user(group: WorkingGroup):
    term = SecretariatTerm.objects.filter(working_group=group).prefetch_related("staff").first()
    return term.staff.first() if term else None


def _membership(group: WorkingGroup, name: str) -> Membership | None:
    return Membership.objects.filter(working_group=group, institution__name=name).select_related("institution").first()


def _representative(membership: Membership) -> Representative | None:
    return membership.representatives.active().select_related("user").first()


def _at(group: WorkingGroup, day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=group.tzinfo)


def _activity(group, actor, **fields) -> None:
    if not Activity.objects.filter(working_group=group, title=fields["title"]).exists():
        activity_services.activity_create(working_group=group, actor=actor, **fields)


def _outreach(group, actor, **fields) -> None:
    if not OutreachContact.objects.filter(
        working_group=group, institution_name=fields["institution_name"], contacted_on=fields["contacted_on"]
    ).exists():
        activity_services.outreach_create(working_group=group, actor=actor, **fields)


def _peru_work(peru: WorkingGroup, embassy: Membership) -> None:
    actor = _secretariat_user(peru)
    _activity(
        peru,
        actor,
        type=Activity.Type.SEMINAR,
        title="Seminar on responsible business conduct with the mining, oil and gas sector",
        starts_on=date(YEAR, 5, 14),
        ends_on=date(YEAR, 5, 14),
        place="Lima",
        region="Lima",
        organisers=[embassy],
        funder_institutions=[embassy.institution],
        topics=["investment_development", "voluntary_principles"],
        participants_business=38,
        participants_civil_servants=14,
        participants_ngos=9,
        participants_international=4,
    )
    _outreach(
        peru,
        actor,
        contacted_on=date(YEAR, 4, 8),
        institution_name="Ombudsman's Office",
        kind=OutreachContact.Kind.OTHER,
        members_involved=[embassy],
        purpose="Invite the office to follow the review of the national action plan with the working group.",
        outcome="The office named a focal point for the working group.",
    )
    plan = WorkPlan.objects.filter(working_group=peru, status=WorkPlan.Status.APPROVED).order_by("-starts_on").first()
    title = "Position the working group as the platform for responsible business conduct"
    if plan is None or Task.objects.filter(work_plan=plan, title=title).exists():
        return
    task = workplan_services.task_create(
        plan=plan,
        actor=actor,
        title=title,
        category=Task.Category.LOBBYING,
        lead=embassy,
        starts_on=date(YEAR, 2, 1),
        due_on=date(YEAR, 11, 30),
    )
    author = _representative(embassy)
    workplan_services.progress_report_post(
        task=task,
        actor=author.user if author else actor,
        text="Meetings held with the Ministry of Justice and the Ombudsman; the working group is named in the draft "
        "national action plan.",
        new_status=Task.Status.IN_PROGRESS,
    )


def _kivu_work(kivu: WorkingGroup, embassy: Membership) -> None:
    actor = _secretariat_user(kivu)
    memberships = list(Membership.objects.current().filter(working_group=kivu).select_related("institution"))
    for day, title, embassy_present in (
        (date(YEAR, 3, 12), "Plénière de mars 2026", True),
        (date(YEAR, 9, 10), "Plénière de septembre 2026", False),
    ):
        if Meeting.objects.filter(working_group=kivu, title=title).exists():
            continue
        meeting = meeting_services.meeting_schedule(
            working_group=kivu,
            actor=actor,
            kind=Meeting.Kind.PLENARY,
            title=title,
            starts_at=_at(kivu, day),
            ends_at=_at(kivu, day) + timedelta(minutes=kivu.plenary_length_minutes),
            venue="DCAF, Bukavu",
            backfill=True,
        )
        entries = []
        for membership in memberships:
            present = embassy_present if membership.pk == embassy.pk else True
            entries.append(
                {
                    "membership": membership,
                    "status": "present" if present else "excused",
                    "representative": _representative(membership) if present else None,
                }
            )
        meeting_services.attendance_record(meeting=meeting, actor=actor, entries=entries)
    _activity(
        kivu,
        actor,
        type=Activity.Type.WORKSHOP,
        title="Workshop on the VPs for mine-site security in Nyabibwe",
        starts_on=date(YEAR, 6, 17),
        ends_on=date(YEAR, 6, 18),
        place="Nyabibwe",
        region="South Kivu",
        organisers=[m for m in memberships if m.institution.name == "Geneva Centre for Security Sector Governance"],
        funder_institutions=[embassy.institution],
        topics=["voluntary_principles", "use_of_force"],
        participants_police=22,
        participants_business=11,
        participants_community_leaders=17,
    )
    _outreach(
        kivu,
        actor,
        contacted_on=date(YEAR, 7, 2),
        institution_name="Provincial Police Inspectorate of South Kivu",
        kind=OutreachContact.Kind.POLICE,
        members_involved=[embassy],
        purpose="Present the working group's recommendations on security around artisanal mine sites.",
        outcome="The inspectorate asked for the recommendations in writing for its training plan.",
    )


def _government_report(peru: WorkingGroup, embassy: Membership) -> MemberReport | None:
    author = _representative(embassy)
    secretariat = _secretariat_user(peru)
    if author is None or secretariat is None:
        return None
    report = services.member_report_start(membership=embassy, year=YEAR, actor=author.user)
    if report.status == MemberReport.Status.DRAFT:
        report = services.member_report_prefill(report=report, actor=author.user)
        texts = {
            (section["key"], section["country"]): TEXTS.get(section["key"], section.get("text", ""))
            for section in report.sections
        }
        report = services.member_report_save(
            report=report, actor=author.user, revision=report.revision, countries=report.countries, texts=texts
        )
        report = services.member_report_submit(report=report, actor=author.user)
    if report.status == MemberReport.Status.SUBMITTED:
        report = services.member_report_approve(report=report, actor=secretariat)
    return report


@transaction.atomic
def load_member_reports_demo() -> None:
    peru = WorkingGroup.objects.filter(slug="peru").first()
    kivu = WorkingGroup.objects.filter(slug="south-kivu").first()
    if peru is None or kivu is None or not Institution.objects.filter(name=GOVERNMENT).exists():
        return
    lima, kinshasa = _membership(peru, LIMA), _membership(kivu, KINSHASA)
    if lima is None or kinshasa is None or lima.institution.parent_id is None:
        return
    _peru_work(peru, lima)
    _kivu_work(kivu, kinshasa)
    _government_report(peru, lima)

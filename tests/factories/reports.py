"""Report objects in any state, built through the services (so grants, audit and Report rows exist)."""

from meetings.models import Meeting
from reports import services
from reports.models import AnnualReport, MemberReport
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

ORDER = [
    AnnualReport.Status.DRAFT,
    AnnualReport.Status.SUBMITTED,
    AnnualReport.Status.APPROVED,
    AnnualReport.Status.CIRCULATED,
]


def AnnualReportFactory(world, year: int, status=AnnualReport.Status.DRAFT, foreword="Our year.") -> AnnualReport:  # noqa: N802
    users = world.users
    annual = services.annual_report_start(working_group=world.group, year=year, actor=users["secretariat"])
    annual = services.annual_report_save(
        annual=annual,
        actor=users["secretariat"],
        revision=annual.revision,
        foreword=foreword,
        lessons_learned="Trust takes time.",
        challenges="Funding for trainings.",
    )
    target = ORDER.index(status)
    if target >= 1:
        services.annual_report_submit(annual=annual, actor=users["secretariat"])
    if target >= 2:
        from tests.factories.decisions import adopt

        adopt(world.group, "annual_report", annual, reason="Approved")
    if target >= 3:
        services.annual_report_circulate(annual=annual, actor=users["secretariat"])
    annual.refresh_from_db()
    return annual


def MemberReportFactory(world, membership_key="company", author="member", year=2023, submitted=False) -> MemberReport:  # noqa: N802
    membership = world.objects[membership_key]
    actor = world.users[author]
    report = services.member_report_start(membership=membership, year=year, actor=actor)
    texts = {(s["key"], s["country"]): f"Our work on {s['title']}." for s in report.sections}
    report = services.member_report_save(
        report=report, actor=actor, revision=report.revision, countries=report.countries, texts=texts
    )
    if submitted:
        report = services.member_report_submit(report=report, actor=actor)
    return report


def upcoming_meeting(world, title="Next plenary", days=14) -> Meeting:
    meeting = MeetingFactory(working_group=world.group, title=title, starts_in_days=days)
    AgendaItemFactory(meeting=meeting, position=1, title="Use of force by private security")
    return meeting

"""Permission rows for the report centre, the annual report, members' reports and meeting packs.

Who sees what (reports/permissions.py): the annual report — Secretariat and admin always, the
Coordination Group once submitted, members and observers once circulated; a member's report — its
institution's representatives (company: the member user; NGO: the coordination user), Secretariat
and admin, the Coordination Group once submitted, approved by the Secretariat; meeting packs — everyone but the group
administrator (they carry circulated minutes). Not visible: 404. The matrix renders no PDFs, so
downloads answer 404 to everyone (tests/reports/test_views.py downloads real copies).
"""

from django.db import transaction

from reports import services
from reports.models import Report
from tests.factories.reports import AnnualReportFactory, MemberReportFactory, upcoming_meeting

from . import LOGIN, Row, everyone, only

GROUP_ROLES = ["member", "observer", "coordination", "secretariat", "admin"]


def build(world):
    with transaction.atomic():
        objects = world.objects
        objects["annual_draft"] = AnnualReportFactory(world, 2021)
        objects["annual_submitted"] = AnnualReportFactory(world, 2022, status="submitted")
        objects["annual_circulated"] = AnnualReportFactory(world, 2023, status="circulated")
        objects["report_annual_draft"], _ = services.report_request(
            actor=world.users["secretariat"], kind=Report.Kind.ANNUAL_GROUP, subject=objects["annual_draft"]
        )
        objects["report_annual_circulated"] = Report.objects.get(annual_report=objects["annual_circulated"])
        objects["member_draft"] = MemberReportFactory(world)
        objects["member_submitted"] = MemberReportFactory(world, year=2022, submitted=True)
        objects["report_member_draft"], _ = services.report_request(
            actor=world.users["member"], kind=Report.Kind.MEMBER_ANNUAL, subject=objects["member_draft"]
        )
        objects["pack_meeting"] = upcoming_meeting(world)
        objects["report_pack"], _ = services.report_request(
            actor=world.users["secretariat"], kind=Report.Kind.MEETING_PACK, subject=objects["pack_meeting"]
        )
        transaction.get_connection().run_on_commit.clear()  # no rendering, no e-mail


def roles(allowed, status=200, seen_by=None, others=404) -> dict:
    """`allowed` get `status`; roles in `seen_by` (that see the group page) but not allowed get 403;
    the rest `others`."""
    result = {"anonymous": LOGIN, "outsider": 404}
    for role in GROUP_ROLES:
        if role in allowed:
            result[role] = status
        elif seen_by and role in seen_by:
            result[role] = 403
        else:
            result[role] = others
    return result


def _report(key):
    return lambda world: {"report_id": world.objects[key].pk}


def _year(key):
    return lambda world: {"year": world.objects[key].year}


MANAGERS = {"secretariat", "admin"}
ALL = set(GROUP_ROLES)
PACK_READERS = {"member", "observer", "coordination", "secretariat"}
COMPANY_REPORT = {"member", "secretariat", "admin"}

ROWS = [
    # status polling: visibility per kind and state
    Row("reports:report-status", roles(MANAGERS), _report("report_annual_draft"), label="annual-draft"),
    Row("reports:report-status", roles(ALL), _report("report_annual_circulated"), label="annual-circulated"),
    Row("reports:report-status", roles(COMPANY_REPORT), _report("report_member_draft"), label="member-draft"),
    Row("reports:report-status", roles(PACK_READERS), _report("report_pack"), label="pack"),
    Row("reports:report-status", everyone(405), _report("report_pack"), method="post", label="pack"),
    # downloads: nothing rendered in the matrix -> 404 for all (see module docstring)
    Row("reports:report-pdf", roles(set()), _report("report_annual_circulated"), label="annual-circulated"),
    Row("reports:report-pdf", roles(set(), others=405), _report("report_pack"), method="post", label="pack"),
    # render again
    Row("reports:report-render", roles(MANAGERS, 302), _report("report_annual_draft"), method="post", label="annual"),
    Row("reports:report-render", everyone(405), _report("report_annual_draft"), label="annual"),
    Row(
        "reports:report-render",
        roles({"secretariat"}, 302, seen_by=PACK_READERS),
        _report("report_pack"),
        method="post",
        label="pack",
    ),  # fmt: skip
    Row(
        "reports:report-render",
        roles(COMPANY_REPORT, 302),
        _report("report_member_draft"),
        method="post",
        label="member",
    ),  # fmt: skip
    # the annual report workflow
    Row("reports:annual-start", only(MANAGERS, 302), method="post", data=lambda world: {"year": 2020}),
    Row("reports:annual-start", only(MANAGERS, 405)),
    Row("reports:annual-detail", roles(MANAGERS), _year("annual_draft"), label="draft"),
    Row("reports:annual-detail", roles(MANAGERS | {"coordination"}), _year("annual_submitted"), label="submitted"),
    Row("reports:annual-detail", roles(ALL), _year("annual_circulated"), label="circulated"),
    Row(
        "reports:annual-detail", roles(set(), others=405), _year("annual_circulated"), method="post", label="circulated"
    ),  # fmt: skip
    Row("reports:annual-edit", only(MANAGERS), _year("annual_draft")),
    Row(
        "reports:annual-edit",
        only(MANAGERS, 302),
        _year("annual_draft"),
        method="post",
        data=lambda world: {"revision": 2, "foreword": "New", "lessons_learned": "", "challenges": ""},
    ),  # fmt: skip
    Row("reports:annual-check", only(MANAGERS), _year("annual_draft")),
    Row(
        "reports:annual-check",
        only(MANAGERS, 302),
        _year("annual_draft"),
        method="post",
        data=lambda world: {"term": "Mining Co", "reason": "The report thanks the host", "every_occurrence": "on"},
    ),  # fmt: skip
    Row("reports:annual-submit", only(MANAGERS, 302), _year("annual_draft"), method="post"),
    Row("reports:annual-submit", only(MANAGERS, 405), _year("annual_draft")),
    Row(
        "reports:annual-return",
        only({"coordination"}, 302),
        _year("annual_submitted"),
        method="post",
        data=lambda world: {"note": "Add the outreach figures."},
    ),  # fmt: skip
    Row("reports:annual-return", only({"coordination"}, 405), _year("annual_submitted")),
    Row("reports:annual-approve", only({"coordination"}, 302), _year("annual_submitted"), method="post"),
    Row("reports:annual-approve", only({"coordination"}, 405), _year("annual_submitted")),
    Row("reports:annual-circulate", only(MANAGERS, 302), _year("annual_submitted"), method="post"),
    Row("reports:annual-circulate", only(MANAGERS, 405), _year("annual_submitted")),
    # meeting packs: prepared by the Secretariat only
    Row(
        "reports:pack-request",
        only({"secretariat"}, 302),
        lambda world: {"meeting_id": world.objects["pack_meeting"].pk},
        method="post",
    ),  # fmt: skip
    Row("reports:pack-request", only(MANAGERS, 405), lambda world: {"meeting_id": world.objects["pack_meeting"].pk}),
    # members' reports
    Row("reports:member-reports", everyone(200)),
    Row("reports:member-reports", everyone(405), method="post"),
    Row(
        "reports:member-start",
        only({"member", "observer", "coordination"}, 302),
        method="post",
        data=lambda world: {"year": 2024},
    ),  # fmt: skip
    Row("reports:member-start", everyone(405)),
    Row("reports:member-detail", roles(COMPANY_REPORT), _report("member_draft")),
    Row(
        "reports:member-detail",
        roles({"member"}, 302, seen_by=MANAGERS),
        _report("member_draft"),
        method="post",
        data=lambda world: {"revision": 2, "countries": "Peru", "text-0": "We committed."},
    ),  # fmt: skip
    Row("reports:member-submit", roles({"member"}, 302, seen_by=MANAGERS), _report("member_draft"), method="post"),
    Row("reports:member-submit", everyone(405), _report("member_draft")),
    # a member's report for its parent organisation: pre-filled by its author (here the company has no
    # parent: refused with a message, 302), approved by the Secretariat once submitted
    Row("reports:member-prefill", roles({"member"}, 302, seen_by=MANAGERS), _report("member_draft"), method="post"),
    Row("reports:member-prefill", everyone(405), _report("member_draft")),
    Row(
        "reports:member-detail",
        roles(COMPANY_REPORT | {"coordination"}),
        _report("member_submitted"),
        label="submitted",
    ),  # fmt: skip
    # the group administrator manages reports but is not the Secretariat: 403 from the service
    Row("reports:member-approve", only({"secretariat"}, 302), _report("member_submitted"), method="post"),
    Row("reports:member-approve", only(MANAGERS, 405), _report("member_submitted")),
]

"""The report models moved from the `vpwg` app to `reports` (issue 12) without losing a row.

The database is migrated back to the last migration before the move (vpwg 0005, no reports
migration), filled through the historical models as a database of that time would be — circulated and
draft annual reports, a member's report, the section list, rendered Report rows, guardian grants to the
role groups and to one person, the document-access log — then migrated forward. Every row must still be
there, every grant must answer through guardian under the new label, and every content type must name
the `reports` app. Transactional: migrations cannot run inside the test's transaction.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports.models import AnnualReport, MemberReport, MemberReportSection, Report
from tests.conftest import build_group_world
from vpwg.documents import document_access_for
from vpwg.permissions import AccessLevel, access_for, forget_cached_permissions

BEFORE_THE_MOVE = [("reports", None)]  # unapplies reports' migrations and vpwg 0006, which depends on them
MOVED = ("annualreport", "memberreport", "memberreportsection", "report")


def _applied_leaves() -> list[tuple[str, str]]:
    """The last applied migration of each app: where the test database stands (and must stand again)."""
    loader = MigrationExecutor(connection).loader
    nodes = loader.graph.node_map
    applied = {key for key in loader.applied_migrations if key in nodes}
    return [key for key in applied if not any(child.key in applied for child in nodes[key].children)]


def _migrate(targets):
    """Migrate to `targets`; returns the historical apps afterwards."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def _fill_the_old_database(old, world) -> dict:
    """Rows as the vpwg-era code wrote them, through the models of that time."""
    ContentType_ = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    GroupObjectPermission = old.get_model("guardian", "GroupObjectPermission")
    UserObjectPermission = old.get_model("guardian", "UserObjectPermission")
    OldAnnualReport = old.get_model("vpwg", "AnnualReport")
    OldMemberReport = old.get_model("vpwg", "MemberReport")
    OldReport = old.get_model("vpwg", "Report")
    DocumentAccess = old.get_model("vpwg", "DocumentAccess")

    content_types = {model: ContentType_.objects.get_or_create(app_label="vpwg", model=model)[0] for model in MOVED}
    view_annual, _ = Permission.objects.get_or_create(
        content_type=content_types["annualreport"],
        codename="view_annualreport",
        defaults={"name": "Can view group annual report"},
    )
    view_member, _ = Permission.objects.get_or_create(
        content_type=content_types["memberreport"],
        codename="view_memberreport",
        defaults={"name": "Can view member annual report"},
    )
    group, users = world.group, world.users
    circulated = OldAnnualReport.objects.create(
        working_group_id=group.pk,
        year=2023,
        foreword="Un año de diálogo.",
        status="circulated",
        revision=3,
        circulated_at="2024-03-01T12:00:00Z",
    )
    draft = OldAnnualReport.objects.create(working_group_id=group.pk, year=2024, foreword="Draft.")
    # The seeded section list may be gone (a flush before this test); an admin's own section is kept either way.
    old.get_model("vpwg", "MemberReportSection").objects.create(
        pillar="companies", position=9, key="grievances", title="F. Grievance mechanisms in {country}", per_country=True
    )
    member_report = OldMemberReport.objects.create(
        working_group_id=group.pk,
        membership_id=world.objects["company"].pk,
        year=2023,
        countries="Peru, Colombia",
        sections=[{"key": "commitment", "title": "A. Commitment", "guidance": "", "country": "", "text": "We did."}],
        status="submitted",
        submitted_by_id=users["member"].pk,
    )
    annual_render = OldReport.objects.create(
        working_group_id=group.pk,
        kind="annual_group",
        annual_report=circulated,
        status="ready",
        progress=100,
        file="reports/alpha/annual_group-1.pdf",
        pages=12,
    )
    member_render = OldReport.objects.create(
        working_group_id=group.pk, kind="member_annual", member_report=member_report, status="failed", error="Disk"
    )
    for role in ("member", "observer"):  # what circulation granted: the role groups, per object
        GroupObjectPermission.objects.create(
            group=Group.objects.get(name=f"{group.slug}:{role}"),
            permission=view_annual,
            content_type=content_types["annualreport"],
            object_pk=str(circulated.pk),
        )
    # An exception granted to one person: an outside reviewer may read the member's report.
    UserObjectPermission.objects.create(
        user_id=users["outsider"].pk,
        permission=view_member,
        content_type=content_types["memberreport"],
        object_pk=str(member_report.pk),
    )
    accesses = [
        DocumentAccess.objects.create(
            working_group_id=group.pk,
            content_type=content_types[model],
            object_id=obj.pk,
            user_id=users["member"].pk,
            action="download",
        )
        for model, obj in (("annualreport", circulated), ("report", annual_render), ("memberreport", member_report))
    ]
    # Something (a `migrate` run) already created the new content type of one model: it must be merged.
    stale = ContentType_.objects.create(app_label="reports", model="memberreport")
    Permission.objects.create(content_type=stale, codename="view_memberreport", name="Can view member annual report")
    return {
        "content_type_ids": {model: ct.pk for model, ct in content_types.items()},
        "circulated": circulated.pk,
        "draft": draft.pk,
        "member_report": member_report.pk,
        "annual_render": annual_render.pk,
        "member_render": member_render.pk,
        "accesses": [access.pk for access in accesses],
        "sections": old.get_model("vpwg", "MemberReportSection").objects.count(),
        "group_grants": GroupObjectPermission.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_moving_the_report_models_keeps_every_row_grant_and_content_type():
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from vpwg.models import DocumentAccess

    world = build_group_world("alpha")
    latest = _applied_leaves()
    try:
        old = _migrate(BEFORE_THE_MOVE)
        with pytest.raises(LookupError):  # before the move, the models were vpwg's
            old.get_model("reports", "AnnualReport")
        before = _fill_the_old_database(old, world)
    finally:
        _migrate(latest)  # whatever happened, leave the database where it was

    # Every content type names the reports app; the renamed ones kept their ids.
    content_types = ContentType.objects.filter(model__in=MOVED)
    assert sorted(content_types.values_list("app_label", "model")) == sorted(("reports", model) for model in MOVED)
    for model in ("annualreport", "memberreportsection", "report"):
        assert ContentType.objects.get(app_label="reports", model=model).pk == before["content_type_ids"][model]
    assert ContentType.objects.get_for_model(AnnualReport).model_class() is AnnualReport

    # Every row is there, with what it held.
    circulated = AnnualReport.objects.get(pk=before["circulated"])
    assert (circulated.year, circulated.status, circulated.revision) == (2023, "circulated", 3)
    assert circulated.foreword == "Un año de diálogo."
    draft = AnnualReport.objects.get(pk=before["draft"])
    member_report = MemberReport.objects.get(pk=before["member_report"])
    assert member_report.country_list == ["Peru", "Colombia"] and member_report.sections[0]["text"] == "We did."
    assert member_report.membership == world.objects["company"]
    annual_render = Report.objects.get(pk=before["annual_render"])
    assert annual_render.annual_report == circulated and annual_render.file.name == "reports/alpha/annual_group-1.pdf"
    assert Report.objects.get(pk=before["member_render"]).member_report == member_report
    assert MemberReportSection.objects.count() == before["sections"]
    assert MemberReportSection.objects.get(pillar="companies", key="grievances").per_country

    # The circulation grants answer through guardian under the new label, and through the access object.
    assert GroupObjectPermission.objects.count() == before["group_grants"]
    users = world.users
    for role in ("member", "observer"):
        forget_cached_permissions(users[role])
        assert users[role].has_perm("reports.view_annualreport", circulated), role
        assert not users[role].has_perm("reports.view_annualreport", draft), role
        assert access_for(users[role], world.group).level(circulated) is AccessLevel.READER
    assert not users["outsider"].has_perm("reports.view_annualreport", circulated)

    # The one-person grant moved onto the merged content type; its old twin is gone.
    assert users["outsider"].has_perm("reports.view_memberreport", member_report)
    grant = UserObjectPermission.objects.get(user=users["outsider"])
    assert grant.content_type == ContentType.objects.get_for_model(MemberReport)
    assert grant.permission.content_type == grant.content_type

    # The document-access log still names its documents.
    accesses = DocumentAccess.objects.filter(pk__in=before["accesses"])
    assert sorted(access.content_type.model_class().__name__ for access in accesses) == [
        "AnnualReport",
        "MemberReport",
        "Report",
    ]
    assert [access.pk for access in document_access_for(circulated)] == [before["accesses"][0]]
    assert [access.pk for access in document_access_for(annual_render)] == [before["accesses"][1]]

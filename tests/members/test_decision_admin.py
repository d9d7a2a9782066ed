"""The Django admin takes no Coordination Group decision (issue 14): what only an adopted decision changes
(an application's outcome, a membership's status, a plan's or a report's approval) has no admin page or
action that changes it, even for a superuser who is also the group's administrator."""

import pytest
from django.contrib import admin

from members.models import Decision, DecisionVote, Membership, MembershipApplication, WrittenProcedure
from reports.models import AnnualReport
from tests.factories.workplan import WorkPlanFactory
from tests.members.test_admin import _admin_client, _change_url, _post_change
from workplan.models import WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_admin(world, client):
    return _admin_client(client, world["a"].users["admin"])


def test_decisions_and_what_they_decide_have_no_admin_that_changes_them(rf, world):
    registry = admin.site._registry
    for model in (Decision, DecisionVote, WrittenProcedure, MembershipApplication, AnnualReport):
        assert model not in registry, model  # decided on the group's pages, by the rule, and nowhere else
    request = rf.get("/admin/")
    request.user = world["a"].users["admin"]
    request.user.is_staff = request.user.is_superuser = True
    plan = WorkPlanFactory(working_group=world["a"].group)
    for model, obj in ((Membership, world["a"].objects["company"]), (WorkPlan, plan)):
        model_admin = registry[model]
        # No admin action beyond deleting a selection (which the services' rows protect), and the status
        # is never a field of the change form.
        assert set(model_admin.get_actions(request)) <= {"delete_selected"}, model
        editable = model_admin.has_change_permission(request, obj)
        assert not editable or "status" in model_admin.get_readonly_fields(request, obj), model


def test_a_superuser_cannot_approve_a_work_plan_in_the_admin(world, group_admin):
    plan = WorkPlanFactory(working_group=world["a"].group)
    form = group_admin.get(_change_url(plan)).context["adminform"].form
    assert "status" not in form.fields and "approved_on" not in form.fields
    response = _post_change(group_admin, plan, title="Work plan 2026 (revised)")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Work plan 2026 (revised)" and plan.status == WorkPlan.Status.DRAFT
    group_admin.post(_change_url(plan), {"title": plan.title, "status": "approved", "_save": "Save"})
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT and plan.approved_on is None
    assert not Decision.objects.exists() and not plan.history.exists()

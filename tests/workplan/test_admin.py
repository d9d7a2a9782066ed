"""The work plan admin edits tasks through the services and never a status."""

import pytest

from tests.factories.workplan import TaskFactory, WorkPlanFactory
from tests.members.test_admin import _admin_client, _change_url, _post_change
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_admin(world, client):
    return _admin_client(client, world["a"].users["admin"])


def test_a_task_edit_goes_through_the_service_and_its_status_is_read_only(world, group_admin):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    form = group_admin.get(_change_url(task)).context["adminform"].form
    assert "status" not in form.fields and "work_plan" not in form.fields
    assert _post_change(group_admin, task, title="Scoping study, second phase").status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Scoping study, second phase", 2)
    assert AuditRecord.objects.filter(action="workplan.task.updated", actor=a.users["admin"]).exists()


def test_a_closed_plans_task_is_refused_with_the_services_message(world, group_admin):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="closed"), lead=a.objects["company"])
    response = _post_change(group_admin, task, title="Changed after closing")
    assert response.status_code == 200
    assert "This work plan is closed" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Changed after closing"

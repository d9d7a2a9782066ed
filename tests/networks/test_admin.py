"""The Django admin of networks goes through the services: staff granted with an audit record, and a
group's sharing changed only as its charter decision (an administrator of the group, with a reason)."""

import pytest
from django.urls import reverse

from members.models import CharterChange
from networks.models import Network
from tests.factories.members import UserFactory
from tests.factories.networks import NetworkGroupFactory
from tests.members.test_admin import _admin_client, _post_change
from vpwg import permissions
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_platform_admin_creates_a_network_with_its_staff_and_groups(world, client):
    admin_client = _admin_client(client, UserFactory())
    staff = UserFactory()
    response = admin_client.post(
        reverse("admin:networks_network_add"),
        {
            "name": "Iniciativa de los Principios Voluntarios",
            "slug": "vpi",
            "staff": [str(staff.pk)],
            "group_rows-TOTAL_FORMS": "1",
            "group_rows-INITIAL_FORMS": "0",
            "group_rows-0-working_group": str(world["a"].group.pk),
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    network = Network.objects.get(slug="vpi")
    permissions.forget_cached_permissions(staff)
    assert permissions.is_network_staff(staff, "vpi")
    assert AuditRecord.objects.filter(action="networks.staff.granted", target_id=str(network.pk)).exists()
    row = network.group_rows.get()
    assert row.working_group == world["a"].group and row.shares_figures is False  # sharing is the group's decision
    assert AuditRecord.objects.filter(action="networks.group.added", working_group=world["a"].group).exists()


def test_sharing_changes_in_the_admin_only_as_the_groups_charter_decision(world, client):
    a = world["a"]
    row = NetworkGroupFactory(working_group=a.group)
    outsider_admin = _admin_client(client, UserFactory())  # a superuser with no role in the group: refused
    refused = _post_change(outsider_admin, row, shares_figures="on", decision_reason="Plenary of 10 March")
    assert refused.status_code == 200
    row.refresh_from_db()
    assert row.shares_figures is False
    group_admin = _admin_client(client, a.users["admin"])
    assert _post_change(group_admin, row, shares_figures="on", decision_reason="Plenary of 10 March").status_code == 302
    row.refresh_from_db()
    assert row.shares_figures is True
    assert CharterChange.objects.get(working_group=a.group).reason == "Plenary of 10 March"

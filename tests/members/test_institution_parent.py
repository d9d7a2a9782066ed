"""Institutions belong to organisations: the parent is set by a platform administrator or by the
Secretariat of a group the institution is a member of, cycles are refused, the change is audited, and
the institution page shows the organisation's other institutions only in the viewer's own groups."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from members import services
from members.exceptions import MembersError
from members.models import Institution
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory, UserFactory
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def _set(world, institution, parent, role="secretariat", **kwargs):
    return services.institution_set_parent(
        institution=institution, parent=parent, actor=world.users[role], working_group=world.group, **kwargs
    )


def test_parent_is_set_and_audited_once(world):
    a = world["a"]
    embassy = a.objects["company"].institution
    government = InstitutionFactory(name="Government of the Netherlands", kind=Institution.Kind.FOREIGN_GOVERNMENT)
    _set(a, embassy, government)
    _set(a, embassy, government)  # the same parent again changes nothing
    embassy.refresh_from_db()
    assert embassy.parent == government
    audits = AuditRecord.objects.filter(action="members.institution.parent_changed", target_id=str(embassy.pk))
    assert audits.count() == 1
    assert audits.get().data["after"] == "Government of the Netherlands"
    assert audits.get().working_group == a.group
    _set(a, embassy, None)
    embassy.refresh_from_db()
    assert embassy.parent is None and audits.count() == 2


def test_a_new_organisation_is_created_by_name(world):
    a = world["a"]
    company = a.objects["company"].institution
    _set(a, company, None, new_parent_name="  Mining Group Holdings ")
    company.refresh_from_db()
    assert company.parent.name == "Mining Group Holdings" and company.parent.kind == company.kind
    assert not company.parent.memberships.exists()


def test_itself_and_any_cycle_are_refused_in_every_language(world):
    a = world["a"]
    embassy = a.objects["company"].institution
    government = InstitutionFactory(name="Government")
    ministry = InstitutionFactory(name="Ministry", parent=government)
    Institution.objects.filter(pk=government.pk).update(parent=embassy)  # embassy > government > ministry
    with pytest.raises(MembersError, match="cannot belong to itself"):
        _set(a, embassy, embassy)
    with pytest.raises(MembersError, match="one of the institutions under it"):
        _set(a, embassy, ministry)
    with translation.override("es"), pytest.raises(MembersError, match="no puede pertenecer a sí misma"):
        _set(a, embassy, ministry)
    with translation.override("fr"), pytest.raises(MembersError, match="ne peut pas appartenir à elle-même"):
        _set(a, embassy, ministry)
    embassy.refresh_from_db()
    assert embassy.parent is None
    assert not AuditRecord.objects.filter(action="members.institution.parent_changed").exists()


def test_members_and_other_groups_may_not_set_it_platform_admins_may(world):
    a, b = world["a"], world["b"]
    company = a.objects["company"].institution
    government = InstitutionFactory()
    for role in ("member", "coordination", "observer"):
        with pytest.raises(PermissionDenied):
            _set(a, company, government, role=role)
    with pytest.raises(PermissionDenied):  # B's Secretariat, in B: the institution is not a member there
        _set(b, company, government)
    with pytest.raises(PermissionDenied):  # no group at all
        services.institution_set_parent(institution=company, parent=government, actor=a.users["secretariat"])
    company.refresh_from_db()
    assert company.parent is None
    platform_admin = UserFactory(is_superuser=True, is_staff=True)
    services.institution_set_parent(institution=company, parent=government, actor=platform_admin)
    company.refresh_from_db()
    assert company.parent == government


def test_page_shows_the_organisation_and_only_its_institutions_in_the_viewers_groups(world, client_as):
    a, b = world["a"], world["b"]
    government = InstitutionFactory(name="Government of the Netherlands")
    lima = a.objects["company"].institution
    Institution.objects.filter(pk=lima.pk).update(parent=government)
    bukavu = MembershipFactory(working_group=b.group, institution=InstitutionFactory(name="Dutch mission Bukavu"))
    Institution.objects.filter(pk=bukavu.institution_id).update(parent=government)
    url = reverse("members:institution-detail", args=[a.group.slug, lima.pk])

    client = client_as(a.users["member"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Pertenece a" in page and "Government of the Netherlands" in page
    assert "Dutch mission Bukavu" not in page  # a group the member is not in: not even named
    assert "Cambiar la organización" not in page

    both = a.users["member"]  # now also a representative in B
    RepresentativeFactory(user=both, membership=MembershipFactory(working_group=b.group))
    page = client_as(both).get(url).content.decode()
    assert "Dutch mission Bukavu" in page and b.group.name in page


def test_secretariat_sets_it_on_the_page(world, client_as):
    a = world["a"]
    company = a.objects["company"].institution
    url = reverse("members:institution-parent", args=[a.group.slug, company.pk])
    client = client_as(a.users["secretariat"])
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Pertenece a" in form and "Ninguna organización" in form
    assert "Mining Co beta" not in form  # another group's institution is not offered
    response = client.post(url, {"parent": "", "new_parent_name": "Grupo Minero Andino"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.parent.name == "Grupo Minero Andino"
    refused = client.post(url, {"parent": company.pk, "new_parent_name": ""})
    assert refused.status_code == 200  # the form refuses the institution itself: not in the list
    company.refresh_from_db()
    assert company.parent.name == "Grupo Minero Andino"


def test_platform_admin_sets_it_in_the_django_admin_cycles_refused(world, client):
    from tests.members.test_admin import _admin_client, _post_change

    a = world["a"]
    admin_client = _admin_client(client, UserFactory())
    embassy = a.objects["company"].institution
    government = InstitutionFactory(name="Government of the Netherlands")
    assert _post_change(admin_client, embassy, parent=str(government.pk)).status_code == 302
    embassy.refresh_from_db()
    assert embassy.parent == government
    assert AuditRecord.objects.filter(action="members.institution.parent_changed", target_id=str(embassy.pk)).exists()
    refused = _post_change(admin_client, government, parent=str(embassy.pk))  # government > embassy > government
    assert refused.status_code == 200 and "cannot belong to itself" in refused.content.decode()
    government.refresh_from_db()
    assert government.parent is None

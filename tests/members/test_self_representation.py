"""Issue 15, hole 1: a group administrator (who reads no minutes) cannot give themselves the minutes,
neither by inviting themselves as a representative nor by joining the Secretariat of another institution."""

import pytest
from django.core import mail
from django.urls import reverse

from members import services
from members.exceptions import MembersError
from members.models import Invitation, Representative, SecretariatTerm
from minutes.models import Minutes
from tests.factories.members import RepresentativeFactory, UserFactory
from tests.factories.minutes import MinutesFactory
from vpwg.permissions import Role, forget_cached_permissions, roles_of

pytestmark = pytest.mark.django_db

REFUSED_SELF = "You cannot make yourself a representative"


def _invite_url(group_world, key="company"):
    return reverse(
        "members:representative-invite", args=[group_world.group.slug, group_world.objects[key].institution_id]
    )


def _cannot_open(client, minutes):
    slug = minutes.working_group.slug
    for name in ("minutes:minutes-detail", "minutes:minutes-pdf"):
        assert client.get(reverse(name, args=[slug, minutes.pk])).status_code == 404, name


def test_an_administrator_cannot_invite_themselves_and_still_reads_no_minutes(world, client_as):
    a = world["a"]
    admin = a.users["admin"]
    minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    client = client_as(admin)
    for email in (admin.email, f"  {admin.email.upper()} "):
        response = client.post(
            _invite_url(a), {"first_name": "Ad", "last_name": "Min", "email": email, "role": "alternate"}
        )
        assert response.status_code == 200
        assert REFUSED_SELF in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    assert not Representative.objects.filter(user=admin).exists()
    _cannot_open(client, minutes)


def test_an_address_the_inviter_takes_afterwards_is_refused_at_acceptance(world):
    a = world["a"]
    admin = a.users["admin"]
    invitation = services.representative_invite(
        membership=a.objects["company"],
        email="alias@example.org",
        first_name="A",
        last_name="B",
        role="alternate",
        actor=admin,
    )
    admin.email = "alias@example.org"
    admin.save(update_fields=["email"])
    with pytest.raises(MembersError, match=REFUSED_SELF):
        services.invitation_accept(token=invitation.token, password=None)
    assert not Representative.objects.filter(user=admin).exists()


def test_nobody_appoints_themselves_but_another_person_may_record_it(world):
    a = world["a"]
    admin = a.users["admin"]
    with pytest.raises(MembersError, match=REFUSED_SELF):  # the Django admin goes through this service
        services.representative_appoint(membership=a.objects["company"], user=admin, role="alternate", actor=admin)
    assert not Representative.objects.filter(user=admin).exists()
    second_admin = UserFactory()
    services.group_administrator_add(working_group=a.group, user=second_admin)
    representative = services.representative_appoint(
        membership=a.objects["company"], user=admin, role="alternate", actor=second_admin
    )
    assert representative.user == admin


def test_an_administrator_cannot_hand_the_secretariat_to_staff_of_another_institution(world, client_as):
    a = world["a"]
    admin = a.users["admin"]
    # The admin's own representation of the NGO, recorded by the Secretariat (allowed: another person).
    own = services.representative_appoint(
        membership=a.objects["ngo"], user=admin, role="alternate", actor=a.users["secretariat"]
    )
    minutes = MinutesFactory(a, status=Minutes.Status.DRAFT)
    client = client_as(admin)
    url = reverse("members:secretariat", args=[a.group.slug])
    terms_before = SecretariatTerm.objects.count()
    today = a.group.today().isoformat()
    # The attack: the company takes the Secretariat, and the staff listed is the admin's representation.
    response = client.post(url, {"membership": a.objects["company"].pk, "staff": [own.pk], "started_on": today})
    assert response.status_code == 200
    assert "Secretariat staff must be representatives of the institution holding it." in response.content.decode()
    # The NGO's term, with the admin on the staff: the admin does not add themselves.
    response = client.post(url, {"membership": a.objects["ngo"].pk, "staff": [own.pk], "started_on": today})
    assert response.status_code == 200
    assert "You cannot add yourself to the Secretariat" in response.content.decode()
    assert SecretariatTerm.objects.count() == terms_before
    forget_cached_permissions(admin)
    assert Role.SECRETARIAT not in roles_of(admin, a.group)
    assert client.get(reverse("minutes:minutes-detail", args=[a.group.slug, minutes.pk])).status_code == 404


def test_the_service_refuses_staff_who_do_not_represent_the_holder(world):
    """The form is not the authority: the services (and the Django admin through them) check it too."""
    a = world["a"]
    admin, company_rep = a.users["admin"], a.objects["member_rep"]
    with pytest.raises(MembersError, match="Secretariat staff must represent"):
        services.secretariat_term_start(
            working_group=a.group, institution=a.objects["ngo"].institution, staff=[company_rep.user], actor=admin
        )
    term = SecretariatTerm.objects.get(working_group=a.group)
    with pytest.raises(MembersError, match="Secretariat staff must represent"):
        services.secretariat_term_change(term=term, actor=admin, staff=[*term.staff.all(), company_rep.user])
    ngo_rep = RepresentativeFactory(membership=a.objects["ngo"])
    services.secretariat_term_change(term=term, actor=admin, staff=[*term.staff.all(), ngo_rep.user])
    assert ngo_rep.user in term.staff.all()

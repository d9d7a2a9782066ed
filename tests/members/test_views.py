import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Invitation, Representative

pytestmark = pytest.mark.django_db


def test_directory_groups_by_pillar_with_counts(world, client_as):
    group = world["a"].group
    response = client_as(world["a"].users["member"]).get(reverse("members:directory", args=[group.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mining Co alpha" in html and "Rights NGO alpha" in html and "Observer Org alpha" in html
    assert "Mining Co beta" not in html  # the other group's members never show
    counts = {row["pillar"]: (row["members"], row["observers"]) for row in response.context["pillar_counts"]}
    assert counts == {"companies": (1, 0), "government": (0, 1), "civil_society": (1, 0)}


def test_directory_query_count_does_not_grow_with_members(world, client_as, django_assert_num_queries):
    from tests.factories.members import MembershipFactory, RepresentativeFactory

    group = world["a"].group
    client = client_as(world["a"].users["member"])
    url = reverse("members:directory", args=[group.slug])
    client.get(url)
    # session, user, group, roles, capabilities, memberships, representatives, counts, switcher, what
    # waits (the navigation's count)
    with django_assert_num_queries(8) as small:
        client.get(url)
    for _ in range(5):
        RepresentativeFactory(membership=MembershipFactory(working_group=group))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_institution_of_another_group_is_a_404(world, client_as):
    other_institution = world["b"].objects["company"].institution_id
    response = client_as(world["a"].users["secretariat"]).get(
        reverse("members:institution-detail", args=[world["a"].group.slug, other_institution])
    )
    assert response.status_code == 404


def test_unknown_group_is_a_404(client_as, world):
    assert client_as(world["a"].users["admin"]).get("/g/does-not-exist/").status_code == 404


def test_institution_page_shows_representatives_and_history(world, client_as):
    group_world = world["a"]
    membership = group_world.objects["company"]
    response = client_as(group_world.users["observer"]).get(
        reverse("members:institution-detail", args=[group_world.group.slug, membership.institution_id])
    )
    html = response.content.decode()
    assert group_world.users["member"].get_full_name() in html
    assert "Membership history" in html
    assert "Invite a representative" not in html  # observers cannot invite


def test_invite_form_shows_errors_and_keeps_input(world, client_as):
    group_world = world["a"]
    url = reverse(
        "members:representative-invite", args=[group_world.group.slug, group_world.objects["company"].institution_id]
    )
    response = client_as(group_world.users["secretariat"]).post(url, {"first_name": "Ana", "email": "not-an-email"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"email", "last_name", "role"}
    assert 'value="Ana"' in response.content.decode()


def _invite_and_get_link(world, client, django_capture_on_commit_callbacks, email="nuevo@example.org"):
    group_world = world["a"]
    client.force_login(group_world.users["secretariat"])
    url = reverse(
        "members:representative-invite", args=[group_world.group.slug, group_world.objects["company"].institution_id]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"first_name": "Nuevo", "last_name": "Miembro", "email": email, "role": "alternate"}
        )
    assert response.status_code == 302
    link = re.search(r"http\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    client.logout()
    return link.split("127.0.0.1:8000", 1)[-1]


def test_invitation_link_sets_a_password_signs_in_and_works_once(world, client, django_capture_on_commit_callbacks):
    path = _invite_and_get_link(world, client, django_capture_on_commit_callbacks)
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": "uno-dos-tres-44", "password2": "uno-dos-tres-44"})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard", args=[world["a"].group.slug])
    assert client.get(response["Location"]).status_code == 200  # signed in as the new representative
    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_invitation_refuses_a_weak_or_mismatched_password(world, client, django_capture_on_commit_callbacks):
    path = _invite_and_get_link(world, client, django_capture_on_commit_callbacks)
    response = client.post(path, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(path, {"password1": "uno-dos-tres-44", "password2": "uno-dos-tres-45"})
    assert "The two passwords differ." in response.content.decode()
    assert not Representative.objects.filter(user__email="nuevo@example.org").exists()


def test_expired_invitation_link_says_so(world, client, django_capture_on_commit_callbacks):
    path = _invite_and_get_link(world, client, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_existing_account_must_sign_in_to_accept(world, client, django_capture_on_commit_callbacks):
    other_group_user = world["b"].users["member"]
    path = _invite_and_get_link(world, client, django_capture_on_commit_callbacks, email=other_group_user.email)
    response = client.post(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(other_group_user)
    response = client.post(path)
    assert response.status_code == 302
    assert Representative.objects.active().filter(user=other_group_user).count() == 2


def test_remove_representative_via_the_page(world, client_as):
    group_world = world["a"]
    rep = group_world.objects["member_rep"]
    client = client_as(group_world.users["secretariat"])
    url = reverse("members:representative-remove", args=[group_world.group.slug, rep.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    client.post(url, {"reason": "Retired"})
    rep.refresh_from_db()
    assert rep.ended_on is not None
    response = client.get(
        reverse("members:institution-detail", args=[group_world.group.slug, rep.membership.institution_id])
    )
    assert rep.user.get_full_name() in response.content.decode()  # still listed, as history


def test_group_switcher_lists_only_my_groups(client_as, world):
    services.representative_add(
        membership=world["b"].objects["company"], user=world["a"].users["member"], role="alternate"
    )
    response = client_as(world["a"].users["member"]).get("/?all=1")
    assert [group.slug for group in response.context["my_groups"]] == ["alpha", "beta"]  # the switcher's list
    assert [entry.group.slug for entry in response.context["across"]] == ["alpha", "beta"]  # the home's

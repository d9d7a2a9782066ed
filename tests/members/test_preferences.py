"""One profile across groups (issue 19, item 1): /me/preferences/ is the one place for the person's
name, language and weekly digest, the same in every group; the interface follows the language saved
there at once and after every sign-in (vpwg.i18n)."""

import pytest
from django.urls import reverse

from members.models import UserProfile
from members.services.profile import profile_update
from tests.factories.members import RepresentativeFactory
from vpwg.audit import AuditRecord

URL = "/me/preferences/"


def _data(**overrides) -> dict:
    return {"first_name": "Rosa", "last_name": "Quispe", "language": "es", "weekly_digest": "on", **overrides}


def test_the_page_has_name_language_and_digest(world, client_as):
    user = world["a"].users["observer"]
    html = client_as(user).get(reverse("profile:preferences"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert reverse("profile:preferences") == URL
    for field in ("first_name", "last_name", "language", "weekly_digest"):
        assert f'name="{field}"' in html
    assert f'value="{user.first_name}"' in html
    assert "Las mismas en todos los grupos en los que participa." in html
    assert reverse("calendar:settings") in html


def test_saving_changes_name_language_and_digest_once_for_every_group(world, client_as):
    user = world["a"].users["member"]
    RepresentativeFactory(user=user, membership=world["b"].objects["company"])  # in two groups
    client = client_as(user)
    response = client.post(URL, _data(weekly_digest=""))
    assert response.status_code == 302 and response.url == URL
    user.refresh_from_db()
    profile = UserProfile.objects.get(user=user)
    assert (user.first_name, user.last_name, profile.language, profile.weekly_digest) == ("Rosa", "Quispe", "es", False)
    [record] = AuditRecord.objects.filter(action="members.profile.updated", actor=user)
    assert record.data["fields"] == ["name", "language", "weekly_digest"]
    for slug in ("alpha", "beta"):  # the same name on both groups' pages
        assert "Rosa Quispe" in client.get(reverse("members:directory", args=[slug])).content.decode()

    client.post(URL, _data(weekly_digest=""))  # the same again: nothing changes, nothing recorded
    assert AuditRecord.objects.filter(action="members.profile.updated", actor=user).count() == 1


def test_the_digest_turns_off_and_on(world, client_as):
    user = world["a"].users["observer"]
    client = client_as(user)
    assert (
        client.post(URL, _data(first_name=user.first_name, last_name=user.last_name, weekly_digest="")).status_code
        == 302
    )
    assert UserProfile.objects.get(user=user).weekly_digest is False
    client.post(URL, _data(first_name=user.first_name, last_name=user.last_name))
    assert UserProfile.objects.get(user=user).weekly_digest is True


@pytest.mark.parametrize(
    "bad",
    [{"first_name": ""}, {"last_name": "   "}, {"language": "xx"}, {"first_name": "x" * 151}],
    ids=["no first name", "blank last name", "unknown language", "too long"],
)
def test_bad_input_is_refused_and_changes_nothing(world, client_as, bad):
    user = world["a"].users["observer"]
    before = (user.first_name, user.last_name)
    response = client_as(user).post(URL, _data(**bad))
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == before
    assert not UserProfile.objects.filter(user=user, language="es").exists()


def test_the_service_refuses_an_unknown_language(world):
    with pytest.raises(ValueError):
        profile_update(
            user=world["a"].users["member"], first_name="A", last_name="B", language="xx", weekly_digest=True
        )


def test_the_language_chosen_applies_at_once_and_after_every_sign_in(world, client):
    user = world["a"].users["member"]
    client.force_login(user)
    response = client.post(URL, _data(language="fr"), HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert '<html lang="fr">' in response.content.decode()
    assert "Vos préférences sont enregistrées." in response.content.decode()
    assert client.cookies["django_language"].value == "fr"

    client.logout()  # the cookies go with the session
    # A Spanish browser signs in: the profile's French wins, on every page, in every group.
    signed_in = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "test-pass-123"},
        HTTP_ACCEPT_LANGUAGE="es",
        follow=True,
    ).content.decode()
    assert '<html lang="fr">' in signed_in
    assert "Successfully signed in" not in signed_in and "Ha iniciado sesión" not in signed_in  # the message too
    for url in (reverse("home") + "?all=1", reverse("members:dashboard", args=["alpha"]), URL):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert page.wsgi_request.LANGUAGE_CODE == "fr", url
        assert '<html lang="fr">' in page.content.decode()


@pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept
def test_a_new_name_shows_at_once_on_pages_each_group_keeps(world, client, settings):
    """The dashboard's "who holds which role" is kept between the group's writes (vpwg.kept): a new name
    makes what each of the person's groups keeps stale."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h1"}}
    settings.VPWG_GROUP_CACHE_SECONDS = 60
    cache.clear()
    seat_holder = world["a"].users["coordination"]  # named under "who holds which role"
    client.force_login(world["a"].users["member"])
    dashboard = reverse("members:dashboard", args=["alpha"])
    for _ in range(2):  # opened, then kept
        assert seat_holder.get_full_name() in client.get(dashboard).content.decode()
    profile_update(user=seat_holder, first_name="Elena", last_name="Huamaní", language="es", weekly_digest=True)
    assert "Elena Huamaní" in client.get(dashboard).content.decode()

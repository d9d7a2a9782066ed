import pytest
from django.urls import reverse

from members.models import UserProfile
from tests.factories.members import UserFactory
from vpwg.i18n import language_for_address

pytestmark = pytest.mark.django_db


def test_the_chosen_language_is_kept_on_the_profile_and_restored_at_sign_in(client):
    user = UserFactory(email="polyglot@example.org")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert UserProfile.objects.get(user=user).language == "fr"
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": "test-pass-123"})
    response = client.get(reverse("home") + "?all=1")
    assert response.wsgi_request.LANGUAGE_CODE == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_anonymous_visitors_can_switch_language(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.get("/accounts/login/").wsgi_request.LANGUAGE_CODE == "es"


def test_emails_use_the_recipients_language():
    user = UserFactory(email="lectora@example.org")
    UserProfile.objects.create(user=user, language="es")
    assert language_for_address("LECTORA@example.org", default="fr") == "es"
    assert language_for_address("unknown@example.org", default="fr") == "fr"

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories.members import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def strict_world(world):
    group = world["a"].group
    group.require_mfa_for_privileged = True
    group.save()
    return world


@pytest.mark.parametrize("role", ["secretariat", "coordination", "admin"])
def test_privileged_roles_must_set_up_two_factor_where_the_group_requires_it(strict_world, client_as, role):
    group_world = strict_world["a"]
    user = group_world.users[role]
    client = client_as(user)
    url = reverse("members:dashboard", args=[group_world.group.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    _with_totp(user)
    assert client_as(user).get(url).status_code == 200


@pytest.mark.parametrize("role", ["member", "observer"])
def test_representatives_are_not_forced_to_use_two_factor(strict_world, client_as, role):
    group_world = strict_world["a"]
    response = client_as(group_world.users[role]).get(reverse("members:dashboard", args=[group_world.group.slug]))
    assert response.status_code == 200


def test_two_factor_is_not_forced_where_the_group_turned_it_off(world, client_as):
    group_world = world["a"]  # factories create groups with the requirement off, like the demo
    response = client_as(group_world.users["secretariat"]).get(
        reverse("members:dashboard", args=[group_world.group.slug])
    )
    assert response.status_code == 200


def test_the_requirement_of_one_group_does_not_apply_in_another(strict_world, client_as):
    from members import services

    secretariat_b = strict_world["b"].users["secretariat"]
    services.representative_add(membership=strict_world["a"].objects["company"], user=secretariat_b, role="alternate")
    response = client_as(secretariat_b).get(reverse("members:dashboard", args=[strict_world["b"].group.slug]))
    assert response.status_code == 200
    response = client_as(secretariat_b).get(reverse("members:dashboard", args=[strict_world["a"].group.slug]))
    assert response.status_code == 200  # a plain member in group A


@pytest.mark.django_db
def test_django_admin_signs_in_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_django_admin_requires_two_factor_for_staff(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    _with_totp(admin)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_failed_sign_ins_are_rate_limited(client):
    user = UserFactory(email="target@example.org")
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post(url, {"login": user.email, "password": "test-pass-123"})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_in_with_email_and_password_works(client):
    UserFactory(email="someone@example.org")
    response = client.post(reverse("account_login"), {"login": "someone@example.org", "password": "test-pass-123"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_there_is_no_open_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )
    # The closed sign-up page (templates/account/signup_closed.html) explains invitations; no account.
    assert "Accounts are opened by invitation" in response.content.decode()
    assert not get_user_model().objects.filter(email="x@example.org").exists()


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy  # a nonce is added only on pages that use one
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright only
        "DJANGO_SETTINGS_MODULE": "vpwg.settings.production",
        "SECRET_KEY": "k" * 20 + "a-random-production-secret-key-of-sufficient-length-123",
        "ALLOWED_HOSTS": "vpwg.example.org",
        # Production runs on PostgreSQL; model checks ask the server for its features.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="vpwg.settings.production",
        ALLOWED_HOSTS="x",
        EMAIL_HOST="smtp.example.org",
        DATABASE_URL="sqlite:////tmp/vpwg-deploy-check.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, mailoutbox):
    user = UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mailoutbox
    link = next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)
    path = link.split("testserver", 1)[-1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-9")


@pytest.mark.django_db
def test_sign_out_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

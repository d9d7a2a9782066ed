"""The embedded default is safe to run for real: DEBUG off, styled error pages, no URL listing (issue 15)."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import override_settings
from django.urls import include, path


@login_not_required
def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("", include("vpwg.urls"))]


def test_the_embedded_default_runs_with_debug_off_and_its_own_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="vpwg.settings.local", VPWG_VAR_DIR=str(tmp_path))
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SECRET_KEY == open(settings.VAR_DIR / 'secret_key').read().strip())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


@pytest.mark.django_db
def test_a_missing_page_is_the_styled_404_without_url_patterns(client):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="es")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'class="error-page"' in body and 'href="/"' in body
    assert "g/&lt;slug:group_slug&gt;" not in body and "URLconf" not in body


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_failing_view_answers_the_styled_500_without_a_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert 'class="error-page"' in body
    assert "RuntimeError" not in body and "Traceback" not in body and "SECRET_KEY" not in body


@pytest.mark.django_db
def test_a_forbidden_page_is_the_styled_403(client_as, world):
    member = world["a"].users["member"]
    response = client_as(member).get(f"/g/{world['a'].group.slug}/audit/")
    assert response.status_code == 403
    assert 'class="error-page"' in response.content.decode()

"""The REST API: its OpenAPI 3 schema, the docs page (no asset from elsewhere), a client session walked
from creating a token on the tokens page to revoking it, and every error answered as JSON with a code."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from api.models import ApiToken
from api.tokens import token_create
from meetings import services as meeting_services
from minutes import services as minutes_services
from tests.factories.activities import ActivityFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory
from vpwg.errors import DomainError
from vpwg.models import DocumentAccess
from workplan.models import WorkPlan

API = "/api/v1"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_of(user, scope="read", days=30) -> str:
    return token_create(user=user, name="test", scope=scope, expires_in_days=days)[1]


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_the_schema_is_a_valid_openapi_3_document(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    repeated = []  # Swagger UI refuses a document with a key twice in one object; json.loads does not

    def no_repeats(pairs):
        keys = [key for key, _value in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    schema = json.loads(response.content, object_pairs_hook=no_repeats)
    assert not repeated
    validate(schema)  # openapi-spec-validator: raises on any error
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    paths = set(schema["paths"])
    expected = [
        "/groups",
        "/groups/{group_slug}/meetings/{meeting_id}/answer",
        "/groups/{group_slug}/minutes/{minutes_id}/pdf",
        "/groups/{group_slug}/activities/statistics",
        "/public/groups/{group_slug}/summaries",
    ]
    for path in expected:
        assert f"{API}{path}" in paths, path
    public = schema["paths"][f"{API}/public/groups/{{group_slug}}/summaries"]["get"]
    assert not public.get("security")  # no token needed


def test_the_docs_page_serves_its_assets_from_our_own_static_files(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset  # installed with django-ninja
    assert "cdn" not in page.lower()


def _walk_world(world):
    a = world["a"]
    meeting = MeetingFactory(working_group=a.group, title="Plenaria de marzo")
    AgendaItemFactory(meeting=meeting, position=1, title="Seguridad privada")
    meeting_services.meeting_invite(meeting=meeting, actor=a.users["secretariat"])
    minutes = MinutesFactory(a, status="circulated", text="Se habló de seguridad.", title="Plenaria circulada")
    minutes_services.minutes_render_pdf(version=minutes.circulated_version)
    plan = WorkPlanFactory(working_group=a.group, status=WorkPlan.Status.APPROVED)
    task = TaskFactory(work_plan=plan, lead=a.objects["company"], title="Estudio de línea de base")
    ActivityFactory(working_group=a.group, title="Taller en Cusco", region="Cusco")
    return a, meeting, minutes, task


def test_a_client_session_from_a_new_token_to_its_revocation(world, client_as):
    a, meeting, minutes, task = _walk_world(world)
    member = a.users["member"]
    slug = a.group.slug

    # The tokens page: create a write token; it is shown once, stored hashed.
    page = client_as(member)
    response = page.post(reverse("api:tokens"), {"name": "Mi calendario", "scope": "write", "expires_in_days": 30})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = re.search(r'value="(vpwg_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=member)
    assert secret not in str(list(ApiToken.objects.values_list()))  # only its hash is kept
    assert secret not in page.get(reverse("api:tokens")).content.decode()  # never shown again
    page.logout()

    api = client_as(None)
    headers = bearer(secret)
    groups = api.get(f"{API}/groups", **headers).json()
    assert [g["slug"] for g in groups] == [slug] and groups[0]["roles"] == ["member"]
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)

    meetings = api.get(f"{API}/groups/{slug}/meetings", {"since": str(timezone.localdate())}, **headers).json()
    assert [m["title"] for m in meetings["results"]] == ["Plenaria de marzo"]
    detail = api.get(f"{API}/groups/{slug}/meetings/{meeting.pk}", **headers).json()
    assert detail["agenda"][0]["title"] == "Seguridad privada" and detail["my_invitation"]["answer"] == "pending"
    answered = api.put(
        f"{API}/groups/{slug}/meetings/{meeting.pk}/answer", {"answer": "attending"}, "application/json", **headers
    )
    assert answered.status_code == 200 and answered.json()["answer"] == "attending"
    ics = api.get(f"{API}/groups/{slug}/meetings/{meeting.pk}/ics", **headers)
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content

    listed = api.get(f"{API}/groups/{slug}/minutes", **headers).json()["results"]
    assert [(m["id"], m["access_level"], m["status"]) for m in listed] == [(minutes.pk, "reader", "circulated")]
    downloads = DocumentAccess.objects.filter(user=member, action=DocumentAccess.Action.DOWNLOAD).count()
    pdf = api.get(listed[0]["pdf_url"], **headers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert DocumentAccess.objects.filter(user=member, action=DocumentAccess.Action.DOWNLOAD).count() == downloads + 1

    tasks = api.get(f"{API}/groups/{slug}/tasks", {"status": "planned"}, **headers).json()
    assert [t["title"] for t in tasks["results"]] == ["Estudio de línea de base"]
    posted = api.post(
        f"{API}/groups/{slug}/tasks/{task.pk}/progress", {"text": "Dos talleres."}, "application/json", **headers
    )
    assert posted.status_code == 201 and posted.json()["institution"] == a.objects["company"].institution.name
    assert api.get(f"{API}/groups/{slug}/tasks/{task.pk}", **headers).json()["progress"][0]["text"] == "Dos talleres."

    statistics = api.get(f"{API}/groups/{slug}/activities/statistics", **headers).json()
    assert statistics["total_activities"] == 1 and statistics["total_participants"] == 30
    hits = api.get(f"{API}/groups/{slug}/search", {"q": "cusco"}, **headers).json()
    assert [hit["title"] for hit in hits["hits"]] == ["Taller en Cusco"]
    institutions = api.get(f"{API}/groups/{slug}/institutions", {"limit": 1}, **headers).json()
    assert institutions["count"] == 3 and len(institutions["results"]) == 1 and "offset=1" in institutions["next"]
    assert api.get(f"{API}/public/groups/{slug}/summaries").status_code == 200  # no token needed

    token.refresh_from_db()
    assert token.last_used_at is not None

    # Revoked on the page: the program is refused from then on.
    page = client_as(member)
    assert page.post(reverse("api:token-revoke", args=[token.pk])).status_code == 302
    refused = client_as(None).get(f"{API}/groups", **headers)
    assert refused.status_code == 401 and error_code(refused) == "invalid_token"


def test_errors_are_json_with_codes(world, client_as):
    a, b = world["a"], world["b"]
    member = a.users["member"]
    meeting = MeetingFactory(working_group=a.group)
    meeting_services.meeting_invite(meeting=meeting, actor=a.users["secretariat"])
    other_meeting = MeetingFactory(working_group=b.group)
    read, write = token_of(member), token_of(member, "write")
    api = client_as(None)
    answer = f"{API}/groups/{a.group.slug}/meetings/{meeting.pk}/answer"

    cases = [
        (api.get(f"{API}/groups"), 401, "not_authenticated"),
        (api.get(f"{API}/groups", **bearer("vpwg_not-a-token")), 401, "invalid_token"),
        (api.get(f"{API}/groups", HTTP_AUTHORIZATION=f"Token {read}"), 401, "invalid_token"),
        (api.put(answer, {"answer": "attending"}, "application/json", **bearer(read)), 403, "insufficient_scope"),
        (api.get(f"{API}/groups/{a.group.slug}/meetings/{other_meeting.pk}", **bearer(read)), 404, "not_found"),
        (api.get(f"{API}/groups/{b.group.slug}/meetings/{other_meeting.pk}", **bearer(read)), 404, "not_found"),
        (api.get(f"{API}/groups/{b.group.slug}", **bearer(read)), 404, "not_found"),
        (api.put(answer, "{not json", "application/json", **bearer(write)), 400, "malformed_json"),
        (api.put(answer, {"answer": "maybe"}, "application/json", **bearer(write)), 422, "invalid"),
        (api.get(f"{API}/groups/{a.group.slug}/meetings", {"since": "yesterday"}, **bearer(read)), 422, "invalid"),
        (api.get(f"{API}/groups/{a.group.slug}/tasks", {"limit": 1000}, **bearer(read)), 422, "invalid"),
    ]
    for response, status, code in cases:
        assert (response.status_code, error_code(response)) == (status, code), response.content
        assert response["Content-Type"] == "application/json; charset=utf-8"

    ApiToken.objects.filter(user=member).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = api.get(f"{API}/groups", **bearer(read))
    assert (expired.status_code, error_code(expired)) == (401, "invalid_token")


def test_a_refused_change_is_a_409_with_the_reason(world, client_as):
    a = world["a"]
    meeting = MeetingFactory(working_group=a.group)
    meeting_services.meeting_invite(meeting=meeting, actor=a.users["secretariat"])
    meeting_services.meeting_cancel(meeting=meeting, actor=a.users["secretariat"], reason="Strike")
    response = client_as(None).put(
        f"{API}/groups/{a.group.slug}/meetings/{meeting.pk}/answer",
        json.dumps({"answer": "attending"}),
        "application/json",
        **bearer(token_of(a.users["member"], "write")),
    )
    assert response.status_code == 409 and error_code(response) == "refused"


def test_each_token_has_its_own_rate_limit(world, client_as, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    a = world["a"]
    first, second = token_of(a.users["member"]), token_of(a.users["observer"])
    api = client_as(None)
    statuses = [api.get(f"{API}/groups", **bearer(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get(f"{API}/groups", **bearer(first))
    assert error_code(limited) == "rate_limited" and int(limited["Retry-After"]) > 0
    assert api.get(f"{API}/groups", **bearer(second)).status_code == 200


def test_tokens_have_a_scope_and_a_lifetime_within_bounds(world):
    user = world["a"].users["member"]
    with pytest.raises(DomainError):
        token_create(user=user, name="x", scope="admin", expires_in_days=30)
    with pytest.raises(DomainError):
        token_create(user=user, name="x", scope="read", expires_in_days=400)
    token, secret = token_create(user=user, name="x", scope="read", expires_in_days=7)
    assert secret.startswith(token.prefix) and len(token.token_hash) == 64 and secret not in token.token_hash
    assert token.allows("read") and not token.allows("write")


def test_a_group_that_requires_two_factor_refuses_its_privileged_roles_without_it(world, client_as):
    a = world["a"]
    type(a.group).objects.filter(pk=a.group.pk).update(require_mfa_for_privileged=True)
    api = client_as(None)
    refused = api.get(f"{API}/groups/{a.group.slug}", **bearer(token_of(a.users["secretariat"])))
    assert (refused.status_code, error_code(refused)) == (403, "two_factor_required")
    assert api.get(f"{API}/groups/{a.group.slug}", **bearer(token_of(a.users["member"]))).status_code == 200

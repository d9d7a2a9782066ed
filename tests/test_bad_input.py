"""Bad input, generated: every form of the project (each POST row of the permission matrix) and
every URL id parameter receive values hypothesis makes up, posted as the role allowed to use the
form. No response may be a 500, and a refused submission (the form shown again, or a 4xx) must
leave everything already saved as it was."""

import pytest
from django.apps import apps
from django.db.models import Count, Max
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.matrix import ROWS

PROJECT_APPS = ("members", "meetings", "minutes", "workplan", "activities", "vpwg")
ALLOWED = (200, 302)

# Values people and bots really send: empty, huge, unicode, markup, numbers of the wrong kind.
nasty_text = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE auth_user; --",
            "../../etc/passwd",
            "javascript:alert(1)",
            "\x00",
            "9" * 30,
            "-1",
            "1e308",
            "NaN",
            "2026-02-30",
            "0000-00-00",
            "🙂" * 200,
            " ",
            "null",
            "[]",
            "{}",
            "true",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
)


def _post_rows():
    seen, rows = set(), []
    for row in ROWS:
        if row.method != "post" or row.id in seen:
            continue
        seen.add(row.id)
        role = next((r for r, status in row.expect.items() if status in ALLOWED and r != "anonymous"), None)
        if role is not None and row.group_scoped:
            rows.append(pytest.param(row, role, id=row.id))
    return rows


def _fingerprint():
    """Row counts and latest change time of every model of the project: what 'nothing changed' means."""
    prints = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        aggregates = {"n": Count("pk")}
        if "updated_at" in fields:
            aggregates["changed"] = Max("updated_at")
        prints[model._meta.label] = tuple(model.objects.aggregate(**aggregates).values())
    return prints


@pytest.mark.parametrize(("row", "role"), _post_rows())
def test_generated_form_input_never_breaks_the_app(row, role, matrix_world, db, client):
    target = matrix_world["a"]
    url = reverse(row.url_name, kwargs={"group_slug": target.group.slug, **row.kwargs(target)})
    valid = row.data(target) if row.data else {}
    client.force_login(target.users[role])

    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def post_generated(data):
        fields = list(valid) or ["text"]
        spoiled = data.draw(st.sets(st.sampled_from(fields), min_size=1))
        payload = {k: (data.draw(nasty_text) if k in spoiled else v) for k, v in valid.items()}
        payload.update({k: data.draw(nasty_text) for k in spoiled if k not in valid})
        before = _fingerprint()
        response = client.post(url, payload)
        assert response.status_code < 500, (url, payload)
        refused = 400 <= response.status_code < 500 or (
            response.status_code == 200 and b'class="errorlist' in response.content
        )
        if refused:  # the form came back with errors, or the request was turned away
            assert _fingerprint() == before, f"refused input changed saved data: {url} {payload!r}"

    post_generated()


def _id_rows():
    seen, rows = set(), []
    for row in ROWS:
        if row.method != "get" or not row.group_scoped or row.url_name in seen:
            continue
        probe = {"group_slug": "x"}
        try:
            reverse(row.url_name, kwargs=probe)
            continue  # no id parameter
        except Exception:
            pass
        seen.add(row.url_name)
        role = next((r for r, status in row.expect.items() if status == 200 and r != "anonymous"), None)
        if role:
            rows.append(pytest.param(row, role, id=row.url_name))
    return rows


@pytest.mark.parametrize(("row", "role"), _id_rows())
def test_generated_url_ids_are_a_404_never_a_500(row, role, matrix_world, db, client):
    target = matrix_world["a"]
    client.force_login(target.users[role])
    kwargs = row.kwargs(target)

    @settings(
        max_examples=5,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(number=st.one_of(st.integers(min_value=0, max_value=2**64), st.sampled_from([0, 2**31, 2**63, 10**25])))
    def get_generated(number):
        spoiled = {k: (number if isinstance(v, int) else v) for k, v in kwargs.items()}
        url = reverse(row.url_name, kwargs={"group_slug": target.group.slug, **spoiled})
        response = client.get(url)
        assert response.status_code < 500, url

    get_generated()


def test_an_unknown_group_slug_of_any_shape_is_a_404(matrix_world, db, client):
    client.force_login(matrix_world["a"].users["secretariat"])

    @settings(
        max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(slug=st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True))
    def get_group(slug):
        response = client.get(f"/g/{slug}/")
        assert response.status_code in (200, 302, 404)
        if slug != matrix_world["a"].group.slug:
            assert response.status_code == 404

    get_group()

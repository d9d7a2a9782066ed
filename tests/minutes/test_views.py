import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from minutes import services
from minutes.models import Minutes
from tests.factories.minutes import MinutesFactory
from vpwg.models import DocumentAccess

pytestmark = pytest.mark.django_db


def _url(name, minutes, **kwargs):
    return reverse(
        f"minutes:{name}", kwargs={"group_slug": minutes.working_group.slug, "minutes_id": minutes.pk, **kwargs}
    )


def test_injected_script_never_reaches_the_page(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(
        a,
        status=Minutes.Status.CIRCULATED,
        text='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">',
    )
    body = client_as(a.users["member"]).get(_url("minutes-detail", minutes)).content.decode()
    assert "<script>alert" not in body and "javascript:alert" not in body and "onerror" not in body


def test_a_stale_save_is_refused_and_the_persons_text_is_kept(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a)
    client = client_as(a.users["secretariat"])
    stale = minutes.revision
    services.minutes_save_draft(
        minutes=minutes,
        actor=a.users["secretariat"],
        revision=stale,
        texts={"opening": {"summary": "Saved by the colleague"}},
    )
    response = client.post(_url("minutes-edit", minutes), {"revision": stale, "summary-opening": "My own text"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "My own text" in body and "Saved by the colleague" in body and "Someone else saved" in body
    minutes.refresh_from_db()
    assert minutes.sections[0]["summary"] == "Saved by the colleague"
    autosave = client.post(_url("minutes-autosave", minutes), {"revision": stale, "summary-opening": "x"})
    assert autosave.status_code == 409


def test_wrong_state_is_refused_with_a_message(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a)
    response = client_as(a.users["secretariat"]).post(_url("minutes-circulate", minutes), follow=True)
    assert "cannot become" in response.content.decode()


def test_download_is_stamped_for_the_recipient_and_logged(world, client_as, django_capture_on_commit_callbacks):
    a = world["a"]
    with django_capture_on_commit_callbacks(execute=True):
        minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    member = a.users["member"]
    response = client_as(member).get(_url("minutes-pdf", minutes))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    for page in reader.pages:
        text = page.extract_text()
        assert member.get_full_name() in text
        assert "Mining Co alpha" in text
        assert "Chatham House Rule, do not attribute" in text
    assert DocumentAccess.objects.filter(user=member, action="download", version=1).count() == 1
    readers = client_as(a.users["secretariat"]).get(_url("minutes-readers", minutes)).content.decode()
    assert member.get_full_name() in readers


def test_attendance_is_counted_per_pillar_unless_the_meeting_lists_it(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    body = client_as(a.users["member"]).get(_url("minutes-detail", minutes)).content.decode()
    assert "3 institutions present" in body and "Observer Org alpha" not in body


def _many(world, n):
    a = world["a"]
    for _ in range(n):
        minutes = MinutesFactory(
            a,
            status=Minutes.Status.CIRCULATED,
            actions=[{"description": "Do it", "institution": a.objects["company"], "due_on": "2030-01-01"}],
        )
    return minutes


@pytest.mark.parametrize("role", ["member", "coordination", "secretariat"])
def test_list_and_page_do_not_grow_with_data(world, client_as, django_assert_num_queries, role):
    a = world["a"]
    client = client_as(a.users[role])
    small = _many(world, 1)
    counts = []
    for minutes in (small, _many(world, 4)):
        for name in ("index", "detail"):
            url = reverse("minutes:index", args=[a.group.slug]) if name == "index" else _url("minutes-detail", minutes)
            client.get(url)  # warm the session
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            counts.append(len(context.captured_queries))
    assert counts[0] == counts[2], counts  # the list
    assert counts[1] == counts[3], counts  # the page
    with django_assert_num_queries(counts[2]):
        client.get(reverse("minutes:index", args=[a.group.slug]))


def test_check_of_a_ten_page_text_is_quick(world):
    a = world["a"]
    paragraph = "Participants discussed the use of force by private security companies near mine sites. " * 6
    minutes = MinutesFactory(a, text="\n\n".join([paragraph] * 10))
    started = time.perf_counter()
    services.attribution_check(minutes)
    assert time.perf_counter() - started < 2.0  # loose: the database reads dominate

"""Issue 15, hole 2: follow-up actions belong to a minutes version. An action added to a correction (or to
minutes already circulated) reaches members only once the Coordination Group approved a version with it."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from minutes import services
from minutes.models import FollowUpAction, Minutes
from tests.factories.minutes import MinutesFactory

pytestmark = pytest.mark.django_db

APPROVED, PENDING, MARKER = "Send the approved study", "Share the unapproved letter", "not yet circulated"


def _url(name, minutes):
    return reverse(f"minutes:{name}", args=[minutes.working_group.slug, minutes.pk])


def _actions_url(world):
    return reverse("minutes:action-list", args=[world.group.slug])


def _correction_with_a_new_action(a, client_as):
    """Circulated minutes with one action; the Secretariat starts a correction and adds one through the page."""
    company = a.objects["company"]
    minutes = MinutesFactory(
        a,
        status=Minutes.Status.CIRCULATED,
        actions=[{"description": APPROVED, "institution": company, "due_on": date(2030, 1, 1)}],
    )
    services.minutes_start_correction(minutes=minutes, actor=a.users["secretariat"], note="Add an action")
    response = client_as(a.users["secretariat"]).post(
        _url("action-add", minutes), {"description": PENDING, "institution": company.pk, "due_on": "2030-02-01"}
    )
    assert response.status_code == 302
    return minutes, FollowUpAction.objects.get(description=PENDING)


def test_members_do_not_see_a_corrections_action_before_it_is_circulated(world, client_as):
    a = world["a"]
    minutes, pending = _correction_with_a_new_action(a, client_as)
    member = client_as(a.users["member"])
    page = member.get(_url("minutes-detail", minutes)).content.decode()
    assert APPROVED in page and PENDING not in page
    listing = member.get(_actions_url(a)).content.decode()
    assert APPROVED in listing and PENDING not in listing
    assert reverse("minutes:action-done", args=[a.group.slug, pending.pk]) not in listing
    done = member.post(reverse("minutes:action-done", args=[a.group.slug, pending.pk]))
    assert done.status_code == 404
    pending.refresh_from_db()
    assert pending.status == FollowUpAction.Status.OPEN and pending.version_number is None
    with pytest.raises(PermissionDenied):  # the service refuses it too
        services.action_mark_done(action=pending, actor=a.users["member"])


def test_the_secretariat_and_the_coordination_group_see_it_marked_not_yet_circulated(world, client_as):
    a = world["a"]
    minutes, _pending = _correction_with_a_new_action(a, client_as)
    page = client_as(a.users["secretariat"]).get(_url("minutes-detail", minutes)).content.decode()
    assert PENDING in page and MARKER in page
    for role in ("secretariat", "coordination"):
        listing = client_as(a.users[role]).get(_actions_url(a)).content.decode()
        assert PENDING in listing and listing.count(MARKER) == 1, role


def test_the_action_reaches_members_with_the_version_that_carries_it(
    world, client_as, django_capture_on_commit_callbacks
):
    a = world["a"]
    minutes, pending = _correction_with_a_new_action(a, client_as)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    pending.refresh_from_db()
    assert pending.version_number == 2
    member = client_as(a.users["member"])
    assert PENDING not in member.get(_actions_url(a)).content.decode()  # submitted, not yet approved
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
        services.minutes_circulate(minutes=minutes, actor=a.users["secretariat"])
    assert PENDING in member.get(_url("minutes-detail", minutes)).content.decode()
    assert PENDING in member.get(_actions_url(a)).content.decode()
    pdf = member.get(_url("minutes-pdf", minutes))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "unapproved letter" in " ".join(text.split())  # what members see is what the PDF says
    services.action_mark_done(action=pending, actor=a.users["member"])


def test_an_action_added_to_circulated_minutes_waits_for_the_next_version(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    services.action_add(
        minutes=minutes,
        actor=a.users["secretariat"],
        description=PENDING,
        institution=a.objects["company"],
        due_on=date(2030, 1, 1),
    )
    member = client_as(a.users["member"])
    assert PENDING not in member.get(_url("minutes-detail", minutes)).content.decode()
    assert PENDING not in member.get(_actions_url(a)).content.decode()

"""Schedule a plenary, send invitations, answer one, record attendance — in Chromium."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from meetings.models import Attendance, Meeting, MeetingInvitation
from tests.factories.meetings import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_schedule_invite_answer_and_record_attendance(world, live_server, page):
    alpha = world["a"]
    group = alpha.group
    base = f"{live_server.url}/g/{group.slug}/meetings/"

    # The Secretariat schedules a plenary.
    _sign_in(page, live_server, alpha.users["secretariat"])
    page.goto(base)
    assert page.locator(".period-missing").count() == 1
    page.get_by_role("link", name="Schedule a meeting").click()
    day = (timezone.now() + timedelta(days=45)).astimezone(group.tzinfo).date()
    page.get_by_label("Title").fill("Plenary on private security companies")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Venue").fill("Embassy of Canada, Lima")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url("**/meetings/*/")
    assert "Meeting scheduled." in page.content()
    meeting = Meeting.objects.get(title="Plenary on private security companies")

    # ...adds an agenda item and sends the invitations.
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Draft law on private security companies")
    page.get_by_label("Format").select_option("dialogue")
    page.get_by_label("New guest: name").fill("Dr Elena Ruiz")
    page.get_by_label("New guest: affiliation").fill("SUCAMEC")
    page.get_by_role("button", name="Add").click()
    assert "Dr Elena Ruiz" in page.locator(".agenda").inner_text()
    page.get_by_role("link", name="Send invitations").click()
    page.get_by_role("button", name="Send invitations").click()
    assert "3 representatives invited." in page.content()
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 3

    # A member representative answers.
    _sign_in(page, live_server, alpha.users["member"])
    page.goto(f"{base}{meeting.pk}/")
    assert "Your answer" in page.content()
    page.get_by_role("button", name="I will attend", exact=True).click()  # one click: the answer is the button
    assert page.locator(".current-answer").inner_text() == "Attending"
    assert MeetingInvitation.objects.get(meeting=meeting, user=alpha.users["member"]).answer == "attending"

    # The Secretariat records attendance for a plenary that has started.
    started = MeetingFactory(
        working_group=group, title="Plenary today", starts_at=timezone.now() - timedelta(minutes=30)
    )
    _sign_in(page, live_server, alpha.users["secretariat"])
    page.goto(f"{base}{started.pk}/")
    page.get_by_role("link", name="Record attendance").click()
    company, observer = alpha.objects["company"], alpha.objects["observer"]
    page.locator(f"#id_status_{company.pk}_0").check()  # a radio group per institution: present
    page.locator(f"#id_rep_{company.pk}").select_option(str(alpha.objects["member_rep"].pk))
    page.locator(f"#id_status_{observer.pk}_1").check()  # excused
    page.get_by_role("button", name="Mark the rest absent and save").first.click()
    assert "Attendance recorded." in page.content()
    assert page.locator(".attendance-by-pillar").count() == 1
    assert Attendance.objects.get(meeting=started, membership=company).representative == alpha.objects["member_rep"]
    started.refresh_from_db()
    assert started.status == Meeting.Status.HELD

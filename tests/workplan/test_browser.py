"""In a real browser: the Secretariat builds a work plan with a task per pillar, a lead institution's
representative reports progress, the Secretariat records an activity and finds it in the statistics."""

import pytest
from django.conf import settings
from django.test import Client

from activities.models import Activity
from members.models import Pillar
from tests.members.decision_helpers import three_pillar_board
from workplan.models import ProgressReport, Task, WorkPlan

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


def test_work_plan_progress_activity_and_statistics(live_server, page, world):
    a = world["a"]
    base = f"{live_server.url}/g/{a.group.slug}"
    _sign_in(page, live_server, a.users["secretariat"])

    # A plan shorter than a year is refused on the form.
    page.goto(f"{base}/workplan/")
    page.get_by_role("link", name="New work plan").click()
    page.get_by_label("Title").fill("Work plan 2026")
    page.get_by_label("Starts on").fill("2026-01-01")
    page.get_by_label("Ends on").fill("2026-06-30")
    page.get_by_role("button", name="Create draft").click()
    assert page.get_by_text("it must end on 31 December 2026 or later").is_visible()
    page.get_by_label("Ends on").fill("2026-12-31")
    page.get_by_role("button", name="Create draft").click()
    assert page.get_by_role("heading", name="Work plan 2026").is_visible()
    assert page.get_by_text("The Companies pillar carries no task in this plan.").is_visible()

    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective").fill("Build the capacity of VPs implementers")
    page.get_by_role("button", name="Add objective").click()

    leads = {
        "Companies": (
            "Security and human rights assessment",
            "Security and human rights assessments",
            a.objects["company"],
        ),
        "Civil society": ("Scoping study", "Studies (incl. the scoping study)", a.objects["ngo"]),
        "Government": ("Police training course", "Capacity building", a.objects["observer"]),
    }
    for title, category, membership in leads.values():
        page.get_by_role("link", name="Add a task").click()
        page.get_by_label("Objective").select_option(label="Build the capacity of VPs implementers")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Category").select_option(label=category)
        page.get_by_label("Lead institution").select_option(value=str(membership.pk))
        page.get_by_label("Starts on").fill("2026-02-01")
        page.get_by_label("Due on").fill("2026-11-30")
        page.get_by_role("button", name="Add task").click()
        assert page.get_by_text("Task added.").is_visible()
    assert not page.get_by_text("carries no task in this plan").is_visible()
    coverage = page.get_by_role("table", name="Every pillar should carry work")
    for pillar in leads:
        assert coverage.get_by_role("row", name=f"{pillar} 1 0").is_visible()

    # The Secretariat cannot approve it; the Coordination Group does, one seat of each pillar (issue 14).
    plan_url = page.url
    assert page.get_by_text("Not yet proposed for approval").is_visible()
    assert page.get_by_role("link", name="Propose the approval").count() == 0
    board = three_pillar_board(a)
    _sign_in(page, live_server, board[Pillar.COMPANIES])
    page.goto(plan_url)
    page.get_by_role("link", name="Propose the approval").click()
    page.get_by_label("Reasons for the approval").fill("Every pillar carries work.")
    page.get_by_role("button", name="Propose the approval").click()
    assert page.get_by_text("Approval proposed").is_visible()
    assert page.get_by_text("1 agree, 0 object, 0 abstain.").is_visible()
    for pillar in (Pillar.CIVIL_SOCIETY, Pillar.GOVERNMENT):
        assert WorkPlan.objects.get().status == WorkPlan.Status.DRAFT
        _sign_in(page, live_server, board[pillar])
        page.goto(plan_url)
        page.get_by_role("link", name="Vote", exact=True).click()
        page.get_by_label("Agree", exact=True).check()
        page.get_by_label("Your reason").fill("Fine by us.")
        page.get_by_role("button", name="Vote").click()
        assert page.get_by_text("Your vote has been recorded").is_visible()
    assert WorkPlan.objects.get().status == WorkPlan.Status.APPROVED
    page.goto(plan_url)
    assert page.get_by_text("Every pillar carries work.").first.is_visible()

    # The company's representative reports progress on the task the company leads.
    _sign_in(page, live_server, a.users["member"])
    page.goto(f"{base}/workplan/")
    page.get_by_role("link", name="Work plan 2026").click()
    page.get_by_role("link", name="Security and human rights assessment").click()
    page.get_by_role("link", name="Report progress").click()
    page.get_by_label("Progress").fill("Assessment team agreed; field work in September.")
    page.get_by_label("Task status").select_option(label="In progress")
    page.get_by_role("button", name="Post progress report").click()
    assert page.get_by_text("Progress report posted.").is_visible()
    assert page.get_by_text("Assessment team agreed").is_visible()
    assert ProgressReport.objects.get().task.status == Task.Status.IN_PROGRESS

    # The Secretariat records the training course, with a bad count first.
    _sign_in(page, live_server, a.users["secretariat"])
    page.goto(f"{base}/activities/")
    page.get_by_role("link", name="Record an activity").click()
    page.get_by_label("Type").select_option(label="Course")
    page.get_by_label("Title").fill("Training course for the National Police")
    page.get_by_label("Starts on").fill("2026-08-10")
    page.get_by_label("Ends on").fill("2026-08-14")
    page.get_by_label("Region").fill("Cusco")
    page.get_by_label("Use of force").check()
    page.get_by_label("Work plan task").select_option(label="Work plan 2026: Police training course")
    page.get_by_label("Police:", exact=True).fill("-3")
    page.get_by_role("button", name="Record activity").click()
    assert page.get_by_text("The number of participants cannot be negative.").is_visible()
    page.get_by_label("Police:", exact=True).fill("48")
    page.get_by_label("Civil servants").fill("12")
    page.get_by_role("button", name="Record activity").click()
    assert page.get_by_text("Activity recorded.").is_visible()
    assert Activity.objects.get().participants_total == 60

    page.get_by_role("link", name="Activities", exact=True).last.click()
    page.get_by_role("navigation", name="Activities sections").get_by_role("link", name="Statistics").click()
    page.get_by_label("From year").fill("2026")
    page.get_by_label("To year").fill("2026")
    page.get_by_role("button", name="Show").click()
    assert page.locator("#stats-headline").inner_text() == "2026: 1 activity, 60 participants"
    assert page.get_by_role("img", name="Participants by sector, 2026").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV — Participants by sector, 2026").click()
    content = open(download.value.path(), encoding="utf-8").read()
    assert "Police,48" in content and "Civil servants,12" in content

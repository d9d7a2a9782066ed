"""Issue 3's walks in a real browser: a public application to admission, a proposal to rejection."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Membership, MembershipApplication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def _fill_application(page, name, pillar="Companies"):
    page.get_by_label("Institution name").fill(name)
    page.get_by_label("Kind of institution").select_option(label="Company")
    page.get_by_label("Country").fill("Peru")
    page.get_by_label("Pillar it asks to join").select_option(label=pillar)
    page.get_by_label("Contact person's first name").fill("Lucía")
    page.get_by_label("Contact person's last name").fill("Ramos")
    page.get_by_label("Contact person's e-mail").fill("lucia.ramos@example.org")
    page.get_by_label(re.compile(r"^Motivation letter:?$")).fill("We operate in Cusco and Apurímac and want to join.")
    page.get_by_label("b) Institutional").fill("Represented by our security manager on behalf of the company.")
    page.get_by_label("c) Works on security").fill("Security and human rights programme since 2012.")
    page.get_by_label("d) Regarded among its peers").fill("Recognised for our grievance mechanism.")


def test_public_application_to_admission(live_server, page, settings):
    settings.SITE_URL = live_server.url
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    page.goto(f"{base}/apply/peru/")
    _fill_application(page, "Minera Los Andes")
    page.wait_for_timeout(3100)  # a person takes more than three seconds; bots are refused
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_url(re.compile(r".*/apply/status/.+/"))
    expect(page.get_by_text("Awaiting review")).to_be_visible()
    status_url = page.url

    # The Coordination Group records views and decides; each pillar's member can do it.
    _sign_in(page, base, "antamina@peru.example.org")
    page.goto(f"{base}/g/peru/applications/")
    page.get_by_role("link", name="Minera Los Andes").click()
    page.get_by_label("Your view").select_option(label="Admit as member")
    page.get_by_role("textbox", name="Comment:", exact=True).fill("Meets the four criteria.")
    page.get_by_role("button", name="Record my view").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your view has been recorded.")).to_be_visible()
    page.get_by_label("Decision of the Coordination Group").select_option(label="Admit as member")
    page.get_by_label("Reasons").fill("Agreed by the Coordination Group on 20 November.")
    page.get_by_role("button", name="Propose the decision").click()
    # Nobody decides alone (issue 14): the other two pillars vote, then it takes effect.
    expect(page.get_by_text("The decision is open")).to_be_visible()
    decision_url = page.url
    for email in ("idl@peru.example.org", "minem@peru.example.org"):
        _sign_in(page, base, email)
        page.goto(decision_url)
        page.get_by_label("Agree").check()
        page.get_by_label("Your reason").fill("Meets the criteria.")
        page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("The decision is closed: adopted")).to_be_visible()

    membership = Membership.objects.get(institution__name="Minera Los Andes")
    assert membership.status == "member" and membership.pillar == "companies"
    invitation_mail = [m for m in mail.outbox if m.to == ["lucia.ramos@example.org"] and "/invitations/" in m.body]
    assert invitation_mail
    page.goto(status_url)
    expect(page.get_by_text("Admitted", exact=True).first).to_be_visible()

    # The new member appears in the directory.
    _sign_in(page, base, "socios@peru.example.org")
    page.goto(f"{base}/g/peru/members/")
    expect(page.get_by_role("link", name="Minera Los Andes")).to_be_visible()


def test_proposal_by_a_member_to_rejection(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    _sign_in(page, base, "repsol@peru.example.org")
    page.goto(f"{base}/g/peru/applications/propose/")
    _fill_application(page, "Seguridad Total SAC")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("Your proposal has been sent")).to_be_visible()
    application = MembershipApplication.objects.get(institution_name="Seguridad Total SAC")
    assert application.proposed_by.membership.institution.name == "Repsol"

    _sign_in(page, base, "idl@peru.example.org")
    page.goto(f"{base}/g/peru/applications/{application.pk}/")
    page.get_by_label("Decision of the Coordination Group").select_option(label="Reject")
    page.get_by_label("Reasons").fill("A private security provider: invite it as a guest speaker instead.")
    page.get_by_role("button", name="Propose the decision").click()
    decision_url = page.url
    for email in ("antamina@peru.example.org", "minem@peru.example.org"):  # the other pillars agree
        _sign_in(page, base, email)
        page.goto(decision_url)
        page.get_by_label("Agree").check()
        page.get_by_label("Your reason").fill("As the group's practice.")
        page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("The decision is closed: adopted")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "rejected"
    assert not Membership.objects.filter(institution__name="Seguridad Total SAC").exists()
    # A second decision is refused with a clear message.
    page.goto(f"{base}/g/peru/applications/{application.pk}/decide/")
    page.get_by_label("Decision of the Coordination Group").select_option(label="Admit as member")
    page.get_by_label("Reasons").fill("Changed our mind")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("already been decided")).to_be_visible()

"""Issue 14's walks in a real browser, on the Peru demo: an application admitted only once the three
pillars agree (a companies seat holder recused), a suspension refused because one pillar objects, and a
silence procedure adopted at its deadline with each e-mail sent once."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from members import services
from members.models import Institution, Membership, Representative, WorkingGroup, WrittenProcedure
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
User = get_user_model()


def _sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def _vote(page, base, email, url, choice="Agree", reason="Agreed."):
    _sign_in(page, base, email)
    page.goto(url)
    page.get_by_label(choice, exact=True).check()
    page.get_by_label("Your reason").fill(reason)
    page.get_by_role("button", name="Vote").click()
    page.wait_for_load_state()


def _second_companies_seat(peru):
    """Repsol's representative takes a second companies seat, so the pillar still has a voter when
    Antamina's representative is recused."""
    admin = User.objects.get(email="admin@peru.example.org")
    services.charter_change(
        working_group=peru, actor=admin, changes={"coordination_seats_per_pillar": 2}, reason="Plenary of May"
    )
    repsol = Representative.objects.active().get(user__email="repsol@peru.example.org", working_group=peru)
    services.coordination_seat_assign(working_group=peru, representative=repsol, started_on=date(2024, 1, 1))


def test_an_application_is_admitted_only_after_the_three_pillars_agree_with_one_member_recused(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    peru = WorkingGroup.objects.get(slug="peru")
    _second_companies_seat(peru)
    # Antamina's representative also represents the applicant, in the South Kivu group: recused.
    applicant = services.institution_find_or_create(
        name="Minera Los Andes", kind=Institution.Kind.COMPANY, country="Peru"
    )
    kivu = WorkingGroup.objects.get(slug="south-kivu")
    membership = services.membership_admit(working_group=kivu, institution=applicant, pillar="companies")
    services.representative_add(
        membership=membership, user=User.objects.get(email="antamina@peru.example.org"), role="principal"
    )
    from tests.conftest import application_data

    application = services.application_submit(working_group=peru, data=application_data("Minera Los Andes"))

    _sign_in(page, base, "repsol@peru.example.org")
    page.goto(f"{base}/g/peru/applications/{application.pk}/")
    page.get_by_label("Decision of the Coordination Group").select_option(label="Admit as member")
    page.get_by_label("Reasons").fill("Meets the four criteria of the group.")
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.get_by_text("The decision is open")).to_be_visible()
    decision_url = page.url

    _sign_in(page, base, "antamina@peru.example.org")
    page.goto(decision_url)
    expect(page.get_by_text("You are recused", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Vote")).to_have_count(0)

    _vote(page, base, "idl@peru.example.org", decision_url, reason="Good grievance record.")
    expect(page.get_by_text("Your vote has been recorded.")).to_be_visible()
    assert not Membership.objects.filter(working_group=peru, institution=applicant).exists()
    _vote(page, base, "minem@peru.example.org", decision_url, reason="Agreed by the ministry.")
    expect(page.get_by_text("The decision is closed: adopted")).to_be_visible()
    expect(page.get_by_text("Recused (their institution is concerned):")).to_be_visible()
    assert Membership.objects.get(working_group=peru, institution=applicant).status == "member"
    told = [m for m in mail.outbox if m.to == ["lucia.ramos@example.org"] and "Meets the four criteria" in m.body]
    assert len(told) == 1 and "Good grievance record." not in told[0].body  # reasons given, not the votes


def test_a_suspension_is_refused_because_one_pillar_objects(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    barrick = Membership.objects.get(working_group__slug="peru", institution__name="Barrick")
    _sign_in(page, base, "minem@peru.example.org")
    page.goto(f"{base}/g/peru/institutions/{barrick.institution_id}/")
    page.get_by_role("link", name="Suspend").click()
    page.get_by_label("Reasons").fill("Three plenaries missed without excuse.")
    page.get_by_role("button", name="Suspend").click()
    expect(page.get_by_text("The decision is open")).to_be_visible()
    decision_url = page.url
    _vote(page, base, "antamina@peru.example.org", decision_url)
    _vote(page, base, "idl@peru.example.org", decision_url, choice="Object", reason="They excused themselves.")
    expect(page.get_by_text("The decision is closed: not adopted")).to_be_visible()
    barrick.refresh_from_db()
    assert barrick.status == Membership.Status.MEMBER
    # Barrick's representative sees the outcome and the reasons, not who voted what.
    _sign_in(page, base, "barrick@peru.example.org")
    page.goto(decision_url)
    expect(page.get_by_text("Not adopted").first).to_be_visible()
    expect(page.get_by_text("They excused themselves.")).to_have_count(0)


def test_a_silence_procedure_is_adopted_at_its_deadline_with_each_email_sent_once(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    mail.outbox.clear()
    _sign_in(page, base, "socios@peru.example.org")
    page.goto(f"{base}/g/peru/procedures/new/")
    page.get_by_label("Title").fill("Date of the next plenary: 12 March")
    page.get_by_label("Proposal").fill("The plenary meets on **12 March** in Lima unless an institution objects.")
    deadline = timezone.localtime(timezone.now() + timedelta(days=2), WorkingGroup.objects.get(slug="peru").tzinfo)
    page.get_by_label("Deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Rule").select_option(value="silence")
    page.get_by_role("button", name="Open the procedure").click()
    expect(page.get_by_text("The written procedure is open")).to_be_visible()
    procedure = WrittenProcedure.objects.get(title="Date of the next plenary: 12 March")

    _sign_in(page, base, "repsol@peru.example.org")
    page.goto(f"{base}/g/peru/procedures/{procedure.pk}/")
    page.get_by_label("Agree").check()
    page.get_by_role("button", name="Cast the vote").click()
    expect(page.get_by_text("Your institution's vote has been recorded.")).to_be_visible()
    expect(page.get_by_text("Tally so far")).to_be_visible()  # shown once the institution voted

    halfway = procedure.created_at + (procedure.deadline - procedure.created_at) * 0.6
    after = procedure.deadline + timedelta(minutes=1)
    for _rerun in range(2):  # the periodic sweep runs again and again: nothing is sent twice
        services.decisions_sweep(now=halfway)
        services.decisions_sweep(now=after)
    procedure.refresh_from_db()
    assert procedure.status == "adopted"
    page.reload()
    expect(page.get_by_text("Adopted").first).to_be_visible()

    sent = Counter((message.to[0], message.subject) for message in mail.outbox)
    assert sent and max(sent.values()) == 1  # each e-mail once to each person
    people = Representative.objects.active().filter(
        working_group__slug="peru", membership__status__in=Membership.PARTICIPATING
    )
    # Subjects are in each recipient's language (the Peru group writes Spanish): find the messages by
    # their outbox keys, and check each was delivered.
    delivered = {message.to[0] for message in mail.outbox}

    def sent_for(kind):
        rows = OutboxMessage.objects.filter(dedupe_key__startswith=f"procedure:{procedure.pk}:{kind}:")
        assert all(row.sent_at is not None and row.recipient in delivered for row in rows)
        return [row.recipient for row in rows]

    opened, closed = sent_for("opened"), sent_for("closed")
    reminded = sorted(sent_for("reminder"))
    # Everyone is told of the opening and of the outcome (the Secretariat's and the Coordination Group's
    # people are representatives too); every member institution that had not voted is reminded, once.
    assert len(opened) == len(closed) == people.count()
    not_voted = people.filter(membership__status="member").exclude(user__email="repsol@peru.example.org")
    assert reminded == sorted(not_voted.values_list("user__email", flat=True))

"""The decision pages: proposing from the application and lifecycle pages, voting, what each role sees,
written procedures, the register and the charter's rules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Decision, DecisionKind, Membership, Pillar, WrittenProcedure
from tests.conftest import application_data
from tests.members.decision_helpers import three_pillar_board

pytestmark = pytest.mark.django_db
C, G, S = Pillar.COMPANIES, Pillar.GOVERNMENT, Pillar.CIVIL_SOCIETY


@pytest.fixture
def a(world):
    group_world = world["a"]
    group_world.board = three_pillar_board(group_world)
    return group_world


def _url(group_world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={"group_slug": group_world.group.slug, **kwargs})


def test_deciding_an_application_from_its_page_opens_a_decision_the_others_vote_on(a, client_as):
    application = services.application_submit(working_group=a.group, data=application_data("Minera Sur"))
    client = client_as(a.board[C])
    response = client.post(
        _url(a, "application-decide", application_id=application.pk),
        {"decision-decision": "admit_member", "decision-reason": "Meets the criteria"},
    )
    decision = Decision.objects.get()
    assert response["Location"] == _url(a, "decision-detail", decision_id=decision.pk)
    application.refresh_from_db()
    assert application.is_open  # one member alone does not decide
    page = client.get(_url(a, "application-detail", application_id=application.pk)).content.decode()
    assert "A decision is open" in page
    # A second proposal leads to the open decision.
    again = client.post(
        _url(a, "application-decide", application_id=application.pk),
        {"decision-decision": "reject", "decision-reason": "No"},
    )
    assert again["Location"] == _url(a, "decision-detail", decision_id=decision.pk)
    for pillar in (S, G):
        client = client_as(a.board[pillar])
        assert "Your vote" in client.get(_url(a, "decision-detail", decision_id=decision.pk)).content.decode()
        client.post(_url(a, "decision-vote", decision_id=decision.pk), {"choice": "agree", "reason": "Yes"})
    application.refresh_from_db()
    assert application.status == "admitted"
    page = client.get(_url(a, "decision-detail", decision_id=decision.pk)).content.decode()
    assert "Adopted" in page and "Meets the criteria" in page and "Yes" in page


def test_the_lifecycle_page_opens_a_decision_and_refuses_a_past_date(a, client_as):
    company = a.objects["company"]
    client = client_as(a.board[S])
    url = _url(a, "membership-lifecycle", institution_id=company.institution_id, step="suspend")
    yesterday = (a.group.today() - timedelta(days=1)).isoformat()
    response = client.post(url, {"reason": "Missed plenaries", "effective_on": yesterday})
    assert response.status_code == 200 and "has passed" in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(url, {"reason": "Missed plenaries"})
    decision = Decision.objects.get()
    assert response["Location"] == _url(a, "decision-detail", decision_id=decision.pk)
    company.refresh_from_db()
    assert company.status == Membership.Status.MEMBER
    assert "already open" in client.get(url).content.decode()


def test_the_institution_concerned_sees_the_outcome_and_reasons_but_not_the_votes(a, client_as):
    company = a.objects["company"]
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.WARNING, subject=company, actor=a.board[G], reason="Reports late"
    )
    url = _url(a, "decision-detail", decision_id=decision.pk)
    page = client_as(a.users["member"]).get(url).content.decode()  # the company's representative
    assert "Reports late" in page and "Adopted" in page
    assert a.board[G].get_full_name() not in page and "Votes" not in page
    follows = client_as(a.users["secretariat"]).get(url).content.decode()
    assert a.board[G].get_full_name() in follows
    assert client_as(a.users["observer"]).get(url).status_code == 200  # adopted: in the register
    assert client_as(a.users["member"]).post(_url(a, "decision-vote", decision_id=decision.pk)).status_code == 403


def test_an_open_decision_is_hidden_from_members_and_another_groups_decision_is_404(a, world, client_as):
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.SUSPENSION, subject=a.objects["company"], actor=a.board[C], reason="r"
    )
    url = _url(a, "decision-detail", decision_id=decision.pk)
    assert client_as(a.users["observer"]).get(url).status_code == 404
    other = reverse("members:decision-detail", args=[world["b"].group.slug, decision.pk])
    client = client_as(world["b"].users["coordination"])
    assert client.get(other).status_code == 404
    assert client.post(other.replace("/decisions/", "/decisions/") + "vote/", {"choice": "agree"}).status_code == 404
    assert decision.votes.count() == 1


def test_a_recused_member_is_told_on_the_page_and_their_vote_is_refused(a, client_as):
    andes = a.objects["andes"]
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.SUSPENSION, subject=andes, actor=a.board[S], reason="Breach"
    )
    client = client_as(a.board[C])
    url = _url(a, "decision-detail", decision_id=decision.pk)
    assert "You are recused" in client.get(url).content.decode()
    response = client.post(_url(a, "decision-vote", decision_id=decision.pk), {"choice": "agree", "reason": "x"})
    assert response.status_code == 302
    assert "recused" in client.get(url).content.decode()
    assert decision.votes.count() == 1


def _procedure(a, **kwargs):
    kwargs.setdefault("deadline", timezone.now() + timedelta(days=7))
    return services.procedure_open(
        working_group=a.group, actor=a.users["secretariat"], title="Venue of the next plenary", text="Cusco.", **kwargs
    )


def test_opening_a_written_procedure_from_its_page(a, client_as):
    client = client_as(a.users["secretariat"])
    deadline = timezone.localtime(timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _url(a, "procedure-open"),
        {
            "title": "Work plan 2026",
            "text": "Approve the **work plan**.",
            "deadline": deadline,
            "rule": "silence",
            "tally_visibility": "after_vote",
        },
    )
    procedure = WrittenProcedure.objects.get()
    assert response["Location"] == _url(a, "procedure-detail", procedure_id=procedure.pk)
    page = client.get(response["Location"]).content.decode()
    assert "<strong>work plan</strong>" in page and "Tally so far" in page  # the Secretariat's live tally
    assert client_as(a.users["member"]).get(_url(a, "procedure-open")).status_code == 403


def test_members_vote_once_observers_comment_and_the_tally_shows_after_voting(a, client_as):
    procedure = _procedure(a)
    detail = _url(a, "procedure-detail", procedure_id=procedure.pk)
    member = client_as(a.users["member"])
    assert "Tally so far" not in member.get(detail).content.decode()
    member.post(_url(a, "procedure-vote", procedure_id=procedure.pk), {"choice": "agree"})
    page = member.get(detail).content.decode()
    assert "has voted" in page and "Tally so far" in page
    member.post(_url(a, "procedure-vote", procedure_id=procedure.pk), {"choice": "object"})
    assert "already voted" in member.get(detail).content.decode()
    assert procedure.votes.get().choice == "agree"
    observer = client_as(a.users["observer"])
    observer.post(_url(a, "procedure-vote", procedure_id=procedure.pk), {"choice": "object"})
    assert "do not vote" in observer.get(detail).content.decode()
    observer.post(_url(a, "procedure-comment", procedure_id=procedure.pk), {"text": "We support it."})
    assert "We support it." in observer.get(detail).content.decode()
    assert procedure.votes.count() == 1


def test_the_register_lists_every_kind_filtered_by_kind_and_year(a, client_as):
    services.decision_open(
        working_group=a.group, kind=DecisionKind.WARNING, subject=a.objects["company"], actor=a.board[G], reason="r"
    )
    _procedure(a)
    client = client_as(a.users["member"])
    page = client.get(_url(a, "decision-register")).content.decode()
    assert "<td>Warning to a member</td>" in page and "Venue of the next plenary" in page
    page = client.get(_url(a, "decision-register") + "?kind=procedure").content.decode()
    assert "<td>Warning to a member</td>" not in page and "Venue of the next plenary" in page
    page = client.get(_url(a, "decision-register") + "?year=2001").content.decode()
    assert "Venue of the next plenary" not in page
    assert client.get(_url(a, "decision-register") + "?year=abc").status_code == 200


def test_the_charter_shows_the_decision_rules_and_the_admin_changes_one(a, client_as):
    client = client_as(a.users["admin"])
    assert "How the Coordination Group decides" in client.get(_url(a, "charter")).content.decode()
    response = client.post(
        _url(a, "decision-rules-edit"),
        {"kind": "warning", "rule": "majority", "days": 10, "reason": "Plenary of May", "decided_on": "2026-01-10"},
    )
    assert response.status_code == 302
    assert services.decision_rule_for(a.group, "warning") == ("majority", 10)


def test_a_proposal_naming_a_participant_is_held_until_the_author_confirms(a, client_as):
    client = client_as(a.users["secretariat"])
    member = a.users["member"]
    deadline = timezone.localtime(timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "Statement",
        "text": f"As {member.first_name} {member.last_name} of Mining Co alpha proposed, we publish it.",
        "deadline": deadline,
        "rule": "majority",
        "tally_visibility": "after_vote",
    }
    response = client.post(_url(a, "procedure-open"), data)
    assert response.status_code == 200 and "Mentions found" in response.content.decode()
    assert not WrittenProcedure.objects.exists()
    response = client.post(_url(a, "procedure-open"), {**data, "accept_mentions": "on"})
    assert response.status_code == 302 and WrittenProcedure.objects.count() == 1

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import services
from members.exceptions import MembersError
from members.models import Institution, Invitation, Membership, MembershipApplication
from tests.conftest import application_data
from tests.factories.decisions import adopt
from vpwg.models import AuditRecord, OutboxMessage
from vpwg.permissions import Role, roles_of

pytestmark = pytest.mark.django_db
Status = MembershipApplication.Status


def _submit(world, name="Minera Andina", **overrides):
    return services.application_submit(working_group=world["a"].group, data=application_data(name, **overrides))


def test_public_application_is_recorded_and_the_applicant_gets_a_status_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(world)
    assert application.status == Status.SUBMITTED and application.proposed_by is None
    [message] = [m for m in mail.outbox if m.to == ["lucia.ramos@example.org"]]
    assert f"/apply/status/{application.status_token}/" in message.body


def test_a_duplicate_application_is_linked_not_doubled(world):
    first = _submit(world, "Minera Andina")
    second = _submit(world, "  minera   ANDINA ")
    assert second.duplicate_of == first
    assert first.events.filter(kind="duplicate").exists()


def test_an_institution_that_is_already_a_member_cannot_apply(world):
    with pytest.raises(MembersError, match="already a member"):
        _submit(world, "Mining Co alpha")


def test_member_proposal_records_the_proposer(world):
    group_world = world["a"]
    application = services.application_propose(
        working_group=group_world.group, data=application_data("Minera Sur"), actor=group_world.users["member"]
    )
    assert application.proposed_by == group_world.objects["member_rep"]


def test_observers_cannot_propose_by_default(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.application_propose(
            working_group=world["a"].group, data=application_data("X"), actor=world["a"].users["observer"]
        )


def test_only_members_of_the_same_pillar_endorse_once(world):
    group_world = world["a"]
    application = _submit(world)  # companies pillar
    services.application_endorse(application=application, actor=group_world.users["member"])
    with pytest.raises(MembersError, match="already endorsed"):
        services.application_endorse(application=application, actor=group_world.users["member"])
    with pytest.raises(MembersError, match="same pillar"):
        services.application_endorse(application=application, actor=group_world.users["coordination"])  # NGO


def test_info_request_and_answer_move_the_status(world, django_capture_on_commit_callbacks):
    group_world = world["a"]
    application = _submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_info(
            application=application,
            actor=group_world.users["secretariat"],
            question="Please send your security policy.",
        )
    assert "Please send your security policy." in mail.outbox[-1].body
    application = services.application_provide_info(status_token=application.status_token, answer="Attached.")
    assert application.status == Status.SUBMITTED
    with pytest.raises(MembersError):
        services.application_provide_info(status_token=application.status_token, answer="Again")


def test_review_is_one_per_member_and_can_be_changed(world):
    group_world = world["a"]
    application = _submit(world)
    reviewer = group_world.users["coordination"]
    services.application_review(application=application, actor=reviewer, opinion="defer", comment="Need more")
    services.application_review(application=application, actor=reviewer, opinion="admit_member", comment="Fine")
    [review] = application.reviews.all()
    assert review.opinion == "admit_member" and review.pillar == "civil_society"


def test_admission_creates_the_membership_and_invites_the_contact(world, django_capture_on_commit_callbacks):
    group_world = world["a"]
    application = _submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(group_world.group, "admission", application, proposal="admit_observer", reason="Meets criteria b to d.")
    application.refresh_from_db()
    membership = application.membership
    assert application.status == Status.ADMITTED
    assert (membership.status, membership.pillar, membership.institution.name) == (
        Membership.Status.OBSERVER,
        "companies",
        "Minera Andina",
    )
    invitation = Invitation.objects.get(email="lucia.ramos@example.org")
    assert invitation.membership == membership and invitation.role == "principal"
    subjects = [m.subject for m in mail.outbox if m.to == ["lucia.ramos@example.org"]]
    assert any("Decision" in s for s in subjects) and any("Invitation" in s for s in subjects)
    assert AuditRecord.objects.filter(action="members.application.admit_observer").exists()


def test_admission_links_an_existing_institution(world):
    existing = Institution.objects.create(name="Minera Andina", kind="company", country="Peru")
    application = _submit(world)
    adopt(world["a"].group, "admission", application, proposal="admit_member")
    application.refresh_from_db()
    assert application.membership.institution == existing


def test_a_decided_application_refuses_a_second_decision(world):
    application = _submit(world)
    first = adopt(world["a"].group, "admission", application, proposal="reject", reason="Out of scope")
    with pytest.raises(MembersError, match="already been decided"):
        adopt(world["a"].group, "admission", application, proposal="admit_member", reason="Oops")
    with pytest.raises(MembersError, match="adopted decision"):  # the rejection is applied: not twice
        services.application_decide(application=application, adopted=first)
    application.refresh_from_db()
    assert application.status == Status.REJECTED and application.membership is None


def test_deferral_keeps_the_application_open(world):
    application = _submit(world)
    adopt(world["a"].group, "admission", application, proposal="defer", reason="Next meeting")
    adopt(world["a"].group, "admission", application, proposal="admit_member", reason="Agreed")
    application.refresh_from_db()
    assert application.status == Status.ADMITTED


def test_nobody_decides_an_application_but_an_adopted_decision(world):
    """A direct call is refused whoever makes it, with or without the old permission; so is an open
    decision, or the adopted decision about another application."""
    application, other = _submit(world), _submit(world, "Otra Minera")
    for role in ("coordination", "secretariat", "member", "admin"):
        with pytest.raises(MembersError, match="adopted decision"):
            services.application_decide(application=application, actor=world["a"].users[role])
    elsewhere = adopt(world["a"].group, "admission", other, proposal="admit_member")
    with pytest.raises(MembersError, match="adopted decision"):
        services.application_decide(application=application, adopted=elsewhere)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.decided_at is None


def test_overdue_applications_remind_the_coordination_group_once(world):
    application = _submit(world)
    MembershipApplication.objects.filter(pk=application.pk).update(created_at=timezone.now() - timedelta(days=31))
    fresh = _submit(world, "Fresh Co")
    assert services.applications_remind_overdue() == 1
    assert services.applications_remind_overdue() == 0
    [row] = OutboxMessage.objects.filter(dedupe_key__contains=":overdue:")
    assert row.recipient == world["a"].users["coordination"].email
    assert str(fresh.pk) not in row.dedupe_key


class TestPublicForm:
    def _post(self, client, world, seconds_on_the_form=10, **overrides):
        """Post the form as if it had been opened `seconds_on_the_form` ago."""
        import time

        from django.core import signing

        started = signing.dumps(time.time() - seconds_on_the_form, salt="application-form")
        data = {**application_data("Minera Andina"), "started": started, **overrides}
        return client.post(reverse("applications:apply", args=[world["a"].group.slug]), data)

    def test_a_person_can_apply_and_lands_on_the_status_page(self, client, world):
        response = self._post(client, world)
        assert response.status_code == 302, response.context["form"].errors
        application = MembershipApplication.objects.get(institution_name="Minera Andina")
        assert response.status_code == 302
        assert response["Location"] == reverse("applications:status", args=[application.status_token])
        assert "Awaiting review" in client.get(response["Location"]).content.decode()

    def test_a_form_sent_within_seconds_is_refused(self, client, world):
        response = self._post(client, world, seconds_on_the_form=1)
        assert response.status_code == 200 and "too quickly" in response.content.decode()
        assert not MembershipApplication.objects.filter(institution_name="Minera Andina").exists()

    def test_the_hidden_field_catches_bots(self, client, world):
        response = self._post(client, world, homepage="http://spam.example")
        assert response.status_code == 200
        assert not MembershipApplication.objects.filter(institution_name="Minera Andina").exists()

    def test_a_tampered_start_time_is_refused(self, client, world):
        response = self._post(client, world, started="1700000000")
        assert "expired" in response.content.decode()

    def test_a_pdf_letter_is_accepted(self, client, world):
        letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
        self._post(client, world, motivation_pdf=letter)
        assert MembershipApplication.objects.get(institution_name="Minera Andina").motivation_pdf

    def test_a_file_that_is_not_a_pdf_is_refused_on_the_form(self, client, world):
        fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = self._post(client, world, motivation_pdf=fake)
        assert "not accepted" in response.content.decode()
        assert not MembershipApplication.objects.filter(institution_name="Minera Andina").exists()

    def test_a_pdf_that_is_too_large_is_refused(self, client, world):
        big = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
        response = self._post(client, world, motivation_pdf=big)
        assert "too large" in response.content.decode()

    def test_the_form_is_rate_limited_per_address(self, client, world):
        for index in range(5):
            assert self._post(client, world, institution_name=f"Co {index}").status_code == 302
        response = self._post(client, world, institution_name="Co 6")
        assert response.status_code == 429
        assert not MembershipApplication.objects.filter(institution_name="Co 6").exists()

    def test_unknown_group_is_a_404(self, client, world):
        assert client.get("/apply/nope/").status_code == 404


def test_applicant_answers_the_question_on_the_status_page(client, world):
    application = _submit(world)
    services.application_request_info(
        application=application, actor=world["a"].users["secretariat"], question="Which regions?"
    )
    url = reverse("applications:status", args=[application.status_token])
    assert "Which regions?" in client.get(url).content.decode()
    client.post(url, {"text": "Cusco and Apurímac."})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.events.filter(kind="info_provided", text="Cusco and Apurímac.").exists()


def test_deciding_twice_from_the_page_says_so(client_as, world):
    application = _submit(world)
    client = client_as(world["a"].users["coordination"])
    url = reverse("members:application-decide", args=[world["a"].group.slug, application.pk])
    client.post(url, {"decision-decision": "reject", "decision-reason": "No"})
    response = client.post(url, {"decision-decision": "admit_member", "decision-reason": "Yes"}, follow=True)
    assert "already been decided" in response.content.decode()


def test_admitted_contact_becomes_a_representative_through_the_invitation(world):
    application = _submit(world)
    adopt(world["a"].group, "admission", application, proposal="admit_member")
    invitation = Invitation.objects.get(email="lucia.ramos@example.org")
    rep = services.invitation_accept(token=invitation.token, password="una-clave-larga-1")
    assert roles_of(rep.user, world["a"].group) == {Role.MEMBER}

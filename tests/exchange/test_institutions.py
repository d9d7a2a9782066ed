"""Importing institutions with their pillar and representatives, through members' services."""

import pytest
from django.core import mail

from exchange import services
from exchange.exceptions import ExchangeError, ImportFileError
from exchange.models import ImportBatch
from members import services as members_services
from members.models import Institution, Invitation, Membership
from tests.factories.members import InstitutionFactory, MembershipFactory, WorkingGroupFactory
from vpwg.errors import TransitionNotAllowed
from vpwg.models import AuditRecord, OutboxMessage

from .conftest import INSTITUTION_HEADERS, csv_upload, institution_row, xlsx_upload

pytestmark = pytest.mark.django_db

GOOD = [
    institution_row("Minera Andina", email="lucia.ramos@andina.example", acronym="MASA"),
    institution_row(
        "Defensoría del Pueblo",
        pillar="Gobierno",
        kind="Organismo del Estado anfitrión",
        email="jose@defensoria.example",
    ),
    institution_row("Red Muqui", pillar="Sociedad civil", kind="Organización no gubernamental"),
]


def _outcomes(batch):
    return [result["outcome"] for result in batch.results]


def test_preview_saves_nothing_but_the_batch(upload, group_a):
    before = (
        Institution.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        OutboxMessage.objects.count(),
        AuditRecord.objects.count(),
    )
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD))
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert _outcomes(batch) == ["created", "created", "created"]
    assert any("Invitation to lucia.ramos@andina.example queued" in note for note in batch.results[0]["notes"])
    after = (
        Institution.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        OutboxMessage.objects.count(),
        AuditRecord.objects.count(),
    )
    assert after == before


def test_confirm_admits_members_and_queues_invitations_through_the_services(
    upload, group_a, django_capture_on_commit_callbacks
):
    batch = upload("institutions", xlsx_upload(INSTITUTION_HEADERS, GOOD))
    assert len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert batch.status == ImportBatch.Status.IMPORTED
    andina = Membership.objects.get(working_group=group_a.group, institution__name="Minera Andina")
    assert (andina.pillar, andina.status, str(andina.joined_on)) == ("companies", "member", "2015-03-31")
    assert andina.institution.acronym == "MASA" and andina.institution.kind == Institution.Kind.COMPANY
    defensoria = Membership.objects.get(working_group=group_a.group, institution__name="Defensoría del Pueblo")
    assert defensoria.pillar == "government"
    invitation = Invitation.objects.get(email="lucia.ramos@andina.example")
    assert invitation.membership == andina and invitation.invited_by == group_a.users["secretariat"]
    assert sorted(message.to[0] for message in mail.outbox) == ["jose@defensoria.example", "lucia.ramos@andina.example"]
    actions = set(AuditRecord.objects.filter(working_group=group_a.group).values_list("action", flat=True))
    assert {"members.membership.admitted", "members.representative.invited", "exchange.import.confirmed"} <= actions
    record = AuditRecord.objects.get(action="exchange.import.confirmed")
    assert record.data["created"] == 3 and record.actor == group_a.users["secretariat"]


def test_unknown_pillar_is_a_row_error_by_column_and_nothing_is_saved(upload, group_a):
    rows = [*GOOD, institution_row("Minera del Sur", pillar="Minería", email="ana@sur.example")]
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    assert _outcomes(batch) == ["created", "created", "created", "error"]
    column, message = batch.results[3]["errors"][0]
    assert column == "Pillar" and "“Minería” is not one of" in message
    assert batch.results[3]["row"] == 5
    batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Membership.objects.filter(institution__name__in=["Minera Andina", "Minera del Sur"]).exists()
    assert not Invitation.objects.filter(email="lucia.ramos@andina.example").exists()


def test_valid_rows_only_leaves_out_the_failing_ones(upload, group_a):
    rows = [*GOOD, institution_row("Minera del Sur", pillar="Minería")]
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"], only_valid=True)
    assert batch.status == ImportBatch.Status.IMPORTED and batch.only_valid
    assert Membership.objects.filter(working_group=group_a.group, institution__name="Red Muqui").exists()
    assert not Institution.objects.filter(name="Minera del Sur").exists()


def test_a_file_where_every_row_fails_imports_nothing_even_valid_only(upload, group_a):
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, [institution_row("X", pillar="Minería")]))
    batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"], only_valid=True)
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_duplicates_are_matched_and_reported_never_duplicated(upload, group_a):
    existing = group_a.objects["company"]  # "Mining Co alpha", companies
    other_group = WorkingGroupFactory(slug="gamma")
    shared = InstitutionFactory(name="Embajada de Canadá", kind=Institution.Kind.FOREIGN_GOVERNMENT, country="Perú")
    MembershipFactory(working_group=other_group, institution=shared, pillar="government")
    rows = [
        institution_row("MINING CO  alpha", pillar="Sociedad civil"),
        institution_row("Embajada de Canadá", pillar="Gobierno", kind="Gobierno extranjero o embajada"),
        institution_row("Red Muqui", pillar="Sociedad civil", kind="Organización no gubernamental"),
        institution_row("red muqui", pillar="Sociedad civil", kind="Organización no gubernamental"),
    ]
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    assert _outcomes(batch) == ["matched", "created", "created", "matched"]
    assert any("matched, not duplicated" in note for note in batch.results[0]["notes"])
    assert any("pillar" in note for note in batch.results[0]["notes"])  # the file said civil society: not applied
    assert any("reused" in note for note in batch.results[1]["notes"])
    assert any("row 4" in note for note in batch.results[3]["notes"])
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert Membership.objects.filter(working_group=group_a.group, institution__name__iexact="red muqui").count() == 1
    assert Institution.objects.filter(name="Embajada de Canadá").count() == 1
    existing.refresh_from_db()
    assert existing.pillar == "companies"


def test_matched_by_acronym(upload, group_a):
    institution = group_a.objects["ngo"].institution
    institution.acronym = "APRODEH"
    institution.save()
    batch = upload(
        "institutions",
        csv_upload(
            INSTITUTION_HEADERS,
            [institution_row("Asociación Pro Derechos Humanos", acronym="aprodeh", pillar="Sociedad civil")],
        ),
    )
    assert _outcomes(batch) == ["matched"]


def test_a_person_invited_twice_in_one_file_is_a_row_error(upload, group_a):
    rows = [
        institution_row("Minera Andina", email="lucia@example.org"),
        institution_row("Minera del Norte", email="LUCIA@example.org"),
    ]
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    assert _outcomes(batch) == ["created", "error"]
    assert batch.results[1]["errors"][0][0] == "Principal: e-mail"


def test_someone_representing_another_member_is_refused_on_the_email_column(upload, group_a):
    email = group_a.objects["member_rep"].user.email
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, [institution_row("Minera Andina", email=email)]))
    assert _outcomes(batch) == ["error"]
    column, message = batch.results[0]["errors"][0]
    assert column == "Principal: e-mail" and "already represents" in message
    assert batch.results[0]["notes"] == []  # the rolled-back admission is not reported as done


def test_cell_errors_are_reported_by_column(upload, group_a):
    row = ["", "", "Mina", "Perú", "Empresas", "Miembro", "31/02/2015", "Ana", "", "no-es-correo", ""]
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, [row]))
    columns = {column for column, _message in batch.results[0]["errors"]}
    assert {
        "Institution",
        "Kind of institution",
        "Member since",
        "Principal: e-mail",
        "Principal: last name",
    } <= columns


def test_missing_required_column_refuses_the_file(upload):
    with pytest.raises(ImportFileError, match="Pillar"):
        upload("institutions", csv_upload(["Institución", "Sigla"], [["Minera Andina", "MASA"]]))
    assert not ImportBatch.objects.exists()


def test_headers_in_french_english_or_without_accents_work(upload):
    headers = [
        "INSTITUTION",
        "type d'institution",
        "pilier",
        "Principal: e-mail",
        "Principal: first name",
        "principal last name",
    ]
    batch = upload(
        "institutions",
        csv_upload(headers, [["Mine du Kivu", "Entreprise", "Entreprises", "a@b.example", "Ann", "Lee"]]),
    )
    assert _outcomes(batch) == ["created"]


def test_only_the_secretariat_imports(upload, group_a):
    with pytest.raises(Exception) as refused:
        upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD), actor=group_a.users["member"])
    assert refused.type.__name__ == "PermissionDenied"


def test_confirm_twice_is_refused(upload, group_a):
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD))
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    with pytest.raises(TransitionNotAllowed):
        services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert Membership.objects.filter(institution__name="Minera Andina").count() == 1


def test_undo_deletes_what_the_import_created(upload, group_a):
    batch = services.import_confirm(
        batch=upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD)), actor=group_a.users["secretariat"]
    )
    assert services.import_dependents(batch) == []
    services.import_undo(batch=batch, actor=group_a.users["secretariat"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert not Institution.objects.filter(name__in=["Minera Andina", "Red Muqui"]).exists()
    assert not Invitation.objects.filter(email="lucia.ramos@andina.example").exists()
    assert AuditRecord.objects.filter(action="exchange.import.undone", data__deleted__gt=0).exists()


def test_undo_keeps_an_institution_it_matched(upload, group_a):
    rows = [institution_row("Mining Co alpha"), *GOOD[:1]]
    batch = services.import_confirm(
        batch=upload("institutions", csv_upload(INSTITUTION_HEADERS, rows)), actor=group_a.users["secretariat"]
    )
    services.import_undo(batch=batch, actor=group_a.users["secretariat"])
    assert Membership.objects.filter(pk=group_a.objects["company"].pk).exists()


def test_undo_is_refused_once_an_invitation_was_accepted(upload, group_a):
    batch = services.import_confirm(
        batch=upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD)), actor=group_a.users["secretariat"]
    )
    invitation = Invitation.objects.get(email="lucia.ramos@andina.example")
    members_services.invitation_accept(token=invitation.token, password="a-long-password-1")
    with pytest.raises(ExchangeError, match="cannot be undone"):
        services.import_undo(batch=batch, actor=group_a.users["secretariat"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Membership.objects.filter(institution__name="Minera Andina").exists()


def test_undo_is_refused_after_a_membership_decision(upload, group_a):
    batch = services.import_confirm(
        batch=upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD[2:])), actor=group_a.users["secretariat"]
    )
    membership = Membership.objects.get(institution__name="Red Muqui")
    members_services.membership_withdraw(membership=membership, actor=group_a.users["secretariat"], reason="Left")
    assert services.import_dependents(batch)
    with pytest.raises(ExchangeError):
        services.import_undo(batch=batch, actor=group_a.users["secretariat"])


def test_discard_forgets_the_rows(upload, group_a):
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, GOOD))
    services.import_discard(batch=batch, actor=group_a.users["secretariat"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and batch.rows == []

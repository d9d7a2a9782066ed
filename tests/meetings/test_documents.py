"""Documents of a meeting and of its agenda items: checked uploads, the audience before the meeting,
circulation after it (current members only, stamped PDFs, logged downloads), removal with an audit."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from meetings import services
from meetings.exceptions import MeetingsError
from meetings.models import Meeting, MeetingDocument
from members import services as member_services
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from vpwg.models import AuditRecord, DocumentAccess


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def docx_bytes() -> bytes:
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meeting(alpha):
    meeting = MeetingFactory(working_group=alpha.group)
    AgendaItemFactory(meeting=meeting, position=1, title="Draft law")
    return meeting


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


def _upload(meeting, actor, name="study.pdf", content=None, item=None, title=""):
    return services.meeting_document_add(
        meeting=meeting,
        actor=actor,
        file=SimpleUploadedFile(name, pdf_bytes() if content is None else content),
        title=title,
        agenda_item=item,
    )


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached roles from earlier in the test


def _hold(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    return Meeting.objects.select_related("working_group").get(pk=meeting.pk)


def _downloads(document):
    return DocumentAccess.objects.filter(
        content_type=ContentType.objects.get_for_model(MeetingDocument), object_id=document.pk, action="download"
    )


# --- services -----------------------------------------------------------------------------------


def test_upload_to_an_item_is_checked_granted_and_audited(meeting, secretariat):
    item = meeting.agenda_items.get()
    document = _upload(meeting, secretariat, "Presentación SUCAMEC.pdf", item=item)
    assert (document.kind, document.agenda_item, document.title) == ("pdf", item, "Presentación SUCAMEC")
    assert document.file.name.startswith(f"meetings/{meeting.working_group.slug}/{meeting.pk}/")
    record = AuditRecord.objects.get(action="meetings.document.added")
    assert record.data["file"] == "Presentación SUCAMEC.pdf" and record.data["agenda_item"] == item.pk
    from guardian.models import GroupObjectPermission

    granted = GroupObjectPermission.objects.filter(
        object_pk=str(document.pk), permission__codename="view_meetingdocument"
    )
    assert sorted(granted.values_list("group__name", flat=True)) == ["alpha:member", "alpha:observer"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"MZ\x90\x00 not a pdf at all", "This file type is not accepted"),
        ("script.exe", pdf_bytes(), "This file type is not accepted"),
        ("big.pdf", pdf_bytes() + b"0" * (21 * 1024 * 1024), "The file is too large"),
        ("broken.pdf", b"%PDF-1.7\nthis is not a PDF body", "damaged or protected"),
    ],
)
def test_upload_refuses_wrong_type_oversize_and_unmarkable_pdf(meeting, secretariat, name, content, message):
    with pytest.raises(MeetingsError, match=message):
        _upload(meeting, secretariat, name, content)
    assert not MeetingDocument.objects.exists()
    assert not AuditRecord.objects.filter(action="meetings.document.added").exists()


def test_upload_refuses_an_item_of_another_meeting_and_members(alpha, meeting, secretariat):
    other = AgendaItemFactory(meeting=MeetingFactory(working_group=alpha.group), position=1)
    with pytest.raises(MeetingsError, match="item of this meeting"):
        _upload(meeting, secretariat, item=other)
    with pytest.raises(PermissionDenied):
        _upload(meeting, alpha.users["member"])


def test_the_coordination_group_attaches_while_the_agenda_may_change_the_secretariat_also_after(
    alpha, meeting, secretariat
):
    _upload(meeting, alpha.users["coordination"])
    held = _hold(meeting)
    with pytest.raises(PermissionDenied):
        _upload(held, alpha.users["coordination"])
    assert _upload(held, secretariat, "shown.pdf").meeting == held


def test_the_audience_downloads_a_copy_marked_for_them_and_each_download_is_logged(alpha, meeting, secretariat):
    document = _upload(meeting, secretariat)
    member = alpha.users["member"]
    copy = services.meeting_document_download(document=document, user=member)
    text = PdfReader(io.BytesIO(copy.content)).pages[0].extract_text()
    assert member.get_full_name() in text and "Mining Co alpha" in text
    assert "Confidential — Chatham House Rule, do not attribute" in text
    assert copy.stamped and copy.content_type == "application/pdf"
    assert _downloads(document).get().user == member


def test_a_presentation_that_is_not_a_pdf_is_handed_out_as_it_is_and_logged(alpha, meeting, secretariat):
    document = _upload(meeting, secretariat, "slides.docx", docx_bytes())
    copy = services.meeting_document_download(document=document, user=alpha.users["observer"])
    assert copy.content == docx_bytes() and not copy.stamped
    assert copy.content_type.endswith("wordprocessingml.document")
    assert _downloads(document).count() == 1


def test_after_the_meeting_only_current_members_read_as_circulated_minutes(alpha, meeting, secretariat):
    document = _upload(meeting, secretariat)
    held = _hold(meeting)
    document = MeetingDocument.objects.select_related("meeting__working_group").get(pk=document.pk)
    member = _fresh(alpha.users["member"])
    assert services.meeting_document_download(document=document, user=member).stamped
    member_services.membership_withdraw(membership=alpha.objects["company"], actor=secretariat, reason="Left")
    former = _fresh(alpha.users["member"])
    with pytest.raises(PermissionDenied):
        services.meeting_document_download(document=document, user=former)
    from vpwg.permissions import access_for

    assert access_for(former, held.working_group).level(document) is None
    assert _downloads(document).count() == 1


def test_documents_of_a_coordination_meeting_stay_with_the_coordination_group(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, kind=Meeting.Kind.COORDINATION)
    document = _upload(meeting, secretariat)
    with pytest.raises(PermissionDenied):
        services.meeting_document_download(document=document, user=alpha.users["member"])
    assert services.meeting_document_download(document=document, user=alpha.users["coordination"]).stamped


def test_removing_an_item_keeps_its_documents_for_the_meeting(meeting, secretariat):
    item = meeting.agenda_items.get()
    document = _upload(meeting, secretariat, item=item)
    services.agenda_item_remove(item=item, actor=secretariat)
    document.refresh_from_db()
    assert document.agenda_item is None and document.meeting == meeting


def test_remove_deletes_row_and_file_and_writes_the_audit(django_capture_on_commit_callbacks, meeting, secretariat):
    document = _upload(meeting, secretariat)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_document_remove(document=document, actor=secretariat)
    assert not MeetingDocument.objects.exists() and not storage.exists(name)
    assert AuditRecord.objects.get(action="meetings.document.removed").data["file"] == "study.pdf"


# --- views --------------------------------------------------------------------------------------


def test_attach_beside_an_item_then_download_from_the_meeting_page(alpha, client_as, meeting, secretariat):
    item = meeting.agenda_items.get()
    client = client_as(secretariat)
    page = client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk)).content.decode()
    assert f'id="document-file-{item.pk}"' in page
    response = client.post(
        _url("document-add", alpha.group, meeting_id=meeting.pk),
        {"agenda_item": item.pk, "file": SimpleUploadedFile("Estudio de alcance.pdf", pdf_bytes())},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#agenda-item-{item.pk}")
    document = MeetingDocument.objects.get()
    member = client_as(alpha.users["member"])
    page = member.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk)).content.decode()
    download = _url("document-download", alpha.group, meeting_id=meeting.pk, document_id=document.pk)
    assert download in page and "Estudio de alcance" in page
    response = member.get(download)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"] and "Estudio" in response["Content-Disposition"]
    assert alpha.users["member"].get_full_name() in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00", "This file type is not accepted"),
        ("big.pdf", pdf_bytes() + b"0" * (21 * 1024 * 1024), "The file is too large"),
        ("broken.pdf", b"%PDF-1.4 garbage", "damaged or protected"),
    ],
)
def test_a_refused_upload_is_explained_next_to_the_file_field(alpha, client_as, meeting, name, content, message):
    client = client_as(alpha.users["secretariat"])
    response = client.post(
        _url("document-add", alpha.group, meeting_id=meeting.pk), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not MeetingDocument.objects.exists()


def test_another_groups_document_and_another_meetings_are_404(world, client_as, meeting, secretariat):
    alpha, beta = world["a"], world["b"]
    document = _upload(meeting, secretariat)
    beta_meeting = MeetingFactory(working_group=beta.group)
    client = client_as(beta.users["member"])
    # Through group A's address: B's member cannot see the group at all.
    assert (
        client.get(_url("document-download", alpha.group, meeting_id=meeting.pk, document_id=document.pk)).status_code
        == 404
    )
    # Through B's own meeting: the id is of another group's document.
    url = _url("document-download", beta.group, meeting_id=beta_meeting.pk, document_id=document.pk)
    assert client.get(url).status_code == 404
    other_meeting = MeetingFactory(working_group=alpha.group)
    client = client_as(alpha.users["member"])
    url = _url("document-download", alpha.group, meeting_id=other_meeting.pk, document_id=document.pk)
    assert client.get(url).status_code == 404
    assert not _downloads(document).exists()


def test_former_member_cannot_download_after_circulation(alpha, client_as, meeting, secretariat):
    document = _upload(meeting, secretariat)
    _hold(meeting)
    url = _url("document-download", alpha.group, meeting_id=meeting.pk, document_id=document.pk)
    assert client_as(alpha.users["member"]).get(url).status_code == 200
    member_services.membership_withdraw(membership=alpha.objects["company"], actor=secretariat, reason="Left")
    response = client_as(_fresh(alpha.users["member"])).get(url)
    assert response.status_code == 404
    assert _downloads(document).count() == 1


def test_remove_view_and_members_cannot_remove(alpha, client_as, meeting, secretariat):
    document = _upload(meeting, secretariat)
    url = _url("document-remove", alpha.group, meeting_id=meeting.pk, document_id=document.pk)
    assert client_as(alpha.users["member"]).post(url).status_code == 403
    assert client_as(secretariat).post(url).status_code == 302
    assert not MeetingDocument.objects.exists()


@pytest.mark.parametrize(("role", "count"), [("member", 8), ("secretariat", 10)])
def test_download_query_count(alpha, client_as, meeting, secretariat, role, count):
    """Pinned: session, user, group, access rows, the document with its meeting (one read), the reader's
    language and institution for the band (the Secretariat's through its term: two more), the log row."""
    document = _upload(meeting, secretariat)
    client = client_as(alpha.users[role])
    url = _url("document-download", alpha.group, meeting_id=meeting.pk, document_id=document.pk)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured.captured_queries) == count, [q["sql"][:90] for q in captured.captured_queries]

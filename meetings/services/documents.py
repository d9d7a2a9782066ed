"""Documents of a meeting and of its agenda items: upload, removal and the reader's copy.

Uploads are checked as every upload is (vpwg.uploads: name and content agree on an accepted kind, a
size limit), and a PDF must be one the reader's band can be printed on. Until the meeting is over
the meeting's audience reads them; then they are read as circulated minutes are: the
`view_meetingdocument` grant to the member and observer role groups (vpwg.circulation.circulate, made
at upload) lets current members' and observers' representatives in, nobody who has left. Every PDF
copy is stamped for its reader and every download is logged in the shared document-access log (the
rules: meetings/permissions.py `meeting_document_level`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import circulation, permissions
from vpwg.audit import audit_record
from vpwg.pdf import stamp_pdf
from vpwg.uploads import kind_of

from ..exceptions import MeetingsError
from ..models import AgendaItem, Meeting, MeetingDocument
from ._common import locked_meeting

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class DocumentCopy:
    content: bytes
    filename: str
    content_type: str
    stamped: bool


def _check_pdf_can_be_stamped(file) -> None:
    """Refuse a PDF the reader's band cannot be printed on (damaged, or locked with a password)."""
    position = file.tell()
    file.seek(0)
    try:
        stamp_pdf(file.read(), ["-"])
    except Exception as error:  # pypdf raises many kinds for a broken file; each means the same here
        raise MeetingsError(
            _("This PDF is damaged or protected with a password, so it cannot be marked for its readers.")
        ) from error
    finally:
        file.seek(position)


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, actor, file, title: str = "", agenda_item: AgendaItem | None = None
) -> MeetingDocument:
    """Attach `file` to `meeting`, or to one of its agenda items.

    Requires add_meeting_document (edit_agenda while the agenda may change; manage_meetings also after
    the meeting). Checks the file by content; grants the circulation read permission; writes the audit.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.access_for(actor, meeting.working_group).require_rule("meetings.add_meeting_document", meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingsError(_("Choose an item of this meeting's agenda."))
    name = file.name.rsplit("/", 1)[-1][:200]
    document = MeetingDocument(
        working_group=meeting.working_group,
        meeting=meeting,
        agenda_item=agenda_item,
        title=(title or "").strip()[:200] or name.rsplit(".", 1)[0][:200] or name,
        file=file,
        original_name=name,
        kind=kind_of(file) or "",
        size=file.size or 0,
        uploaded_by=actor,
    )
    try:
        document.full_clean()
    except ValidationError as error:
        raise MeetingsError(" ".join(error.messages))
    if document.is_pdf:
        _check_pdf_can_be_stamped(file)
    document.save()
    circulation.circulate(document)
    audit_record(
        action="meetings.document.added",
        actor=actor,
        target=document,
        working_group=meeting.working_group,
        meeting=meeting.pk,
        agenda_item=agenda_item.pk if agenda_item else None,
        file=name,
        size=document.size,
    )
    return document


@transaction.atomic
def meeting_document_remove(*, document: MeetingDocument, actor) -> None:
    """Remove a document and its file. The audit keeps its title and name; the access log its readers."""
    meeting = locked_meeting(document.meeting_id)
    document = MeetingDocument.objects.select_related("meeting").get(pk=document.pk, meeting=meeting)
    document.meeting = meeting
    permissions.access_for(actor, meeting.working_group).require_rule("meetings.remove_meeting_document", document)
    storage, stored_name = document.file.storage, document.file.name
    audit_record(
        action="meetings.document.removed",
        actor=actor,
        target=document,
        working_group=meeting.working_group,
        meeting=meeting.pk,
        file=document.original_name,
    )
    document.delete()
    # The file goes once the row is gone for good; a rollback keeps both.
    transaction.on_commit(lambda: storage.delete(stored_name) if stored_name else None)


def meeting_document_download(*, document: MeetingDocument, user) -> DocumentCopy:
    """`user`'s copy of `document`: a PDF stamped with their name, institution and the Rule, any other
    file as uploaded; logged in the document-access log. PermissionDenied if they may not read it."""
    if permissions.access_for(user, document.working_group).level(document) is None:
        raise PermissionDenied
    with document.file.open("rb") as handle:
        content = handle.read()
    stamped = False
    if document.is_pdf:
        try:
            content = circulation.stamped_copy(content, user=user, working_group=document.working_group)
        except Exception as error:  # never hand out an unmarked copy of a PDF
            raise MeetingsError(_("This PDF cannot be marked for you. Tell the Secretariat.")) from error
        stamped = True
    circulation.log_download(document=document, user=user, working_group=document.working_group)
    return DocumentCopy(
        content=content,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(document.kind, "application/octet-stream"),
        stamped=stamped,
    )

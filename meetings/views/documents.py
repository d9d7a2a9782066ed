"""Documents of a meeting and of its agenda items: upload (checked by content), the reader's copy
(stamped PDF, logged) and removal. Downloads go through here, never through a public media address."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import selectors, services
from ..forms import MeetingDocumentForm
from ._common import _access, _detail


def _back_to(meeting, item_id=None):
    url = reverse(
        "meetings:meeting-detail", kwargs={"group_slug": meeting.working_group.slug, "meeting_id": meeting.pk}
    )
    return redirect(f"{url}#agenda-item-{item_id}" if item_id else f"{url}#meeting-documents")


@group_view()
@require_http_methods(["GET", "POST"])
@once_per_submit
def document_add(request, meeting_id: int):
    """Attach a document to the meeting or to one of its items (`?item=` chooses it on the form)."""
    meeting = selectors.meeting_for_documents(request.working_group, meeting_id)
    _access(request).require_rule("meetings.add_meeting_document", meeting)
    initial = {"agenda_item": request.GET.get("item")} if request.GET.get("item", "").isdigit() else {}
    form = MeetingDocumentForm(
        request.POST if request.method == "POST" else None, request.FILES or None, meeting=meeting, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        item = form.cleaned_data["agenda_item"]
        try:
            document = services.meeting_document_add(
                meeting=meeting,
                actor=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=item,
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("“%(title)s” attached.") % {"title": document.title})
            return _back_to(meeting, item.pk if item else None)
    return render(request, "meetings/document_form.html", {"meeting": meeting, "form": form})


@group_view()
@require_GET
def document_download(request, meeting_id: int, document_id: int):
    """This person's copy: a PDF marked with their name and institution; every download logged."""
    document = selectors.meeting_document_for(_access(request), request.working_group, meeting_id, document_id)
    meeting = document.meeting  # 404 above if not theirs to read
    try:
        copy = services.meeting_document_download(document=document, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return _detail(meeting)
    response = HttpResponse(copy.content, content_type=copy.content_type)
    response["Content-Disposition"] = content_disposition_header(True, copy.filename)  # non-ASCII names too
    response["Cache-Control"] = "private, no-store"
    return response


@group_view()
@require_POST
def document_remove(request, meeting_id: int, document_id: int):
    access = _access(request)
    document = selectors.meeting_document_for(access, request.working_group, meeting_id, document_id)
    meeting = document.meeting
    access.require_rule("meetings.remove_meeting_document", document)
    item_id = document.agenda_item_id
    try:
        services.meeting_document_remove(document=document, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” removed.") % {"title": document.title})
    return _back_to(meeting, item_id)

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
)
from ._common import _detail


@group_view("edit_agenda")
@require_http_methods(["GET", "POST"])
@once_per_submit
def agenda_item_add(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, actor=request.user, **form.service_kwargs())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Agenda item added."))
            return _detail(meeting)
    return render(request, "meetings/agenda_item_form.html", {"meeting": meeting, "form": form})


@group_view("edit_agenda")
@require_POST
def agenda_item_remove(request, meeting_id: int, item_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    try:
        services.agenda_item_remove(item=item, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Agenda item removed."))
    return _detail(meeting)


@group_view("edit_agenda")
@require_POST
def agenda_item_move(request, meeting_id: int, item_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    try:
        services.agenda_item_move(item=item, actor=request.user, direction=request.POST.get("direction", "up"))
    except DomainError as error:
        messages.error(request, str(error))
    return _detail(meeting)

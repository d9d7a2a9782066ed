"""The agenda builder: add, edit in place, reorder (drag, or the up/down buttons), remove; guests' links.

Every change works as a plain form post (a redirect back to the meeting) and, with htmx, answers
with the agenda section alone (`meetings/includes/_agenda_section.html`), running total included.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import selectors, services
from ..forms import AgendaItemForm, AgendaLinesForm, AgendaOrderForm, GuestEmailForm
from ..services.agenda import guest_link
from ._common import _access, _detail

SECTION = "meetings/includes/_agenda_section.html"


def agenda_context(request, meeting, access) -> dict:
    """What the agenda section shows this person: items with times and the running total, the documents
    they may read, guests (with their links, for the Secretariat) and the buttons they may use."""
    items = list(meeting.agenda_items.all())
    timing = services.agenda_timing(meeting, items)
    documents = selectors.meeting_documents_visible(access, meeting)
    can_invite_guest = access.allows("meetings.invite_guest", meeting)
    can_edit_agenda = access.allows("meetings.edit_agenda", meeting)
    invitations = selectors.guest_invitations_of(meeting) if can_invite_guest else {}
    rows = []
    for row in timing.rows:
        guests = [
            {
                "guest": guest,
                "invitation": invitations.get(guest.pk),
                "link": guest_link(invitations[guest.pk], meeting) if guest.pk in invitations else "",
            }
            for guest in row.item.guests.all()
        ]
        rows.append(
            {
                "item": row.item,
                "timing": row,
                "guests": guests,
                "documents": [d for d in documents if d.agenda_item_id == row.item.pk],
            }
        )
    return {
        "meeting": meeting,
        "agenda_rows": rows,
        "timing": timing,
        "meeting_documents": [d for d in documents if d.agenda_item_id is None],
        "can_edit_agenda": can_edit_agenda,
        # Several items at once: on the page itself (open when the agenda is empty), a plain form post.
        "several_form": AgendaLinesForm() if can_edit_agenda else None,
        "can_add_document": access.allows("meetings.add_meeting_document", meeting),
        "can_invite_guest": can_invite_guest,
        "guest_email_form": GuestEmailForm() if can_invite_guest else None,
    }


def _section(request, meeting, status: str = "", error: str = ""):
    """The agenda section alone, re-read after a change (for htmx)."""
    meeting = selectors.meeting_for(request.working_group, meeting.pk)
    context = agenda_context(request, meeting, _access(request))
    context.update(agenda_status=status, agenda_error=error)
    return render(request, SECTION, context)


def _done(request, meeting, message: str = "", error: str = ""):
    """After a change: the fresh agenda section for htmx, else a message and back to the meeting."""
    if request.htmx:
        return _section(request, meeting, status=message, error=error)
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return _detail(meeting)


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
@require_http_methods(["GET", "POST"])
@once_per_submit
def agenda_items_add(request, meeting_id: int):
    """Several items at once, one per line (the meeting page's textarea posts here); refused lines come
    back on a page of their own, with the text as typed."""
    meeting = selectors.meeting_plain_for(request.working_group, meeting_id)
    _access(request).require_rule("meetings.edit_agenda", meeting)
    form = AgendaLinesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.agenda_items_add(meeting=meeting, actor=request.user, items=form.items())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s agenda item added.", "%(count)s agenda items added.", len(added))
                % {"count": len(added)},
            )
            return _detail(meeting)
    return render(request, "meetings/agenda_items_form.html", {"meeting": meeting, "form": form})


@group_view("edit_agenda")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")  # the same address answers a line (htmx) or a page: never cache one for the other
def agenda_item_edit(request, meeting_id: int, item_id: int):
    """Edit an item in place: with htmx the form replaces the item's line and a save the whole agenda
    (the times after it move); without, a page of its own."""
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = next((i for i in meeting.agenda_items.all() if i.pk == item_id), None)
    if item is None:
        selectors.agenda_item_for(meeting, item_id)  # 404
    _access(request).require_rule("meetings.edit_agenda", meeting)
    form = AgendaItemForm(request.POST or None, meeting=meeting, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, actor=request.user, **form.service_kwargs())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, meeting, _("Agenda item saved."))
    context = {"meeting": meeting, "form": form, "item": item}
    if request.htmx:
        response = render(request, "meetings/includes/_agenda_item_edit.html", context)
        if request.method == "POST":  # refused: the form again, in the item's place
            response = reswap(retarget(response, f"#agenda-item-{item.pk}"), "outerHTML")
        return response
    return render(request, "meetings/agenda_item_form.html", context)


@group_view("edit_agenda")
@require_POST
def agenda_item_remove(request, meeting_id: int, item_id: int):
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    try:
        services.agenda_item_remove(item=item, actor=request.user)
    except DomainError as error:
        return _done(request, meeting, error=str(error))
    return _done(request, meeting, _("Agenda item removed."))


@group_view("edit_agenda")
@require_POST
def agenda_item_move(request, meeting_id: int, item_id: int):
    """The keyboard's way to reorder (and the way without JavaScript): one place up or down."""
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    item = selectors.agenda_item_for(meeting, item_id)
    direction = "down" if request.POST.get("direction") == "down" else "up"
    try:
        services.agenda_item_move(item=item, actor=request.user, direction=direction)
    except DomainError as error:
        return _done(request, meeting, error=str(error))
    message = _("“%(title)s” moved up.") if direction == "up" else _("“%(title)s” moved down.")
    return _done(request, meeting, message % {"title": item.title} if request.htmx else "")


@group_view("edit_agenda")
@require_POST
def agenda_reorder(request, meeting_id: int):
    """The order a drag and drop left (static/js/agenda-builder.js posts every item's id in order)."""
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    form = AgendaOrderForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _done(request, meeting, error=_("The agenda changed meanwhile. Reload it and move the item again."))
    try:
        services.agenda_reorder(meeting=meeting, actor=request.user, order=form.cleaned_data["order"])
    except DomainError as error:
        return _done(request, meeting, error=str(error))
    return _done(request, meeting, _("Agenda order saved."))


@group_view("manage_meetings")
@require_POST
def guest_invite(request, meeting_id: int, guest_id: int):
    """Send a guest speaker their own link (recording their e-mail first if it was missing)."""
    meeting = selectors.meeting_for(request.working_group, meeting_id)
    guest = selectors.guest_for(meeting, guest_id)
    _access(request).require_rule("meetings.invite_guest", meeting)
    form = GuestEmailForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else ""
    if not email and not guest.email:
        return _done(request, meeting, error=_("Enter the guest's e-mail address: the link goes there."))
    try:
        services.guest_invite(
            meeting=meeting, guest=guest, actor=request.user, email=email, renew=request.POST.get("renew") == "1"
        )
    except DomainError as error:
        return _done(request, meeting, error=str(error))
    return _done(request, meeting, _("%(name)s was sent their link to the agenda.") % {"name": guest.name})


@login_not_required
@require_GET
def guest_agenda(request, group_slug: str, meeting_id: int, token: str):
    """A guest speaker's page: the meeting's agenda (times and titles) and their own items, nothing else.
    The signed token is the only key: no sign-in; any other meeting's or group's token is a 404."""
    page = selectors.guest_page_for(group_slug, meeting_id, token)
    timing = services.agenda_timing(page["meeting"], page["items"])
    group = page["meeting"].working_group
    context = {**page, "timing": timing, "time_zone": group.time_zone, "zone_label": group.zone_label}
    response = render(request, "meetings/guest_agenda.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address: never pass it on
    response["X-Robots-Tag"] = "noindex"
    return response

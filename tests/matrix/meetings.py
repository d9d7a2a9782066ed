"""Permission rows for every meetings URL (GET and POST, every role)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Guest, GuestInvitation, Meeting, MeetingDocument
from meetings.services.agenda import guest_token
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, MeetingRequestFactory, TopicFactory
from vpwg.circulation import circulate, circulation_recipients

from . import Row, everyone, only, public

RUNNERS = {"secretariat", "admin"}
AGENDA = {"secretariat", "admin", "coordination"}
REPRESENTATIVES = {"member", "observer", "coordination"}  # the coordination user represents the NGO
MEMBERS = {"member", "coordination"}


def _meeting(world, **kwargs):
    return {"meeting_id": MeetingFactory(working_group=world.group, **kwargs).pk}


def _planned(world):
    return _meeting(world)


def _started(world):
    return _meeting(world, starts_in_days=0, starts_at=timezone.now() - timedelta(hours=1))


def _held(world):
    return _meeting(world, starts_in_days=-30, status=Meeting.Status.HELD)


def _invited(world):
    meeting = MeetingFactory(working_group=world.group)
    services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])
    return {"meeting_id": meeting.pk}


def _item(world):
    item = AgendaItemFactory(meeting=MeetingFactory(working_group=world.group), position=1)
    AgendaItemFactory(meeting=item.meeting, position=2)
    return {"meeting_id": item.meeting_id, "item_id": item.pk}


def _item_of(kwargs):
    meeting_id = kwargs["meeting_id"]
    return {"meeting_id": meeting_id, "item_id": AgendaItemFactory(meeting_id=meeting_id, position=1).pk}


def _topic(world):
    return {"topic_id": TopicFactory(working_group=world.group, membership=world.objects["observer"]).pk}


def _request(world):
    return {"request_id": MeetingRequestFactory(working_group=world.group, membership=world.objects["company"]).pk}


def _feed(world):
    feed = services.calendar_feed_for(user=world.users["member"])
    return {"group_slug": world.group.slug, "token": feed.token}


def _meeting_data(world):
    day = (timezone.now() + timedelta(days=40)).date().isoformat()
    return {
        "kind": "plenary",
        "title": "Plenary on private security",
        "date": day,
        "start_time": "10:00",
        "end_time": "12:00",
        "format": "in_person",
        "venue": "Lima",
        "reminder_days": "7",
    }


def _invite_data(world):
    """Everyone of the audience ticked, as the page opens, and a personal message."""
    return {
        "recipients": [r.pk for r in circulation_recipients(world.group)],
        "message": "Nos vemos en Lima.",
        "action": "send",
    }


def _door(world):
    return {**_started(world), "membership_id": world.objects["company"].pk}


def _attendance_data(world):
    data = {"rest": "absent"}  # any institution another app's rows added is marked absent
    for key in ("company", "ngo", "observer"):
        membership = world.objects[key]
        data[f"status_{membership.pk}"] = "present" if key != "observer" else "excused"
        data[f"rep_{membership.pk}"] = ""
    return data


# --- the agenda builder: edit, reorder, documents, guests' links (issue 16) ---


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _reorder(world):
    """Two items; the order to post (reversed) is left for the row's data."""
    kwargs = _item(world)
    world.objects["agenda_order"] = list(
        AgendaItem.objects.filter(meeting_id=kwargs["meeting_id"]).order_by("-position").values_list("pk", flat=True)
    )
    return {"meeting_id": kwargs["meeting_id"]}


def _guest(world):
    item = AgendaItemFactory(meeting=MeetingFactory(working_group=world.group), position=1)
    guest = Guest.objects.create(working_group=world.group, name="Dra. Elena Ruiz", email="eruiz@example.org")
    item.guests.add(guest)
    return {"meeting_id": item.meeting_id, "guest_id": guest.pk}


def _guest_link(world, *, other_meeting: bool = False):
    kwargs = _guest(world)
    invitation = GuestInvitation.objects.create(meeting_id=kwargs["meeting_id"], guest_id=kwargs["guest_id"])
    meeting_id = MeetingFactory(working_group=world.group).pk if other_meeting else kwargs["meeting_id"]
    return {"group_slug": world.group.slug, "meeting_id": meeting_id, "token": guest_token(invitation)}


def _document(world, **meeting_kwargs):
    meeting = MeetingFactory(working_group=world.group, **meeting_kwargs)
    document = MeetingDocument(
        working_group=world.group, meeting=meeting, title="Estudio de alcance", kind="pdf", original_name="e.pdf"
    )
    document.file.save("estudio.pdf", ContentFile(_pdf()), save=False)
    document.save()
    circulate(document)
    return {"meeting_id": meeting.pk, "document_id": document.pk}


def _held_document(world):
    return _document(
        world,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=10) + timedelta(hours=2),
    )


ITEM_EDIT = {"title": "Use of force legislation", "format": "dialogue", "length_minutes": "30", "start_time": "10:15"}
# Who reads a coordination meeting's documents: the Coordination Group (and those who run meetings).
COORDINATION_READERS = {"coordination", "secretariat", "admin"}


ROWS = [
    Row("meetings:index", everyone(200)),
    Row("meetings:meeting-create", only(RUNNERS)),
    Row("meetings:meeting-create", only(RUNNERS, 302), method="post", data=_meeting_data),
    Row("meetings:meeting-detail", everyone(200), kwargs=_planned),
    Row("meetings:meeting-detail", everyone(200), kwargs=_invited, label="invited"),
    # Held: the Secretariat's page carries the one-click start of the minutes (a post to minutes:minutes-start).
    Row("meetings:meeting-detail", everyone(200), kwargs=_held, label="held"),
    Row("meetings:meeting-edit", only(RUNNERS), kwargs=_planned),
    Row("meetings:meeting-edit", only(RUNNERS, 302), kwargs=_planned, method="post", data=_meeting_data),
    Row("meetings:meeting-invite", only(RUNNERS), kwargs=_planned),
    Row("meetings:meeting-invite", only(RUNNERS, 302), kwargs=_planned, method="post", data=_invite_data),
    Row("meetings:meeting-answers", only(RUNNERS), kwargs=_invited),
    Row("meetings:meeting-answers", only(RUNNERS), kwargs=_planned, label="planned"),
    Row("meetings:meeting-remind", only(RUNNERS, 405), kwargs=_invited),
    Row("meetings:meeting-remind", only(RUNNERS, 302), kwargs=_invited, method="post"),
    Row("meetings:meeting-cancel", only(RUNNERS), kwargs=_planned),
    Row(
        "meetings:meeting-cancel",
        only(RUNNERS, 302),
        kwargs=_planned,
        method="post",
        data=lambda world: {"reason": "Venue unavailable"},
    ),
    Row("meetings:meeting-answer", everyone(405), kwargs=_invited),
    # Only invited people answer: the Secretariat and administrators are not representatives.
    Row(
        "meetings:meeting-answer",
        only(REPRESENTATIVES, 302),
        kwargs=_invited,
        method="post",
        data=lambda world: {"answer": "attending"},
    ),
    Row("meetings:meeting-ics", everyone(200), kwargs=_planned),
    Row("meetings:agenda-item-add", only(AGENDA), kwargs=_planned),
    Row(
        "meetings:agenda-item-add",
        only(AGENDA, 302),
        kwargs=_planned,
        method="post",
        data=lambda world: {"title": "Use of force legislation", "format": "dialogue", "length_minutes": "30"},
    ),
    # Several items at once (a textarea, one per line): a page of its own for refused lines; not once held.
    Row("meetings:agenda-items-add", only(AGENDA), kwargs=_planned),
    Row(
        "meetings:agenda-items-add",
        only(AGENDA, 302),
        kwargs=_planned,
        method="post",
        data=lambda world: {"lines": "Bienvenida (10 min)\nProyecto de ley\n\nVarios (15 min)"},
    ),
    Row("meetings:agenda-items-add", only(AGENDA, 403), kwargs=_held, label="held"),
    Row(
        "meetings:agenda-items-add",
        only(AGENDA, 403),
        kwargs=_held,
        method="post",
        data=lambda world: {"lines": "Varios"},
        label="held",
    ),
    Row("meetings:agenda-item-remove", only(AGENDA, 405), kwargs=_item),
    Row("meetings:agenda-item-remove", only(AGENDA, 302), kwargs=_item, method="post"),
    Row("meetings:agenda-item-move", only(AGENDA, 405), kwargs=_item),
    Row(
        "meetings:agenda-item-move",
        only(AGENDA, 302),
        kwargs=_item,
        method="post",
        data=lambda world: {"direction": "down"},
    ),
    Row("meetings:agenda-item-edit", only(AGENDA), kwargs=_item),
    Row(
        "meetings:agenda-item-edit",
        only(AGENDA, 302),
        kwargs=_item,
        method="post",
        data=lambda world: ITEM_EDIT,
    ),
    Row("meetings:agenda-item-edit", only(AGENDA, 403), kwargs=lambda w: _item_of(_held(w)), label="held"),
    Row("meetings:agenda-reorder", only(AGENDA, 405), kwargs=_reorder),
    Row(
        "meetings:agenda-reorder",
        only(AGENDA, 302),
        kwargs=_reorder,
        method="post",
        data=lambda world: {"order": world.objects["agenda_order"]},
    ),
    Row("meetings:guest-invite", only(RUNNERS, 405), kwargs=_guest),
    Row("meetings:guest-invite", only(RUNNERS, 302), kwargs=_guest, method="post"),
    # A guest's own page: the signed token is the key, no sign-in; the same answer whoever asks.
    Row("meetings:guest-agenda", public(200), kwargs=_guest_link, group_scoped=False),
    Row(
        "meetings:guest-agenda",
        public(404),
        kwargs=lambda world: {"group_slug": world.group.slug, **_planned(world), "token": "x:y"},
        group_scoped=False,
        label="invalid token",
    ),
    Row(
        "meetings:guest-agenda",
        public(404),
        kwargs=lambda world: _guest_link(world, other_meeting=True),
        group_scoped=False,
        label="another meeting's token",
    ),
    Row("meetings:document-add", only(AGENDA), kwargs=_planned),
    Row(
        "meetings:document-add",
        only(AGENDA, 302),
        kwargs=_planned,
        method="post",
        data=lambda world: {"title": "Estudio", "file": SimpleUploadedFile("estudio.pdf", _pdf(), "application/pdf")},
    ),
    Row("meetings:document-add", only(RUNNERS), kwargs=_held, label="held"),
    # Before the meeting: its audience (every role here). After it, as circulated minutes: current members and
    # observers (the coordination user represents a member), and those who run meetings.
    Row("meetings:document-download", everyone(200), kwargs=_document),
    Row("meetings:document-download", everyone(200), kwargs=_held_document, label="circulated"),
    Row(
        "meetings:document-download",
        only(COORDINATION_READERS, others=404),
        kwargs=lambda world: _document(world, kind=Meeting.Kind.COORDINATION),
        label="coordination meeting",
    ),
    Row("meetings:document-remove", everyone(405), kwargs=_document),
    Row("meetings:document-remove", only(AGENDA, 302), kwargs=_document, method="post"),
    Row("meetings:attendance-record", only(RUNNERS), kwargs=_started),
    Row("meetings:attendance-record", only(RUNNERS, 302), kwargs=_started, method="post", data=_attendance_data),
    Row("meetings:attendance-door", only(RUNNERS), kwargs=_started),
    Row("meetings:attendance-door-mark", only(RUNNERS, 405), kwargs=_door),
    Row(
        "meetings:attendance-door-mark",
        only(RUNNERS, 302),
        kwargs=_door,
        method="post",
        data=lambda world: {"present": "1"},
    ),
    Row("meetings:meeting-next", only(RUNNERS), kwargs=_held),
    Row(
        "meetings:meeting-next",
        only(RUNNERS, 302),
        kwargs=_held,
        method="post",
        data=lambda world: {"guests": "SUCAMEC", "venue": "Embassy of Canada", "notes": ""},
    ),
    Row("meetings:attendance-overview", everyone(200)),
    Row("meetings:compliance", only(AGENDA)),
    Row("meetings:topic-list", everyone(200)),
    Row("meetings:topic-create", only(REPRESENTATIVES)),
    Row(
        "meetings:topic-create",
        only(REPRESENTATIVES, 302),
        method="post",
        data=lambda world: {"title": "Private security companies", "description": "The draft law"},
    ),
    Row("meetings:topic-support", only(MEMBERS, 405), kwargs=_topic),
    Row("meetings:topic-support", only(MEMBERS, 302), kwargs=_topic, method="post"),
    Row("meetings:request-create", only(REPRESENTATIVES)),
    Row(
        "meetings:request-create",
        only(REPRESENTATIVES, 302),
        method="post",
        data=lambda world: {"subject": "Conflict in the Andes", "reason": "Both sides asked"},
    ),
    Row("meetings:request-decide", only(RUNNERS), kwargs=_request),
    Row(
        "meetings:request-decide",
        only(RUNNERS, 302),
        kwargs=_request,
        method="post",
        data=lambda world: {"decision": "decline", "note": "A plenary is two weeks away."},
    ),
    Row("meetings:calendar-settings", everyone(200)),
    Row("meetings:calendar-settings", everyone(302), method="post"),
    # The token is the key: no sign-in, and the same answer whoever asks.
    Row("meetings:calendar-feed", public(200), kwargs=_feed, group_scoped=False),
    Row(
        "meetings:calendar-feed",
        public(404),
        kwargs=lambda world: {"group_slug": world.group.slug, "token": "not-a-token"},
        group_scoped=False,
        label="unknown token",
    ),
]

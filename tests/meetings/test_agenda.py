"""The agenda builder: times and the running total, edit in place, reorder (drag and keyboard), presenters."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.exceptions import MeetingsError
from meetings.models import AgendaItem, Guest, Meeting
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from vpwg.models import AuditRecord


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


def _titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def plenary(schedule):
    """A plenary of two hours from 10:00 (group time)."""
    return schedule(hours=2)


def _add(meeting, actor, title, minutes, **kwargs):
    return services.agenda_item_add(meeting=meeting, actor=actor, title=title, length_minutes=minutes, **kwargs)


# --- timing -------------------------------------------------------------------------------------


def test_items_follow_each_other_from_the_meeting_start_with_a_running_total(plenary, secretariat):
    for title, minutes in (("Opening", 15), ("Draft law", 45), ("Study", 30)):
        _add(plenary, secretariat, title, minutes)
    timing = services.agenda_timing(Meeting.objects.get(pk=plenary.pk))
    assert [(r.starts.strftime("%H:%M"), r.ends.strftime("%H:%M")) for r in timing.rows] == [
        ("10:00", "10:15"),
        ("10:15", "11:00"),
        ("11:00", "11:30"),
    ]
    assert [r.elapsed_minutes for r in timing.rows] == [15, 60, 90]
    assert timing.budget_minutes == 120 and timing.remaining_minutes == 30
    assert not timing.is_over and timing.over_by == 0


def test_running_over_the_meeting_length_is_measured(plenary, secretariat):
    _add(plenary, secretariat, "Long dialogue", 100)
    _add(plenary, secretariat, "Workshop", 45)
    timing = services.agenda_timing(Meeting.objects.get(pk=plenary.pk))
    assert timing.elapsed_minutes == 145 and timing.is_over and timing.over_by == 25
    assert timing.ends.strftime("%H:%M") == "12:25"


def test_a_fixed_start_time_leaves_a_break_and_one_too_early_is_a_clash(plenary, secretariat):
    _add(plenary, secretariat, "Opening", 30)
    _add(plenary, secretariat, "After the break", 30, start_time=time(11, 0))
    _add(plenary, secretariat, "Too early", 20, start_time=time(11, 15))
    timing = services.agenda_timing(Meeting.objects.get(pk=plenary.pk))
    second, third = timing.rows[1], timing.rows[2]
    assert second.starts.strftime("%H:%M") == "11:00" and second.fixed and not second.clash
    assert second.elapsed_minutes == 90  # the break counts: the running total is the clock
    assert third.clash and timing.has_clash


def test_the_charter_length_is_reported_beside_the_meeting_length(alpha, plenary, secretariat):
    alpha.group.plenary_length_minutes = 180
    alpha.group.save(update_fields=["plenary_length_minutes"])
    _add(plenary, secretariat, "Opening", 30)
    timing = services.agenda_timing(Meeting.objects.select_related("working_group").get(pk=plenary.pk))
    assert timing.plenary_length_minutes == 180 and timing.budget_minutes == 120


# --- editing ------------------------------------------------------------------------------------


def test_update_changes_an_item_in_place_and_records_what_changed(alpha, plenary, secretariat):
    item = _add(plenary, secretariat, "Opening", 20)
    rep = alpha.objects["member_rep"]
    services.agenda_item_update(
        item=item,
        actor=secretariat,
        title="Opening and context",
        format=AgendaItem.Format.DIALOGUE,
        length_minutes=25,
        start_time=time(10, 5),
        presenters=[rep],
        guests=[],
        new_guest={"name": "Dr Elena Ruiz", "affiliation": "SUCAMEC", "expertise": "", "email": "eruiz@example.org"},
    )
    item.refresh_from_db()
    assert (item.title, item.format, item.length_minutes, item.start_time) == (
        "Opening and context",
        "dialogue",
        25,
        time(10, 5),
    )
    assert list(item.presenters.all()) == [rep]
    assert item.guests.get().email == "eruiz@example.org"
    record = AuditRecord.objects.get(action="meetings.agenda.item_updated")
    assert record.data["changed"] == ["format", "guests", "length_minutes", "presenters", "start_time", "title"]


def test_a_stale_edit_is_refused_and_loses_nothing(plenary, secretariat, alpha):
    item = _add(plenary, secretariat, "Opening", 20)
    opened = services.agenda.item_revision(item)
    services.agenda_item_update(
        item=item,
        actor=alpha.users["coordination"],
        title="Changed by the CG",
        format="presentation",
        length_minutes=20,
    )
    with pytest.raises(MeetingsError, match="Someone else changed this item"):
        services.agenda_item_update(
            item=item, actor=secretariat, title="Mine", format="presentation", length_minutes=30, revision=opened
        )
    item.refresh_from_db()
    assert item.title == "Changed by the CG" and item.length_minutes == 20


def test_update_refuses_people_of_another_group(world, plenary, secretariat):
    item = _add(plenary, secretariat, "Opening", 20)
    other_rep = world["b"].objects["member_rep"]
    with pytest.raises(MeetingsError, match="Presenters must represent"):
        services.agenda_item_update(
            item=item, actor=secretariat, title="x", format="dialogue", length_minutes=20, presenters=[other_rep]
        )
    other_guest = Guest.objects.create(working_group=world["b"].group, name="Someone")
    with pytest.raises(MeetingsError, match="guests of this group"):
        services.agenda_item_update(
            item=item, actor=secretariat, title="x", format="dialogue", length_minutes=20, guests=[other_guest]
        )


def test_members_cannot_edit_and_a_held_agenda_is_frozen(alpha, secretariat):
    held = MeetingFactory(working_group=alpha.group, starts_in_days=-10, status=Meeting.Status.HELD)
    item = AgendaItemFactory(meeting=held, position=1)
    with pytest.raises(MeetingsError, match="can no longer change"):
        services.agenda_item_update(item=item, actor=secretariat, title="x", format="dialogue", length_minutes=20)
    upcoming = MeetingFactory(working_group=alpha.group)
    other = AgendaItemFactory(meeting=upcoming, position=1)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.agenda_item_update(
            item=other, actor=alpha.users["member"], title="x", format="dialogue", length_minutes=20
        )


# --- order --------------------------------------------------------------------------------------


def test_reorder_takes_the_dragged_order_and_refuses_a_stale_one(plenary, secretariat):
    a, b, c = (_add(plenary, secretariat, title, 20) for title in ("A", "B", "C"))
    services.agenda_reorder(meeting=plenary, actor=secretariat, order=[c.pk, a.pk, b.pk])
    assert _titles(plenary) == ["C", "A", "B"]
    assert list(plenary.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    with pytest.raises(MeetingsError, match="changed meanwhile"):
        services.agenda_reorder(meeting=plenary, actor=secretariat, order=[a.pk, b.pk])
    with pytest.raises(MeetingsError, match="changed meanwhile"):
        services.agenda_reorder(meeting=plenary, actor=secretariat, order=[a.pk, a.pk, b.pk])
    assert _titles(plenary) == ["C", "A", "B"]
    assert AuditRecord.objects.filter(action="meetings.agenda.reordered").count() == 1


def test_reorder_keeps_each_items_revision(plenary, secretariat):
    a, b = _add(plenary, secretariat, "A", 20), _add(plenary, secretariat, "B", 20)
    before = services.agenda.item_revision(AgendaItem.objects.get(pk=a.pk))
    services.agenda_reorder(meeting=plenary, actor=secretariat, order=[b.pk, a.pk])
    assert services.agenda.item_revision(AgendaItem.objects.get(pk=a.pk)) == before  # an open edit stays valid


def test_move_up_and_down_and_removal_renumbers(plenary, secretariat):
    a, b, c = (_add(plenary, secretariat, title, 20) for title in ("A", "B", "C"))
    services.agenda_item_move(item=c, actor=secretariat, direction="up")
    assert _titles(plenary) == ["A", "C", "B"]
    services.agenda_item_move(item=a, actor=secretariat, direction="up")  # already first: nothing
    assert _titles(plenary) == ["A", "C", "B"]
    services.agenda_item_remove(item=a, actor=secretariat)
    assert list(plenary.agenda_items.order_by("position").values_list("title", "position")) == [("C", 1), ("B", 2)]


# --- views --------------------------------------------------------------------------------------


def test_meeting_page_shows_times_running_total_and_the_over_length_warning(alpha, client_as, plenary, secretariat):
    _add(plenary, secretariat, "Opening", 90)
    client = client_as(secretariat)
    page = client.get(_url("meeting-detail", alpha.group, meeting_id=plenary.pk)).content.decode()
    assert "Running total: 90 of 120 minutes" in page and "30 minutes left" in page
    assert "10:00" in page and "11:30" in page
    _add(plenary, secretariat, "Dialogue", 45)
    page = client.get(_url("meeting-detail", alpha.group, meeting_id=plenary.pk)).content.decode()
    assert "Running total: 135 of 120 minutes" in page
    assert "15 minutes over the meeting's length" in page


def test_add_form_takes_a_start_time_several_presenters_and_a_guest_with_email(alpha, client_as, plenary):
    client = client_as(alpha.users["secretariat"])
    reps = [alpha.objects["member_rep"], alpha.objects["coordination_seat"].representative]
    page = client.get(_url("agenda-item-add", alpha.group, meeting_id=plenary.pk)).content.decode()
    assert 'class="checkbox-groups"' in page and "<legend>Mining Co alpha</legend>" in page
    response = client.post(
        _url("agenda-item-add", alpha.group, meeting_id=plenary.pk),
        {
            "title": "Security and human rights",
            "format": "panel",
            "start_time": "10:30",
            "length_minutes": "40",
            "presenters": [r.pk for r in reps],
            "guest_name": "Dr Elena Ruiz",
            "guest_email": "eruiz@example.org",
        },
    )
    assert response.status_code == 302
    item = plenary.agenda_items.get()
    assert item.start_time == time(10, 30) and set(item.presenters.all()) == set(reps)
    assert item.guests.get().email == "eruiz@example.org"


def test_add_form_refuses_a_bad_guest_email_and_a_length_out_of_range(alpha, client_as, plenary):
    client = client_as(alpha.users["secretariat"])
    response = client.post(
        _url("agenda-item-add", alpha.group, meeting_id=plenary.pk),
        {"title": "x", "format": "panel", "length_minutes": "900", "guest_name": "G", "guest_email": "not-an-email"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"length_minutes", "guest_email"}
    assert not plenary.agenda_items.exists()


def test_inline_edit_with_htmx_returns_the_form_then_the_agenda(alpha, client_as, plenary, secretariat):
    item = _add(plenary, secretariat, "Opening", 20)
    _add(plenary, secretariat, "Next", 20)
    client = client_as(secretariat)
    url = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=item.pk)
    form_html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form_html.lstrip().startswith("<li") and f'id="agenda-item-{item.pk}"' in form_html
    assert f'id="id_item{item.pk}_title"' in form_html and "<html" not in form_html
    revision = services.agenda.item_revision(AgendaItem.objects.get(pk=item.pk))
    response = client.post(
        url,
        {"title": "Opening and context", "format": "dialogue", "length_minutes": "30", "revision": revision},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<section id="agenda"')
    assert "Agenda item saved." in body and "Running total: 50 of 120 minutes" in body
    assert "10:30" in body  # the next item moved


def test_inline_edit_refused_comes_back_in_the_items_place(alpha, client_as, plenary, secretariat):
    item = _add(plenary, secretariat, "Opening", 20)
    client = client_as(secretariat)
    url = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=item.pk)
    response = client.post(
        url, {"title": "", "format": "dialogue", "length_minutes": "3"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#agenda-item-{item.pk}" and response["HX-Reswap"] == "outerHTML"
    assert "errorlist" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Opening"


def test_inline_edit_works_without_javascript(alpha, client_as, plenary, secretariat):
    item = _add(plenary, secretariat, "Opening", 20)
    client = client_as(secretariat)
    url = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=item.pk)
    assert "Edit an agenda item" in client.get(url).content.decode()
    response = client.post(url, {"title": "Renamed", "format": "dialogue", "length_minutes": "20"})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).title == "Renamed"


def test_edit_of_another_meetings_item_is_404(alpha, client_as, plenary, secretariat):
    other = AgendaItemFactory(meeting=MeetingFactory(working_group=alpha.group), position=1)
    client = client_as(secretariat)
    url = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=other.pk)
    assert client.get(url).status_code == 404


def test_reorder_view_with_htmx_and_a_bad_order(alpha, client_as, plenary, secretariat):
    a, b = _add(plenary, secretariat, "A", 20), _add(plenary, secretariat, "B", 20)
    client = client_as(secretariat)
    url = _url("agenda-reorder", alpha.group, meeting_id=plenary.pk)
    body = client.post(url, {"order": [b.pk, a.pk]}, headers={"HX-Request": "true"}).content.decode()
    assert "Agenda order saved." in body and _titles(plenary) == ["B", "A"]
    body = client.post(url, {"order": ["x", str(a.pk)]}, headers={"HX-Request": "true"}).content.decode()
    assert "changed meanwhile" in body and _titles(plenary) == ["B", "A"]
    assert client.post(url, {"order": [a.pk, b.pk]}).status_code == 302  # without JavaScript: back to the page
    assert _titles(plenary) == ["A", "B"]


def test_move_with_htmx_answers_the_agenda_section(alpha, client_as, plenary, secretariat):
    _add(plenary, secretariat, "A", 20)
    b = _add(plenary, secretariat, "B", 20)
    client = client_as(secretariat)
    url = _url("agenda-item-move", alpha.group, meeting_id=plenary.pk, item_id=b.pk)
    body = client.post(url, {"direction": "up"}, headers={"HX-Request": "true"}).content.decode()
    assert "“B” moved up." in body and _titles(plenary) == ["B", "A"]


# session, user, group, access rows, meeting, items, presenters, guests, next topics, the person's invitation,
# the documents, the navigation's counts; the Secretariat also reads the guests' invitations and the answers.
@pytest.mark.parametrize(("role", "count"), [("member", 12), ("secretariat", 14)])
def test_meeting_page_query_count_with_times_documents_and_guests(alpha, client_as, role, count, secretariat):
    """Pinned: the agenda, its documents and (for the Secretariat) the guests' invitations in fixed reads."""
    meeting = MeetingFactory(working_group=alpha.group, starts_at=timezone.now() + timedelta(days=20))
    for position in range(1, 4):
        item = AgendaItemFactory(meeting=meeting, position=position, start_time=time(16, 0) if position == 3 else None)
        item.presenters.add(alpha.objects["member_rep"])
        item.guests.add(Guest.objects.create(working_group=alpha.group, name=f"Guest {position}", email="g@e.org"))
    client = client_as(alpha.users[role])
    url = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for position in range(4, 8):
        item = AgendaItemFactory(meeting=meeting, position=position)
        item.presenters.add(alpha.objects["member_rep"])
        item.guests.add(Guest.objects.create(working_group=alpha.group, name=f"Guest {position}"))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries) == count


def _count(client, method, url, data=None, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {}, **kwargs)
    assert response.status_code in (200, 302), response.status_code
    return len(captured.captured_queries)


def test_agenda_builder_views_query_counts(alpha, client_as, plenary, secretariat):
    """Pinned, and the same with three items or seven: the inline edit form, a save, a reorder, a move."""
    items = [_add(plenary, secretariat, f"Item {n}", 10) for n in range(3)]
    client = client_as(secretariat)
    htmx = {"headers": {"HX-Request": "true"}}
    edit = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=items[0].pk)
    reorder = _url("agenda-reorder", alpha.group, meeting_id=plenary.pk)
    move = _url("agenda-item-move", alpha.group, meeting_id=plenary.pk, item_id=items[1].pk)
    client.get(edit, **htmx)

    def measure():
        ids = list(plenary.agenda_items.order_by("position").values_list("pk", flat=True))
        revision = services.agenda.item_revision(AgendaItem.objects.get(pk=items[0].pk))
        return {
            "edit form": _count(client, "get", edit, **htmx),
            "edit save": _count(
                client,
                "post",
                edit,
                {"title": "Renamed", "format": "dialogue", "length_minutes": "15", "revision": revision},
                **htmx,
            ),
            "reorder": _count(client, "post", reorder, {"order": ids[::-1]}, **htmx),
            "move": _count(client, "post", move, {"direction": "up"}, **htmx),
        }

    small = measure()
    for n in range(3, 7):
        _add(plenary, secretariat, f"Item {n}", 10)
    large = measure()
    # The form: the page's reads and the choices; a save: the checks, the writes and the audit, then the
    # agenda section read again (the times after the item move); a reorder or move: two UPDATEs, whatever
    # the agenda's length, then the section.
    assert small == large == {"edit form": 11, "edit save": 36, "reorder": 23, "move": 23}


# --- several items at once (issue 16: the walk's agenda in one submit) ----------------------------


def test_agenda_lines_skip_blanks_and_read_a_trailing_length():
    from meetings.forms import agenda_lines

    text = (
        "Bienvenida y aprobación de la agenda (10 min)\n\n"
        "  - Proyecto de ley sobre seguridad privada (45 minutos)\n"
        "3. Estudio de alcance (1 h)\n"
        "Artículo (12)\n"
        "Varios\n   \n"
    )
    assert agenda_lines(text) == [
        {"title": "Bienvenida y aprobación de la agenda", "length_minutes": 10},
        {"title": "Proyecto de ley sobre seguridad privada", "length_minutes": 45},
        {"title": "Estudio de alcance", "length_minutes": 60},
        {"title": "Artículo (12)", "length_minutes": None},  # a bare number stays in the title
        {"title": "Varios", "length_minutes": None},
    ]


def test_several_items_are_appended_in_order_with_one_audit_record_each(plenary, secretariat):
    _add(plenary, secretariat, "Apertura", 15)
    added = services.agenda_items_add(
        meeting=plenary,
        actor=secretariat,
        items=[{"title": "Proyecto de ley", "length_minutes": 45}, {"title": "Varios", "length_minutes": 20}],
    )
    assert [item.position for item in added] == [2, 3]
    assert list(plenary.agenda_items.order_by("position").values_list("title", "length_minutes")) == [
        ("Apertura", 15),
        ("Proyecto de ley", 45),
        ("Varios", 20),
    ]
    records = AuditRecord.objects.filter(action="meetings.agenda.item_added", actor=secretariat)
    assert records.count() == 3  # the single item and one per item of the batch


def test_several_items_are_all_or_nothing_and_refused_once_held(alpha, plenary, secretariat):
    with pytest.raises(MeetingsError):
        services.agenda_items_add(
            meeting=plenary,
            actor=secretariat,
            items=[{"title": "Bien", "length_minutes": 20}, {"title": "Demasiado", "length_minutes": 900}],
        )
    assert not plenary.agenda_items.exists()
    held = MeetingFactory(working_group=alpha.group, starts_in_days=-3, status=Meeting.Status.HELD)
    with pytest.raises(MeetingsError, match="can no longer change"):
        services.agenda_items_add(meeting=held, actor=secretariat, items=[{"title": "Tarde", "length_minutes": 20}])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.agenda_items_add(
            meeting=plenary, actor=alpha.users["member"], items=[{"title": "X", "length_minutes": 20}]
        )


def test_an_empty_agenda_shows_the_several_items_form_on_the_meeting_page(alpha, client_as, plenary, secretariat):
    client = client_as(secretariat)
    url = _url("meeting-detail", alpha.group, meeting_id=plenary.pk)
    page = client.get(url).content.decode()
    action = _url("agenda-items-add", alpha.group, meeting_id=plenary.pk)
    assert f'action="{action}"' in page and 'id="id_several_lines"' in page
    section = page.split('id="agenda"')[1].split('id="meeting-documents"')[0]
    assert "<details" not in section  # open at once: no click to reach it
    assert 'name="submit_token"' in page.split(action)[1]
    _add(plenary, secretariat, "Apertura", 15)
    page = client.get(url).content.decode()
    assert '<details class="agenda-several">' in page and 'id="id_several_lines"' in page
    member_page = client_as(alpha.users["member"]).get(url).content.decode()
    assert action not in member_page


def test_the_several_items_form_appends_and_returns_to_the_meeting(alpha, client_as, plenary, secretariat):
    client = client_as(secretariat)
    url = _url("agenda-items-add", alpha.group, meeting_id=plenary.pk)
    lines = "Bienvenida (10 min)\nProyecto de ley sobre seguridad privada (45 min)\n\nEstudio de alcance\nVarios"
    response = client.post(url, {"lines": lines, "submit_token": "once-1"}, follow=True)
    assert response.redirect_chain[-1][0] == _url("meeting-detail", alpha.group, meeting_id=plenary.pk)
    assert "4 agenda items added." in response.content.decode()
    assert list(plenary.agenda_items.order_by("position").values_list("title", "length_minutes")) == [
        ("Bienvenida", 10),
        ("Proyecto de ley sobre seguridad privada", 45),
        ("Estudio de alcance", 20),
        ("Varios", 20),
    ]
    client.post(url, {"lines": lines, "submit_token": "once-1"})  # the same submit again (a double click)
    assert plenary.agenda_items.count() == 4


def test_the_several_items_form_shows_refused_lines_with_the_text_as_typed(alpha, client_as, plenary, secretariat):
    client = client_as(secretariat)
    url = _url("agenda-items-add", alpha.group, meeting_id=plenary.pk)
    response = client.post(url, {"lines": "Bienvenida\nTaller largo (600 min)"})
    body = response.content.decode()
    assert response.status_code == 200 and "Item 2 (“Taller largo”)" in body and "5 to 480" in body
    assert "Taller largo (600 min)</textarea>" in body
    assert client.post(url, {"lines": "\n  \n"}).status_code == 200
    assert not plenary.agenda_items.exists()
    assert "Add several agenda items" in client.get(url).content.decode()


def test_editing_an_item_in_place_adds_a_new_guest_with_affiliation_and_email(alpha, client_as, plenary, secretariat):
    """The walk adds its guest by editing item 2 in place (htmx), after pasting the agenda."""
    services.agenda_items_add(
        meeting=plenary,
        actor=secretariat,
        items=[{"title": "Bienvenida", "length_minutes": 10}, {"title": "Proyecto de ley", "length_minutes": 45}],
    )
    item = plenary.agenda_items.get(position=2)
    client = client_as(secretariat)
    url = _url("agenda-item-edit", alpha.group, meeting_id=plenary.pk, item_id=item.pk)
    form_html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    for field in ("guest_name", "guest_affiliation", "guest_email"):
        assert f'id="id_item{item.pk}_{field}"' in form_html
    data = {
        "title": "Proyecto de ley",
        "format": "presentation",
        "length_minutes": "45",
        "revision": services.agenda.item_revision(item),
        "guest_name": "Dra. Elena Ruiz",
        "guest_affiliation": "SUCAMEC",
        "guest_email": "eruiz@example.org",
    }
    body = client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    assert "Agenda item saved." in body and "Dra. Elena Ruiz" in body
    guest = item.guests.get()
    assert (guest.name, guest.affiliation, guest.email) == ("Dra. Elena Ruiz", "SUCAMEC", "eruiz@example.org")
    record = AuditRecord.objects.filter(action="meetings.agenda.item_updated").latest("pk")
    assert "guests" in record.data["changed"]

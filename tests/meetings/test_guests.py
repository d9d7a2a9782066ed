"""Guest speakers: marked as guests, e-mailed their own signed link, which shows the agenda and their
items only; another meeting's token, a tampered one, a replaced one or a stale one is a 404."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.exceptions import MeetingsError
from meetings.models import Guest, GuestInvitation, Meeting
from meetings.services.agenda import guest_token
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from vpwg.models import AuditRecord, OutboxMessage


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


@pytest.fixture
def meeting(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group, venue="Embajada de Canadá, Lima")
    opening = services.agenda_item_add(meeting=meeting, actor=secretariat, title="Apertura", length_minutes=15)
    opening.presenters.add(alpha.objects["member_rep"])
    services.agenda_item_add(
        meeting=meeting,
        actor=secretariat,
        title="Proyecto de ley sobre seguridad privada",
        length_minutes=40,
        new_guest={"name": "Dra. Elena Ruiz", "affiliation": "SUCAMEC", "expertise": "", "email": "eruiz@example.org"},
    )
    services.agenda_item_add(meeting=meeting, actor=secretariat, title="Varios", length_minutes=20)
    return meeting


@pytest.fixture
def guest(meeting):
    return Guest.objects.get(name="Dra. Elena Ruiz")


def _link_in(message: OutboxMessage) -> str:
    return re.search(r"http://\S+/guest/\S+/", message.body_text).group(0)


def test_inviting_a_guest_sends_their_own_link_once(alpha, meeting, guest, secretariat):
    invitation = services.guest_invite(meeting=meeting, guest=guest, actor=secretariat)
    message = OutboxMessage.objects.get(recipient="eruiz@example.org")
    assert _link_in(message).endswith(f"/g/{alpha.group.slug}/meetings/{meeting.pk}/guest/{guest_token(invitation)}/")
    assert "Proyecto de ley sobre seguridad privada" in message.body_text and "Embajada de Canadá" in message.body_text
    assert "Apertura" not in message.body_text  # their items, not the whole agenda with its presenters
    assert invitation.sent_to == "eruiz@example.org" and invitation.sent_by == secretariat
    services.guest_invite(meeting=meeting, guest=guest, actor=secretariat)  # again: nothing new is sent
    assert OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 1
    assert AuditRecord.objects.filter(action="meetings.guest.invited").count() == 1


def test_the_guest_email_is_in_the_groups_language(alpha, meeting, guest, secretariat):
    alpha.group.language = "es"
    alpha.group.save(update_fields=["language"])
    services.guest_invite(meeting=Meeting.objects.get(pk=meeting.pk), guest=guest, actor=secretariat)
    message = OutboxMessage.objects.get(recipient="eruiz@example.org")
    assert "Sus puntos" in message.body_text or "Su participación" in message.subject


def test_a_guest_without_email_gets_one_first_and_others_cannot_invite(alpha, meeting, secretariat):
    item = meeting.agenda_items.get(title="Varios")
    nobody = Guest.objects.create(working_group=alpha.group, name="Mr No Mail")
    item.guests.add(nobody)
    with pytest.raises(MeetingsError, match="Add the guest's e-mail"):
        services.guest_invite(meeting=meeting, guest=nobody, actor=secretariat)
    services.guest_invite(meeting=meeting, guest=nobody, actor=secretariat, email="nomail@example.org")
    assert Guest.objects.get(pk=nobody.pk).email == "nomail@example.org"
    with pytest.raises(PermissionDenied):
        services.guest_invite(meeting=meeting, guest=nobody, actor=alpha.users["coordination"])
    stranger = Guest.objects.create(working_group=alpha.group, name="Not on this agenda", email="x@example.org")
    with pytest.raises(MeetingsError, match="Only a guest of an item"):
        services.guest_invite(meeting=meeting, guest=stranger, actor=secretariat)


def test_the_guest_page_shows_the_agenda_and_their_item_only(alpha, client, meeting, guest, secretariat):
    invitation = services.guest_invite(meeting=meeting, guest=guest, actor=secretariat)
    response = client.get(_url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=guest_token(invitation)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dra. Elena Ruiz" in page and "Your items" in page
    assert page.count("Proyecto de ley sobre seguridad privada") == 2  # their item, and in the agenda
    assert "Apertura" in page and "Varios" in page  # the agenda's titles and times
    # Nothing else: no presenter, no institution, no other guest, no link into the group.
    assert alpha.objects["member_rep"].user.get_full_name() not in page
    assert "Mining Co alpha" not in page and "Presenters" not in page
    assert f'/g/{alpha.group.slug}/meetings/{meeting.pk}/"' not in page
    assert 'class="group-nav"' not in page
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "no-referrer"


def test_a_tampered_or_foreign_token_is_404(world, client, meeting, guest, secretariat):
    alpha, beta = world["a"], world["b"]
    invitation = services.guest_invite(meeting=meeting, guest=guest, actor=secretariat)
    token = guest_token(invitation)
    other = MeetingFactory(working_group=alpha.group, starts_in_days=50)
    assert client.get(_url("guest-agenda", alpha.group, meeting_id=other.pk, token=token)).status_code == 404
    assert client.get(_url("guest-agenda", beta.group, meeting_id=meeting.pk, token=token)).status_code == 404
    assert (
        client.get(_url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=token[:-2] + "xx")).status_code == 404
    )
    assert client.get(_url("guest-agenda", alpha.group, meeting_id=meeting.pk, token="not-a-token")).status_code == 404


def test_the_same_guest_invited_to_another_meeting_has_another_key(alpha, client, meeting, guest, secretariat):
    other = MeetingFactory(working_group=alpha.group, starts_in_days=60)
    item = AgendaItemFactory(meeting=other, position=1)
    item.guests.add(guest)
    first = services.guest_invite(meeting=meeting, guest=guest, actor=secretariat)
    second = services.guest_invite(meeting=other, guest=guest, actor=secretariat)
    # One meeting's key never opens the other meeting, whichever address it is put in.
    assert (
        client.get(_url("guest-agenda", alpha.group, meeting_id=other.pk, token=guest_token(first))).status_code == 404
    )
    assert (
        client.get(_url("guest-agenda", alpha.group, meeting_id=other.pk, token=guest_token(second))).status_code == 200
    )


def test_a_renewed_link_replaces_the_old_one(alpha, client, meeting, guest, secretariat):
    old = guest_token(services.guest_invite(meeting=meeting, guest=guest, actor=secretariat))
    new = guest_token(services.guest_invite(meeting=meeting, guest=guest, actor=secretariat, renew=True))
    assert old != new and OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 2
    assert client.get(_url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=old)).status_code == 404
    assert client.get(_url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=new)).status_code == 200


def test_the_link_dies_when_the_guest_leaves_the_agenda_or_a_week_after_the_meeting(
    alpha, client, meeting, guest, secretariat
):
    token = guest_token(services.guest_invite(meeting=meeting, guest=guest, actor=secretariat))
    url = _url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=token)
    item = meeting.agenda_items.get(guests=guest)
    item.guests.remove(guest)
    assert client.get(url).status_code == 404
    item.guests.add(guest)
    assert client.get(url).status_code == 200
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=9), ends_at=timezone.now() - timedelta(days=9) + timedelta(hours=2)
    )
    assert client.get(url).status_code == 404


def test_guests_are_marked_on_the_meeting_page_with_their_link_for_the_secretariat(
    alpha, client_as, meeting, guest, secretariat
):
    url = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
    member_page = client_as(alpha.users["member"]).get(url).content.decode()
    assert 'class="badge badge-guest"' in member_page and "Dra. Elena Ruiz" in member_page
    assert "eruiz@example.org" not in member_page and "guest-invite" not in member_page
    client = client_as(secretariat)
    invite = _url("guest-invite", alpha.group, meeting_id=meeting.pk, guest_id=guest.pk)
    assert invite in client.get(url).content.decode()
    body = client.post(invite, headers={"HX-Request": "true"}).content.decode()
    assert "Dra. Elena Ruiz was sent their link to the agenda." in body
    invitation = GuestInvitation.objects.get()
    assert guest_token(invitation) in body and "link sent to eruiz@example.org" in body


def test_guest_invite_view_asks_for_a_missing_email_and_refuses_a_guest_of_another_meeting(
    alpha, client_as, meeting, secretariat
):
    nobody = Guest.objects.create(working_group=alpha.group, name="Mr No Mail")
    meeting.agenda_items.get(title="Varios").guests.add(nobody)
    client = client_as(secretariat)
    invite = _url("guest-invite", alpha.group, meeting_id=meeting.pk, guest_id=nobody.pk)
    page = client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk)).content.decode()
    assert f'id="guest-email-{meeting.agenda_items.get(title="Varios").pk}-{nobody.pk}"' in page
    client.post(invite, {"email": "not an address"})
    assert not GuestInvitation.objects.exists()
    assert client.post(invite, {"email": "nomail@example.org"}).status_code == 302
    assert GuestInvitation.objects.get().sent_to == "nomail@example.org"
    elsewhere = Guest.objects.create(working_group=alpha.group, name="Elsewhere", email="e@example.org")
    AgendaItemFactory(meeting=MeetingFactory(working_group=alpha.group), position=1).guests.add(elsewhere)
    url = _url("guest-invite", alpha.group, meeting_id=meeting.pk, guest_id=elsewhere.pk)
    assert client.post(url).status_code == 404


def test_guest_page_query_count(alpha, client, meeting, guest, secretariat, django_assert_num_queries):
    """Pinned: the invitation with its meeting, group and guest; the items; their guests. No session read."""
    token = guest_token(services.guest_invite(meeting=meeting, guest=guest, actor=secretariat))
    url = _url("guest-agenda", alpha.group, meeting_id=meeting.pk, token=token)
    client.get(url)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200

"""Invitations with a preview, chosen recipients and a message; answers (in person / online, who comes,
a comment) that close when the meeting starts; every answer for the Secretariat; reminders once each."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.exceptions import MeetingsError
from meetings.models import Meeting, MeetingInvitation
from meetings.reminders import reminders_sweep
from members.models import UserProfile
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.members import RepresentativeFactory
from vpwg.models import AuditRecord, OutboxMessage


def _url(name, group, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"group_slug": group.slug, **kwargs})


def _hybrid(alpha, **kwargs):
    return MeetingFactory(
        working_group=alpha.group,
        format=Meeting.Format.HYBRID,
        venue="Embajada de Canadá, Calle Bolognesi 228, Lima",
        online_link="https://meet.example.org/vpwg-plenaria",
        **kwargs,
    )


def _invitation(meeting, user):
    return MeetingInvitation.objects.get(meeting=meeting, user=user)


def _start(meeting):
    start = timezone.now() - timedelta(minutes=5)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    meeting.refresh_from_db()


# --- inviting ----------------------------------------------------------------------------------


def test_invite_the_chosen_recipients_with_a_message_venue_link_and_agenda(alpha, secretariat):
    meeting = _hybrid(alpha)
    AgendaItemFactory(meeting=meeting, position=1, title="Ley de seguridad privada")
    member_rep = alpha.objects["member_rep"]
    invited = services.meeting_invite(
        meeting=meeting, actor=secretariat, representatives=[member_rep], message="Traigan sus informes."
    )
    assert invited == 1
    assert list(meeting.invitations.values_list("user_id", flat=True)) == [member_rep.user_id]
    mail = OutboxMessage.objects.get(dedupe_key=f"meeting:{meeting.pk}:invitation:{member_rep.user_id}")
    for text in (mail.body_text, mail.body_html):
        assert "Traigan sus informes." in text
        assert "Calle Bolognesi 228" in text and "https://meet.example.org/vpwg-plenaria" in text
        assert "Ley de seguridad privada" in text and "in person or online" in text
        assert "(Lima)" in text and "America/Lima" not in text  # the zone as readers name it
    assert mail.attachments[0]["filename"] == "meeting.ics"
    assert AuditRecord.objects.get(action="meetings.meeting.invited").data["message"] == "Traigan sus informes."
    # The others are still offered, and a second round invites them without repeating the first.
    assert {r.pk for r in services.meeting_audience_to_invite(meeting)} == {
        alpha.objects["coordination_seat"].representative_id,
        alpha.objects["observer"].representatives.get().pk,
    }
    assert services.meeting_invite(meeting=meeting, actor=secretariat) == 2
    assert OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:invitation:").count() == 3


def test_invite_refuses_a_recipient_outside_the_audience(alpha, secretariat, world):
    meeting = MeetingFactory(working_group=alpha.group)
    with pytest.raises(MeetingsError, match="audience"):
        services.meeting_invite(meeting=meeting, actor=secretariat, representatives=[world["b"].objects["member_rep"]])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not meeting.invitations.exists()


def test_the_invitation_is_written_in_the_recipients_language(alpha, secretariat):
    UserProfile.objects.create(user=alpha.users["member"], language="es")
    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    spanish = OutboxMessage.objects.get(dedupe_key=f"meeting:{meeting.pk}:invitation:{alpha.users['member'].pk}")
    english = OutboxMessage.objects.get(dedupe_key=f"meeting:{meeting.pk}:invitation:{alpha.users['observer'].pk}")
    assert spanish.subject.startswith("Invitación") and english.subject.startswith("Invitation")
    assert "Las respuestas se cierran cuando empieza la reunión." in spanish.body_text


def test_the_preview_is_the_email_sent(alpha, secretariat):
    meeting = _hybrid(alpha)
    member_rep = alpha.objects["member_rep"]
    preview = services.invitation_preview(meeting=meeting, representative=member_rep, message="Hola a todos")
    mails = OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:")
    assert not mails.exists() and not meeting.invitations.exists()  # a preview sends nothing
    services.meeting_invite(meeting=meeting, actor=secretariat, representatives=[member_rep], message="Hola a todos")
    mail = mails.get()
    assert (preview["subject"], preview["body_text"], preview["body_html"]) == (
        mail.subject,
        mail.body_text,
        mail.body_html,
    )


# --- answering ---------------------------------------------------------------------------------


def test_answer_in_person_or_online_with_who_comes_and_a_comment(alpha, secretariat):
    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    member = alpha.users["member"]
    with pytest.raises(MeetingsError, match="in person or online"):
        services.invitation_answer(invitation=_invitation(meeting, member), actor=member, answer="attending")
    services.invitation_answer(
        invitation=_invitation(meeting, member),
        actor=member,
        answer="alternate",
        mode="online",
        attendee_name=" Rosa   Quispe ",
        comment="Se conecta desde Cusco.",
    )
    invitation = _invitation(meeting, member)
    assert (invitation.answer, invitation.mode, invitation.attendee_name, invitation.comment) == (
        "alternate",
        "online",
        "Rosa Quispe",
        "Se conecta desde Cusco.",
    )
    services.invitation_answer(invitation=invitation, actor=member, answer="not_attending", mode="online")
    invitation.refresh_from_db()
    assert (invitation.mode, invitation.attendee_name) == ("", "")  # nobody comes


def test_answers_close_when_the_meeting_starts(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _start(meeting)
    member = alpha.users["member"]
    with pytest.raises(MeetingsError, match="closed when the meeting started"):
        services.invitation_answer(invitation=_invitation(meeting, member), actor=member, answer="attending")
    assert _invitation(meeting, member).answer == MeetingInvitation.Answer.PENDING


def test_a_started_meeting_can_no_longer_be_cancelled(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _start(meeting)
    with pytest.raises(MeetingsError, match="already started"):
        services.meeting_cancel(meeting=meeting, actor=secretariat)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED


# --- reminders ---------------------------------------------------------------------------------


def test_reminders_go_once_to_those_who_have_not_answered(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    member = alpha.users["member"]
    services.invitation_answer(invitation=_invitation(meeting, member), actor=member, answer="attending")
    assert services.invitation_remind(meeting=meeting, actor=secretariat) == {"queued": 2, "pending": 2}
    assert services.invitation_remind(meeting=meeting, actor=secretariat) == {"queued": 0, "pending": 2}
    reminders = OutboxMessage.objects.filter(dedupe_key__contains=":chaser:")
    assert reminders.count() == 2 and not reminders.filter(recipient=member.email).exists()
    assert AuditRecord.objects.filter(action="meetings.invitation.reminded").count() == 1
    # The sweep's automatic chaser shares the key: those reminded by hand get nothing more.
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now() - timedelta(days=10))
    reminders_sweep()
    assert OutboxMessage.objects.filter(dedupe_key__contains=":chaser:").count() == 2


def test_reminders_stop_when_the_meeting_starts(alpha, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _start(meeting)
    with pytest.raises(MeetingsError, match="closed"):
        services.invitation_remind(meeting=meeting, actor=secretariat)


# --- pages -------------------------------------------------------------------------------------

INVITE_PAGE_QUERIES = 11


def test_invite_page_ticks_everyone_previews_and_sends_the_chosen(alpha, client_as, django_assert_num_queries):
    meeting = _hybrid(alpha)
    item = AgendaItemFactory(meeting=meeting, position=1)
    item.presenters.add(alpha.objects["member_rep"])
    client = client_as(alpha.users["secretariat"])
    url = _url("meeting-invite", alpha.group, meeting_id=meeting.pk)
    client.get(url)
    # session, user, group, roles+caps; meeting; the audience not invited yet; the preview: the
    # recipient's language, the agenda, its presenters (with people and institutions) and guests;
    # the navigation's count
    with django_assert_num_queries(INVITE_PAGE_QUERIES):
        page = client.get(url).content.decode()
    for position in (2, 3):
        AgendaItemFactory(meeting=meeting, position=position).presenters.add(alpha.objects["member_rep"])
    with django_assert_num_queries(INVITE_PAGE_QUERIES):
        client.get(url)
    assert page.count('name="recipients"') == 3 and page.count(" checked") == 3
    assert "Observers" in page and "Calle Bolognesi 228" in page  # the preview is there from the start
    observer_rep = alpha.objects["observer"].representatives.get()
    chosen = [alpha.objects["member_rep"].pk, observer_rep.pk]
    preview = client.post(url, {"recipients": chosen, "message": "Nos vemos en Lima", "action": "preview"})
    assert preview.status_code == 200 and "Nos vemos en Lima" in preview.content.decode()
    assert not meeting.invitations.exists()
    assert len(re.findall(r'name="recipients"[^>]*checked', preview.content.decode())) == 2
    sent = client.post(url, {"recipients": chosen, "message": "Nos vemos en Lima", "action": "send"})
    assert sent.status_code == 302
    assert set(meeting.invitations.values_list("representative_id", flat=True)) == set(chosen)
    again = client.get(url).content.decode()
    assert again.count('name="recipients"') == 1  # only the one not invited yet


def test_invite_page_refuses_no_recipient_and_a_stranger(alpha, client_as, world):
    meeting = MeetingFactory(working_group=alpha.group)
    client = client_as(alpha.users["secretariat"])
    url = _url("meeting-invite", alpha.group, meeting_id=meeting.pk)
    for data in ({"message": "Hola"}, {"recipients": [world["b"].objects["member_rep"].pk]}, {"recipients": "x"}):
        response = client.post(url, data)
        assert response.status_code == 200 and b'class="errorlist' in response.content
    assert not meeting.invitations.exists()
    assert not OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:").exists()


def test_answer_page_takes_mode_name_and_comment(alpha, client_as, secretariat):
    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    client = client_as(alpha.users["member"])
    detail = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
    page = client.get(detail).content.decode()
    assert "I will attend online" in page and "Who will come" in page
    assert "Answers close when the meeting starts" in page
    url = _url("meeting-answer", alpha.group, meeting_id=meeting.pk)
    response = client.post(url, {"answer": "attending"}, follow=True)
    assert "Say whether you come in person or online" in response.content.decode()
    assert _invitation(meeting, alpha.users["member"]).answer == "pending"
    client.post(url, {"answer": "attending", "mode": "online", "comment": "Desde Arequipa"})
    invitation = _invitation(meeting, alpha.users["member"])
    assert (invitation.answer, invitation.mode, invitation.comment) == ("attending", "online", "Desde Arequipa")


def test_answer_after_the_start_is_refused_and_the_form_hidden(alpha, client_as, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    _start(meeting)
    client = client_as(alpha.users["member"])
    response = client.post(
        _url("meeting-answer", alpha.group, meeting_id=meeting.pk), {"answer": "attending"}, follow=True
    )
    body = response.content.decode()
    assert "Answers closed when the meeting started." in body and 'name="answer"' not in body
    assert _invitation(meeting, alpha.users["member"]).answer == "pending"
    secretariat_page = client_as(secretariat).get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk))
    assert "Cancel the meeting" not in secretariat_page.content.decode()


def test_answer_for_another_groups_meeting_is_a_404(alpha, client_as, world):
    beta = world["b"]
    meeting = MeetingFactory(working_group=beta.group)
    services.meeting_invite(meeting=meeting, actor=beta.users["secretariat"])
    response = client_as(alpha.users["member"]).post(
        _url("meeting-answer", alpha.group, meeting_id=meeting.pk), {"answer": "attending"}
    )
    assert response.status_code == 404
    assert not MeetingInvitation.objects.filter(meeting=meeting).exclude(answer="pending").exists()


def test_answers_page_shows_who_answered_what_by_pillar(alpha, client_as, secretariat, django_assert_num_queries):
    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    member = alpha.users["member"]
    services.invitation_answer(
        invitation=_invitation(meeting, member), actor=member, answer="attending", mode="online", comment="Llego tarde"
    )
    client = client_as(secretariat)
    url = _url("meeting-answers", alpha.group, meeting_id=meeting.pk)
    client.get(url)
    # session, user, group, roles+caps; meeting; invitations with people and institutions; the reminders
    # already queued; the navigation's count
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    assert "Llego tarde" in body and "Online" in body and alpha.objects["company"].institution.name in body
    assert "(not counted in the pillar rates)" in body  # observers apart
    assert "Remind the 2 representatives who have not answered" in body
    for index in range(3):
        RepresentativeFactory(membership=alpha.objects["company"], role="alternate")
    services.meeting_invite(meeting=meeting, actor=secretariat)
    with django_assert_num_queries(8):
        client.get(url)
    for role in ("member", "observer", "coordination"):
        assert client_as(alpha.users[role]).get(url).status_code == 403


def test_remind_button_twice_sends_once_and_says_so(alpha, client_as, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    client = client_as(secretariat)
    url = _url("meeting-remind", alpha.group, meeting_id=meeting.pk)
    first = client.post(url, follow=True).content.decode()
    assert "A reminder went to 3 representatives who have not answered." in first
    second = client.post(url, follow=True).content.decode()
    assert "already reminded once: nothing new was sent" in second
    assert OutboxMessage.objects.filter(dedupe_key__contains=":chaser:").count() == 3
    assert "reminded" in second


# --- the API -----------------------------------------------------------------------------------


def test_the_api_answers_with_mode_name_and_comment_until_the_start(alpha, client_as, secretariat):
    import json

    from api.tokens import token_create

    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    secret = token_create(user=alpha.users["member"], name="test", scope="write", expires_in_days=30)[1]
    url = f"/api/v1/groups/{alpha.group.slug}/meetings/{meeting.pk}/answer"
    client = client_as(None)

    def put(body):
        return client.put(url, json.dumps(body), "application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert put({"answer": "attending"}).status_code == 409  # a hybrid meeting: in person or online?
    response = put({"answer": "attending", "mode": "online", "comment": "Desde Cusco"})
    assert response.status_code == 200
    assert (response.json()["mode"], response.json()["comment"]) == ("online", "Desde Cusco")
    _start(meeting)
    assert put({"answer": "not_attending"}).status_code == 409
    assert _invitation(meeting, alpha.users["member"]).answer == "attending"


# --- one-click answers (issue 16) --------------------------------------------------------------


def _buttons(page: str) -> list[str]:
    return re.findall(r'<button type="submit" name="answer" value="([^"]+)"', page)


def test_each_answer_is_one_button_and_takes_the_name_and_comment_along(alpha, client_as, secretariat):
    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    client = client_as(alpha.users["member"])
    detail = _url("meeting-detail", alpha.group, meeting_id=meeting.pk)
    page = client.get(detail).content.decode()
    assert _buttons(page) == ["attending", "alternate", "not_attending"]
    assert "I will attend" in page and "I will not attend" in page and 'type="radio"' not in page
    url = _url("meeting-answer", alpha.group, meeting_id=meeting.pk)
    response = client.post(
        url, {"answer": "alternate", "attendee_name": "Rosa Quispe", "comment": "Llega tarde"}, follow=True
    )
    assert "Thank you: your answer is recorded." in response.content.decode()
    invitation = _invitation(meeting, alpha.users["member"])
    assert (invitation.answer, invitation.mode, invitation.attendee_name, invitation.comment) == (
        "alternate",
        "",
        "Rosa Quispe",
        "Llega tarde",
    )
    page = response.content.decode()
    assert re.search(r'<strong class="current-answer">Sending the alternate</strong>', page)
    # The current answer's button points at it; the fields keep what was sent.
    assert 'value="alternate" class="secondary" aria-describedby="current-answer"' in page
    assert 'value="Rosa Quispe"' in page and "Llega tarde</textarea>" in page
    client.post(url, {"answer": "not_attending"})
    assert _invitation(meeting, alpha.users["member"]).answer == "not_attending"


def test_a_hybrid_meeting_asks_how_one_comes_in_the_same_click(alpha, client_as, secretariat):
    meeting = _hybrid(alpha)
    services.meeting_invite(meeting=meeting, actor=secretariat)
    client = client_as(alpha.users["member"])
    page = client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk)).content.decode()
    assert _buttons(page) == [
        "attending:in_person",
        "attending:online",
        "alternate:in_person",
        "alternate:online",
        "not_attending",
    ]
    assert "I will attend in person" in page and "My alternate will attend online" in page
    url = _url("meeting-answer", alpha.group, meeting_id=meeting.pk)
    client.post(url, {"answer": "attending:online", "comment": "Desde Cusco"})
    invitation = _invitation(meeting, alpha.users["member"])
    assert (invitation.answer, invitation.mode, invitation.comment) == ("attending", "online", "Desde Cusco")
    client.post(url, {"answer": "not_attending"})
    assert (_invitation(meeting, alpha.users["member"]).answer, _invitation(meeting, alpha.users["member"]).mode) == (
        "not_attending",
        "",
    )
    for bad in ("attending:by-car", "pending", "maybe", ""):
        response = client.post(url, {"answer": bad}, follow=True)
        body = response.content.decode()
        assert "Choose an answer." in body or "This field is required." in body, bad
    assert _invitation(meeting, alpha.users["member"]).answer == "not_attending"


# --- guests' links with the invitations (issue 16) ---------------------------------------------


def _with_guest(alpha, secretariat, **meeting_kwargs):
    meeting = MeetingFactory(working_group=alpha.group, **meeting_kwargs)
    services.agenda_item_add(meeting=meeting, actor=secretariat, title="Apertura", length_minutes=15)
    services.agenda_item_add(
        meeting=meeting,
        actor=secretariat,
        title="Proyecto de ley sobre seguridad privada",
        length_minutes=40,
        new_guest={"name": "Dra. Elena Ruiz", "affiliation": "SUCAMEC", "expertise": "", "email": "eruiz@example.org"},
    )
    services.agenda_item_add(
        meeting=meeting, actor=secretariat, title="Varios", length_minutes=20, new_guest={"name": "Sr. Sin Correo"}
    )
    return meeting


def _all_recipients(meeting):
    return [r.pk for r in services.meeting_audience_to_invite(meeting)]


def test_the_invite_page_ticks_the_guests_with_an_email_and_sends_each_their_link(
    alpha, client_as, secretariat, django_assert_num_queries
):
    from meetings.models import Guest, GuestInvitation

    meeting = _with_guest(alpha, secretariat)
    guest = Guest.objects.get(name="Dra. Elena Ruiz")
    client = client_as(secretariat)
    url = _url("meeting-invite", alpha.group, meeting_id=meeting.pk)
    client.get(url)
    with django_assert_num_queries(INVITE_PAGE_QUERIES):  # the guests come with the preview's agenda
        page = client.get(url).content.decode()
    assert re.search(rf'name="guests" value="{guest.pk}" id="guest-{guest.pk}" checked', page)
    assert "SUCAMEC · eruiz@example.org" in page
    assert "Sr. Sin Correo" in page and "no e-mail yet" in page and page.count('name="guests"') == 1
    assert "email-preview" in page  # the preview from the first visit, no click
    data = {"recipients": _all_recipients(meeting), "guests": [guest.pk], "action": "send"}
    response = client.post(url, data, follow=True)
    body = response.content.decode()
    assert "3 representatives invited." in body and "Dra. Elena Ruiz was sent their link to the agenda." in body
    assert OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 1
    assert GuestInvitation.objects.get(meeting=meeting, guest=guest).sent_by == secretariat
    assert AuditRecord.objects.filter(action="meetings.guest.invited").count() == 1
    # Afterwards the agenda's own button is gone (the link went) and sending from it again sends nothing.
    detail = client.get(_url("meeting-detail", alpha.group, meeting_id=meeting.pk)).content.decode()
    assert "Send Dra. Elena Ruiz their link" not in detail and "link sent to eruiz@example.org" in detail
    client.post(_url("guest-invite", alpha.group, meeting_id=meeting.pk, guest_id=guest.pk))
    assert OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 1


def test_a_guest_sent_their_link_from_the_agenda_is_not_sent_it_again(alpha, client_as, secretariat):
    from meetings.models import Guest

    meeting = _with_guest(alpha, secretariat)
    guest = Guest.objects.get(name="Dra. Elena Ruiz")
    client = client_as(secretariat)
    client.post(_url("guest-invite", alpha.group, meeting_id=meeting.pk, guest_id=guest.pk))
    url = _url("meeting-invite", alpha.group, meeting_id=meeting.pk)
    page = client.get(url).content.decode()
    assert 'name="guests"' not in page and "their link was sent to eruiz@example.org" in page
    refused = client.post(url, {"recipients": _all_recipients(meeting), "guests": [guest.pk], "action": "send"})
    assert refused.status_code == 200 and not meeting.invitations.exists()  # not offered: refused, nothing sent
    client.post(url, {"recipients": _all_recipients(meeting), "action": "send"})
    assert meeting.invitations.count() == 3
    # The service, asked directly, skips a link already sent: one e-mail per guest and link.
    services.meeting_invite(meeting=meeting, actor=secretariat, representatives=[], guests=[guest])
    assert OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 1


def test_guests_alone_may_be_sent_their_links_once_everyone_is_invited(alpha, client_as, secretariat):
    from meetings.models import Guest

    meeting = MeetingFactory(working_group=alpha.group)
    services.meeting_invite(meeting=meeting, actor=secretariat)  # every representative invited first
    services.agenda_item_add(
        meeting=meeting,
        actor=secretariat,
        title="Estudio",
        new_guest={"name": "Ing. Ana Paz", "email": "ap@example.org"},
    )
    guest = Guest.objects.get(name="Ing. Ana Paz")
    client = client_as(secretariat)
    url = _url("meeting-invite", alpha.group, meeting_id=meeting.pk)
    page = client.get(url).content.decode()
    assert 'name="recipients"' not in page and f'name="guests" value="{guest.pk}"' in page
    assert "Everyone in the meeting's audience is already invited." in page
    assert client.post(url, {"action": "send"}).status_code == 200  # nothing ticked: refused
    body = client.post(url, {"guests": [guest.pk], "action": "send"}, follow=True).content.decode()
    assert "Ing. Ana Paz was sent their link to the agenda." in body and "representatives invited" not in body
    assert OutboxMessage.objects.filter(recipient="ap@example.org").count() == 1
    assert meeting.invitations.count() == 3
    assert "Everyone in the meeting's audience is already invited." in client.get(url).content.decode()


def test_invite_refuses_a_guest_of_another_meeting_or_without_email(alpha, secretariat):
    from meetings.models import Guest

    meeting = _with_guest(alpha, secretariat)
    other = _with_guest(alpha, secretariat)
    foreign = Guest.objects.filter(agenda_items__meeting=other, email__gt="").get()
    for guest in (foreign, Guest.objects.filter(agenda_items__meeting=meeting, email="").get()):
        with pytest.raises(MeetingsError, match="who have an e-mail"):
            services.meeting_invite(meeting=meeting, actor=secretariat, guests=[guest])
    assert not meeting.invitations.exists()
    assert not OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:").exists()

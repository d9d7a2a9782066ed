from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from vpwg import outbox
from vpwg.models import AuditRecord, OutboxMessage
from vpwg.outbox import (
    message_id_of,
    outbox_claim,
    outbox_drain,
    outbox_expire_claims,
    outbox_mark_sent,
    outbox_queue_email,
    outbox_release,
    outbox_resend,
    outbox_send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_this_tests_mail(db):
    """The shared worlds' set-up mail, if built, counts as sent: the drains here see this test's rows only."""
    OutboxMessage.objects.update(sent_at=timezone.now())


def _queue(key="k1", group=None, **kwargs):
    from tests.factories.members import WorkingGroupFactory

    group = group or WorkingGroupFactory()
    return outbox_queue_email(
        dedupe_key=key,
        recipient="someone@example.org",
        template="members/emails/invitation",
        context={"invitation": _FakeInvitation(), "working_group": group, "accept_url": "http://x/invitations/t/"},
        working_group=group,
        **kwargs,
    )


class _FakeInvitation:
    first_name = "Ana"
    VALID_DAYS = 14

    class membership:  # noqa: N801 - stands in for the related object in the template
        class institution:  # noqa: N801
            name = "Antamina"


def _state(message) -> str:
    message.refresh_from_db()
    return message.state


def test_queueing_twice_with_one_key_keeps_one_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue()
        second = _queue()
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert len(mail.outbox) == 0 and len(callbacks) == 1


def test_a_sent_row_is_never_sent_again():
    message = _queue()
    assert outbox_send(message_id=message.pk) is True
    assert outbox_send(message_id=message.pk) is False
    assert outbox_drain() == 0
    assert len(mail.outbox) == 1
    assert _state(message) == OutboxMessage.State.SENT and message.attempts == 1


def test_the_message_is_rendered_in_the_requested_language():
    message = _queue(language="es")
    assert message.subject  # rendered now; the Spanish catalogue comes with the translations issue
    assert "Antamina" in message.body_text and "<p>" in message.body_html


@override_settings(SITE_URL="https://vpwg.example.org")
def test_every_copy_carries_the_rows_stable_message_id():
    message = _queue()
    expected = message_id_of(message)
    assert expected.startswith(f"<outbox-{message.pk}-") and expected.endswith("@vpwg.example.org>")
    outbox_send(message_id=message.pk)
    assert mail.outbox[0].message()["Message-ID"] == expected
    assert message_id_of(OutboxMessage.objects.get(pk=message.pk)) == expected  # derived, the same every time


def test_claim_takes_a_row_once_with_a_lease_and_counts_the_attempt():
    message = _queue()
    claimed = outbox_claim(message_id=message.pk)
    assert claimed is not None and len(claimed.claim_token) == 32 and claimed.attempts == 1
    assert claimed.claimed_until > timezone.now() + timedelta(seconds=outbox.lease_seconds() - 5)
    assert outbox_claim(message_id=message.pk) is None  # a second worker, or the drain: nothing for it
    assert _state(message) == OutboxMessage.State.SENDING
    assert outbox_send(message_id=message.pk) is False and len(mail.outbox) == 0


def test_mark_sent_needs_the_claim_token():
    message = _queue()
    claimed = outbox_claim(message_id=message.pk)
    impostor = OutboxMessage.objects.get(pk=message.pk)
    impostor.claim_token = "0" * 32
    assert outbox_mark_sent(message=impostor) is False
    assert outbox_mark_sent(message=claimed) is True
    assert outbox_mark_sent(message=claimed) is False  # once
    assert _state(message) == OutboxMessage.State.SENT


def test_release_frees_the_claim_for_a_later_try():
    message = _queue()
    claimed = outbox_claim(message_id=message.pk)
    outbox_release(message=claimed, error=RuntimeError("421 try later"))
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING and message.claim_token == ""
    assert "421" in message.last_error
    assert outbox_drain() == 1 and len(mail.outbox) == 1


@override_settings(MAILERS={"default": {"BACKEND": "tests.vpwg.failing_mail.FailingBackend"}})
def test_a_failing_mail_server_keeps_the_row_for_later():
    message = _queue()
    assert outbox_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and "refused" in message.last_error
    assert message.state == OutboxMessage.State.PENDING
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=OutboxMessage.MAX_ATTEMPTS - 1)
    outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.failed_at is not None and message.state == OutboxMessage.State.FAILED
    assert outbox_drain() == 0  # given up: not retried forever


@override_settings(MAILERS={"default": {"BACKEND": "tests.vpwg.failing_mail.UnreachableBackend"}})
def test_a_mail_server_that_cannot_be_reached_keeps_the_row_for_later():
    message = _queue()
    assert outbox_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING and "Connection refused" in message.last_error


def test_a_connection_lost_mid_message_is_unknown_and_not_resent():
    message = _queue()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        assert outbox_send(message_id=message.pk) is False
    assert _state(message) == OutboxMessage.State.UNKNOWN
    assert outbox_drain() == 0 and len(mail.outbox) == 0


def test_an_expired_claim_becomes_unknown_and_is_never_sent_by_the_drain():
    message = _queue()
    outbox_claim(message_id=message.pk)  # a worker took it, then died (after the hand-off, maybe)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox_drain() == 0
    assert _state(message) == OutboxMessage.State.UNKNOWN
    assert "never confirmed" in message.last_error
    assert outbox_drain() == 0 and outbox_send(message_id=message.pk) is False
    assert len(mail.outbox) == 0


def test_the_drain_leaves_a_live_claim_alone():
    message = _queue()
    outbox_claim(message_id=message.pk)
    assert outbox_expire_claims() == 0
    assert outbox_drain() == 0
    assert _state(message) == OutboxMessage.State.SENDING


def test_a_late_mark_resolves_an_unknown_row_as_sent():
    message = _queue()
    claimed = outbox_claim(message_id=message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    outbox_expire_claims()
    assert _state(message) == OutboxMessage.State.UNKNOWN
    assert outbox_mark_sent(message=claimed) is True  # the slow worker did get through
    assert _state(message) == OutboxMessage.State.SENT


def test_the_mark_is_retried_while_the_database_is_busy(monkeypatch):
    monkeypatch.setattr(outbox, "DATABASE_RETRY_DELAYS", (0, 0, 0))
    message = _queue()
    real_mark = outbox.outbox_mark_sent
    failures = iter([OperationalError("database is locked"), OperationalError("database is locked")])

    def flaky_mark(**kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return real_mark(**kwargs)

    monkeypatch.setattr(outbox, "outbox_mark_sent", flaky_mark)
    assert outbox_send(message_id=message.pk) is True
    assert _state(message) == OutboxMessage.State.SENT and len(mail.outbox) == 1


def test_a_mark_that_never_lands_leaves_the_claim_to_expire_into_unknown(monkeypatch):
    monkeypatch.setattr(outbox, "DATABASE_RETRY_DELAYS", (0, 0))

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(outbox, "outbox_mark_sent", locked)
    message = _queue()
    assert outbox_send(message_id=message.pk) is True  # it went out
    assert _state(message) == OutboxMessage.State.SENDING
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    monkeypatch.undo()
    assert outbox_drain() == 0
    assert _state(message) == OutboxMessage.State.UNKNOWN and len(mail.outbox) == 1


# --- the Secretariat's resend ----------------------------------------------------------------------


def _unknown(world, key="u1"):
    message = _queue(key, group=world.group)
    OutboxMessage.objects.filter(pk=message.pk).update(
        unknown_at=timezone.now(), attempts=1, claim_token="a" * 32, last_error="never confirmed"
    )
    return OutboxMessage.objects.get(pk=message.pk)


def test_resend_sends_an_unknown_message_again_with_the_same_message_id(world, django_capture_on_commit_callbacks):
    alpha = world["a"]
    message = _unknown(alpha)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(message=message, actor=alpha.users["secretariat"])
    assert len(mail.outbox) == 1 and mail.outbox[0].message()["Message-ID"] == message_id_of(message)
    assert _state(message) == OutboxMessage.State.SENT
    record = AuditRecord.objects.get(action="vpwg.outbox.resent")
    assert record.actor == alpha.users["secretariat"] and record.data["previous_state"] == "unknown"


def test_resend_refuses_a_sent_or_queued_message_so_one_click_sends_one_copy(world):
    from vpwg.errors import DomainError

    alpha = world["a"]
    message = _unknown(alpha)
    outbox_resend(message=message, actor=alpha.users["secretariat"])  # queued again (not sent: no commit)
    with pytest.raises(DomainError):
        outbox_resend(message=message, actor=alpha.users["secretariat"])
    assert AuditRecord.objects.filter(action="vpwg.outbox.resent").count() == 1


@pytest.mark.parametrize("role", ["admin", "coordination", "member"])
def test_only_the_secretariat_may_resend(world, role):
    from django.core.exceptions import PermissionDenied

    alpha = world["a"]
    message = _unknown(alpha)
    with pytest.raises(PermissionDenied):
        outbox_resend(message=message, actor=alpha.users[role])
    assert _state(message) == OutboxMessage.State.UNKNOWN


def test_the_page_lists_the_groups_unknown_and_failed_mail_only(world, client_as):
    alpha, beta = world["a"], world["b"]
    unknown = _unknown(alpha, "u-alpha")
    failed = _queue("f-alpha", group=alpha.group)
    OutboxMessage.objects.filter(pk=failed.pk).update(failed_at=timezone.now(), last_error="550 no such user")
    _queue("pending-alpha", group=alpha.group)
    _unknown(beta, "u-beta")
    url = reverse("outbox:undelivered", kwargs={"group_slug": alpha.group.slug})
    response = client_as(alpha.users["secretariat"]).get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row.pk for row in rows} == {unknown.pk, failed.pk}
    page = response.content.decode()
    assert "550 no such user" in page and escape(message_id_of(unknown)) in page


def test_the_resend_button_queues_the_copy_and_says_so(world, client_as, django_capture_on_commit_callbacks):
    alpha = world["a"]
    message = _unknown(alpha)
    client = client_as(alpha.users["secretariat"])
    url = reverse("outbox:resend", kwargs={"group_slug": alpha.group.slug, "message_id": message.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.status_code == 200 and "queued again" in response.content.decode()
    assert len(mail.outbox) == 1
    response = client.post(url, follow=True)  # the same button, clicked again
    assert "not waiting for a decision" in response.content.decode() and len(mail.outbox) == 1


def test_drain_sends_rows_left_behind_when_the_broker_was_down():
    for key in ("a", "b", "c"):
        _queue(key)  # outside on_commit capture: the immediate sends never ran
    assert outbox_drain() == 3
    assert len(mail.outbox) == 3

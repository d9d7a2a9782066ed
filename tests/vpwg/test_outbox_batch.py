"""Sweeps queue their e-mails in batches: a fixed number of queries per batch (issue 18)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from members.models import UserProfile
from tests.factories.members import UserFactory, WorkingGroupFactory
from vpwg.models import OutboxMessage
from vpwg.notify import queue_email_once
from vpwg.outbox_batch import Email, queue_emails_once

pytestmark = pytest.mark.django_db
TEMPLATE = "meetings/emails/no_plenary"


def _emails(group, users, prefix="batch"):
    context = {"working_group": group, "period": None, "url": "https://vpwg.example.org/"}
    return [Email(user, f"{prefix}:{user.pk}", TEMPLATE, context, group) for user in users]


def _queries(emails, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        queue_emails_once(emails, **kwargs)
    return len(captured.captured_queries)


def test_a_batch_costs_the_same_queries_for_few_or_many_emails():
    group = WorkingGroupFactory()
    few, many = UserFactory.create_batch(3), UserFactory.create_batch(40)
    assert _queries(_emails(group, few)) == _queries(_emails(group, many))
    assert OutboxMessage.objects.filter(dedupe_key__startswith="batch:").count() == 43


def test_queries_grow_with_batches_not_with_emails():
    group = WorkingGroupFactory()
    users = UserFactory.create_batch(30)
    one_batch = _queries(_emails(group, users[:10], "one"), batch_size=10)
    three_batches = _queries(_emails(group, users, "three"), batch_size=10)
    assert three_batches == 3 * one_batch


def test_each_key_is_queued_once():
    group = WorkingGroupFactory()
    users = UserFactory.create_batch(5)
    assert len(queue_emails_once(_emails(group, users[:2]))) == 2
    queued = queue_emails_once(_emails(group, users) + _emails(group, users[:1]))  # a repeat inside the call too
    assert [email.user for email in queued] == users[2:]
    assert OutboxMessage.objects.filter(dedupe_key__startswith="batch:").count() == 5
    assert queue_emails_once(_emails(group, users)) == []


def test_rows_are_those_queue_email_once_writes_in_the_recipients_language():
    group = WorkingGroupFactory(language="en")
    spanish = UserFactory()
    UserProfile.objects.create(user=spanish, language="es")
    [email] = _emails(group, [spanish])
    queue_emails_once([email])
    queue_email_once(user=spanish, dedupe_key="single", template=TEMPLATE, context=email.context, working_group=group)
    batch = OutboxMessage.objects.get(dedupe_key=email.dedupe_key)
    single = OutboxMessage.objects.get(dedupe_key="single")
    assert (batch.recipient, batch.subject, batch.body_text, batch.body_html, batch.working_group) == (
        single.recipient,
        single.subject,
        single.body_text,
        single.body_html,
        single.working_group,
    )


def test_each_row_is_sent_by_its_own_task_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "vpwg.outbox_batch.enqueue_on_commit", lambda task, pk: transaction.on_commit(lambda: sent.append(pk))
    )
    group = WorkingGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue_emails_once(_emails(group, UserFactory.create_batch(3)))
        assert sent == []
    assert sorted(sent) == sorted(
        OutboxMessage.objects.filter(dedupe_key__startswith="batch:").values_list("pk", flat=True)
    )


def test_a_key_queued_concurrently_is_skipped_not_an_error(monkeypatch):
    """The unique key raced: another sweep wrote one of the keys after this batch read which exist."""
    group = WorkingGroupFactory()
    users = UserFactory.create_batch(3)
    emails = _emails(group, users)
    twin = emails[1]
    queue_email_once(user=twin.user, dedupe_key=twin.dedupe_key, template=TEMPLATE, context=twin.context)
    monkeypatch.setattr("vpwg.outbox_batch._queued_keys", lambda keys: set())  # read before the twin committed
    queued = queue_emails_once(emails)
    assert [email.user for email in queued] == [users[0], users[2]]
    assert OutboxMessage.objects.filter(dedupe_key__startswith="batch:").count() == 3
